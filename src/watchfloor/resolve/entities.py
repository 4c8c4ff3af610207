"""Cross-document entity resolution: the machine's judgements on pairs of entities.

Why pairs judged from the whole neighbourhood, not "the first stored entity wins": an
entity that a new document brings is compared with every stored entity of its type that
shares one of its distinctive names (the store finds them by normalised alias), and the
decision is a function of those names alone, never of which document came first. So the
same documents in any order give the same judgements, and so the same canonical entities
(``resolve.canonical`` derives them from the log). A judgement is logged like an
analyst's (who "watchfloor", score, reasons; nomenklatura's resolver edges), and an
analyst's merge or split of the pair outranks it.

The rule: two entities of one type that share a distinctive name are the same, unless one
of them is *ambiguous*: it shares names with two entities that share none with each
other ("AB" of "Alpha Brigade" and of "Alpha Battalion"), so no single match exists.
Entities with a catalogue id are never matched by alias: the catalogue already said what
they are, and their id is the catalogue's, the same in every document.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from watchfloor.names import normalise_alias

#: The reviewer name of machine judgements in the log (as for event merges).
MACHINE = "watchfloor"
SAME, DIFFERENT = "same", "different"

#: Scores: a shared name that is one side's own name, a shared alias only, and no match.
NAME_SCORE, ALIAS_SCORE, AMBIGUOUS_SCORE = 0.95, 0.8, 0.0


@dataclass(frozen=True)
class Candidate:
    """A stored entity as matching sees it: its distinctive names, normalised -> as
    written (one spelling per normalised name, the first in sort order)."""

    id: str
    type: str
    name: str
    names: Mapping[str, str] = field(default_factory=dict)
    catalogue_id: str | None = None


@dataclass(frozen=True)
class PairJudgement:
    """The machine's decision on an (ordered, ``a < b``) pair of entities."""

    a: str
    b: str
    decision: str  # SAME | DIFFERENT
    score: float
    reasons: tuple[str, ...]


def pair(x: str, y: str) -> tuple[str, str]:
    return (x, y) if x <= y else (y, x)


class _Index:
    """Which known entities share a distinctive name with which, by type."""

    def __init__(self, known: Mapping[str, Candidate]) -> None:
        self.known = known
        self.by_norm: dict[tuple[str, str], set[str]] = {}
        for c in known.values():
            if c.catalogue_id is None:
                for norm in c.names:
                    self.by_norm.setdefault((c.type, norm), set()).add(c.id)

    def candidates(self, entity: str) -> set[str]:
        c = self.known.get(entity)
        if c is None or c.catalogue_id is not None:
            return set()
        found: set[str] = set()
        for norm in c.names:
            found |= self.by_norm.get((c.type, norm), set())
        return found - {entity}

    def shared(self, x: str, y: str) -> list[str]:
        return sorted(set(self.known[x].names) & set(self.known[y].names))

    def ambiguity(self, entity: str) -> tuple[str, str] | None:
        """Two of the entity's candidates that share no name with each other, or None."""
        found = sorted(self.candidates(entity))
        for i, y in enumerate(found):
            for z in found[i + 1:]:
                if not self.shared(y, z):
                    return y, z
        return None


#: How many hops of shared names ``judge`` needs loaded around the focus: the pairs of
#: the focus and of its candidates are judged, and a judgement reads both ends' candidates
#: and whether those share a name (is one end ambiguous?), so three hops.
HOPS = 3


def judge(focus: Iterable[str], known: Mapping[str, Candidate]) -> list[PairJudgement]:
    """The machine's judgement on every pair the focus entities' names could change:
    the focus against its candidates, and its candidates against theirs (one of them may
    have become ambiguous). ``known`` holds the entities within ``HOPS`` hops."""
    index = _Index(known)
    scope = set(focus)
    for f in list(scope):
        scope |= index.candidates(f)
    out: dict[tuple[str, str], PairJudgement] = {}
    for w in sorted(scope):
        for z in sorted(index.candidates(w)):
            key = pair(w, z)
            if key not in out:
                out[key] = _judge_pair(index, *key)
    return [out[k] for k in sorted(out)]


def _judge_pair(index: _Index, a: str, b: str) -> PairJudgement:
    ca, cb = index.known[a], index.known[b]
    shared = index.shared(a, b)
    for who in (a, b):
        two = index.ambiguity(who)
        if two is not None:
            return PairJudgement(a, b, DIFFERENT, AMBIGUOUS_SCORE, (
                f"ambiguous: {who} matches 2 candidates that share no name"
                f" ({two[0]}, {two[1]})",))
    spelled = []
    for norm in shared:
        x, y = ca.names[norm], cb.names[norm]
        spelled.append(f"alias {x!r} and {y!r} match" if x != y else f"alias {x!r} shared")
    own = {normalise_alias(ca.name), normalise_alias(cb.name)} & set(shared)
    score = NAME_SCORE if own else ALIAS_SCORE
    return PairJudgement(a, b, SAME, score, (
        *spelled, f"unique alias match of type {ca.type}"))

