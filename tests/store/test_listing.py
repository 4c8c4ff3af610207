"""Listings cut in the database: the first ``limit`` entities are the first rows of the
whole list, in the same order (most mentioned, then name and id for ties), with merged
entities' mentions counted for the entity they were merged into."""

from __future__ import annotations

import pytest

from watchfloor.resolve.judgements import merge_entities

from conftest import make_extraction

NAMES = ["Amber Column", "Basalt Front", "Cedar Brigade", "Dune Riders", "Ember Watch"]


def _fill(kb) -> None:
    for i, name in enumerate(NAMES):  # name i mentioned in i + 1 documents
        for j in range(i + 1):
            text = f"Report {j} on {name}: {name} held the ridge."
            kb.write_extraction(make_extraction(
                text, [(f"armed_group:{name.lower().replace(' ', '-')}", "armed_group", name)]),
                model="m")
    kb.write_extraction(make_extraction(
        "The Tide Militia held the port.", [("armed_group:tide", "armed_group", "Tide Militia"),
                                            ("location:port", "location", "port")]), model="m")


@pytest.mark.parametrize("limit", [0, 1, 3, 50])
def test_listing_entities_limit_is_the_head_of_the_whole_list(kb, limit: int) -> None:
    _fill(kb)
    merge_entities(kb, "Amber Column", "Tide Militia", reviewer="ana")
    everything = kb.entities()
    assert [e["name"] for e in everything][:3] == ["Ember Watch", "Dune Riders", "Cedar Brigade"]
    assert "Tide Militia" not in {e["name"] for e in everything}
    assert kb.entities(limit=limit) == everything[:limit]
    groups = kb.entities("armed_group")
    assert kb.entities("armed_group", limit) == groups[:limit]
    assert all(e["type"] == "armed_group" for e in groups)


def test_listing_names_and_ids_follow_merges(kb) -> None:
    _fill(kb)
    merge_entities(kb, "Amber Column", "Tide Militia", reviewer="ana")
    assert kb.names_for(["armed_group:tide", "armed_group:ember-watch", "armed_group:gone"]) == {
        "armed_group:tide": "Amber Column", "armed_group:ember-watch": "Ember Watch"}
    kept = kb.entities(ids=["armed_group:tide", "armed_group:amber-column", "location:port"])
    assert [e["id"] for e in kept] == ["armed_group:amber-column", "location:port"]
    assert kept[0]["mentions"] == 2  # its own and the merged one's
    assert kb.entities("location", ids=["armed_group:amber-column"]) == []


def test_listing_a_passage_is_cut_from_its_document(kb) -> None:
    _fill(kb)
    doc = next(d for d in kb.documents() if d["chars"] == len("The Tide Militia held the port."))
    assert kb.passage(doc["id"], 4, 16) == "Tide Militia"
    assert kb.passage("doc-missing", 0, 5) == ""


def test_listing_counts_leave_retired_claims_out(kb) -> None:
    text = "The Tide Militia had 400 fighters in 2020. It was allied with the Dune Riders."
    entities = [("armed_group:tide", "armed_group", "Tide Militia"),
                ("armed_group:dune", "armed_group", "Dune Riders")]
    size = ("armed_group:tide", "fighters", None, "The Tide Militia had 400 fighters in 2020.",
            {"low": 400.0, "high": 400.0, "time": "2020"})
    ally = ("armed_group:tide", "allied_with", "armed_group:dune",
            "It was allied with the Dune Riders.")
    kb.write_extraction(make_extraction(text, entities, [size, ally]), model="m")
    assert kb.stats()["claims_by_predicate"] == {"allied_with": 1, "fighters": 1}
    # read again, the alliance no longer found: its claim is retired, not counted
    kb.write_extraction(make_extraction(text, entities, [size]), model="m", replace=True)
    assert len(kb.claims()) == 1
    stats = kb.stats()
    assert stats["claims"] == 1 and stats["claims_by_predicate"] == {"fighters": 1}
