"""Merges of events across documents as judgements in the log: machine-made ones recorded
with their score and reasons, analysts' merges and splits that override them.

Why a log and not a column: a merge is a judgement (nomenklatura's resolver edges), so
it is written once, never overwritten, and read back with who made it. The machine's
merges are derived from the events (``resolve.event_groups`` keeps the groups as
documents and judgements arrive) and each new one is written into the log in the same
transaction as the group it makes, so an analyst can read them in ``timeline`` and the
dossier and see when they were made. An
analyst's ``split --event`` keeps an event apart from the members it left; ``merge
--event`` puts two events together whatever the tests say. The latest decision on a pair
wins. Rows are logged with target kind ``event_link`` so an event's own latest review
(accept, reject, correct) stays its verdict.
"""

from __future__ import annotations

from typing import Any

from watchfloor.exceptions import WatchfloorError
from watchfloor.resolve.events import MACHINE, Links
from watchfloor.store.base import KnowledgeBase, Row
from watchfloor.store.event_groups import GroupQuery

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
    """Log the machine-made merges of the stored groups not yet in the log; how many were
    new. The store logs them as it writes the groups, so this finds none on a base kept
    by this version; it remains for bases whose log lost them."""
    logged = {(str(r["changes"].get("with")), r["target"]) for r in kb.event_judgements()
              if r["reviewer"] == MACHINE and r["decision"] == "merge"}
    new: list[_Row] = []
    for group in kb.iter_event_groups(GroupQuery(merged_only=True)):
        for m in group["merge"]:
            a, b = m["members"]
            if m["by"] == MACHINE and (a, b) not in logged:
                new.append((b, "merge", {"with": a, "score": m["score"],
                                         "reasons": m["reasons"]}, MACHINE, None))
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
    group = kb.groups_of([member]).get(member)
    members = kb.group_members([group]).get(group, []) if group else []
    others = [m for m in members if m != member]
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
