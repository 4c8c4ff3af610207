"""The events stage on the turns of phrase of real reports (sentences written for these
tests): victims counted by the words that name them, doers named through their ties, their
forces or their state, totals per period and per party, and dates read off other events."""

from __future__ import annotations

import pytest

from watchfloor.records import Document

pytestmark = pytest.mark.slow

HRR = "Somalia — 2017 Country Reports on Human Rights Practices"


def _attacks(text: str, reference, **meta):
    from watchfloor.extract.events import STAGE
    from watchfloor.pipeline import extract_document

    meta.setdefault("published", "2021-10-09")
    ex = extract_document(Document(text=text, **meta), reference, stages=[STAGE])
    return [e for e in ex.events if e.type == "attack"]


@pytest.mark.parametrize(("text", "killed", "injured"), [
    # a nationality used as a noun is one victim, added to the counted others
    ("In May 2019 a suicide bomber blew up a bus in Haifa, killing an American and four "
     "other passengers.", (5, 5), None),
    # a named victim; the one chairperson of an association
    ("On 4 June, ELN members in Arauca killed Rodrigo Alberto Pinzon, a local councillor.",
     (1, 1), None),
    ("On 9 June, two al-Shabaab gunmen killed the chairperson of the Baidoa Traders' "
     "Association in her shop.", (1, 1), None),
    # a victim described by nationality through his titles: a lower bound
    ("In July 2014 Hamas gunmen killed American student and IDF volunteer David Cohen near "
     "Hebron.", (1, None), None),
    # each verb with its own count: not one combined figure
    ("Between January and June, four persons were killed and 30 wounded by land mines.",
     (4, 4), (30, 30)),
    ("Between March and May, 40 violent incidents led to the deaths of six aid workers, "
     "injury to 11 and the abduction of 20.", (6, 6), (11, 11)),
    ("In March al-Shabaab stoned a man to death in Jamame.", (1, 1), None),
    # a death from illness after the attack is not part of its toll
    ("A bomb killed five people in Baidoa on Friday. One prisoner later died of dehydration.",
     (5, 5), None),
])
def test_events_reports_tolls(text, killed, injured, reference) -> None:
    (event,) = _attacks(text, reference)
    assert event.killed == killed
    assert event.injured == injured


@pytest.mark.parametrize(("text", "perpetrator", "certainty"), [
    ("On 2 May a gunman linked to al-Shabaab killed three people in Kismayo.",
     "al-shabaab", "probable"),
    ("On 2 May a dozen men affiliated with Boko Haram killed four farmers near Maiduguri.",
     "boko-haram", "asserted"),
    ("In April AMISOM troops were reported to have killed four civilians in Marka.",
     "amisom", "reported"),
    ("On 3 August, MONUSCO forces opened fire on protesters in Goma, killing three people.",
     "monusco", "asserted"),
    ("On 8 May, three civilians were killed in Beni when a MONUSCO soldier began shooting "
     "at a crowd.", "monusco", "asserted"),
    ("The Indigenous People of Biafra movement was responsible for the deaths of 20 police "
     "officers in Imo State in 2021, the minister said.", "indigenous-people-of-biafra",
     "reported"),
])
def test_events_reports_doers(text, perpetrator, certainty, reference) -> None:
    (event,) = _attacks(text, reference)
    assert event.perpetrators == [perpetrator]
    assert event.perpetrator_certainty == certainty


def test_events_reports_a_nationality_on_a_missile_attack_names_the_state(reference) -> None:
    (event,) = _attacks("Iran has armed militias across the region. In March 2023 an Iranian "
                        "drone attack killed a contractor at a base in Hasakah.", reference)
    assert event.perpetrators == ["location:geonames-130758"]  # GeoNames: Iran


def test_events_reports_a_nationality_on_a_place_attack_names_no_state(reference) -> None:
    (event,) = _attacks("Kenya has troops in Somalia. The Kenyan mall attack in September "
                        "2013 killed 67 people.", reference)
    assert event.perpetrators == []


def test_events_reports_an_accused_group_stays_beside_its_denial(reference) -> None:
    (event,) = _attacks("On 4 April a bomb killed four soldiers in Arauca. Officials said the "
                        "ELN was responsible for the bombing. The ELN denied responsibility.",
                        reference)
    assert event.perpetrators == ["eln"] and event.perpetrator_certainty == "reported"


def test_events_reports_rejecting_a_policy_is_no_denial(reference) -> None:
    (event,) = _attacks("A suicide bomber killed 40 worshippers in Kunduz on Friday. ISKP "
                        "claimed the attack. The branch rejects the Taliban's nationalist "
                        "project.", reference)
    assert event.perpetrators == ["islamic-state-khorasan"]


def test_events_reports_a_person_involved_in_a_bombing_is_its_perpetrator(reference) -> None:
    (event,) = _attacks("Khalid Batarfi was involved in the 2014 bombing of a market in "
                        "Mukalla, where 30 people died.", reference)
    assert event.perpetrators == ["person:khalid batarfi"]


def test_events_reports_totals_per_party_are_events_of_their_own(reference) -> None:
    attacks = _attacks(
        "The Somali National Army (SNA) fought al-Shabaab. Between January and October, "
        "attacks resulted in civilian deaths, with casualties attributed to the SNA (40 deaths, "
        "52 injured) and AMISOM (12 deaths, 20 injured). Al-Shabaab caused 300 deaths and 410 "
        "injuries during that period.", reference, title=HRR, published="2018-04-20")
    got = sorted((e.perpetrators[0], e.killed, e.date) for e in attacks)
    assert got == [("al-shabaab", (300, 300), "2017-01/2017-10"),
                   ("amisom", (12, 12), "2017-01/2017-10"),
                   ("somali-national-army", (40, 40), "2017-01/2017-10")]


def test_events_reports_a_dated_attack_is_not_part_of_a_total(reference) -> None:
    attacks = _attacks("Al-Shabaab abducted 120 persons in the first half of the year. On May 3 "
                       "al-Shabaab abducted 30 persons in Baidoa.", reference, title=HRR,
                       published="2018-04-20")
    assert sorted(e.date for e in attacks) == ["2017-01/2017-06", "2017-05-03"]


def test_events_reports_a_day_after_a_bombing_is_the_day_before(reference) -> None:
    (event,) = _attacks("KABUL, Afghanistan, 9 October 2021 — Families buried their dead on "
                        "Saturday, a day after a bombing at a mosque killed 30 worshippers.",
                        reference)
    assert event.date == "2021-10-08"


def test_events_reports_a_definite_reference_finds_its_event_across_another(reference):
    attacks = _attacks("A bomb killed 40 worshippers at a mosque in Kunduz on Friday. ISKP also "
                       "claimed the 26 August bombing at Kabul airport, which killed 170 "
                       "people. Officials in Kunduz said the bombing was a suicide attack.",
                       reference, published="2021-10-09")
    assert sorted((e.date, e.method) for e in attacks) == [
        ("2021-08-26", "bombing"), ("2021-10-08", "suicide_bombing")]


@pytest.mark.parametrize("text", [
    # another province, another date: not the event before
    "On June 20 Taliban fighters in Panjshir Province killed five detainees. Media reports in "
    "June said the Taliban beheaded four civilians in Baghlan Province.",
    # a definite noun with its own date is a new event
    "On June 20 Taliban fighters in Panjshir Province killed five detainees. On April 19, "
    "ISIS-K orchestrated the bombing of a school in Kabul.",
])
def test_events_reports_other_places_and_dates_are_other_events(text, reference) -> None:
    assert len(_attacks(text, reference, title=HRR.replace("Somalia", "Afghanistan"))) == 2


@pytest.mark.parametrize("text", [
    "Children abducted by AMISOM were typically released unharmed within days.",
    "The United Nations documented an April 17 sexual assault on a woman in Galkayo.",
])
def test_events_reports_patterns_and_abuses_are_no_attacks(text, reference) -> None:
    assert _attacks(text, reference, title=HRR, published="2018-04-20") == []


@pytest.mark.parametrize(("text", "perpetrator", "certainty"), [
    ("At least two people were killed on Monday during an FMLN attack on a sugar mill near "
     "Apopa.", "fmln", "asserted"),
    ("On Monday two bombs set off by FMLN guerrillas destroyed an office in San Salvador.",
     "fmln", "asserted"),
    ("On Monday presumed Shining Path extremists ambushed and killed 12 peasants near "
     "Ayacucho.", "shining-path", "probable"),
    ("On Sunday two Shining Path members machinegunned a police guard in Huanuco.",
     "shining-path", "asserted"),
    ("Gunmen kidnapped a mayor near Quibdo on Monday. Police found a statement from the ELN "
     "claiming responsibility for the kidnapping.", "eln", "claimed"),
])
def test_events_reports_doers_in_wire_phrasing(text, perpetrator, certainty, reference):
    (event,) = _attacks(text, reference, published="1988-11-30")
    assert event.perpetrators == [perpetrator]
    assert event.perpetrator_certainty == certainty


@pytest.mark.parametrize("text", [
    # running totals and verdicts on a group's record are no attacks
    "More than 12,000 people have been killed in Peru since the insurgency began in 1980.",
    "The group, which began its activities in 1980, is responsible for the deaths of 12,000 "
    "people.",
    # a conflict as a whole as the toll's subject
    "The rebellion is thought to have killed some 8,000 people and uprooted a million.",
    "The civil war has killed at least 90,000 people in the north.",
    # what happens in wars, and what a failed operation aimed at
    "When thousands are killed on the battlefield, nobody wins.",
    "The group reported on the failure last May of its operation aimed at murdering a judge.",
])
def test_events_reports_totals_verdicts_and_aims_make_no_event(text, reference) -> None:
    assert _attacks(text, reference, published="1988-11-30") == []


def test_events_reports_the_rebels_who_died_are_not_the_toll(reference) -> None:
    (event,) = _attacks("On Monday guerrillas attacked a garrison in Santa Ana. A guerrilla was "
                        "killed in the fighting.", reference, published="1988-11-30")
    assert event.killed is None


def test_events_reports_a_report_date_bounds_the_act_it_reports(reference) -> None:
    attacks = _attacks("Mali's army operates in Mopti. In March soldiers killed 40 people in "
                       "Djenne. In May, MINUSMA reported the armed forces killed at least 203 "
                       "persons in Sofara.", reference,
                       title="Mali — 2022 Country Reports on Human Rights Practices",
                       published="2023-03-20")
    assert "../2022-05" in [e.date for e in attacks]


def test_events_reports_targets_in_two_countries_are_two_attacks(reference) -> None:
    attacks = _attacks("In May 2024, militias attacked at least two U.S. bases in Syria and three "
                       "U.S. bases in Iraq.", reference, published="2025-01-10")
    assert sorted(e.location for e in attacks) == ["location:geonames-163843",  # Syria
                                                   "location:geonames-99237"]  # Iraq
    assert {e.date for e in attacks} == {"2024-05"}
