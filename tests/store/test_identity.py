"""Stable identity: a claim's id and an event's id come from the document alone.

Entity resolution across documents depends on what the base already holds (the acronym
"BBB" of one report is matched to "Black Banner Brigade" of another, whichever came
first), so ids hashed after resolution moved with the ingest order and reviews pointed at
other claims after a rebuild. These tests ingest the same three reports in every order
and re-run extraction, and check the ids, and the reviews that hang on them, hold.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from watchfloor.cli.main import cli
from watchfloor.exceptions import StoreError
from watchfloor.store.base import ClaimFilter
from watchfloor.store.opening import AnyKnowledgeBase, open_knowledge_base

from conftest import first_schema_base, make_extraction

REPORTS = {
    "a": "Gunmen from the Black Banner Brigade (BBB) killed 12 villagers near Kunduz on 3 March"
         " 2022, police said. The BBB claimed the attack.\n\nAbu Tariq, the leader of the Black"
         " Banner Brigade, was killed in an airstrike in Helmand on 9 March 2022.\n",
    "b": "BBB fighters killed at least 14 people in an attack near Kunduz on 3 March 2022, local"
         " officials said.\n\nThe BBB is allied with the Islamic State Khorasan Province.\n",
    "c": "Abu Tariq led the BBB from 2019. The BBB has about 400 fighters in northern"
         " Afghanistan, a UN report said in May 2022.\n\nOn 12 May 2022 a suicide bomber killed 7"
         " soldiers at a checkpoint in Baghlan. The BBB claimed responsibility.\n",
}


@pytest.fixture(scope="module")
def extractions(reference):
    """The three reports read once (extraction is pure: the order matters only in the store)."""
    from watchfloor.pipeline import extract_document
    from watchfloor.records import Document

    return {name: extract_document(Document(text=text), reference)
            for name, text in REPORTS.items()}


def _ids(kb: AnyKnowledgeBase) -> tuple[dict[str, tuple], set[str]]:
    claims = {c["id"]: (c["document"], c["predicate"], c["evidence"][0]["start"], c["low"])
              for c in kb.claims(ClaimFilter(include_rejected=True))}
    return claims, {e["id"] for e in kb.events(include_rejected=True)}


def test_identity_same_reports_in_every_order_give_the_same_claim_and_event_ids(
        new_kb_url, extractions) -> None:
    seen = []
    subjects = set()
    for order in itertools.permutations(sorted(extractions)):
        kb = open_knowledge_base(new_kb_url())
        for name in order:
            kb.write_extraction(extractions[name], model="m")
        seen.append(_ids(kb))
        subjects.add((frozenset(c["subject"] for c in kb.claims()),
                      frozenset((e["id"], e["mentions"]) for e in kb.entities())))
        kb.close()
    claims, events = seen[0]
    assert len(claims) >= 6 and len(events) >= 2
    assert all(s == (claims, events) for s in seen)
    # resolution is a log of judgements on names, not "the first stored entity wins":
    # the canonical entities (and the subjects read under them) hold in every order too
    assert len(subjects) == 1


def test_identity_claim_id_ignores_the_entity_its_key_resolves_to(kb) -> None:
    long = ("armed_group:black banner brigade", "armed_group", "Black Banner Brigade",
            ["Black Banner Brigade", "BBB"])
    short = ("armed_group:bbb", "armed_group", "BBB")
    first = make_extraction("The Black Banner Brigade has 300 fighters.", [long],
                            [(long[0], "fighters", None, "has 300 fighters", {"low": 300.0})])
    second = make_extraction("BBB has 500 fighters.", [short],
                             [(short[0], "fighters", None, "has 500 fighters", {"low": 500.0})])
    expected = {first.claims[0].id, second.claims[0].id}
    kb.write_extraction(second, model="m")
    kb.write_extraction(first, model="m")
    stored = kb.claims()
    assert {c["id"] for c in stored} == expected
    assert {c["subject"] for c in stored} == {"armed_group:bbb"}  # one entity, by alias


def _versions(text: str, second_claim: str):
    group = ("armed_group:red hand", "armed_group", "Red Hand")
    town = ("location:tal afar", "location", "Tal Afar")
    return make_extraction(
        text, [group, town],
        [(group[0], "operates_in", town[0], "Red Hand operates in Tal Afar"),
         (group[0], "fighters", None, second_claim, {"low": 200.0})],
        [("event:attack-40", "attack", "attacked a market", {"date": "2020-05-01"})])


TEXT = "Red Hand operates in Tal Afar. Red Hand attacked a market. It has 200 men."


def test_identity_reprocess_keeps_found_ids_retires_the_rest_and_reports_orphans(kb) -> None:
    from watchfloor.resolve.judgements import review

    old = _versions(TEXT, "It has 200 men")
    kb.write_extraction(old, model="m")
    kept, dropped = (c.id for c in old.claims)
    review(kb, "claim", kept, "reject", reviewer="ana")
    review(kb, "claim", dropped, "correct", {"low": 250.0}, reviewer="ana")
    new = _versions(TEXT, "Red Hand attacked a market")  # v2 reads the figure elsewhere
    new.events.clear()
    kb.write_extraction(new, model="m", replace=True)

    live = {c["id"]: c for c in kb.claims(ClaimFilter(include_rejected=True))}
    assert set(live) == {kept, new.claims[1].id}
    assert live[kept]["review"] == "reject"
    assert kb.events() == []
    orphans = kb.orphaned_reviews()
    assert [(o["target"], o["decision"]) for o in orphans] == [(dropped, "correct")]
    # soft-deleted, not removed: a later run that finds the claim again revives it
    kb.write_extraction(old, model="m", replace=True)
    assert {c["id"] for c in kb.claims(ClaimFilter(include_rejected=True))} == {kept, dropped}
    assert kb.orphaned_reviews() == []
    assert len(kb.events()) == 1
    assert kb.claims(ClaimFilter(document=old.document.id))[0]["low"] == 250.0


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _claims(db: str) -> dict[str, dict]:
    rows = (json.loads(line) for line in
            _run("claims", "--json", "--include-rejected", "--db", db).splitlines())
    return {r["id"]: r for r in rows}


def test_identity_reviews_survive_reingest_reprocess_and_a_version_bump(
        tmp_path: Path, kb_url: str, monkeypatch) -> None:
    from watchfloor.extract import registry

    for name, text in REPORTS.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    db = kb_url
    _run("ingest", str(tmp_path / "c.txt"), str(tmp_path / "b.txt"), "--db", db)
    before = _claims(db)
    fighters = next(i for i, c in before.items() if c["predicate"] == "fighters")
    toll = next(i for i, c in before.items() if c["predicate"] == "killed" and c["low"] == 7)
    _run("review", fighters, "--reject", "--db", db)
    _run("review", toll, "--correct", "low=8", "--correct", "high=8", "--db", db)
    with open_knowledge_base(db) as kb:
        event = kb.claim(toll)["subject"]  # the toll's own event
    _run("review", "--event", event, "--correct", "method=suicide_bombing", "--db", db)

    def check(db: str) -> None:
        with open_knowledge_base(db, readonly=True) as kb:
            [row] = [e for e in kb.events(include_rejected=True) if e["id"] == event]
            assert (row["method"], row["review"], row["killed_low"]) == (
                "suicide_bombing", "correct", 8)
        now = _claims(db)
        assert now[fighters]["review"] == "reject"
        assert (now[toll]["low"], now[toll]["high"], now[toll]["review"]) == (8, 8, "correct")
        assert set(before) <= set(now)

    _run("ingest", str(tmp_path), "--db", db)  # re-ingest, with one more report
    check(db)
    _run("reprocess", "--all", "--db", db)
    check(db)
    bumped = tuple(dataclasses.replace(s, version=s.version + 1) for s in registry.STAGES)
    monkeypatch.setattr(registry, "STAGES", bumped)
    out = _run("reprocess", "--db", db)
    assert out.startswith("3 re-processed, 0 already up to date")
    assert "lost its" not in out
    check(db)
    # a base rebuilt from the same reports in another order (in a SQLite file, whatever the
    # first base's backend) takes the same review ids
    other = str(tmp_path / "other.db")
    _run("ingest", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), str(tmp_path / "c.txt"),
         "--db", other)
    _run("review", fighters, "--reject", "--db", other)
    _run("review", toll, "--correct", "low=8", "--correct", "high=8", "--db", other)
    _run("review", "--event", event, "--correct", "method=suicide_bombing", "--db", other)
    check(other)


def test_identity_reprocess_lists_the_reviews_a_new_version_leaves_without_target(
        tmp_path: Path, kb_url: str, monkeypatch) -> None:
    from watchfloor.extract import registry

    (tmp_path / "c.txt").write_text(REPORTS["c"], encoding="utf-8")
    db = kb_url
    _run("ingest", str(tmp_path / "c.txt"), "--db", db)
    before = _claims(db)
    fighters = next(i for i, c in before.items() if c["predicate"] == "fighters")
    _run("review", fighters, "--reject", "--db", db)
    stage_name = before[fighters]["extractor"].rsplit(".v", 1)[0]
    old = next(s for s in registry.STAGES if s.name == stage_name)

    def no_fighters(document, analysis, reference):  # the new version reads no strength
        out = old.run(document, analysis, reference)
        out.claims = [c for c in out.claims if c.predicate != "fighters"]
        return out

    monkeypatch.setattr(registry, "STAGES", tuple(
        dataclasses.replace(s, version=s.version + 1, run=no_fighters) if s is old else s
        for s in registry.STAGES))
    out = _run("reprocess", "--db", db)
    assert "(reject by " in out and f"lost its claim {fighters}" in out
    after = _claims(db)
    assert fighters not in after and set(after) == set(before) - {fighters}
    with open_knowledge_base(db) as kb:  # retired, not removed
        assert kb.conn.execute("SELECT deleted IS NOT NULL FROM claims WHERE id = ?",
                               (fighters,)).fetchone()[0]


def test_identity_a_base_from_before_migration_3_is_upgraded(kb_url: str,
                                                             monkeypatch) -> None:
    """A base made before soft deletion gains its columns on open; a migration numbered
    below one the base already has (branches merged out of order) is still applied."""
    from watchfloor.store import pg_schema, schema

    real = list(schema.MIGRATIONS)

    def only(numbers: set[int]) -> None:  # this code, knowing only these migrations
        for module in (schema, pg_schema):
            monkeypatch.setattr(module, "MIGRATIONS", [m for m in real if m[0] in numbers])

    with first_schema_base(kb_url):  # made before soft deletion: migration 1 only
        pass
    # a branch merged later (2, and 4 which rebuilds 2's views)
    only({m[0] for m in real} - {2, 4})
    open_knowledge_base(kb_url).close()
    only({m[0] for m in real})
    with pytest.raises(StoreError, match="needs upgrading"):
        open_knowledge_base(kb_url, readonly=True)
    kb = open_knowledge_base(kb_url)
    kb.write_extraction(_versions(TEXT, "It has 200 men"), model="m")
    assert len(kb.claims()) == 2
    assert [r[0] for r in kb.conn.execute("SELECT id FROM migrations ORDER BY id")] == [
        m[0] for m in real]
    kb.close()
