"""Entity resolution is a log: the machine's judgements on pairs of entities, with score
and reasons, beside the analysts' merges and splits; canonical ids derived from it."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from watchfloor.resolve.canonical import ANALYST, Link, canonical_ids
from watchfloor.resolve.entities import MACHINE, Candidate, judge
from watchfloor.resolve.judgements import merge_entities, split_entity
from watchfloor.store.base import ClaimFilter, KnowledgeBase
from watchfloor.store.opening import open_knowledge_base

from conftest import make_extraction

ALPHA = ("armed_group:alpha brigade", "armed_group", "Alpha Brigade", ["Alpha Brigade", "AB"])
AB = ("armed_group:ab", "armed_group", "AB")
BRAVO = ("armed_group:bravo front", "armed_group", "Bravo Front", ["Bravo Front", "BF"])
# names both "AB" and "BF", which no other entity does together: no single match exists
BRIDGE = ("armed_group:north coalition", "armed_group", "North Coalition",
          ["North Coalition", "AB", "BF"])
HYPHEN = ("person:omar al-badri", "person", "Omar al-Badri")
SPACED = ("person:omar al badri", "person", "Omar al Badri")

DOCS = {
    "alpha": make_extraction("The Alpha Brigade (AB) has 300 fighters, Omar al-Badri said.",
                             [ALPHA, HYPHEN],
                             [(ALPHA[0], "fighters", None, "has 300 fighters", {"low": 300.0})]),
    "ab": make_extraction("AB has 500 fighters near the river.", [AB],
                          [(AB[0], "fighters", None, "has 500 fighters", {"low": 500.0})]),
    "bravo": make_extraction("The Bravo Front fought AB in the hills, Omar al Badri said.",
                             [BRAVO, AB, SPACED],
                             [(BRAVO[0], "hostile_to", AB[0], "fought AB in the hills")]),
    "bridge": make_extraction("The North Coalition, which some call AB or BF, has 90 fighters.",
                              [BRIDGE],
                              [(BRIDGE[0], "fighters", None, "has 90 fighters",
                                {"low": 90.0})]),
}


@contextmanager
def fresh_bases(kb_url: str, request: pytest.FixtureRequest, n: int) -> Iterator[
        list[KnowledgeBase]]:
    """``n`` empty knowledge bases on the backend ``kb_url`` names."""
    if kb_url.startswith("postgresql"):
        from watchfloor.store.pg_cluster import create_database, drop_database

        server = request.getfixturevalue("postgres_server")
        urls = [create_database(server) for _ in range(n)]
    else:
        urls = [f"{kb_url}.{i}" for i in range(n)]
    bases = [open_knowledge_base(u) for u in urls]
    try:
        yield bases
    finally:
        for b in bases:
            b.close()
        if kb_url.startswith("postgresql"):
            for u in urls:
                drop_database(server, u)


def _canonical(kb: KnowledgeBase) -> dict[str, str]:
    names = kb.entity_names()
    return {e: kb.canonical(e) for e in sorted(names)}


def _ingest(kb: KnowledgeBase, *names: str, replace: bool = False) -> None:
    for name in names:
        kb.write_extraction(DOCS[name], model="m", replace=replace)


def test_entity_resolution_same_documents_in_any_order_same_claims_and_entities(
        kb_url, request) -> None:
    orders = [sorted(DOCS), sorted(DOCS, reverse=True)]
    shuffled = sorted(DOCS)
    random.Random(13).shuffle(shuffled)
    orders.append(shuffled)
    seen = []
    with fresh_bases(kb_url, request, len(orders)) as bases:
        for kb, order in zip(bases, orders, strict=True):
            _ingest(kb, *order)
            claims = {c["id"]: (c["subject"], c["object"]) for c in kb.claims()}
            entities = [(e["id"], e["name"], e["mentions"]) for e in kb.entities()]
            seen.append((claims, entities, _canonical(kb)))
    assert all(s == seen[0] for s in seen)
    claims, entities, canonical = seen[0]
    assert set(claims) == {c.id for d in DOCS.values() for c in d.claims}
    # AB is the Alpha Brigade; the coalition that is also called BF matches neither
    assert canonical[ALPHA[0]] == canonical[AB[0]] == AB[0]
    assert canonical[BRIDGE[0]] == BRIDGE[0] and canonical[BRAVO[0]] == BRAVO[0]
    assert canonical[HYPHEN[0]] == canonical[SPACED[0]]
    assert ("armed_group:ab", "AB", 3) in entities


def test_entity_resolution_machine_judgement_is_logged_with_score_and_reasons(kb) -> None:
    _ingest(kb, "alpha", "ab")
    [row] = kb.resolution_log(AB[0])
    assert (row["reviewer"], row["decision"], row["target"]) == (MACHINE, "same", AB[0])
    assert row["changes"]["with"] == ALPHA[0] and row["changes"]["score"] == 0.95
    assert row["changes"]["reasons"] == ["alias 'AB' shared",
                                         "unique alias match of type armed_group"]
    _ingest(kb, "alpha", "ab", replace=True)  # what reprocess does: judged once
    assert len(kb.resolution_log(AB[0])) == 1
    assert kb.judgements(AB[0])[0]["id"] == row["id"]  # the same log the analysts write


def test_entity_resolution_ambiguous_aliases_do_not_merge(kb) -> None:
    _ingest(kb, "alpha", "bravo", "bridge")
    assert kb.canonical(BRIDGE[0]) == BRIDGE[0]
    assert kb.canonical(BRAVO[0]) == BRAVO[0]
    rows = kb.resolution_log(BRIDGE[0])
    assert {r["decision"] for r in rows} == {"different"}
    assert {r["changes"]["score"] for r in rows} == {0.0}
    assert all(r["changes"]["reasons"][0].startswith(
        f"ambiguous: {BRIDGE[0]} matches 2 candidates") for r in rows)
    assert len(kb.claims(ClaimFilter(entity=BRIDGE[0]))) == 1


def test_entity_resolution_split_after_machine_merge_survives_reprocess(kb) -> None:
    _ingest(kb, "alpha", "ab")
    assert kb.canonical(ALPHA[0]) == AB[0]
    entity, was = split_entity(kb, ALPHA[0], reviewer="ana", note="another group")
    assert (entity, was) == (ALPHA[0], AB[0])
    assert kb.canonical(ALPHA[0]) == ALPHA[0]
    _ingest(kb, "alpha", "ab", replace=True)
    _ingest(kb, "ab")  # re-ingest changes nothing either
    assert kb.canonical(ALPHA[0]) == ALPHA[0] and kb.canonical(AB[0]) == AB[0]
    assert {c["subject"] for c in kb.claims(ClaimFilter(entity=ALPHA[0]))} == {ALPHA[0]}
    # a third "AB" could be either of the two the analyst keeps apart: it joins neither
    _ingest(kb, "bravo")
    assert kb.canonical(AB[0]) == AB[0] and kb.canonical(ALPHA[0]) == ALPHA[0]
    assert [r["reviewer"] for r in kb.resolution_log(ALPHA[0])] == [MACHINE, "ana"]


def test_entity_resolution_analyst_merge_beats_machine_different(kb) -> None:
    _ingest(kb, "alpha", "bravo", "bridge")
    merge_entities(kb, BRAVO[0], BRIDGE[0], reviewer="ana")
    assert kb.canonical(BRIDGE[0]) == BRAVO[0]
    _ingest(kb, "alpha", "bravo", "bridge", replace=True)
    assert kb.canonical(BRIDGE[0]) == BRAVO[0]
    assert kb.find_entity("North Coalition")["id"] == BRAVO[0]


def test_entity_resolution_rebuild_from_the_log_gives_the_same_ids(kb) -> None:
    _ingest(kb, "alpha", "ab", "bravo", "bridge")
    merge_entities(kb, BRAVO[0], BRIDGE[0], reviewer="ana")
    split_entity(kb, SPACED[0], reviewer="ana")
    before = _canonical(kb)
    kb.rebuild_resolution()
    assert _canonical(kb) == before
    assert before[SPACED[0]] == SPACED[0] and before[BRIDGE[0]] == BRAVO[0]


def _names(eid: str, etype: str, *names: str) -> Candidate:
    from watchfloor.names import normalise_alias

    located = "@" in names  # a test's mark for a place with coordinates
    names = tuple(n for n in names if n != "@")
    return Candidate(eid, etype, names[0], {normalise_alias(n): n for n in names},
                     located=located)


@pytest.mark.parametrize(("known", "expected"), [
    # one shared name: the same
    ([("a", "g", "Alpha", "AB"), ("b", "g", "AB")], {("a", "b"): "same"}),
    # spellings that normalise alike
    ([("a", "g", "al-Qaeda"), ("b", "g", "Al Qaeda")], {("a", "b"): "same"}),
    # another type is never a candidate
    ([("a", "g", "AB"), ("b", "person", "AB")], {}),
    # three that all share the name: one entity
    ([("a", "g", "AB"), ("b", "g", "AB", "X"), ("c", "g", "AB", "Y")],
     {("a", "b"): "same", ("a", "c"): "same", ("b", "c"): "same"}),
    # two places on the map are two places; one off the map may match one of them
    ([("a", "location", "Khost", "@"), ("b", "location", "Khost", "@"),
      ("c", "location", "KHOST")], {("a", "c"): "different", ("b", "c"): "different"}),
    ([("a", "location", "Khost", "@"), ("c", "location", "KHOST")], {("a", "c"): "same"}),
    # a bridge between two that share nothing is ambiguous
    ([("a", "g", "A1", "AB"), ("b", "g", "B1", "BF"), ("c", "g", "C1", "AB", "BF")],
     {("a", "c"): "different", ("b", "c"): "different"}),
])
def test_entity_resolution_judge_rule(known, expected) -> None:
    candidates = {k[0]: _names(*k) for k in known}
    full = {(j.a, j.b): j.decision for j in judge(candidates, candidates)}
    assert full == expected
    for focus in candidates:  # whichever came last, its pairs are judged the same way
        part = {(j.a, j.b): j.decision for j in judge([focus], candidates)}
        assert part.items() <= full.items()


def _link(a: str, b: str, source: str, decision: str, review: int, keep: str | None = None,
          score: float | None = 0.9) -> Link:
    return Link(a, b, source, decision, keep, score, review)


@pytest.mark.parametrize(("links", "expected"), [
    ([_link("a", "b", MACHINE, "same", 1)], {"a": "a", "b": "a"}),
    # the analyst's split of the pair beats the machine's match
    ([_link("a", "b", MACHINE, "same", 1), _link("a", "b", ANALYST, "different", 2)],
     {"a": "a", "b": "b"}),
    # the analyst's merge beats the machine's "different"; the kept entity names the group
    ([_link("a", "b", MACHINE, "different", 1, score=0.0),
      _link("a", "b", ANALYST, "same", 2, keep="b")], {"a": "b", "b": "b"}),
    # c matches a and b, which an analyst keeps apart: c joins neither
    ([_link("a", "c", MACHINE, "same", 1), _link("b", "c", MACHINE, "same", 2),
      _link("a", "b", ANALYST, "different", 3)], {"a": "a", "b": "b", "c": "c"}),
    # the latest analyst word on a pair wins
    ([_link("a", "b", ANALYST, "same", 1, keep="a"), _link("a", "b", ANALYST, "different", 2),
      _link("a", "b", ANALYST, "same", 3, keep="b")], {"a": "b", "b": "b"}),
])
def test_entity_resolution_canonical_ids_fold(links, expected) -> None:
    assert canonical_ids(expected, links) == expected
    assert canonical_ids(expected, list(reversed(links))) == expected


def test_entity_resolution_show_says_who_matched_the_names_and_why(kb_url) -> None:
    from click.testing import CliRunner

    from watchfloor.cli.main import cli

    kb = open_knowledge_base(kb_url)
    _ingest(kb, "alpha", "ab")
    kb.close()
    result = CliRunner().invoke(cli, ["show", "Alpha Brigade", "--db", kb_url],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Names matched across documents" in result.output
    assert "watchfloor · 0.95" in result.output
    assert "unique alias match of type armed_group" in result.output


def test_entity_resolution_a_base_from_before_the_log_keeps_its_analysts_merges(
        kb_url) -> None:
    """Migration 7 on a base from before it: its aliases become matching names, its
    analysts' merges and splits links (the latest on a pair winning), and the merged ids
    derived from them again are the ones it had."""
    kb = open_knowledge_base(kb_url)
    _ingest(kb, "alpha", "bravo")
    for table in ("entity_links", "entity_names"):
        kb.conn.execute(f"DROP TABLE {table}")
    kb.conn.execute("DELETE FROM migrations WHERE id = 7")
    kb.conn.execute("UPDATE entities SET merged_into = NULL")
    kb.conn.execute("DELETE FROM reviews WHERE target_kind = 'entity'")  # no machine's yet
    kb.log_judgements([  # what the old merge and split logged
        ("entity", SPACED[0], "merge", {"merged_into": HYPHEN[0]}, "ana", None),
        ("entity", ALPHA[0], "merge", {"merged_into": BRAVO[0]}, "ana", None),
        ("entity", ALPHA[0], "split", {"was_merged_into": BRAVO[0]}, "ana", None)])
    kb.conn.execute("UPDATE entities SET merged_into = ? WHERE id = ?", (HYPHEN[0], SPACED[0]))
    kb.close()
    kb = open_knowledge_base(kb_url)
    try:
        before = _canonical(kb)
        assert before[SPACED[0]] == HYPHEN[0] and before[ALPHA[0]] == ALPHA[0]
        kb.rebuild_resolution()
        assert _canonical(kb) == before
        # a new entity is matched by the names the old base had
        kb.write_extraction(make_extraction("The AB group grew.", [
            ("armed_group:ab group", "armed_group", "AB group", ["AB group", "AB"])]), model="m")
        assert {kb.canonical(e) for e in ("armed_group:ab group", ALPHA[0], AB[0])} == {AB[0]}
    finally:
        kb.close()


def test_entity_resolution_a_matched_entity_is_found_by_every_name(kb) -> None:
    from watchfloor.exceptions import NotFoundError

    _ingest(kb, "alpha", "ab")
    assert kb.find_entity("Alpha Brigade")["id"] == AB[0]
    assert "Alpha Brigade" in kb.aliases(AB[0])
    with pytest.raises(NotFoundError, match="did you mean: AB"):
        kb.find_entity("Alpha Brigad")


REPORTS = {
    "long.txt": "Fighters of the Red Lantern Front (RLF) attacked a convoy near Kunduz on 3 May"
                " 2022, officials said.\n",
    "short.txt": "The RLF has about 300 fighters in northern Afghanistan, a UN report said in"
                 " June 2022.\n",
}


def test_entity_resolution_an_analysts_split_of_a_match_survives_reprocess_in_the_cli(
        tmp_path, kb_url) -> None:
    from click.testing import CliRunner

    from watchfloor.cli.main import cli

    def run(*args: str) -> str:
        result = CliRunner().invoke(cli, [*args, "--db", kb_url], env={"COLUMNS": "200"})
        assert result.exit_code == 0, result.output
        return result.output

    for name, text in REPORTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    run("ingest", str(tmp_path))
    with open_knowledge_base(kb_url, readonly=True) as kb:
        group = kb.find_entity("Red Lantern Front")
        members = kb.merged_ids(group["id"])
        assert len(members) == 2  # the acronym of one report is the group of the other
    assert "unique alias match" in run("show", "Red Lantern Front")
    absorbed = next(m for m in members if m != group["id"])
    assert run("split", absorbed).startswith(f"split {absorbed} from {group['id']}")
    run("reprocess", "--all")
    run("ingest", str(tmp_path))
    with open_knowledge_base(kb_url, readonly=True) as kb:
        assert kb.merged_ids(kb.canonical(absorbed)) == [absorbed]
        assert [r["reviewer"] for r in kb.resolution_log(absorbed)][-1] != "watchfloor"


def test_entity_resolution_a_name_too_common_matches_no_one(kb) -> None:
    """A surname carried by more people than ``MAX_SHARED`` identifies none of them: the
    matches it made while it was rare are undone in the log, whatever the order."""
    from watchfloor.resolve.entities import MAX_SHARED

    people = [(f"person:p{i} haddad", "person", f"Nour{i} Haddad", [f"Nour{i} Haddad", "Haddad"])
              for i in range(MAX_SHARED + 2)]
    for person in people:
        kb.write_extraction(make_extraction(f"{person[2]} spoke.", [person]), model="m")
    assert len(kb.entities("person")) == len(people)
    first, second = people[0][0], people[1][0]
    last = kb.resolution_log(first)[-1]
    assert (last["decision"], last["reviewer"]) == ("different", MACHINE)
    assert "'haddad' is carried by more than" in last["changes"]["reasons"][0]
    assert kb.canonical(second) == second


def _random_documents(seed: int, n: int = 24) -> list:
    """Documents naming groups by random mixes of a few names and acronyms (a shared
    acronym, a bridge, a name repeated under another key): the cases order could decide."""
    rng = random.Random(seed)
    names = ["Alpha Brigade", "AB", "Bravo Front", "BF", "Alpha Front", "AF", "Bravo Brigade"]
    docs = []
    for i in range(n):
        picked = sorted(rng.sample(names, rng.randint(1, 3)))
        key = f"armed_group:{picked[0].lower()}" if rng.random() < 0.5 else f"armed_group:g{i}"
        text = f"Report {i}: {' / '.join(picked)} fought."
        docs.append(make_extraction(text, [(key, "armed_group", picked[0], picked)]))
    return docs


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_entity_resolution_random_documents_any_order_same_groups_as_a_rebuild(
        new_kb_url, seed) -> None:
    docs = _random_documents(seed)
    seen = []
    for n in range(4):
        order = list(docs)
        random.Random(seed * 10 + n).shuffle(order)
        kb = open_knowledge_base(new_kb_url())
        for ex in order:
            kb.write_extraction(ex, model="m")
        groups = _canonical(kb)
        kb.rebuild_resolution()
        assert _canonical(kb) == groups
        seen.append(groups)
        kb.close()
    assert all(s == seen[0] for s in seen)


def test_entity_resolution_splitting_the_entity_a_group_is_read_under(kb) -> None:
    from watchfloor.exceptions import NotFoundError

    _ingest(kb, "alpha", "ab")
    assert split_entity(kb, AB[0], reviewer="ana") == (AB[0], ALPHA[0])
    assert kb.canonical(ALPHA[0]) == ALPHA[0] and kb.canonical(AB[0]) == AB[0]
    with pytest.raises(NotFoundError, match="not an entity merged with another"):
        split_entity(kb, AB[0], reviewer="ana")
