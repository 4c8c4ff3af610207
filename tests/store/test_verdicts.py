"""The ``verdicts`` table (kept in SQL by a trigger on the review log) agrees with the fold
that defines a verdict (``store.reviews.fold``), on any sequence of reviews: decisions in
any order, corrections of overlapping fields, values set to null, lists and numbers."""

from __future__ import annotations

import json
import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from watchfloor.store.opening import AnyKnowledgeBase, open_knowledge_base
from watchfloor.store.reviews import Verdict, fold

from conftest import first_schema_base

# no NUL: PostgreSQL's text and jsonb cannot hold U+0000 (the write fails with a StoreError);
# no lone surrogates (Cs): they are no UTF-8 text, so neither backend can store them
_TEXT = st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",))
VALUES = st.one_of(st.none(), st.integers(-5, 500), st.floats(0, 1e6, allow_nan=False),
                   st.text(_TEXT, max_size=6), st.lists(st.text(_TEXT, max_size=4), max_size=3))
CHANGES = st.dictionaries(st.sampled_from(["low", "high", "time", "subject", "perpetrators"]),
                          VALUES, max_size=3)
REVIEW = st.tuples(st.sampled_from(["claim", "event", "entity", "event_link"]),
                   st.sampled_from(["t1", "t2", "t3"]),
                   st.sampled_from(["accept", "reject", "correct", "merge", "split"]),
                   CHANGES, st.sampled_from(["ana", "bo"]))


def _expected(kb: AnyKnowledgeBase, kind: str) -> dict[str, Verdict]:
    return fold(kb.conn.execute(
        "SELECT target, decision, changes, reviewer, at FROM reviews WHERE target_kind = ?"
        " ORDER BY id", (kind,)))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(reviews=st.lists(REVIEW, max_size=12))
def test_verdicts_table_agrees_with_the_fold(kb, reviews) -> None:
    """On each backend (SQLite's trigger is a JSON query, PostgreSQL's a PL/pgSQL jsonb
    merge); each example's targets are its own, in the one base of the test."""
    tag = uuid.uuid4().hex[:8]
    kb.log_judgements([(kind, f"{tag}-{target}", decision, changes, who, None)
                       for kind, target, decision, changes, who in reviews])
    for kind in ("claim", "event"):
        mine = {t: v for t, v in kb.verdicts(kind).items() if t.startswith(tag)}
        assert mine == {t: v for t, v in _expected(kb, kind).items() if t.startswith(tag)}


def test_verdicts_older_bases_are_replayed_on_upgrade(kb_url: str) -> None:
    """A base whose reviews were logged before migration 3 folds them into verdicts when
    it is opened by this code."""
    log = [("claim", "c1", "correct", {"low": 46.0, "time": "2021"}),
           ("claim", "c1", "correct", {"time": None}),
           ("claim", "c1", "accept", {}),
           ("event", "e1", "reject", {}),
           ("entity", "x", "merge", {"merged_into": "y"})]
    with first_schema_base(kb_url) as execute:
        for kind, target, decision, changes in log:
            execute("INSERT INTO reviews (target_kind, target, decision, changes, reviewer,"
                    " at) VALUES (?, ?, ?, ?, 'ana', '2026-01-02')",
                    (kind, target, decision, json.dumps(changes)))
    with open_knowledge_base(kb_url) as kb:
        assert kb.verdicts("claim") == {"c1": Verdict("accept", {"low": 46.0, "time": None},
                                                      "ana", "2026-01-02")}
        assert kb.verdicts("event")["e1"].rejected
        assert [r["id"] for r in kb.judgements()] == [1, 2, 3, 4, 5]  # the log unchanged
