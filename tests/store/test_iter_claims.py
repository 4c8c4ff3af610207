"""Streamed claims (``iter_claims``) are ``claims()`` read a batch at a time: the same rows
in the same order, reviews applied, so the streamed export is the old one."""

from __future__ import annotations

import io
import json

import pytest

from watchfloor.export.common import (
    claim_record,
    document_record,
    entity_record,
    event_records,
    export,
)
from watchfloor.export.json_kb import JSONExporter
from watchfloor.resolve.judgements import review

from conftest import make_extraction

GROUPS = [("kestrel-front", "armed_group", "Kestrel Front"),
          ("heron-brigade", "armed_group", "Heron Brigade"),
          ("heron-brigades", "armed_group", "Heron Brigades"),
          ("person:tamsin vold", "person", "Tamsin Vold")]


def build(kb) -> None:
    """Six reports of made-up groups: dated and undated claims, several per document."""
    for i in range(6):
        year = 2014 + i % 3
        text = (f"Report {i}: Kestrel Front fought Heron Brigade in {year}. Tamsin Vold leads "
                f"Kestrel Front. Heron Brigades counted {100 + i} fighters. Kestrel Front "
                "allied itself with Heron Brigades at some point.")
        kb.write_extraction(make_extraction(
            text, GROUPS,
            [("kestrel-front", "hostile_to", "heron-brigade", f"fought Heron Brigade in {year}",
              {"time": str(year)}),
             ("person:tamsin vold", "leader_of", "kestrel-front", "Tamsin Vold leads"),
             ("heron-brigades", "fighters", None, f"counted {100 + i} fighters",
              {"low": float(100 + i), "time": f"{year}-0{1 + i}"}),
             ("kestrel-front", "allied_with", "heron-brigades", "allied itself with")],
            title=f"Report {i}", published=f"{year}-12-0{1 + i}"), model="m")


def reviewed(kb) -> None:
    """A rejection, a time correction that moves a claim, and a merge of two groups."""
    claims = kb.claims()
    review(kb, "claim", claims[0]["id"], "reject", reviewer="ana")
    undated = next(c for c in claims if c["time"] is None)
    review(kb, "claim", undated["id"], "correct", {"time": "2015-06"}, reviewer="ana")
    review(kb, "claim", claims[-1]["id"], "correct", {"time": "2013"}, reviewer="bo")
    kb.merge_entity("heron-brigades", "heron-brigade", "ana", None)


def old_export(kb) -> str:
    """The export as it was before streaming: every claim read by ``claims()`` at once."""
    buf = io.StringIO()
    out = JSONExporter(buf)
    for d in kb.documents():
        out.write("documents", document_record(d))
    for e in kb.entities():
        out.write("entities", entity_record(kb, e))
    for c in kb.claims():
        out.write("claims", claim_record(c))
    for ev in event_records(kb):
        out.write("events", ev)
    out.finalize()
    return buf.getvalue()


@pytest.mark.parametrize("batch", [1, 2, 5, 1000])
def test_iter_claims_equals_claims_in_every_batch_size(kb, batch) -> None:
    build(kb)
    assert list(kb.iter_claims(batch=batch)) == kb.claims()
    reviewed(kb)
    streamed = list(kb.iter_claims(batch=batch))
    assert streamed == kb.claims()
    assert len(streamed) == 6 * 4 - 1  # the rejected one left out
    assert "heron-brigades" not in {c["subject"] for c in streamed}
    moved = [c for c in streamed if c["time"] in ("2013", "2015-06")]
    assert len(moved) == 2 and streamed[0]["time"] == "2013"


def test_streamed_export_is_the_old_export(kb) -> None:
    build(kb)
    reviewed(kb)
    buf = io.StringIO()
    export(kb, JSONExporter(buf))
    assert buf.getvalue() == old_export(kb)
    assert len(json.loads(buf.getvalue())["claims"]) == 23


def test_iter_claims_of_an_empty_base_is_empty(kb) -> None:
    assert list(kb.iter_claims()) == []
