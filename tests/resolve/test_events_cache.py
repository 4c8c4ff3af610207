"""Consolidated events are computed once per change of the base, whoever changes it."""

from __future__ import annotations

from watchfloor.resolve.events import _consolidate_all, consolidated_events
from watchfloor.resolve.judgements import review
from watchfloor.store.sqlite import SQLiteKnowledgeBase

from conftest import kunduz_reports, make_extraction


def test_events_cache_sees_other_connections_writes(tmp_path) -> None:
    path = tmp_path / "kb.db"
    reader = SQLiteKnowledgeBase(path)
    for ex in kunduz_reports():
        reader.write_extraction(ex, "test")
    first = list(consolidated_events(reader))
    assert len(first) == 1 and len(first[0]["members"]) == 3
    first[0]["members"].clear()  # a caller's changes do not reach the cache
    assert len(next(consolidated_events(reader))["members"]) == 3
    claims = first[0]["claims"]
    assert len(claims) == 6
    with SQLiteKnowledgeBase(path) as writer:
        review(writer, "claim", claims[0], "reject")
    assert next(consolidated_events(reader))["claims"] == claims[1:]
    assert list(consolidated_events(reader)) == list(_consolidate_all(reader))
    with SQLiteKnowledgeBase(path) as writer:  # another process, as far as SQLite knows
        member = first[0]["documents"][0]
        event = next(e["id"] for e in writer.events() if e["document"] == member)
        review(writer, "event", event, "reject")
    assert len(next(consolidated_events(reader))["members"]) == 2
    with SQLiteKnowledgeBase(path) as writer:
        writer.write_extraction(make_extraction(
            "Gunmen attacked a market in Tarin Kot.", [("location:tarin-kot", "location",
                                                        "Tarin Kot")],
            events=[("e9", "attack", "Gunmen attacked a market in Tarin Kot.",
                     {"date": "2022-01-02", "location": "location:tarin-kot"})]), "test")
    assert len(list(consolidated_events(reader))) == 2
    reader.close()


def test_events_cache_new_file_at_same_path(tmp_path) -> None:
    path = tmp_path / "kb.db"
    with SQLiteKnowledgeBase(path) as kb:
        kb.write_extraction(kunduz_reports()[0], "test")
        assert len(list(consolidated_events(kb))) == 1
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / f"kb.db{suffix}").unlink(missing_ok=True)
    with SQLiteKnowledgeBase(path) as kb:
        kb.write_extraction(make_extraction("Nothing happened today."), "test")
        assert list(consolidated_events(kb)) == []
