"""Migration 2: the search indexes (FTS5 on SQLite, tsvector on PostgreSQL) are filled on
write and on migration, and search the same on both; the reviewed views agree with the
store's own reading."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from watchfloor.resolve.judgements import review
from watchfloor.store.base import ClaimFilter
from watchfloor.store.opening import AnyKnowledgeBase
from watchfloor.store.search import fts_query
from watchfloor.store.sqlite import SQLiteKnowledgeBase

from conftest import kunduz_reports, make_extraction

TEXT = "The Crimson Hand attacked Port Elm on 3 May 2022. Locals fled the harbour."
ENTITIES = [("armed_group:crimson-hand", "armed_group", "Crimson Hand", ["Crimson Hand", "CH"]),
            ("location:port-elm", "location", "Port Elm")]


@pytest.fixture
def sqlite_kb(tmp_path: Path) -> Iterator[SQLiteKnowledgeBase]:
    """SQLite only: the Datasette views are SQLite's own."""
    base = SQLiteKnowledgeBase(tmp_path / "kb.db")
    yield base
    base.close()


def test_search_names_and_sentences_found_after_write(kb: AnyKnowledgeBase) -> None:
    kb.write_extraction(make_extraction(TEXT, ENTITIES), "test")
    names = kb.search_names("crims")
    assert [n["id"] for n in names] == ["armed_group:crimson-hand"]
    sentences = kb.search_sentences("harbour")
    assert len(sentences) == 1 and "\ue000harbour\ue001" in sentences[0]["snippet"]


def test_search_reprocess_replaces_sentence_index(kb: AnyKnowledgeBase) -> None:
    ex = make_extraction(TEXT, ENTITIES)
    kb.write_extraction(ex, "test")
    kb.write_extraction(ex, "test", replace=True)
    assert len(kb.search_sentences("harbour")) == 1


def test_search_user_syntax_is_searched_not_obeyed(kb: AnyKnowledgeBase) -> None:
    kb.write_extraction(make_extraction(TEXT, ENTITIES), "test")
    for text in ['"', "NEAR(", "AND OR", "*", "crimson) OR (x"]:
        kb.search_names(text)  # no FTS5 syntax error
        kb.search_sentences(text)
    assert fts_query('a "b') == '"a" "b"'
    assert fts_query("") == ""


@pytest.mark.sqlite_only("drops SQLite's FTS5 tables and triggers; PostgreSQL's own: "
                         "test_search_postgres_migration_fills_index_of_an_old_base")
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


@pytest.mark.sqlite_only("the Datasette views reviewed_claims and reviewed_events are"
                         " SQLite's (migrations 2 and 4 hold none on PostgreSQL)")
def test_search_reviewed_views_agree_with_the_store(sqlite_kb: SQLiteKnowledgeBase) -> None:
    kb = sqlite_kb
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


ALLIES = ("The Crimson Hand is allied with the Blue Lantern Front and the Grey Tide, a"
          " spokesman said. Fighters of the Crimson Hand crossed the river near Port Elm.")
ALLY_ENTITIES = [*ENTITIES, ("armed_group:blue-lantern", "armed_group", "Blue Lantern Front"),
                 ("armed_group:grey-tide", "armed_group", "Grey Tide", ["Grey Tide", "GT"])]


def _allies(kb: AnyKnowledgeBase) -> str:
    ex = make_extraction(
        ALLIES, ALLY_ENTITIES,
        [("armed_group:crimson-hand", "allied_with", "armed_group:blue-lantern",
          "The Crimson Hand is allied with the Blue Lantern Front"),
         ("armed_group:crimson-hand", "allied_with", "armed_group:grey-tide",
          "the Grey Tide, a spokesman said")], title="Allies")
    kb.write_extraction(ex, "test")
    return ex.document.id


def test_search_names_words_aliases_and_merges(kb: AnyKnowledgeBase) -> None:
    _allies(kb)
    assert [n["id"] for n in kb.search_names("blue lant")] == ["armed_group:blue-lantern"]
    assert [n["id"] for n in kb.search_names("lantern blue")] == ["armed_group:blue-lantern"]
    gt = kb.search_names("gt")
    assert [(n["id"], n["matched"], n["type"]) for n in gt] == [
        ("armed_group:grey-tide", "GT", "armed_group")]
    assert kb.search_names("blue tide") == []  # every word, not any
    assert kb.search_names("lantern", limit=0) == []
    kb.merge_entity("armed_group:grey-tide", "armed_group:blue-lantern", "tester", None)
    assert [n["id"] for n in kb.search_names("gt")] == ["armed_group:blue-lantern"]
    assert ("GT", "armed_group:grey-tide") in kb.all_names()


def test_search_sentences_snippet_title_and_every_word(kb: AnyKnowledgeBase) -> None:
    doc = _allies(kb)
    hits = kb.search_sentences("river fighters")
    assert [(h["document"], h["idx"], h["title"]) for h in hits] == [(doc, 0, "Allies")]
    snippet = hits[0]["snippet"]
    assert "\ue000river\ue001" in snippet and "\ue000Fighters\ue001" in snippet
    assert snippet.replace("\ue000", "").replace("\ue001", "").strip("…") in ALLIES
    assert kb.search_sentences("river ocean") == []
    assert kb.search_sentences("riv") == []  # whole words: only names match as a prefix


def test_search_ignores_accents_as_fts5_does(kb: AnyKnowledgeBase) -> None:
    text = "Fighters of the Ḥaqq Brigade entered Kundūz at dawn."
    kb.write_extraction(make_extraction(text, [
        ("armed_group:haqq-brigade", "armed_group", "Ḥaqq Brigade")]), "test")
    assert [n["id"] for n in kb.search_names("haqq bri")] == ["armed_group:haqq-brigade"]
    assert [n["id"] for n in kb.search_names("Ḥaqq")] == ["armed_group:haqq-brigade"]
    assert len(kb.search_sentences("kunduz dawn")) == 1
    assert len(kb.search_sentences("Kundūz")) == 1
    kb.write_extraction(make_extraction("Бойцы вошли в ДОНЕЦК.", [
        ("location:donetsk", "location", "ДОНЕЦК")]), "test")
    assert [n["id"] for n in kb.search_names("донец")] == ["location:donetsk"]
    assert len(kb.search_sentences("бойцы донецк")) == 1


def test_search_document_sentences_and_mentions(kb: AnyKnowledgeBase) -> None:
    doc = _allies(kb)
    assert kb.document_sentences(doc) == [{"idx": 0, "start": 0, "end": len(ALLIES)}]
    mentions = kb.document_mentions(doc)
    assert [m["entity"] for m in mentions][:2] == ["armed_group:crimson-hand",
                                                   "armed_group:blue-lantern"]
    assert all(ALLIES[m["start"]:m["end"]] == m["text"] for m in mentions)
    assert {m["type"] for m in mentions} == {"armed_group", "location"}


def test_search_change_marker_moves_with_each_write(kb: AnyKnowledgeBase) -> None:
    empty = kb.change_marker()
    assert len(empty[0]) >= 32 and empty[1:] == (0, 0, 0, 0)
    _allies(kb)
    written = kb.change_marker()
    assert written[0] == empty[0] and written[1] > 0 and written[3] == 1
    claim = kb.claims(ClaimFilter())[0]["id"]
    review(kb, "claim", claim, "accept")
    assert kb.change_marker()[4] > 0 and kb.change_marker()[:4] == written[:4]
    kb.merge_entity("armed_group:grey-tide", "armed_group:blue-lantern", "tester", None)
    assert kb.change_marker()[2] > 0


def test_search_postgres_migration_fills_index_of_an_old_base(pg_url: str) -> None:
    """A PostgreSQL base made before migration 2 had its search gets existing sentences
    indexed, and a random id, when it is opened."""
    from watchfloor.store.postgres import PostgresKnowledgeBase

    with PostgresKnowledgeBase(pg_url) as kb:
        kb.write_extraction(make_extraction(TEXT, ENTITIES), "test")
        for statement in ("DROP TRIGGER search_sentences_fill ON sentences",
                          "DROP FUNCTION search_sentences_fill()",
                          "DROP TABLE search_sentences", "DROP TABLE base_info",
                          "DROP INDEX aliases_search", "DROP FUNCTION watchfloor_fold(text)",
                          "DROP INDEX entities_merged",
                          "DELETE FROM migrations WHERE id = 2"):
            kb.conn.execute(statement)
    with PostgresKnowledgeBase(pg_url) as kb:
        assert kb.search_names("Port Elm")[0]["id"] == "location:port-elm"
        assert kb.search_sentences("fled")
        assert len(kb.change_marker()[0]) == 32


def test_search_postgres_without_unaccent_still_searches(pg_url: str) -> None:
    """A role that may not create extensions gets search without accent folding, not a
    failed migration."""
    import psycopg

    role = "wf_plain_" + pg_url.rpartition("_")[2]
    try:
        with psycopg.connect(pg_url, autocommit=True) as admin:
            admin.execute(f"CREATE ROLE {role} LOGIN")
            admin.execute(f"GRANT CREATE, USAGE ON SCHEMA public TO {role}")
    except psycopg.Error as exc:
        pytest.skip(f"cannot make a role without privileges here: {exc}")
    scheme, _, rest = pg_url.partition("://")
    url = f"{scheme}://{role}@{rest.partition('@')[2]}"
    from watchfloor.store.postgres import PostgresKnowledgeBase

    try:
        with PostgresKnowledgeBase(url) as kb:
            kb.write_extraction(make_extraction(
                "The Ḥaqq Brigade held the harbour.",
                [("armed_group:haqq-brigade", "armed_group", "Ḥaqq Brigade")]), "test")
            assert [n["id"] for n in kb.search_names("ḥaqq")] == ["armed_group:haqq-brigade"]
            assert kb.search_names("haqq") == []  # no folding without the extension
            assert len(kb.search_sentences("harbour")) == 1
    finally:
        with psycopg.connect(pg_url, autocommit=True) as admin:
            admin.execute(f"DROP OWNED BY {role}")
            admin.execute(f"DROP ROLE {role}")


@pytest.mark.sqlite_only("FTS5's bm25 over every hit is SQLite's cost; PostgreSQL ranks "
                         "through its GIN index")
def test_search_sentences_many_hits_newest_first_unranked(sqlite_kb, monkeypatch) -> None:
    """Past RANKED_HITS matches, ranking every one costs seconds on a large base: the
    newest sentences come first instead, still every word required and still capped."""
    from watchfloor.store import search

    for n in range(4):
        sqlite_kb.write_extraction(make_extraction(
            f"Report {n}: the militia shelled the market {'again ' * n}at dawn.", []), "test")
    ranked = sqlite_kb.search_sentences("militia market", limit=10)
    assert len(ranked) == 4
    monkeypatch.setattr(search, "RANKED_HITS", 2)
    newest = sqlite_kb.search_sentences("militia market", limit=3)
    assert [h["snippet"].split(":")[0].strip("…") for h in newest] == [
        "Report 3", "Report 2", "Report 1"]
    assert sqlite_kb.search_sentences("militia ocean") == []
