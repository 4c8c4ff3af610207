"""Migration 2: the FTS tables are filled on write and on migration; the reviewed views
agree with the store's own reading."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from watchfloor.resolve.judgements import review
from watchfloor.store.base import ClaimFilter
from watchfloor.store.search import fts_query
from watchfloor.store.sqlite import SQLiteKnowledgeBase

from conftest import kunduz_reports, make_extraction

TEXT = "The Crimson Hand attacked Port Elm on 3 May 2022. Locals fled the harbour."
ENTITIES = [("armed_group:crimson-hand", "armed_group", "Crimson Hand", ["Crimson Hand", "CH"]),
            ("location:port-elm", "location", "Port Elm")]


@pytest.fixture
def kb(tmp_path: Path) -> Iterator[SQLiteKnowledgeBase]:
    """SQLite only: FTS5 and the Datasette views are SQLite's own (the PostgreSQL backend
    has no full-text search yet)."""
    base = SQLiteKnowledgeBase(tmp_path / "kb.db")
    yield base
    base.close()


def test_search_names_and_sentences_found_after_write(kb: SQLiteKnowledgeBase) -> None:
    kb.write_extraction(make_extraction(TEXT, ENTITIES), "test")
    names = kb.search_names("crims")
    assert [n["id"] for n in names] == ["armed_group:crimson-hand"]
    sentences = kb.search_sentences("harbour")
    assert len(sentences) == 1 and "\ue000harbour\ue001" in sentences[0]["snippet"]


def test_search_reprocess_replaces_sentence_index(kb: SQLiteKnowledgeBase) -> None:
    ex = make_extraction(TEXT, ENTITIES)
    kb.write_extraction(ex, "test")
    kb.write_extraction(ex, "test", replace=True)
    assert len(kb.search_sentences("harbour")) == 1


def test_search_user_syntax_is_searched_not_obeyed(kb: SQLiteKnowledgeBase) -> None:
    kb.write_extraction(make_extraction(TEXT, ENTITIES), "test")
    for text in ['"', "NEAR(", "AND OR", "*", "crimson) OR (x"]:
        kb.search_names(text)  # no FTS5 syntax error
        kb.search_sentences(text)
    assert fts_query('a "b') == '"a" "b"'
    assert fts_query("") == ""


def test_search_migration_fills_index_of_an_old_base(tmp_path) -> None:
    """A base made before migration 2 gets its existing names and sentences indexed."""
    path = tmp_path / "old.db"
    with SQLiteKnowledgeBase(path) as kb:
        kb.write_extraction(make_extraction(TEXT, ENTITIES), "test")
    conn = sqlite3.connect(path)
    for name in ("search_names_insert", "search_names_delete", "search_sentences_insert",
                 "search_sentences_delete"):
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("DROP VIEW reviewed_claims")
    conn.execute("DROP VIEW reviewed_events")
    conn.execute("DROP TABLE base_info")
    conn.execute("DROP TABLE search_names")
    conn.execute("DROP TABLE search_sentences")
    conn.execute("DELETE FROM migrations WHERE id = 2")
    conn.commit()
    conn.close()
    with SQLiteKnowledgeBase(path) as kb:
        assert kb.search_names("Port Elm")[0]["id"] == "location:port-elm"
        assert kb.search_sentences("fled")


def test_search_reviewed_views_agree_with_the_store(kb: SQLiteKnowledgeBase) -> None:
    for ex in kunduz_reports():
        kb.write_extraction(ex, "test")
    kb.write_extraction(make_extraction(TEXT, ENTITIES), "test")
    claims = kb.claims(ClaimFilter())
    killed = [c for c in claims if c["predicate"] == "killed"]
    review(kb, "claim", killed[0]["id"], "reject")
    review(kb, "claim", killed[1]["id"], "correct", {"low": 48.0, "time": "2021-10-09"})
    events = kb.events()
    review(kb, "event", events[0]["id"], "correct", {"killed_low": 47.0})
    review(kb, "event", events[1]["id"], "reject")

    def view(name: str) -> dict[str, dict]:
        cur = kb.conn.execute(f"SELECT * FROM {name}")
        cols = [d[0] for d in cur.description]
        return {row[0]: dict(zip(cols, row, strict=True)) for row in cur}

    rows = view("reviewed_claims")
    expected = kb.claims(ClaimFilter())
    assert set(rows) == {c["id"] for c in expected}
    for c in expected:
        row = rows[c["id"]]
        assert (row["low"], row["high"], row["time"], row["review"]) == (
            c["low"], c["high"], c["time"], c["review"])
        assert row["sentence"] == c["evidence"][0]["text"]
    assert rows[killed[1]["id"]]["low"] == 48.0
    names = {r["subject_name"] for r in rows.values()} | {r["object_name"] for r in rows.values()}
    assert "ISKP" in names
    events_view = view("reviewed_events")
    assert set(events_view) == {e["id"] for e in kb.events()}
    assert events_view[events[0]["id"]]["killed_low"] == 47.0
    assert events_view[events[0]["id"]]["location_name"] == "Kunduz"
    assert events_view[events[0]["id"]]["perpetrator_names"]
