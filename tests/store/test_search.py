"""Full-text search (migration 2): the FTS tables are filled on write and on migration."""

from __future__ import annotations

import sqlite3

from watchfloor.store.search import fts_query
from watchfloor.store.sqlite import SQLiteKnowledgeBase

from conftest import make_extraction

TEXT = "The Crimson Hand attacked Port Elm on 3 May 2022. Locals fled the harbour."
ENTITIES = [("armed_group:crimson-hand", "armed_group", "Crimson Hand", ["Crimson Hand", "CH"]),
            ("location:port-elm", "location", "Port Elm")]


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
    conn.execute("DROP TABLE search_names")
    conn.execute("DROP TABLE search_sentences")
    conn.execute("DELETE FROM migrations WHERE id = 2")
    conn.commit()
    conn.close()
    with SQLiteKnowledgeBase(path) as kb:
        assert kb.search_names("Port Elm")[0]["id"] == "location:port-elm"
        assert kb.search_sentences("fled")
