"""Consolidated events kept in the base and maintained as documents and judgements arrive.

Why incremental, and why it equals a full recomputation: ``resolve.events`` groups events
by complete linkage, an event joining the best group all of whose members it is
compatible with. So every group lies inside one connected component of the graph whose
edges are the compatible pairs (and the analysts' forced merges), and how a component is
grouped depends on its own events alone: a group of another component is never a
candidate (its first member already refuses), and ties are broken in an order a subset
keeps. When a document or a judgement changes some events, only the components that hold
them now, or held them before, can change: they are found from those events by following
compatible pairs, each event compared only with the candidates the store's index gives
(same type, overlapping days), then grouped again with ``cluster_events`` and written
in place of the groups they had, in the transaction of the change. An event's neighbours
*before* the change (its old row's) are followed too, since a group it leaves may take
one of them.

``rebuild`` computes every group from scratch: a migrated base gets its groups that way,
and the tests check the maintained groups against it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from watchfloor.edtf import bounds
from watchfloor.resolve.events import (
    MACHINE,
    Cluster,
    PlaceInfo,
    _year,
    cluster_events,
    compare_events,
    consolidate,
    consolidated_id,
    reviewed,
)
from watchfloor.store.base import Judgement, KnowledgeBase, Row
from watchfloor.store.event_groups import GroupRow

Window = tuple[str, str, str]  # (type, first day, last day)


def _window(row: Row) -> Window | None:
    """The days an event's merge partners must overlap (within its calendar year), or
    None when it can merge with none (no date, or one spanning years)."""
    if not row["date"] or _year(row["date"]) is None:
        return None
    lo, hi = bounds(row["date"])
    return (row["type"], lo or "", hi or "")


def _places(kb: Any) -> dict[str, PlaceInfo]:
    return {pid: PlaceInfo(*facts) for pid, facts in kb.place_facts().items()}


def refresh(kb: Any, seeds: Iterable[str], old: Sequence[Row] = ()) -> None:
    """Group again the events ``seeds`` name (as they are now) and every event connected
    to them, and to the rows ``old`` they had before the change; store the groups in
    place of the ones those events were in. Runs inside the caller's write transaction."""
    from watchfloor.resolve.event_links import links_from_log

    places = _places(kb)
    links = links_from_log(kb.analyst_event_links())
    partners: dict[str, set[str]] = defaultdict(set)
    for a, b in links.together:
        partners[a].add(b)
        partners[b].add(a)
    candidates: dict[Window, list[Row]] = {}

    def neighbours(row: Row) -> list[Row]:
        window = _window(row)
        if window is None:
            return []
        if window not in candidates:
            candidates[window] = kb.event_candidates(*window)
        return [c for c in candidates[window]
                if c["id"] != row["id"] and compare_events(row, c, places).same]

    seeds = set(seeds) | {o["id"] for o in old}
    stored = kb.group_members(set(kb.groups_of(seeds).values()))
    start = seeds | {m for members in stored.values() for m in members}
    for row in old:
        start |= {c["id"] for c in neighbours(row)}
    queue = kb.events(include_rejected=True, ids=sorted(start))
    component = {r["id"]: r for r in queue}
    while queue:
        row = queue.pop()
        found = neighbours(row)
        linked = partners.get(row["id"], set()) - component.keys()
        if linked:
            found += kb.events(include_rejected=True, ids=sorted(linked))
        for c in found:
            if c["id"] not in component:
                component[c["id"]] = c
                queue.append(c)
    clusters = cluster_events(list(component.values()), places, links)
    groups, merges = group_rows(kb, clusters, places)
    kb.replace_event_groups(start | component.keys(), groups, merges)


def group_rows(kb: Any, clusters: list[Cluster], places: dict[str, PlaceInfo]
               ) -> tuple[list[GroupRow], list[Judgement]]:
    """The stored form of each cluster, and the machine merges not yet in the log (who
    "watchfloor", the pair's score and reasons)."""
    members = [m for cl in clusters for m in cl.members]
    claim_ids = kb.claim_ids_of_events(m["id"] for m in members)
    published = kb.published_of(m["document"] for m in members)
    logged = kb.logged_machine_merges(b for cl in clusters for _, b, _ in cl.judgements)
    where = {m["id"]: (published.get(m["document"], ""), m["document"], int(m["ev_start"]))
             for m in members}
    groups: list[GroupRow] = []
    merges: list[Judgement] = []
    for cl in clusters:
        everyone = [m["id"] for m in cl.members]
        rejected = {m["id"] for m in cl.members if m.get("review") == "reject"}
        record = consolidate(cl, claim_ids, rejected)
        if record is not None and len(cl.members) > 1:
            record = reviewed(kb, record)
        if record is None:
            order: tuple[str, str, str, int] = ("9999", "", "", 0)
            country = None
        else:
            first = min(where[m] for m in record["members"])
            order = (bounds(record["date"])[0] or "9999", *first)
            place = places.get(record["location"] or "")
            country = place.country if place else None
        groups.append(GroupRow(consolidated_id(everyone), cl.members[0]["type"],
                               tuple(sorted(everyone)), record, country, order,
                               _actors(cl.members, record)))
        for a, b, j in cl.judgements:
            if (a, b) not in cl.by and (a, b) not in logged:
                merges.append(("event_link", b, "merge",
                               {"with": a, "score": j.score, "reasons": list(j.reasons)},
                               MACHINE, None))
    return groups, merges


def _actors(members: list[Row], record: dict[str, Any] | None) -> frozenset[tuple[str, str]]:
    """(entity, role): the perpetrators and place the group shows, and every other entity
    a member names (as perpetrator, place or subject) as "named"."""
    shown: set[tuple[str, str]] = set()
    if record is not None:
        shown = {(str(p), "perpetrator") for p in record["perpetrators"]}
        if record["location"]:
            shown.add((str(record["location"]), "location"))
    named = {str(x) for m in members
             for x in [*(m.get("perpetrators") or []), m.get("location"), m.get("subject")] if x}
    return frozenset(shown | {(e, "named") for e in named - {e for e, _ in shown}})


def recompute(kb: KnowledgeBase) -> list[dict[str, Any]]:
    """Every visible consolidated event computed from scratch, in reading order: what the
    stored groups must equal."""
    from watchfloor.resolve.events import event_clusters

    places = _places(kb)
    groups, _ = group_rows(kb, event_clusters(kb), places)
    shown = sorted((g for g in groups if g.record is not None), key=lambda g: (g.order, g.id))
    return [g.record for g in shown if g.record is not None]


def rebuild(kb: Any) -> int:
    """Compute every group from scratch and store them (inside the caller's write
    transaction); the number of groups."""
    from watchfloor.resolve.events import event_clusters

    places = _places(kb)
    groups, merges = group_rows(kb, event_clusters(kb), places)
    kb.clear_event_groups()
    kb.replace_event_groups((), groups, merges)
    kb.mark_event_groups_fresh()
    return len(groups)


def judgement_seeds(kb: Any, judgements: Iterable[Judgement]) -> set[str]:
    """The events whose groups a judgement may change: a claim's events (its toll), an
    event or every member of a merged event, both sides of an analyst's event merge or
    split, and every event about an entity that is merged or split."""
    seeds: set[str] = set()
    for kind, target, _decision, changes, reviewer, _note in judgements:
        if kind == "claim":
            seeds |= set(kb.events_of_claim(target))
        elif kind == "event":
            seeds.add(target)
            seeds |= {m for ms in kb.group_members([target]).values() for m in ms}
        elif kind == "event_link" and reviewer != MACHINE:
            seeds.add(target)
            seeds |= {str(x) for x in [changes.get("with"), *(changes.get("from") or [])] if x}
        elif kind == "entity":
            seeds |= entity_seeds(kb, [target, *(str(v) for v in changes.values() if v)])
    return seeds


def entity_seeds(kb: Any, entities: Iterable[str]) -> set[str]:
    """Members of every group with one of these entities (or one merged with them) as a
    perpetrator or place."""
    ids: set[str] = set()
    for e in entities:
        ids |= set(kb.merged_ids(kb.canonical(e))) | {e}
    groups = kb.group_ids_about(ids)
    return {m for ms in kb.group_members(groups).values() for m in ms}
