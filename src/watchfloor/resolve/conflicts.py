"""Disagreements between sources, listed side by side — never averaged away.

Four kinds:
- ``figure``: the same quantity about the same subject (a group's fighters, an event's
  killed) at overlapping times, given as different ranges by different documents or
  sources;
- ``relation``: the same pair said to be allied (or cooperating) and hostile in
  overlapping periods;
- ``leader``: two different leaders of one group at overlapping times;
- ``date``: the documents merged into one event give different dates.
Unknown times overlap everything: a figure with no date may contradict any other.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from itertools import chain, combinations
from typing import Any

from watchfloor.edtf import bounds, overlaps
from watchfloor.resolve.filters import ViewFilter
from watchfloor.store.base import KnowledgeBase, Row

FRIENDLY = ("allied_with", "cooperates_with")
HOSTILE = ("hostile_to",)
LEADER = "leader_of"


@dataclass
class Conflict:
    kind: str  # figure | relation | leader | date
    about: str  # entity or event id
    summary: str
    claims: list[Row] = field(default_factory=list)
    detail: dict[str, Any] = field(default_factory=dict)


def leading_claims(conflict: Conflict, most: int) -> list[Row]:
    """At most ``most`` of a conflict's claims, in their order: one of each value said
    first (a busy group's strength can clash in a thousand claims; the reader wants the
    different figures, not every repetition), then the others."""
    value = lambda c: (c["subject"] if conflict.kind == "leader"  # noqa: E731
                       else c["object"] or (c["low"], c["high"]))
    picked: dict[int, Row] = {}
    seen = set()
    for n, c in enumerate(conflict.claims):
        key = (c["predicate"], value(c))
        if key not in seen and len(picked) < most:
            seen.add(key)
            picked[n] = c
    for n, c in enumerate(conflict.claims):
        if len(picked) >= most:
            break
        picked.setdefault(n, c)
    return [picked[n] for n in sorted(picked)]


def _source_key(c: Row) -> tuple[str, str]:
    return (c["document"], c.get("attributed_to") or "")


def _where(c: Row) -> tuple[str, int]:
    """Where a claim is said: by document, then in the order the document says it (not
    by id, which is a hash)."""
    return c["document"], c["evidence"][0]["start"] if c.get("evidence") else 0


def _clashing(rows: list[Row]) -> list[Row]:
    """The claims that disagree with at least one other: another source, another range,
    at a time that can overlap. Counted, not compared pair by pair (a busy group has
    thousands of figures): claims are bucketed by their time's bounds, and a claim
    clashes when the overlapping buckets hold a claim of another source AND another
    range: all, less those of its source, less those of its range, plus those of both
    (which were taken away twice) is more than none."""
    buckets: dict[tuple[str | None, str | None], list[Row]] = defaultdict(list)
    for r in rows:
        buckets[bounds(r.get("time"))].append(r)
    counts = {}
    for key, members in buckets.items():
        counts[key] = (len(members), Counter(_source_key(b) for b in members),
                       Counter((b["low"], b["high"]) for b in members),
                       Counter((_source_key(b), (b["low"], b["high"])) for b in members))
    out = []
    for members in buckets.values():
        near = [counts[k] for k, m in buckets.items() if overlaps(members[0].get("time"),
                                                                   m[0].get("time"))]
        total = sum(n for n, _, _, _ in near)
        for a in members:
            source, figure = _source_key(a), (a["low"], a["high"])
            others = (total - sum(s[source] for _, s, _, _ in near)
                      - sum(f[figure] for _, _, f, _ in near)
                      + sum(sf[(source, figure)] for _, _, _, sf in near))
            if others > 0:
                out.append(a)
    position = {id(r): i for i, r in enumerate(rows)}
    return sorted(out, key=lambda r: position[id(r)])


def figure_conflicts(claims: Iterable[Row], quantity_names: set[str],
                     event_of: dict[str, str]) -> list[Conflict]:
    groups: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for c in claims:
        if c["predicate"] in quantity_names:
            subject = event_of.get(c["subject"]) or c["subject"]
            groups[(subject, c["predicate"])].append(c)
    out = []
    for (subject, predicate), rows in groups.items():
        clashing = _clashing(rows)
        if clashing:
            out.append(Conflict("figure", subject, f"{predicate}: {len(clashing)} different figures",
                                sorted(clashing, key=_where), {"predicate": predicate}))
    return out


def relation_conflicts(claims: Iterable[Row]) -> list[Conflict]:
    pairs: dict[frozenset[str], list[Row]] = defaultdict(list)
    for c in claims:
        if c["predicate"] in FRIENDLY + HOSTILE and c["object"]:
            pairs[frozenset((c["subject"], c["object"]))].append(c)
    out = []
    for pair, rows in pairs.items():
        friendly = [c for c in rows if c["predicate"] in FRIENDLY]
        hostile = [c for c in rows if c["predicate"] in HOSTILE]
        clash = {c["id"]: c for f in friendly for h in hostile
                 if overlaps(f.get("time"), h.get("time")) for c in (f, h)}
        if clash:
            a, b = sorted(pair)
            out.append(Conflict("relation", a, f"{a} and {b} said to be both allied and hostile",
                                list(clash.values()), {"pair": [a, b]}))
    return out


def leader_conflicts(claims: Iterable[Row]) -> list[Conflict]:
    by_group: dict[str, list[Row]] = defaultdict(list)
    for c in claims:
        if c["predicate"] == LEADER and c["object"]:
            by_group[c["object"]].append(c)
    out = []
    for group, rows in by_group.items():
        clash = {c["id"]: c for a, b in combinations(rows, 2)
                 if a["subject"] != b["subject"] and overlaps(a.get("time"), b.get("time"))
                 for c in (a, b)}
        if clash:
            leaders = sorted({c["subject"] for c in clash.values()})
            out.append(Conflict("leader", group, f"{len(leaders)} leaders at overlapping times",
                                list(clash.values()), {"leaders": leaders}))
    return out


def date_conflicts(events: Iterable[dict[str, Any]], event_rows: dict[str, Row]) -> list[Conflict]:
    out = []
    for ev in events:
        dates = {event_rows[m]["date"] for m in ev["members"] if event_rows[m]["date"]}
        if len(dates) > 1:
            out.append(Conflict("date", ev["id"], f"{len(dates)} dates for one event",
                                [], {"dates": {m: event_rows[m]["date"] for m in ev["members"]},
                                     "documents": ev["documents"]}))
    return out


def find_conflicts(kb: KnowledgeBase, entity: str | None = None,
                   flt: ViewFilter | None = None, limit: int | None = None) -> list[Conflict]:
    """All disagreements, or those touching one entity (its claims and the events it
    is part of); ``flt`` keeps the claims and events in its window, country and group,
    and its type names a kind of conflict (figure, relation, leader, date). The first
    ``limit`` of them (in the same order as computing them over every claim), found key
    by key: the keys of the claims (a subject's quantity, a pair's relation, a group's
    leader) are scanned alone, and whole claims are read only for a key that has more
    than one, until ``limit`` conflicts are found. A conflict depends on the claims of
    its own key only, so each is exact."""
    from watchfloor.ontology import load_ontology
    from watchfloor.store.event_groups import GroupQuery

    onto = load_ontology()
    own = set(kb.merged_ids(kb.canonical(entity))) if entity else None
    out: list[Conflict] = []
    kinds = [flt.type] if flt is not None and flt.type else ["figure", "relation", "leader",
                                                               "date"]

    def full() -> bool:
        return limit is not None and len(out) >= limit

    def claims_of(ids: list[str]) -> list[Row]:
        found = kb.claims_by_id(ids)
        return [c for c in found if flt.claim_ok(c)] if flt is not None else found

    if "figure" in kinds:
        quantities = sorted(onto.quantities)
        keys = kb.claim_keys(quantities, own)
        grouped = kb.groups_of({s for _, s, _, _ in keys if s.startswith("evt-")})
        hidden = kb.hidden_group_ids(grouped.values())
        event_of = {e: g for e, g in grouped.items() if g not in hidden}
        by_key: dict[tuple[str, str], list[str]] = defaultdict(list)
        for cid, subject, predicate, _ in keys:
            by_key[(event_of.get(subject) or subject, predicate)].append(cid)
        for ids in by_key.values():
            if len(ids) > 1:
                out += figure_conflicts(claims_of(ids), set(quantities), event_of)
                if full():
                    return out[:limit]
    if "relation" in kinds:
        pairs: dict[frozenset[str], list[tuple[str, str]]] = defaultdict(list)
        for cid, subject, predicate, obj in kb.claim_keys([*FRIENDLY, *HOSTILE], own):
            if obj:
                pairs[frozenset((subject, obj))].append((cid, predicate))
        for said in pairs.values():
            kinds_said = {p in FRIENDLY for _, p in said}
            if len(kinds_said) > 1:
                out += relation_conflicts(claims_of([cid for cid, _ in said]))
                if full():
                    return out[:limit]
    if "leader" in kinds:
        leaders: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for cid, subject, _, obj in kb.claim_keys([LEADER], own):
            if obj:
                leaders[obj].append((cid, subject))
        for said in leaders.values():
            if len({s for _, s in said}) > 1:
                out += leader_conflicts(claims_of([cid for cid, _ in said]))
                if full():
                    return out[:limit]
    if "date" in kinds:
        any_type = replace(flt, type=None) if flt is not None else None
        batch: list[dict[str, Any]] = []
        groups = kb.iter_event_groups(GroupQuery(
            merged_only=True, entities=tuple(sorted(own)) if own is not None else None))
        for ev in chain(groups, [None]):
            if ev is not None and own is not None and not (
                    own & set(ev["perpetrators"]) or ev["location"] in own):
                continue  # a group that only names it
            if ev is not None and (any_type is None or any_type.event_ok(ev)):
                batch.append(ev)
            if batch and (ev is None or len(batch) >= 500):
                rows = {r["id"]: r for r in kb.events(ids=[m for e in batch
                                                           for m in e["members"]])}
                out += date_conflicts(batch, rows)
                batch = []
                if full():
                    return out[:limit]
    return out
