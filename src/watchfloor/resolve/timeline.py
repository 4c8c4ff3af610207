"""A timeline of an entity or of the whole knowledge base, ordered by EDTF interval.

Items are consolidated events and dated claims. Ordering is by the earliest day an item's
interval allows, then the latest; the EDTF is shown as written so its uncertainty
(``~`` approximate, ``?`` uncertain, ``..`` open end, an interval's width) stays visible.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import Any

from watchfloor.edtf import bounds
from watchfloor.ontology import load_ontology
from watchfloor.resolve.filters import ViewFilter
from watchfloor.store.base import KnowledgeBase, Row
from watchfloor.store.event_groups import GroupQuery


@dataclass
class TimelineItem:
    when: str  # EDTF
    earliest: str | None
    latest: str | None
    kind: str  # event | claim
    label: str
    ref: str  # event or claim id
    documents: list[str]

    @property
    def uncertainty(self) -> str:
        marks = []
        if "~" in self.when:
            marks.append("approximate")
        if "?" in self.when:
            marks.append("uncertain")
        if ".." in self.when:
            marks.append("open-ended")
        elif "/" in self.when:
            marks.append("interval")
        return ", ".join(marks)


def build_timeline(kb: KnowledgeBase, entity: str | None = None,
                   view: ViewFilter | None = None, newest: int | None = None
                   ) -> list[TimelineItem]:
    """``view`` narrows it by date window, country, group and event type (a type keeps
    events only). The events are the consolidated ones the store keeps. ``newest``: only
    the latest this many items (what a terminal shows); the store reads events and claims
    newest first, so a busy group's thousands of items are never all built."""
    onto = load_ontology()
    names = kb.entity_names()
    own: set[str] | None = None
    if entity:
        own = set(kb.merged_ids(kb.find_entity(entity)["id"]))
    # one entity's events through the stored groups' actor index, narrowed by the view
    query = GroupQuery(entities=tuple(sorted(own)) if own is not None else None,
                       type=view.type if view else None, since=view.since if view else None,
                       until=view.until if view else None)
    events = (_event_item(ev, names) for ev in kb.newest_event_groups(query)
              if (own is None or own & set(ev["perpetrators"]) or ev["location"] in own)
              and (view is None or view.event_ok(ev)))
    shown = [p for p in onto.predicates if onto.is_relation(p)] + list(onto.quantities)
    claims = iter(()) if view is not None and view.type else (
        _claim_item(c, names) for c in kb.newest_dated_claims(
            sorted(own) if own is not None else None, shown)
        if view is None or view.claim_ok(c))
    items: list[TimelineItem] = []
    for item in heapq.merge(events, claims, key=_day, reverse=True):
        # past the count, the items of the last day taken still come (their order is by label)
        if newest is not None and len(items) >= newest and _day(item) != _day(items[-1]):
            break
        items.append(item)
    items.sort(key=lambda i: (*_day(i), i.label))
    return items[-newest:] if newest and len(items) > newest else items


def _day(item: TimelineItem) -> tuple[str, str]:
    """Where an item falls: its first possible day (its last when open at the start;
    undated last), then its last day."""
    return (item.earliest or item.latest or "9999", item.latest or "9999")


def _name(names: dict[str, str], eid: str | None) -> str:
    return names.get(eid or "", eid or "")


def _event_item(ev: dict[str, Any], names: dict[str, str]) -> TimelineItem:
    from watchfloor.report.terminal import fmt_range

    lo, hi = bounds(ev["date"])
    who = ", ".join(_name(names, p) for p in ev["perpetrators"]) or "unknown perpetrator"
    killed = ev["killed"]
    toll = f", killed {fmt_range(killed['low'], killed['high'])}" if killed else ""
    return TimelineItem(ev["date"], lo, hi, "event",
                        f"{ev['type']} in {_name(names, ev['location']) or '?'} by "
                        f"{who}{toll}{merged_note(ev)}", ev["id"], ev["documents"])


def _claim_item(c: Row, names: dict[str, str]) -> TimelineItem:
    from watchfloor.report.terminal import fmt_range

    onto = load_ontology()
    if onto.is_relation(c["predicate"]):
        label = (f"{_name(names, c['subject'])} {onto.predicates[c['predicate']].label}"
                 f" {_name(names, c['object'])}")
    else:
        label = f"{_name(names, c['subject'])}: {c['predicate']} {fmt_range(c['low'], c['high'])}"
    if c.get("attributed_to"):
        label += f" (per {c['attributed_to']})"
    return TimelineItem(c["time"], c["earliest"], c["latest"], "claim", label, c["id"],
                        [c["document"]])


def merged_note(event: dict[str, Any]) -> str:
    """"; merged from 3 reports by watchfloor (score 0.85: same place, shared
    perpetrator)": who made the merge and why, so an analyst can judge and undo it."""
    if len(event.get("members") or []) < 2:
        return ""
    merges = event.get("merge") or []
    who = sorted({m["by"] for m in merges}) or ["watchfloor"]
    low = min(merges, key=lambda m: m["score"]) if merges else None
    why = f" (score {low['score']:.2f}: {', '.join(low['reasons'][2:]) or low['reasons'][0]})" \
        if low else ""
    return f"; merged from {len(event['members'])} reports by {', '.join(who)}{why}"


def as_rows(items: list[TimelineItem]) -> list[dict[str, Any]]:
    return [{**i.__dict__, "uncertainty": i.uncertainty} for i in items]
