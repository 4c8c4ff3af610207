"""The consolidation kept beside a SQLite file: a fresh process reads it while the base is
unchanged, and never once the base has changed or the file is damaged."""

from __future__ import annotations

from pathlib import Path

import pytest

from watchfloor.resolve import events
from watchfloor.resolve.events import consolidated_events
from watchfloor.resolve.judgements import review
from watchfloor.store.sqlite import SQLiteKnowledgeBase

from conftest import kunduz_reports

pytestmark = pytest.mark.sqlite_only("the cache is a file beside a SQLite base; a PostgreSQL"
                                     " base has no file of its own to keep it beside")


def fresh(kb) -> list[dict]:
    """What a new process sees: the in-memory copy forgotten first."""
    events._CONSOLIDATED.clear()
    return list(consolidated_events(kb))


def test_events_cache_is_read_by_a_fresh_process_while_the_base_is_unchanged(tmp_path) -> None:
    kb = SQLiteKnowledgeBase(str(tmp_path / "kb.db"))
    for ex in kunduz_reports():
        kb.write_extraction(ex, model="m")
    first = fresh(kb)
    kept = Path(str(tmp_path / "kb.db") + ".events.json")
    assert kept.is_file() and len(first) == 1
    assert fresh(kb) == first
    # a forged file at the same marker is what a fresh process answers from: it is read
    kept.write_text(kept.read_text("utf-8").replace('"attack"', '"meeting"'), "utf-8")
    assert fresh(kb)[0]["type"] == "meeting"
    # a review changes the marker: the file is stale and the events are consolidated again
    toll = next(c for c in kb.claims() if c["predicate"] == "killed")
    review(kb, "claim", toll["id"], "reject", reviewer="ana")
    again = fresh(kb)
    assert again[0]["type"] == "attack" and again[0]["id"] == first[0]["id"]
    kb.close()


def test_events_cache_damaged_is_only_a_missed_cache(tmp_path) -> None:
    kb = SQLiteKnowledgeBase(str(tmp_path / "kb.db"))
    for ex in kunduz_reports():
        kb.write_extraction(ex, model="m")
    first = fresh(kb)
    Path(str(tmp_path / "kb.db") + ".events.json").write_text("{not json", "utf-8")
    assert fresh(kb) == first
    kb.close()
