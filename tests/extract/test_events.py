"""The events stage: one attack per event per document, tolls as ranges, perpetrators with
their certainty, and nothing for planned, generic or denied attacks."""

from __future__ import annotations

import pytest

from watchfloor.records import Document

pytestmark = pytest.mark.slow


def _run(text: str, reference, published: str | None = "2021-10-09"):
    from watchfloor.extract.events import STAGE
    from watchfloor.pipeline import extract_document

    return extract_document(Document(text=text, published=published), reference, stages=[STAGE])


KUNDUZ = ("On 8 October 2021 a suicide bomber killed at least 40 worshippers at a Shiite "
          "mosque in Kunduz; Islamic State claimed the attack.")


@pytest.mark.parametrize(("text", "killed", "injured"), [
    (KUNDUZ, (40, None), None),
    ("A suicide bomber killed at least 183 people, including 13 soldiers, at Kabul airport.",
     (183, None), None),
    # "more than 50" people is at least 51
    ("The attack, in which more than 50 people died, was blamed on the Taliban.",
     (51, None), None),
    ("A car bomb exploded in Baghdad, leaving more than 60 people dead and wounding dozens.",
     (61, None), (24, 99)),
    ("Gunmen stormed a hotel in Mogadishu, killing 12 people and wounding 30.",
     (12, 12), (30, 30)),
    ("A bomb exploded outside a school. Police said no one was killed in the blast.",
     (0, 0), None),
    # conjoined counts on one verb are one toll
    ("A suicide bomber killed 13 US service members and at least 170 Afghans at Kabul "
     "airport.", (183, None), None),
    # a breakdown between dashes or in parentheses is part of the count before it
    ("A truck bomb killed nine police officers - six constables and three sergeants - and "
     "at least 20 shoppers in Mogadishu.", (29, None), None),
    ("Rockets killed four aid workers (two nurses and two drivers) in Kandahar.",
     (4, 4), None),
    # a parenthetical with its own participles is the toll
    ("The mission counted 1,089 civilian casualties (243 killed, 846 wounded) after the "
     "bombing in Kabul.", (243, 243), (846, 846)),
    # the attackers who died are not the attack's toll
    ("Gunmen stormed a school in Peshawar. The army said 141 people had been killed, and "
     "that seven attackers had died.", (141, 141), None),
])
def test_events_tolls_are_ranges_and_subsets_are_not_tolls(text, killed, injured, reference):
    ex = _run(text, reference)
    attacks = [e for e in ex.events if e.type == "attack"]
    assert len(attacks) == 1
    assert attacks[0].killed == killed
    assert attacks[0].injured == injured


def test_events_claimed_toll_keeps_the_document_as_source(reference) -> None:
    ex = _run("A bomb killed at least 40 people in Kunduz; Islamic State claimed the attack.",
              reference)
    (event,) = ex.events
    assert event.perpetrators == ["islamic-state"]
    assert event.perpetrator_certainty == "claimed"
    toll = [c for c in ex.claims if c.predicate == "killed"]
    assert toll and all(c.attributed_to is None and c.certainty == "asserted" for c in toll)
    claim = [c for c in ex.claims if c.predicate == "claimed_responsibility_for"]
    assert claim and claim[0].subject == "islamic-state" and claim[0].object == event.key


@pytest.mark.parametrize(("text", "certainty"), [
    (KUNDUZ, "claimed"),
    ("A truck bomb exploded in Mogadishu, killing 500 people. Officials blamed al-Shabaab.",
     "reported"),
    ("Al-Shabaab fighters stormed a hotel in Mogadishu, killing 12 people.", "asserted"),
])
def test_events_perpetrator_certainty_follows_how_it_is_named(text, certainty, reference):
    (event,) = [e for e in _run(text, reference).events if e.type == "attack"]
    assert event.perpetrators
    assert event.perpetrator_certainty == certainty


def test_events_denial_is_no_perpetrator(reference) -> None:
    ex = _run("A roadside bomb struck a police vehicle in Helmand, killing four officers. "
              "The Taliban denied involvement.", reference)
    (event,) = ex.events
    assert event.perpetrators == []
    assert not [c for c in ex.claims if c.predicate == "perpetrator_of"]


def test_events_later_sentences_join_the_same_event(reference) -> None:
    ex = _run("A suicide bomber attacked a mosque in Kandahar on Friday, killing 63 people. "
              "At least 83 people were wounded. Islamic State claimed the bombing.", reference)
    (event,) = ex.events
    assert event.killed == (63, 63) and event.injured == (83, None)
    assert event.perpetrators == ["islamic-state"]
    assert event.date == "2021-10-08"
    assert all(c.event == event.key for c in ex.claims)


def test_events_another_attack_is_a_new_event(reference) -> None:
    ex = _run("A blast at a checkpoint in Mogadishu killed eight soldiers on Saturday. "
              "A second explosion near the palace killed three civilians.", reference)
    assert [e.killed for e in ex.events] == [(8, 8), (3, 3)]


@pytest.mark.parametrize("text", [
    "The group has carried out dozens of attacks on Hazara communities since 2015.",
    "Security officials warned that militants were planning an attack on the capital.",
    "Police said they foiled a plot to bomb a church in Lahore.",
    "An Islamic State spokesman threatened new attacks on Christians in Egypt.",
    "The militants have not attacked the city since the ceasefire.",
    "Hamas leaders will meet Egyptian mediators next week, a spokesman said.",
    "The ministry said the airstrike had not killed any civilians, contrary to reports.",
])
def test_events_generic_planned_or_negated_attacks_make_no_event(text, reference) -> None:
    assert _run(text, reference).events == []


@pytest.mark.parametrize(("text", "method"), [
    ("A suicide bomber blew himself up at a wedding hall in Kabul.", "suicide_bombing"),
    ("A roadside bomb struck a police vehicle in Helmand.", "ied"),
    ("Rockets hit the embassy compound in Baghdad on Sunday.", "rocket_attack"),
    ("Gunmen opened fire on a bus in Karachi, killing 45 people.", "shooting"),
    ("Militants kidnapped two engineers in the Niger Delta on Monday.", "kidnapping"),
])
def test_events_method_is_the_most_specific_named(text, method, reference) -> None:
    (event,) = _run(text, reference).events
    assert event.method == method


@pytest.mark.parametrize(("text", "etype"), [
    ("Boko Haram leader Abubakar Shekau was killed in May 2021.", "leader_killed"),
    ("Islamic State fighters stormed the Ghwayran prison in Hasakah, freeing hundreds of "
     "inmates.", "prison_break"),
    ("Islamic State fighters were driven out of Sirte in December 2016.", "territory_lost"),
    ("Taliban negotiators met US envoy Zalmay Khalilzad in Doha on 12 September 2020.",
     "meeting"),
    ("Islamic State announced that Abu Ibrahim al-Hashimi al-Qurashi had been appointed as "
     "the group's new leader.", "appointment"),
])
def test_events_other_types(text, etype, reference) -> None:
    assert [e.type for e in _run(text, reference).events] == [etype]


def test_events_claims_reproduce_their_evidence(reference) -> None:
    ex = _run(KUNDUZ + " Hundreds more were wounded in the blast.", reference)
    assert ex.claims
    for c in ex.claims:
        assert ex.document.text[c.evidence.start:c.evidence.end] == c.evidence.text


@pytest.mark.parametrize(("text", "trigger", "role", "head"), [
    ("Gunmen attacked a police station in Kabul.", "attacked", "Attacker", "Gunmen"),
    ("Gunmen attacked a police station in Kabul.", "attacked", "Target", "station"),
    ("Gunmen attacked a police station in Kabul.", "attacked", "Place", "Kabul"),
    ("A bomb killed 40 people in Kunduz.", "killed", "Instrument", "bomb"),
    ("A bomb killed 40 people in Kunduz.", "killed", "Victim", "people"),
    ("The Taliban claimed the attack on the army base.", "attack", "Target", "base"),
])
def test_events_arguments_for_trigger(text, trigger, role, head, nlp) -> None:
    from watchfloor.extract.events import arguments_for_trigger

    doc = nlp(text)
    i = next(t.i for t in doc if t.text == trigger)
    spans = arguments_for_trigger(doc, None, i).get(role, [])
    assert head in [doc[a:b].root.text for a, b in spans]


def test_events_store_writes_the_event_and_its_claims(reference, kb) -> None:
    ex = _run(KUNDUZ, reference)
    result = kb.write_extraction(ex, model="test")
    assert result.events == 1
    row = kb.conn.execute("SELECT type, killed_low, perpetrator_certainty FROM events").fetchone()
    assert tuple(row) == ("attack", 40.0, "claimed")
    preds = {r[0] for r in kb.conn.execute("SELECT predicate FROM claims WHERE event IS NOT NULL")}
    assert preds == {"killed", "claimed_responsibility_for"}


@pytest.mark.parametrize("text", [
    # a claim that asserts something is not a claim of responsibility
    "A bomb killed 12 people in Kabul. Taliban spokesman Zabihullah Mujahid claimed the "
    "movement had almost eliminated Daesh.",
    # the group is a modifier of something else, not the attacker
    "A bomb killed 12 people in Kabul. Police later searched suspected IS-K hideouts "
    "in Kabul.",
    "A bomb killed 12 people in Kabul. The Taliban's regional rival has attacked Shia mosques "
    "many times since 2015.",
    # the agent of a passive verb, hung by the parser on the attack noun, gave the figure
    "A bomb killed 12 people in Kabul. The toll was announced on the night of the attack by "
    "Ahmad Wali, the provincial police spokesman.",
])
def test_events_no_perpetrator_from_assertions_modifiers_or_habits(text, reference) -> None:
    ex = _run(text, reference)
    assert [e.perpetrators for e in ex.events if e.type == "attack"] == [[]]
    assert not [c for c in ex.claims if c.predicate in ("perpetrator_of",
                                                        "claimed_responsibility_for")]


def test_events_definite_reference_to_another_place_is_another_attack(reference) -> None:
    ex = _run("A suicide bomber killed at least 46 people at a mosque in Kunduz on Friday. "
              "Islamic State claimed the bombing. ISKP also claimed the suicide bombing outside "
              "Kabul airport on 26 August.", reference, published="2021-10-08")
    attacks = sorted((e.date, e.perpetrators) for e in ex.events if e.type == "attack")
    assert attacks == [("2021-08-26", ["islamic-state-khorasan"]),
                       ("2021-10-08", ["islamic-state"])]


def _attacks(text: str, reference, **meta):
    from watchfloor.extract.events import STAGE
    from watchfloor.pipeline import extract_document

    meta.setdefault("published", "2021-10-09")
    ex = extract_document(Document(text=text, **meta), reference, stages=[STAGE])
    return ex, [e for e in ex.events if e.type == "attack"]


def test_events_killed_or_injured_is_a_third_figure_never_deaths(reference) -> None:
    ex, (event,) = _attacks("A bomb exploded at a market in Kabul on Friday. Officials said "
                            "more than 100 people had been killed or injured.", reference)
    assert event.killed is None
    [figure] = [c for c in ex.claims if c.event == event.key and c.predicate != "perpetrator_of"]
    assert (figure.predicate, figure.low, figure.high) == ("casualties", 101, None)


@pytest.mark.parametrize(("text", "killed"), [
    # a toll for one group of victims is a lower bound on the attack's toll
    ("A suicide bomber blew himself up at a checkpoint in Kabul on Friday, killing 17 "
     "Americans.", (17, None)),
    # victims counted by the words that name them
    ("Gunmen shot and killed a tax official in Mogadishu on Tuesday.", (1, 1)),
    ("On Monday, nine soldiers of the Kenyan Defence Forces were killed by a roadside bomb "
     "in Gedo.", (9, 9)),
    # the victim is the passive subject of the first of two conjoined verbs
    ("On Monday a district judge was shot and killed by gunmen in Beledweyne.", (1, 1)),
    # a count not given is no count: the later killing adds nothing, and a killing
    # counted since an earlier month is a running total, not another attack
    ("On Monday a district judge was shot and killed by gunmen in Beledweyne. An unknown "
     "number of his guards were also killed. He was the fifth judge killed since the March "
     "vote.", (1, 1)),
])
def test_events_tolls_an_analyst_would_sign(text, killed, reference) -> None:
    _, (event,) = _attacks(text, reference)
    assert event.killed == killed


@pytest.mark.parametrize(("text", "perpetrator", "certainty"), [
    ("On Monday, 12 people were killed by al-Shabaab in Mogadishu.", "al-shabaab", "asserted"),
    ("Al-Shabaab militants attacked a hotel in Mogadishu on Friday, killing nine people. The "
     "group claimed responsibility the following day.", "al-shabaab", "claimed"),
    ("Boko Haram was named in the report. On Sunday its fighters stormed a village in Borno, "
     "killing 30 people.", "boko-haram", "asserted"),
    # "opened fire on" is an attack
    ("On Sunday al-Shabaab gunmen opened fire on a bus near Mandera.", "al-shabaab",
     "asserted"),
    # the subject of the first of a chain of conjoined verbs does the killing at its end
    ("Rights groups said that on Sunday Boko Haram fighters seized, beat and killed three "
     "farmers near Damboa.", "boko-haram", "asserted"),
])
def test_events_perpetrators_named_by_reference_or_agent(text, perpetrator, certainty,
                                                         reference) -> None:
    _, (event,) = _attacks(text, reference)
    assert event.perpetrators == [perpetrator]
    assert event.perpetrator_certainty == certainty


def test_events_two_dated_attacks_in_one_sentence_are_two_events(reference) -> None:
    _, attacks = _attacks("The rebels bombed an oil pipeline near Arauca on 9 February and "
                          "attacked a police station on 15 February.", reference)
    assert sorted(e.date for e in attacks) == ["2021-02-09", "2021-02-15"]


def test_events_a_strike_in_a_country_is_placed_there_not_in_the_striker(reference) -> None:
    _, (event,) = _attacks("A US strike in Somalia killed four civilians on Tuesday.",
                           reference)
    assert event.location is not None and "51537" in event.location  # GeoNames: Somalia


def test_events_a_building_in_a_city_is_a_site_of_that_city(reference) -> None:
    # a building's name the gazetteer does not know is placed by the town it stands in:
    # its own place (every "Sahafi Hotel" is not one place), mapped at the town
    ex, (event,) = _attacks("Gunmen stormed the Sahafi Hotel in Mogadishu on Sunday, killing "
                            "15 people.", reference)
    assert event.location == "location:sahafi hotel in mogadishu"
    site = ex.entities[event.location]
    assert site.place is not None and site.place.kind == "facility"
    assert site.place.country == "SO" and site.place.lat is not None
    assert "Sahafi Hotel" in site.aliases


def test_events_the_date_heading_a_list_item_dates_its_attack(reference) -> None:
    _, (event,) = _attacks("- April 1983: A suicide bomber drove a truck into the embassy in "
                           "Beirut, killing 63 people.", reference, published="2026-03-02")
    assert event.date == "1983-04"


def test_events_a_report_reads_days_without_a_year_in_the_year_it_covers(reference) -> None:
    _, (event,) = _attacks("In February the group's gunmen shot dead two traders in Kismayo.",
                           reference, published="2023-03-20",
                           title="Somalia — 2022 Country Reports on Human Rights Practices")
    assert event.date == "2022-02"


def test_events_a_total_over_a_period_is_not_an_attacks_toll(reference) -> None:
    _, attacks = _attacks("On 3 March a car bomb killed 12 people in Mogadishu. Between January "
                          "and June, 152 people were killed by roadside bombs.", reference)
    assert sorted(e.killed for e in attacks) == [(12, 12), (152, 152)]


def test_events_the_headline_vague_word_yields_to_the_body_number(reference) -> None:
    text = ("Suicide bomber kills dozens in Kunduz\n\nA suicide bomber blew himself up inside a "
            "mosque in Kunduz on Friday, killing at least 46 people.")
    _, (event,) = _attacks(text, reference, title="Suicide bomber kills dozens in Kunduz")
    assert event.killed == (46, None)
