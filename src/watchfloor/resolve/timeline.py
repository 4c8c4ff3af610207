"""A timeline of an entity or of the whole knowledge base, ordered by EDTF interval.

Items are consolidated events and dated claims. Ordering is by the earliest day an item's
interval allows, then the latest; the EDTF is shown as written so its uncertainty
(``~`` approximate, ``?`` uncertain, ``..`` open end, an interval's width) stays visible.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from watchfloor.edtf import bounds
from watchfloor.ontology import load_ontology
from watchfloor.resolve.filters import ViewFilter
from watchfloor.store.base import ClaimFilter, KnowledgeBase


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


def _name(names: dict[str, str], eid: str | None) -> str:
    return names.get(eid or "", eid or "")


def build_timeline(kb: KnowledgeBase, entity: str | None = None,
                   view: ViewFilter | None = None) -> list[TimelineItem]:
    """``view`` narrows it by date window, country, group and event type (a type keeps
    events only). The events are the consolidated ones the store keeps."""
    from watchfloor.report.terminal import fmt_range
    from watchfloor.store.event_groups import GroupQuery

    onto = load_ontology()
    names = kb.entity_names()
    own: set[str] | None = None
    if entity:
        own = set(kb.merged_ids(kb.find_entity(entity)["id"]))
    items: list[TimelineItem] = []
    event_members: set[str] = set()
    # one entity's events through the stored groups' actor index, the whole base's a
    # batch at a time
    about = GroupQuery(entities=tuple(sorted(own))) if own is not None else None
    for ev in kb.iter_event_groups(about):
        if own is not None and not (own & set(ev["perpetrators"]) or ev["location"] in own):
            continue
        event_members |= set(ev["members"])
        if not ev["date"] or (view is not None and not view.event_ok(ev)):
            continue
        lo, hi = bounds(ev["date"])
        who = ", ".join(_name(names, p) for p in ev["perpetrators"]) or "unknown perpetrator"
        killed = ev["killed"]
        toll = f", killed {fmt_range(killed['low'], killed['high'])}" if killed else ""
        items.append(TimelineItem(ev["date"], lo, hi, "event",
                                  f"{ev['type']} in {_name(names, ev['location']) or '?'} by "
                                  f"{who}{toll}{merged_note(ev)}", ev["id"], ev["documents"]))
    flt = ClaimFilter(entity=own and next(iter(own)) or None)
    for c in kb.claims(flt):
        if not c["time"] or c["event"] in event_members:
            continue
        if view is not None and (view.type or not view.claim_ok(c)):
            continue
        if onto.is_relation(c["predicate"]):
            label = f"{_name(names, c['subject'])} {onto.predicates[c['predicate']].label} {_name(names, c['object'])}"
        elif onto.is_quantity(c["predicate"]):
            label = f"{_name(names, c['subject'])}: {c['predicate']} {fmt_range(c['low'], c['high'])}"
        else:
            continue
        if c.get("attributed_to"):
            label += f" (per {c['attributed_to']})"
        items.append(TimelineItem(c["time"], c["earliest"], c["latest"], "claim", label, c["id"],
                                  [c["document"]]))
    items.sort(key=lambda i: (i.earliest or i.latest or "9999", i.latest or "9999", i.label))
    return items


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
