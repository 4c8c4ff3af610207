"""Who the events stage names as the actor (sentences written for these tests): each of
conjoined doers, a state by its country's name, the subject of a verb whose object is the
act, each party's share of a period's attacks, the person who takes a post, the killer of
a leader; and what is no event at all: a record over decades, a death in custody, an idiom."""

from __future__ import annotations

import pytest

from watchfloor.records import Document

pytestmark = pytest.mark.slow


def _events(text: str, reference, **meta):
    from watchfloor.pipeline import extract_document

    meta.setdefault("published", "2021-10-09")
    ex = extract_document(Document(text=text, **meta), reference)
    names = {k: e.name for k, e in ex.entities.items()}
    return ex.events, names


def _doers(event, names) -> set[str]:
    return {names[p] for p in event.perpetrators}


@pytest.mark.parametrize(("text", "doers"), [
    # each conjoined subject, and each conjoined agent
    ("Hamas and Islamic Jihad carried out two bombings in Jerusalem on 4 May 2019, killing "
     "nine people.", {"Hamas", "Palestinian Islamic Jihad"}),
    ("On 3 May 2019 the attack on the checkpoint was carried out by Hamas and Islamic Jihad.",
     {"Hamas", "Palestinian Islamic Jihad"}),
    # a state acting under its country's name
    ("Iran and its proxies conducted more than 90 attacks against U.S. forces in Syria "
     "between June and December 2023, killing two U.S. contractors.", {"Iran"}),
    # the subject of a verb whose object is the act
    ("On 3 March 2016 the ELN held an armed strike in Arauca.",
     {"National Liberation Army (Colombia)"}),
])
def test_events_actors_named(text, doers, reference) -> None:
    events, names = _events(text, reference, published="2024-01-10")
    (event,) = [e for e in events if e.type == "attack"]
    assert _doers(event, names) == doers


@pytest.mark.parametrize("text", [
    # a country as the place or the owner is no doer
    "Pakistan's deadliest attack killed 140 people in Peshawar in December 2014.",
    # a people is not its state
    "On 5 June 2022 Russians shot into a crowd at a market near Mopti, killing 20 people.",
])
def test_events_actors_a_country_named_as_place_or_people_does_nothing(text, reference) -> None:
    events, names = _events(text, reference, published="2023-03-20")
    (event,) = [e for e in events if e.type == "attack"]
    assert not {"Pakistan", "Russia"} & _doers(event, names)


def test_events_actors_each_party_has_its_share_of_the_period(reference) -> None:
    text = ("Monitors recorded at least 500 attacks on civilians resulting in 300 deaths during "
            "2019. Al-Shabaab was responsible for 320 of these attacks and 210 of the deaths, "
            "followed by ISIS-Somalia with 15 attacks with 40 deaths.")
    events, names = _events(text, reference, published="2020-03-11")
    got = sorted((e.date, tuple(sorted(_doers(e, names))), e.killed) for e in events)
    assert got == [("2019", (), (300, 300)),
                   ("2019", ("Islamic State Somalia Province",), (40, 40)),
                   ("2019", ("al-Shabaab",), (210, 210))]


def test_events_actors_a_count_of_attacks_without_deaths_is_no_share(reference) -> None:
    events, _ = _events("In 2020 the ELN was responsible for 45 attacks on pipelines.",
                        reference)
    assert [e for e in events if e.killed] == []


@pytest.mark.parametrize(("text", "appointee"), [
    ("In 2015 the group's leader appointed Ahmed Musa as the emir of the province.",
     "Ahmed Musa"),
    ("In early 2011 Ahmed Musa had replaced Omar Farah as the group's chief of operations.",
     "Ahmed Musa"),
    ("Musa led the council until 2012, when he was replaced as its head by Yusuf Ali.",
     "Yusuf Ali"),
    ("Hassan, who was nominated in 2014 by the emir to be the amir of the province, fled.",
     "Hassan"),
    # an undated sentence goes on in its paragraph's time
    ("In March 2020 the group's leader was killed in an airstrike. The group named Abu Bakr "
     "Hassan as his successor.", "Abu Bakr Hassan"),
])
def test_events_actors_the_appointee_takes_the_post(text, appointee, reference) -> None:
    events, names = _events(text, reference)
    (event,) = [e for e in events if e.type == "appointment"]
    assert _doers(event, names) == {appointee}
    assert names[event.subject] == appointee
    assert event.date is not None


def test_events_actors_a_sanctions_designation_is_no_appointment(reference) -> None:
    events, _ = _events("The Treasury designated Ahmed Musa, the group's leader in the "
                        "province, in 2016.", reference)
    assert [e for e in events if e.type == "appointment"] == []


def test_events_actors_a_state_kills_a_leader_where_he_was(reference) -> None:
    events, names = _events("In October 2019, the US assassinated the group's leader Abu "
                            "Bakr al-Baghdadi in Syria.", reference)
    (event,) = events
    assert event.type == "leader_killed"
    assert _doers(event, names) == {"United States"}
    assert names[event.location] == "Syria"


@pytest.mark.parametrize("text", [
    "For nearly half a century, the regime has killed and maimed its opponents abroad.",
    "Captors released 179 hostages in 2016, and five died in captivity.",
    "When we see that the group cannot pay its fighters, we know we are hitting them where "
    "it hurts.",
])
def test_events_actors_records_custody_and_idioms_are_no_attack(text, reference) -> None:
    events, _ = _events(text, reference)
    assert [e for e in events if e.type == "attack"] == []


@pytest.mark.parametrize(("text", "dates", "killed"), [
    # two dated attacks a group "is responsible for", each with its own toll
    ("The group is responsible for the March 2011 market attacks that killed more than 60 "
     "people and the June 2012 church bombings that killed more than 40 people.",
     ["2011-03", "2012-06"], [(61, None), (41, None)]),
    # what a relative clause in the past says happened, whatever the man "planned"
    ("He planned the July 2009 train bombings in Lagos that killed 50 people.",
     ["2009-07"], [(50, 50)]),
])
def test_events_actors_dated_attacks_a_group_is_responsible_for(text, dates, killed,
                                                                reference) -> None:
    events, _ = _events(text, reference)
    attacks = sorted((e for e in events if e.type == "attack"), key=lambda e: e.date)
    assert [e.date for e in attacks] == dates
    assert [e.killed for e in attacks] == killed


@pytest.mark.parametrize(("text", "etype", "date", "place"), [
    # ground taken with no place named
    ("In 2020 ISWAP fighters took over large territory formerly held by Boko Haram.",
     "territory_taken", "2020", None),
    # the participle clause shares the main verb's subject
    ("Having lost most of their territory in Syria between 2017 and 2019, Islamic State "
     "fighters regrouped.", "territory_lost", "2017/2019", "Syria"),
    # gains made from a month on
    ("Al-Shabaab made rapid military gains in southern Somalia starting in April 2009.",
     "territory_taken", "2009-04/..", "Somalia"),
])
def test_events_actors_ground_taken_and_lost(text, etype, date, place, reference) -> None:
    events, names = _events(text, reference)
    (event,) = [e for e in events if e.type == etype]
    assert event.date == date
    assert (names[event.location] if event.location else None) == place


def test_events_actors_an_attack_leading_to_a_leaders_death_is_both(reference) -> None:
    events, names = _events("On 12 June 2020, ISWAP fighters attacked Boko Haram camps in the "
                            "Sambisa Forest, leading to the death of Abubakar Shekau, the "
                            "leader of Boko Haram.", reference)
    assert sorted(e.type for e in events) == ["attack", "leader_killed"]
    for event in events:
        assert _doers(event, names) == {"Islamic State West Africa Province"}
        assert event.date == "2020-06-12"


def test_events_actors_a_death_nobody_caused_is_no_killing(reference) -> None:
    events, _ = _events("The group mourned the death of its leader Ali Musa, who died of "
                        "illness in 2019.", reference)
    assert events == []


def test_events_actors_an_attack_told_twice_is_one(reference) -> None:
    text = ("Al-Shabaab is responsible for the September 2013 attack that killed more than "
            "60 people.\n\nIn June 2014 gunmen attacked Mpeketoni, killing 48 people.\n\n"
            "Musa planned the September 2013 attack on the Westgate mall in Nairobi, which "
            "killed 67 people.")
    events, names = _events(text, reference)
    attacks = [e for e in events if e.type == "attack"]
    assert sorted(e.date for e in attacks) == ["2013-09", "2014-06"]
    (westgate,) = [e for e in attacks if e.date == "2013-09"]
    assert westgate.killed == (67, 67)  # the exact count over the summary's bound
    assert _doers(westgate, names) == {"al-Shabaab"}
    assert names[westgate.location] == "Nairobi"


def test_events_actors_two_attacks_in_one_month_stay_two(reference) -> None:
    events, _ = _events("In May al-Shabaab stoned a man to death in Jamame. In May al-Shabaab "
                        "beheaded two men in Kismayo.", reference, published="2023-03-20")
    assert sorted(e.killed for e in events if e.type == "attack") == [(1, 1), (2, 2)]


def test_events_actors_the_town_is_the_one_just_named(reference) -> None:
    events, names = _events("In September 2022 fighters looted shops in Djibo. Soldiers had "
                            "previously raided the town in January 2022, residents said.",
                            reference, published="2023-03-20")
    raid = next(e for e in events if e.date == "2022-01")
    assert names[raid.location] == "Djibo"


def test_events_actors_two_killings_in_a_row_of_verbs(reference) -> None:
    events, names = _events("Residents said in June that the Taliban beheaded four civilians "
                            "in Baghlan Province and shot and killed a family with two young "
                            "children.", reference, published="2022-08-01")
    attacks = [e for e in events if e.type == "attack"]
    assert len(attacks) == 2
    assert all(_doers(e, names) == {"Taliban"} for e in attacks)
    # "a family" counts no one by itself
    assert sorted(e.killed or (0, 0) for e in attacks) == [(0, 0), (4, 4)]


def test_events_actors_a_later_count_outside_the_bound_is_not_the_toll(reference) -> None:
    events, _ = _events("In May, UN monitors reported that soldiers killed at least 200 people "
                        "in Moura. Another 20 people were killed there in the same week.",
                        reference, published="2022-08-01")
    moura = next(e for e in events if e.type == "attack")
    assert moura.killed == (200, None)


def test_events_actors_conjoined_attacks_share_who_claimed_them(reference) -> None:
    events, names = _events("Hamas claimed the March 2002 bus bombing in Haifa and the May "
                            "2002 market attack in Netanya.", reference)
    got = sorted((e.date, names[e.location], tuple(_doers(e, names))) for e in events)
    assert got == [("2002-03", "Haifa", ("Hamas",)), ("2002-05", "Netanya", ("Hamas",))]


@pytest.mark.parametrize(("text", "date", "place"), [
    # a year before a name before the attack noun dates it; the name places it
    ("Al-Shabaab carried out the 2013 Nairobi mall attack.", "2013", "Nairobi"),
    ("Lashkar-e-Taiba is responsible for the July 2006 Mumbai train bombings that killed "
     "more than 180 people.", "2006-07", "Mumbai"),
])
def test_events_actors_named_attacks_are_dated_and_placed(text, date, place,
                                                         reference) -> None:
    events, names = _events(text, reference)
    (event,) = events
    assert (event.date, names[event.location]) == (date, place)
