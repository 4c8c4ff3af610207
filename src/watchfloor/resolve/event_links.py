"""Merges of events across documents as judgements in the log: machine-made ones recorded
with their score and reasons, analysts' merges and splits that override them.

Why a log and not a column: a merge is a judgement (nomenklatura's resolver edges), so
it is written once, never overwritten, and read back with who made it. The machine's
merges are recomputed from the events every time (the tests of ``resolve.events`` are
deterministic), and ``record_merges`` writes each new one into the log after a batch, so
an analyst can read them in ``timeline`` and the dossier and see when they were made. An
analyst's ``split --event`` keeps an event apart from the members it left; ``merge
--event`` puts two events together whatever the tests say. The latest decision on a pair
wins. Rows are logged with target kind ``event_link`` so an event's own latest review
(accept, reject, correct) stays its verdict.
"""

from __future__ import annotations

from typing import Any

from watchfloor.exceptions import WatchfloorError
from watchfloor.resolve.events import MACHINE, Links, event_clusters
from watchfloor.store.base import KnowledgeBase, Row

KIND = "event_link"


def links_from_log(rows: list[Row]) -> Links:
    """Analysts' merges (pairs together) and splits (pairs apart), the latest word on a
    pair winning; machine merges decide nothing here (they are recomputed)."""
    state: dict[frozenset[str], tuple[str, str, tuple[str, str]]] = {}
    for r in rows:
        if r["reviewer"] == MACHINE:
            continue
        target = r["target"]
        if r["decision"] == "merge" and r["changes"].get("with"):
            other = str(r["changes"]["with"])
            state[frozenset((other, target))] = ("merge", r["reviewer"], (other, target))
        elif r["decision"] == "split":
            for other in r["changes"].get("from") or []:
                state[frozenset((str(other), target))] = ("split", r["reviewer"],
                                                          (str(other), target))
    together = {pair: who for decision, who, pair in state.values() if decision == "merge"}
    apart = frozenset(k for k, (decision, _, _) in state.items() if decision == "split")
    return Links(together=together, apart=apart)


_Row = tuple[str, str, dict[str, Any], str, str | None]


def _log(kb: KnowledgeBase, rows: list[_Row]) -> None:
    kb.log_judgements([(KIND, target, decision, changes, who, note)
                       for target, decision, changes, who, note in rows])


def record_merges(kb: KnowledgeBase) -> int:
    """Log every machine-made merge not yet in the log (who "watchfloor", score, reasons);
    returns how many were new. Run after a batch is ingested or reprocessed."""
    logged = {(str(r["changes"].get("with")), r["target"]) for r in kb.event_judgements()
              if r["reviewer"] == MACHINE and r["decision"] == "merge"}
    new: list[_Row] = []
    for cluster in event_clusters(kb):
        for a, b, j in cluster.judgements:
            if (a, b) in cluster.by or (a, b) in logged:
                continue
            new.append((b, "merge", {"with": a, "score": j.score, "reasons": list(j.reasons)},
                        MACHINE, None))
    if new:
        _log(kb, new)
    return len(new)


def _member(kb: KnowledgeBase, event: str) -> str:
    return str(kb.event(event)["id"])


def split_event(kb: KnowledgeBase, event: str, reviewer: str,
                note: str | None = None) -> tuple[str, list[str]]:
    """Take one report's event out of the merged event it is part of; it stays apart from
    those members from now on. Returns the event id and the members it left."""
    member = _member(kb, event)
    cluster = next((c for c in event_clusters(kb) if member in {m["id"] for m in c.members}),
                   None)
    others = [m["id"] for m in cluster.members if m["id"] != member] if cluster else []
    if not others:
        raise WatchfloorError(f"event {member!r} is not merged with any other",
                              "split takes a member of a merged event (see `watchfloor "
                              "timeline`)")
    _log(kb, [(member, "split", {"from": sorted(others)}, reviewer, note)])
    return member, sorted(others)


def merge_events(kb: KnowledgeBase, keep: str, absorb: str, reviewer: str,
                 note: str | None = None) -> tuple[str, str]:
    """An analyst's merge of two reports' events into one occurrence."""
    a, b = _member(kb, keep), _member(kb, absorb)
    if a == b:
        raise WatchfloorError(f"{keep!r} and {absorb!r} are the same event")
    _log(kb, [(b, "merge", {"with": a}, reviewer, note)])
    return a, b
