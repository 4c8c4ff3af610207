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
of them is *ambiguous*: it shares aliases with two entities that share no name with each
other, and names neither of them ("AB or BF" of a third group, beside "Alpha Brigade
(AB)" and "Bravo Front (BF)"), so no single match exists.
Entities with a catalogue id are never matched by alias: the catalogue already said what
they are, and their id is the catalogue's, the same in every document. Nor are two places
the gazetteer found ("Khost" the city and "Khost" the province): it already told them
apart; a place it did not find may match one it did. A name carried by more than
``MAX_SHARED`` entities of a type (a surname) matches none of them, and the matches it
made while it was rare are judged again as "different".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from watchfloor.names import normalise_alias

#: The reviewer name of machine judgements in the log (as for event merges).
MACHINE = "watchfloor"
SAME, DIFFERENT = "same", "different"

#: A name carried by more entities of one type than this identifies none of them (a
#: surname, a town's name): it is left out of matching, as a generic surface is.
MAX_SHARED = 25

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
    located: bool = False  # a place the gazetteer found (it has a country or coordinates)


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
    """Which known entities share a distinctive name with which, by type (each answer
    computed once: a judgement asks the same entity's candidates many times)."""

    def __init__(self, known: Mapping[str, Candidate],
                 common: Iterable[tuple[str, str]] = ()) -> None:
        self.known = known
        self.own = {c.id: normalise_alias(c.name) for c in known.values()}
        holders: dict[tuple[str, str], set[str]] = {}
        for c in known.values():
            if c.catalogue_id is None:
                for norm in c.names:
                    holders.setdefault((c.type, norm), set()).add(c.id)
        self.common = {k for k, ids in holders.items() if len(ids) > MAX_SHARED} | set(common)
        self.by_norm = {k: ids for k, ids in holders.items() if k not in self.common}
        #: each entity's names that can still tell it apart (not too common)
        self.names = {c.id: frozenset(n for n in c.names if (c.type, n) not in self.common)
                      for c in known.values()}
        self._candidates: dict[str, frozenset[str]] = {}
        self._ambiguity: dict[str, tuple[str, str] | None] = {}

    def candidates(self, entity: str) -> frozenset[str]:
        if entity not in self._candidates:
            c = self.known.get(entity)
            found: set[str] = set()
            if c is not None and c.catalogue_id is None:
                for norm in self.names[entity]:
                    found |= self.by_norm.get((c.type, norm), set())
                if c.located:  # two places on the map are two places, whatever the names
                    found = {f for f in found if not self.known[f].located}
            self._candidates[entity] = frozenset(found - {entity})
        return self._candidates[entity]

    def shared(self, x: str, y: str) -> list[str]:
        return sorted(self.names[x] & self.names[y])

    def too_common(self, x: str, y: str) -> list[str]:
        """The names the two share that too many entities of their type carry."""
        cx = self.known[x]
        return sorted(n for n in cx.names.keys() & self.known[y].names.keys()
                      if (cx.type, n) in self.common)

    def by_name(self, x: str, y: str) -> bool:
        """Whether one of the two is named (its own name, not only an alias) by the other."""
        return self.own[y] in self.names[x] or self.own[x] in self.names[y]

    def ambiguity(self, entity: str) -> tuple[str, str] | None:
        """Two of the entity's candidates that cannot both be it, or None: two places on
        the map, or two that share no name with each other and that it reaches only
        through their aliases, neither by its name ("AB or BF" of a third group, not
        "Islamic State" that also says "ISIS")."""
        if entity not in self._ambiguity:
            placed = sorted(c for c in self.candidates(entity) if self.known[c].located)
            if len(placed) > 1:  # two places on the map: it cannot be both
                self._ambiguity[entity] = (placed[0], placed[1])
                return self._ambiguity[entity]
            self._ambiguity[entity] = self._disjoint_pair(entity, sorted(
                c for c in self.candidates(entity) if not self.by_name(entity, c)))
        return self._ambiguity[entity]

    def _disjoint_pair(self, entity: str, found: list[str]) -> tuple[str, str] | None:
        """The first two of ``found`` that share no name. Candidates are bucketed by which
        of the entity's names they carry: two in overlapping buckets share one, so only
        pairs across disjoint buckets are compared (a common name shared by hundreds of
        candidates costs one pass, not a square)."""
        own = self.names[entity]
        buckets: dict[frozenset[str], list[str]] = {}
        for c in found:
            buckets.setdefault(own & self.names[c], []).append(c)
        keys = sorted(buckets, key=sorted)
        for i, k1 in enumerate(keys):
            for k2 in keys[i + 1:]:
                if not k1.isdisjoint(k2):
                    continue
                for y in buckets[k1]:
                    for z in buckets[k2]:
                        if self.names[y].isdisjoint(self.names[z]):
                            return (y, z) if y < z else (z, y)
        return None


#: How many hops of shared names ``judge`` needs loaded around the focus: the pairs of
#: the focus and of its candidates are judged, and a judgement reads both ends' candidates
#: and whether those share a name (is one end ambiguous?), so three hops.
HOPS = 3


def judge(focus: Iterable[str], known: Mapping[str, Candidate],
          unsettled: Iterable[str] = (),
          linked: Iterable[tuple[str, str]] = (),
          common: Iterable[tuple[str, str]] = ()) -> list[PairJudgement]:
    """The machine's judgement on every pair the focus entities' names could change:
    the focus against its candidates, and those candidates against theirs when one may
    have become ambiguous or stopped being so (it is ambiguous now, or ``unsettled``: the
    log holds a "different" on one of its pairs); and the ``linked`` pairs (the log's
    machine "same") that are no longer candidates at all: their name became too common.
    Any other pair's judgement cannot have changed. ``known`` holds the entities within
    ``HOPS`` hops, but not every carrier of a name the store counted ``common`` (type,
    normalised name) already."""
    index = _Index(known, common)
    focus = set(focus)
    unsettled = set(unsettled)
    scope = set(focus)
    for f in focus:
        scope |= {c for c in index.candidates(f)
                  if c in unsettled or index.ambiguity(c) is not None}
    out: dict[tuple[str, str], PairJudgement] = {}
    for w in sorted(scope):
        for z in sorted(index.candidates(w)):
            key = pair(w, z)
            if key not in out:
                out[key] = _judge_pair(index, *key)
    for a, b in linked:
        if a in known and b in known and b not in index.candidates(a):
            worn = index.too_common(a, b)
            why = (f"no name left in common: {', '.join(map(repr, worn))} is carried by more"
                   f" than {MAX_SHARED} entities of type {known[a].type}" if worn
                   else "no name left in common")
            out[(a, b)] = PairJudgement(a, b, DIFFERENT, AMBIGUOUS_SCORE, (why,))
    return [out[k] for k in sorted(out)]


def _judge_pair(index: _Index, a: str, b: str) -> PairJudgement:
    ca, cb = index.known[a], index.known[b]
    shared = index.shared(a, b)
    for who in (a, b):
        two = index.ambiguity(who)
        if two is not None:
            return PairJudgement(a, b, DIFFERENT, AMBIGUOUS_SCORE, (
                f"ambiguous: {who} matches 2 candidates that cannot be one"
                f" ({two[0]}, {two[1]})",))
    spelled = []
    for norm in shared:  # a candidate pair shares at least one name that is not common
        x, y = ca.names[norm], cb.names[norm]
        spelled.append(f"alias {x!r} and {y!r} match" if x != y else f"alias {x!r} shared")
    own = {normalise_alias(ca.name), normalise_alias(cb.name)} & set(shared)
    score = NAME_SCORE if own else ALIAS_SCORE
    return PairJudgement(a, b, SAME, score, (
        *spelled, f"unique alias match of type {ca.type}"))

