"""Merging across documents, conflicts, reviews that survive, manual merges."""

from __future__ import annotations

from watchfloor.resolve.conflicts import find_conflicts
from watchfloor.resolve.events import consolidated_events
from watchfloor.resolve.judgements import merge_entities, review, split_entity
from watchfloor.store.base import ClaimFilter

from conftest import GROUP, kunduz_report, kunduz_reports, make_extraction

THREE = kunduz_reports()


def test_merging_three_reports_become_one_event_with_three_sourced_tolls(kb) -> None:
    for ex in THREE:
        kb.write_extraction(ex, model="m")
    events = list(consolidated_events(kb))
    assert len(events) == 1
    [event] = events
    assert len(event["documents"]) == 3
    assert event["date"] == "2021-10-08"
    assert event["killed"]["low"] == 46 and event["killed"]["high"] == 72
    assert event["killed"]["how"] == "range across 3 sources"
    tolls = [c for c in kb.claims(ClaimFilter(predicate="killed"))]
    assert sorted((c["low"], c["document"] in event["documents"]) for c in tolls) == [
        (46.0, True), (50.0, True), (72.0, True)]


def test_merging_keeps_events_apart_when_dates_differ(kb) -> None:
    kb.write_extraction(THREE[0], model="m")
    kb.write_extraction(kunduz_report("A suicide bomber killed 12 people in Kunduz. ISKP "
                                      "claimed it.", (12.0, 12.0), "", date="2022-04-22",
                                      published="2022-04-22"), model="m")
    assert len(list(consolidated_events(kb))) == 2


def test_conflicts_lists_the_three_tolls_side_by_side(kb) -> None:
    for ex in THREE:
        kb.write_extraction(ex, model="m")
    figures = [c for c in find_conflicts(kb) if c.kind == "figure"]
    assert len(figures) == 1
    assert sorted(c["low"] for c in figures[0].claims) == [46.0, 50.0, 72.0]
    dates = [c for c in find_conflicts(kb) if c.kind == "date"]
    assert len(dates) == 1 and set(dates[0].detail["dates"].values()) == {"2021-10-08", "2021-10"}


def test_conflicts_relation_allied_and_hostile(kb) -> None:
    text = "The Taliban fought ISKP in Nangarhar in 2020. The Taliban cooperated with ISKP in 2020."
    ex = make_extraction(
        text, [GROUP, ("taliban", "armed_group", "Taliban")],
        [("taliban", "hostile_to", "islamic-state-khorasan-province",
          "The Taliban fought ISKP in Nangarhar in 2020.", {"time": "2020"}),
         ("taliban", "cooperates_with", "islamic-state-khorasan-province",
          "The Taliban cooperated with ISKP in 2020.", {"time": "2020"})])
    kb.write_extraction(ex, model="m")
    [conflict] = [c for c in find_conflicts(kb, "taliban") if c.kind == "relation"]
    assert {c["predicate"] for c in conflict.claims} == {"hostile_to", "cooperates_with"}


def test_conflicts_two_leaders_at_once(kb) -> None:
    text = "Shahab al-Muhajir led ISKP in 2021. Aslam Farooqi led ISKP in 2021."
    ex = make_extraction(
        text, [GROUP, ("person:shahab al-muhajir", "person", "Shahab al-Muhajir"),
               ("person:aslam farooqi", "person", "Aslam Farooqi")],
        [("person:shahab al-muhajir", "leader_of", "islamic-state-khorasan-province",
          "Shahab al-Muhajir led ISKP in 2021.", {"time": "2021"}),
         ("person:aslam farooqi", "leader_of", "islamic-state-khorasan-province",
          "Aslam Farooqi led ISKP in 2021.", {"time": "2021"})])
    kb.write_extraction(ex, model="m")
    [conflict] = [c for c in find_conflicts(kb) if c.kind == "leader"]
    assert len(conflict.detail["leaders"]) == 2


def test_review_rejected_claim_stays_rejected_after_rewrite(kb) -> None:
    kb.write_extraction(THREE[0], model="m")
    claim = kb.claims(ClaimFilter(predicate="killed"))[0]
    review(kb, "claim", claim["id"][:12], "reject", reviewer="ana", note="wrong toll")
    kb.write_extraction(THREE[0], model="m", replace=True)  # what reprocess does
    assert kb.claims(ClaimFilter(predicate="killed")) == []
    rows = kb.conn.execute("SELECT reviewer, decision, note FROM reviews").fetchall()
    assert [tuple(r) for r in rows] == [("ana", "reject", "wrong toll")]


def test_review_correction_wins_in_views_and_events(kb) -> None:
    kb.write_extraction(THREE[0], model="m")
    claim = kb.claims(ClaimFilter(predicate="killed"))[0]
    review(kb, "claim", claim["id"], "correct", {"low": 47.0}, reviewer="ana")
    assert kb.claims(ClaimFilter(predicate="killed"))[0]["low"] == 47.0
    event = kb.events()[0]
    review(kb, "event", event["id"], "correct", {"killed_low": 47.0}, reviewer="ana")
    assert next(consolidated_events(kb))["killed"]["low"] == 47.0


def test_manual_merge_survives_reingest_and_split_undoes_it(kb) -> None:
    first = make_extraction("The Haqqanis attacked Kabul.",
                            [("armed_group:haqqanis", "armed_group", "Haqqanis")])
    second = make_extraction("The Haqqani Network bombed Kabul.",
                             [("haqqani-network", "armed_group", "Haqqani Network")])
    kb.write_extraction(first, model="m")
    kb.write_extraction(second, model="m")
    merge_entities(kb, "Haqqani Network", "Haqqanis", reviewer="ana")
    again = make_extraction("The Haqqanis struck again in Kabul.",
                            [("armed_group:haqqanis", "armed_group", "Haqqanis")])
    kb.write_extraction(again, model="m")
    groups = kb.entities("armed_group")
    assert [g["id"] for g in groups] == ["haqqani-network"]
    assert "Haqqanis" in kb.aliases("haqqani-network")
    split_entity(kb, "armed_group:haqqanis", reviewer="ana")
    assert len(kb.entities("armed_group")) == 2


def _attack(text: str, place: tuple[str, str, str, str], date: str,
            perps: list[str], toll: tuple[float | None, float | None] = (None, None)):
    """A one-attack report at a geocoded place (key, name, country, kind)."""
    from watchfloor.records import Place

    key, name, country, kind = place
    groups = [(p, "armed_group", p) for p in perps]
    ex = make_extraction(text, [*groups, (key, "location", name)], [],
                         [("e1", "attack", text, {"date": date, "location": key,
                                                  "perpetrators": perps, "killed": toll})],
                         published=date[:10])
    ex.entities[key].place = Place(name, country, None, 0.0, 0.0, kind)
    return ex


KABUL = ("location:kabul", "Kabul", "AF", "city")
KANSAS = ("location:kansas", "Kansas", "US", "province")
MOGADISHU = ("location:mogadishu", "Mogadishu", "SO", "city")


def test_merging_never_joins_events_in_two_countries(kb) -> None:
    kb.write_extraction(_attack("A strike hit Kabul on 29 August.", KABUL, "2021-08-29",
                                []), model="m")
    kb.write_extraction(_attack("A drone strike hit Kansas on 29 August.", KANSAS,
                                "2021-08-29", []), model="m")
    assert len(list(consolidated_events(kb))) == 2


def test_merging_never_joins_different_perpetrators_or_years(kb) -> None:
    kb.write_extraction(_attack("Al-Shabaab bombed Mogadishu.", MOGADISHU, "2017-10-14",
                                ["al-shabaab"]), model="m")
    kb.write_extraction(_attack("ISIS bombed Mogadishu.", MOGADISHU, "2017-10-14",
                                ["islamic-state"]), model="m")
    kb.write_extraction(_attack("Al-Shabaab bombed Mogadishu in 2022.", MOGADISHU, "2022",
                                ["al-shabaab"]), model="m")
    assert len(list(consolidated_events(kb))) == 3


def test_merging_a_period_total_is_not_one_attack(kb) -> None:
    kb.write_extraction(_attack("Al-Shabaab bombed Mogadishu.", MOGADISHU, "2017-10-14",
                                ["al-shabaab"], (20.0, 20.0)), model="m")
    kb.write_extraction(_attack("880 died in attacks between January and November.",
                                ("location:somalia", "Somalia", "SO", "country"),
                                "2017-01/2017-11", [], (880.0, 880.0)), model="m")
    assert len(list(consolidated_events(kb))) == 2


def test_merging_records_its_judgement_and_open_bounds_survive(kb) -> None:
    kb.write_extraction(_attack("At least 29 were killed in Mogadishu.", MOGADISHU,
                                "2017-10-14", ["al-shabaab"], (29.0, None)), model="m")
    kb.write_extraction(_attack("Twenty were killed in a Mogadishu bombing.", MOGADISHU,
                                "2017-10-14", [], (20.0, 20.0)), model="m")
    [event] = consolidated_events(kb)
    assert (event["killed"]["low"], event["killed"]["high"]) == (20.0, None)
    [judgement] = event["merge"]
    assert judgement["by"] == "watchfloor" and 0 < judgement["score"] <= 1
    assert "same place" in judgement["reasons"]


def test_merging_single_open_toll_keeps_its_open_bound(kb) -> None:
    kb.write_extraction(_attack("At least 29 were killed in Mogadishu.", MOGADISHU,
                                "2017-10-14", [], (29.0, None)), model="m")
    [event] = consolidated_events(kb)
    assert (event["killed"]["low"], event["killed"]["high"]) == (29.0, None)


def test_merging_rejecting_one_member_keeps_the_merged_id(kb) -> None:
    for n in range(3):
        kb.write_extraction(_attack(f"Report {n}: al-Shabaab bombed Mogadishu.", MOGADISHU,
                                    "2017-10-14", ["al-shabaab"]), model="m")
    [before] = consolidated_events(kb)
    review(kb, "event", before["members"][0], "reject", reviewer="ana")
    [after] = consolidated_events(kb)
    assert after["id"] == before["id"] and len(after["members"]) == 2


def _three(kb):
    for ex in THREE:
        kb.write_extraction(ex, model="m")
    [event] = consolidated_events(kb)
    return event


def test_merging_machine_merges_are_logged_once_with_score_and_reasons(kb) -> None:
    from watchfloor.resolve.event_links import record_merges

    event = _three(kb)  # logged as the documents were written, with the groups
    assert record_merges(kb) == 0
    rows = kb.event_judgements()
    assert len(rows) == 3  # complete linkage: every pair of the three was judged
    assert {r["reviewer"] for r in rows} == {"watchfloor"}
    assert all(r["decision"] == "merge" and 0 < r["changes"]["score"] <= 1
               and r["changes"]["reasons"] for r in rows)
    assert {r["target"] for r in rows} | {r["changes"]["with"] for r in rows} == set(
        event["members"])


def test_merging_timeline_and_dossier_show_who_merged_and_why(kb) -> None:
    from watchfloor.report.dossier import build_dossier
    from watchfloor.resolve.timeline import build_timeline

    event = _three(kb)
    [item] = [i for i in build_timeline(kb) if i.kind == "event"]
    assert item.ref == event["id"]
    assert "merged from 3 reports by watchfloor (score" in item.label
    dossier = build_dossier(kb, "islamic-state-khorasan-province")
    [merged] = dossier.merged
    assert merged["id"] == event["id"] and len(merged["merge"]) == 3


def test_merging_an_analyst_split_takes_a_report_out_and_it_stays_out(kb) -> None:
    from watchfloor.resolve.event_links import split_event

    event = _three(kb)
    member = event["members"][0]
    split_event(kb, member[:10], reviewer="ana", note="another attack")
    events = list(consolidated_events(kb))
    assert sorted(len(e["members"]) for e in events) == [1, 2]
    for ex in THREE:  # what reprocess does: the split holds
        kb.write_extraction(ex, model="m", replace=True)
    assert sorted(len(e["members"]) for e in consolidated_events(kb)) == [1, 2]
    [row] = [r for r in kb.event_judgements() if r["decision"] == "split"]
    assert row["reviewer"] == "ana" and row["target"] == member


def test_merging_an_analyst_merge_joins_what_the_tests_keep_apart(kb) -> None:
    from watchfloor.resolve.event_links import merge_events

    kb.write_extraction(THREE[0], model="m")
    kb.write_extraction(kunduz_report("A suicide bomber killed 12 people in Kunduz. ISKP "
                                      "claimed it.", (12.0, 12.0), "", date="2022-04-22",
                                      published="2022-04-22"), model="m")
    a, b = (e["id"] for e in consolidated_events(kb))
    merge_events(kb, a, b, reviewer="ana")
    [event] = consolidated_events(kb)
    assert [m["by"] for m in event["merge"]] == ["ana"]


def test_merging_review_takes_a_merged_events_id(kb) -> None:
    event = _three(kb)
    review(kb, "event", event["id"][:12], "correct", {"killed_low": 47.0}, reviewer="ana")
    [after] = consolidated_events(kb)
    assert after["id"] == event["id"] and after["killed"]["low"] == 47.0
    review(kb, "event", event["id"], "reject", reviewer="ana")
    assert list(consolidated_events(kb)) == []
