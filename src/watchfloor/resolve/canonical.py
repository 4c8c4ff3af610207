"""Canonical entity ids, derived from the judgement log.

Why derived, and how: the log holds the machine's pair judgements (``resolve.entities``)
and the analysts' merges and splits, in one table, never overwritten. What an entity
*is* — the id its claims are read under — is a function of that log alone, so a rebuild
from the log gives the same base, whatever order documents and judgements came in. The
store keeps the result in the ``merged_into`` column for fast reading and recomputes it,
in the transaction of each new judgement, for the entities that judgement can reach.

The fold, in order of authority:
1. per pair, the latest analyst word (merge or split) beats any machine judgement;
2. analysts' merges join entities unconditionally, the kept entity naming the whole;
3. an analyst's split keeps the entity apart from every member it left (cannot-links);
4. the machine's "same" pairs join what the cannot-links allow, best score first; an
   entity whose machine matches fall in two groups an analyst keeps apart matches
   neither (it is ambiguous now), rather than the one that sorts first.
A group's id is an analyst's kept entity if it has one, else its smallest id.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from watchfloor.resolve.entities import DIFFERENT, MACHINE, SAME, pair

ANALYST = "analyst"


@dataclass(frozen=True)
class Link:
    """The latest word of one source (``MACHINE`` or ``ANALYST``) on a pair ``a < b``."""

    a: str
    b: str
    source: str
    decision: str  # SAME | DIFFERENT
    keep: str | None  # an analyst's merge: the entity kept
    score: float | None
    review: int


def links_of(row: Mapping[str, Any]) -> list[Link]:
    """The pair links one ``entity`` row of the log stands for (a machine judgement, an
    analyst's merge, an analyst's split from each member it left)."""
    changes, target, review = row["changes"], str(row["target"]), int(row["id"])
    decision = row["decision"]
    if row["reviewer"] == MACHINE and decision in (SAME, DIFFERENT) and changes.get("with"):
        a, b = pair(target, str(changes["with"]))
        return [Link(a, b, MACHINE, decision, None, changes.get("score"), review)]
    if decision == "merge" and changes.get("merged_into"):
        into = str(changes["merged_into"])
        a, b = pair(target, into)
        return [Link(a, b, ANALYST, SAME, into, None, review)]
    if decision == "split":
        others = changes.get("from") or [changes.get("was_merged_into")]
        return [Link(*pair(target, str(o)), ANALYST, DIFFERENT, None, None, review)
                for o in others if o and o != target]
    return []


class _Groups:
    """Union-find whose roots are the groups' ids (pinned roots: analysts' kept ones)."""

    def __init__(self, members: Iterable[str]) -> None:
        self.parent = {m: m for m in members}
        self.pinned: set[str] = set()

    def find(self, x: str) -> str:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def join(self, x: str, y: str, keep: str | None = None) -> None:
        rx, ry = self.find(x), self.find(y)
        if rx == ry:
            return
        if keep is not None:
            root = self.find(keep)
            self.pinned.add(root)
        elif (rx in self.pinned) != (ry in self.pinned):
            root = rx if rx in self.pinned else ry
        else:
            root = min(rx, ry)
        other = ry if root == rx else rx
        self.parent[other] = root


def canonical_ids(members: Iterable[str], links: Iterable[Link]) -> dict[str, str]:
    """Every member's canonical id (its own id when it stands alone). ``members`` must be
    closed under "same" links (the store passes whole reachable groups)."""
    groups = _Groups(members)
    latest: dict[tuple[str, str], Link] = {}
    machine: dict[tuple[str, str], Link] = {}
    for link in sorted(links, key=lambda k: k.review):
        if link.a not in groups.parent or link.b not in groups.parent:
            continue
        (latest if link.source == ANALYST else machine)[(link.a, link.b)] = link
    for link in sorted(latest.values(), key=lambda k: k.review):
        if link.decision == SAME:
            groups.join(link.a, link.b, keep=link.keep)
    apart = [k for k, link in latest.items() if link.decision == DIFFERENT]

    def kept_apart(x: str, y: str) -> bool:
        """Whether x's and y's groups are two that an analyst's split keeps apart."""
        rx, ry = groups.find(x), groups.find(y)
        return rx != ry and any({groups.find(u), groups.find(v)} == {rx, ry} for u, v in apart)

    same = [k for k, link in machine.items() if link.decision == SAME and k not in latest]
    partners: dict[str, list[str]] = {}
    for a, b in same:
        partners.setdefault(a, []).append(b)
        partners.setdefault(b, []).append(a)
    ambiguous = {x for x, ps in partners.items()
                 if any(kept_apart(p, q) for i, p in enumerate(ps) for q in ps[i + 1:])
                 } if apart else set()
    for a, b in sorted(same, key=lambda k: (-(machine[k].score or 0.0), k)):
        if a in ambiguous or b in ambiguous or kept_apart(a, b):
            continue
        groups.join(a, b)
    return {m: groups.find(m) for m in groups.parent}
