"""The SQLite store: one transaction per document, idempotence, resolution, reviews."""

from __future__ import annotations

import pytest

from watchfloor.store.base import ClaimFilter
from watchfloor.store.sqlite import SQLiteKnowledgeBase

from conftest import make_extraction

TEXT = (
    "Islamic State Khorasan Province (ISKP) is led by Shahab al-Muhajir. "
    "US officials put its strength at up to 3,000 fighters in 2015."
)
ENTITIES = [
    ("islamic-state-khorasan-province", "armed_group", "Islamic State Khorasan Province",
     ["Islamic State Khorasan Province", "ISKP"]),
    ("person:shahab al-muhajir", "person", "Shahab al-Muhajir"),
]
CLAIMS = [
    ("person:shahab al-muhajir", "leader_of", "islamic-state-khorasan-province",
     "Islamic State Khorasan Province (ISKP) is led by Shahab al-Muhajir."),
    ("islamic-state-khorasan-province", "fighters", None,
     "US officials put its strength at up to 3,000 fighters in 2015.",
     {"high": 3000.0, "value": "up to", "time": "2015", "attributed_to": "US officials"}),
]


def counts(kb: SQLiteKnowledgeBase) -> dict[str, int]:
    return {t: kb.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("documents", "sentences", "entities", "aliases", "mentions", "claims",
                      "evidence", "runs", "events")}


def test_sqlite_writes_document_and_claims(kb) -> None:
    result = kb.write_extraction(make_extraction(TEXT, ENTITIES, CLAIMS), model="m")
    assert result.created and result.claims == 2
    fighters = kb.claims(ClaimFilter(predicate="fighters"))
    assert [(c["high"], c["time"], c["attributed_to"]) for c in fighters] == [
        (3000.0, "2015", "US officials")]
    assert kb.aliases("islamic-state-khorasan-province") == [
        "ISKP", "Islamic State Khorasan Province"]
    assert kb.integrity_check() == "ok"


def test_sqlite_evidence_reproduces_document_text(kb) -> None:
    kb.write_extraction(make_extraction(TEXT, ENTITIES, CLAIMS), model="m")
    text = kb.document(kb.documents()[0]["id"])["text"]
    for claim in kb.claims():
        for ev in claim["evidence"]:
            assert text[ev["start"]:ev["end"]] == ev["text"]


def test_sqlite_reingest_is_idempotent(kb) -> None:
    kb.write_extraction(make_extraction(TEXT, ENTITIES, CLAIMS), model="m")
    before = counts(kb)
    again = kb.write_extraction(make_extraction(TEXT, ENTITIES, CLAIMS), model="m")
    assert not again.created
    assert counts(kb) == before


def test_sqlite_failure_mid_document_leaves_nothing(kb, monkeypatch) -> None:
    kb.write_extraction(make_extraction("A first document about ISKP.", ENTITIES[:1]), model="m")
    before = counts(kb)
    calls = {"n": 0}
    original = type(kb)._insert_claim

    def failing(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk on fire")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(type(kb), "_insert_claim", failing)
    with pytest.raises(RuntimeError, match="disk on fire"):
        kb.write_extraction(make_extraction(TEXT, ENTITIES, CLAIMS), model="m")
    assert calls["n"] == 2  # the failure really happened after the first claim was written
    assert counts(kb) == before
    assert kb.integrity_check() == "ok"


def test_sqlite_new_entities_match_across_documents_by_alias(kb) -> None:
    kb.write_extraction(make_extraction(TEXT, ENTITIES, CLAIMS), model="m")
    other = make_extraction(
        "Shahab al Muhajir was named in a UN report.",
        [("person:shahab al muhajir", "person", "Shahab al Muhajir", ["Shahab al-Muhajir"])],
    )
    kb.write_extraction(other, model="m")
    people = kb.entities("person")
    assert len(people) == 1
    assert people[0]["mentions"] == 2


def test_sqlite_rejected_claim_is_hidden_but_kept(kb) -> None:
    kb.write_extraction(make_extraction(TEXT, ENTITIES, CLAIMS), model="m")
    claim = kb.claims(ClaimFilter(predicate="leader_of"))[0]
    kb.conn.execute(
        "INSERT INTO reviews (target_kind, target, decision, reviewer, at)"
        " VALUES ('claim', ?, 'reject', 'tester', '2026-01-01')", (claim["id"],))
    assert kb.claims(ClaimFilter(predicate="leader_of")) == []
    kept = kb.claims(ClaimFilter(predicate="leader_of", include_rejected=True))
    assert [c["review"] for c in kept] == ["reject"]


@pytest.mark.sqlite_only("a file of junk bytes; a PostgreSQL server checks its own pages")
def test_sqlite_opening_a_non_database_is_one_clear_error(tmp_path) -> None:
    from watchfloor.exceptions import StoreError

    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="damaged or not a knowledge base"):
        SQLiteKnowledgeBase(junk)
