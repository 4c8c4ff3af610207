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
