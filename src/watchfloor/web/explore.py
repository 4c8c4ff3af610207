"""The views across the whole base: events with filters, conflicts, the relationship graph
and the events map. Plain data, shared by the pages and the API, read through the store.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from watchfloor import basemap
from watchfloor.edtf import bounds
from watchfloor.ontology import load_ontology
from watchfloor.report.terminal import fmt_range
from watchfloor.resolve.conflicts import find_conflicts, leading_claims
from watchfloor.store.event_groups import GroupQuery
from watchfloor.store.opening import AnyKnowledgeBase
from watchfloor.web.views import claim_record, names_of

GRAPH_TYPES = ("armed_group", "person")


@dataclass(frozen=True)
class EventFilter:
    """What the events table and map show: a date window (ISO days or any EDTF prefix), a
    country (ISO code of the event's place), a group (entity id) and an event type."""

    start: str = ""
    end: str = ""
    country: str = ""
    group: str = ""
    type: str = ""

    @classmethod
    def of(cls, params: Any) -> EventFilter:
        return cls(**{k: str(params.get(k, "")).strip() for k in
                      ("start", "end", "country", "group", "type")})

    def window(self) -> tuple[str, str]:
        return bounds(self.start)[0] or "0000", bounds(self.end)[1] or "9999"


def events_view(kb: AnyKnowledgeBase, flt: EventFilter, limit: int = 500,
                offset: int = 0) -> dict[str, Any]:
    """Consolidated events passing the filter, with names, places and the options: the
    filter, the page and the count are the database's (stored groups, ``GroupQuery``)."""
    window = flt.window()
    query = GroupQuery(type=flt.type or None, country=flt.country or None,
                       perpetrator=flt.group or None,
                       window=window if window != ("0000", "9999") else None)
    page = kb.event_groups(query, limit=limit, offset=offset)
    facets = kb.event_group_facets()
    places = {r["id"]: r for r in kb.entities("location")}
    names = names_of(kb, {p for ev in page for p in ev["perpetrators"]}
                     | {ev["location"] for ev in page} | set(facets["perpetrators"]))
    rows = []
    for ev in page:
        place = places.get(ev["location"] or "") or {}
        killed, injured = ev["killed"] or {}, ev["injured"] or {}
        rows.append({
            "id": ev["id"], "date": ev["date"], "type": ev["type"], "method": ev["method"],
            "location": ev["location"], "location_name": names.get(ev["location"] or "", ""),
            "country": place.get("country"), "lat": place.get("lat"), "lon": place.get("lon"),
            "perpetrators": [{"id": p, "name": names.get(p, p)} for p in ev["perpetrators"]],
            "killed": fmt_range(killed.get("low"), killed.get("high")),
            "injured": fmt_range(injured.get("low"), injured.get("high")),
            "documents": ev["documents"], "members": ev["members"], "review": ev.get("review"),
            "link": f"/documents/{ev['documents'][0]}#event-{ev['members'][0]}",
        })
    groups = sorted(((p, names.get(p, p)) for p in facets["perpetrators"]),
                    key=lambda g: g[1].lower())
    return {
        "filter": flt.__dict__, "events": rows, "total": kb.count_event_groups(query),
        "options": {
            "types": facets["types"],
            "countries": facets["countries"],
            "groups": [{"id": g, "name": n} for g, n in groups],
        },
    }


def conflicts_view(kb: AnyKnowledgeBase, entity: str | None = None,
                   limit: int = 50, claims: int = 12) -> dict[str, Any]:
    """The first ``limit`` conflicts; one more is looked for, to say whether there are
    more (``total`` is then null: counting them all is the slow part of a large base).
    Each shows ``claims`` of its claims at most (0: all), each value said first
    (``resolve.conflicts.leading_claims``), and how many it has."""
    entity_id = kb.find_entity(entity)["id"] if entity else None
    found = find_conflicts(kb, entity_id, limit=limit + 1)
    shown = [(f, f.claims if claims <= 0 else leading_claims(f, claims)) for f in found[:limit]]
    names = names_of(kb, {c.get(k) for _, cs in shown for c in cs for k in ("subject", "object")}
                     | {f.about for f, _ in shown})
    return {
        "entity": entity or "", "total": len(found) if len(found) <= limit else None,
        "more": len(found) > limit,
        "conflicts": [{"kind": f.kind, "about": f.about, "about_name": names.get(f.about, f.about),
                       "summary": f.summary, "detail": f.detail, "claims_total": len(f.claims),
                       "claims": [claim_record(c, names) for c in cs]} for f, cs in shown],
    }


def graph_view(kb: AnyKnowledgeBase, start: str = "", end: str = "",
               certainty: list[str] | None = None, max_edges: int = 3000) -> dict[str, Any]:
    """Groups and people as nodes, relation claims between them as edges typed by
    predicate; a time window (claims whose time overlaps it; undated ones only without a
    window) and the certainties to keep. Claims of one predicate between one pair are one
    edge, with how many claims and sources say so and the span of their dates (counted by
    the store: ``relation_edges``). Past ``max_edges``, the edges most claims say."""
    onto = load_ontology()
    keep = [c for c in onto.certainty if c in set(certainty or onto.certainty)]
    window = (bounds(start)[0] or "0000", bounds(end)[1] or "9999")
    # one more than shown tells whether edges were left out
    found = kb.relation_edges(sorted(onto.predicates), keep,
                              None if window == ("0000", "9999") else window,
                              types=list(GRAPH_TYPES), limit=max_edges + 1)
    nodes = {e["id"]: {"id": e["id"], "name": e["name"], "type": e["type"],
                       "mentions": e["mentions"]}
             for e in kb.entities(ids={x for r in found for x in (r["subject"], r["object"])})}
    found = [r for r in found if r["subject"] in nodes and r["object"] in nodes]
    out = []
    for r in found[:max_edges]:
        first, last = r["first"], r["last"]
        out.append({
            "id": r["id"], "source": r["subject"], "target": r["object"],
            "predicate": r["predicate"], "claims": r["claims"], "sources": r["sources"],
            "certainty": sorted(r["certainty"], key=onto.certainty.index),
            "first": first, "last": last,
            "time": (first[:4] if first and first[:4] == (last or "")[:4] else "–".join(
                x[:4] for x in (first, last) if x)) or None,
            "link": f"/documents/{r['document']}#claim-{r['id']}"})
    linked = {e["source"] for e in out} | {e["target"] for e in out}
    return {"nodes": [n for n in nodes.values() if n["id"] in linked], "edges": out,
            "predicates": sorted({e["predicate"] for e in out}),
            "certainties": list(onto.certainty), "truncated": len(found) > max_edges}


@cache
def basemap_bytes() -> bytes:
    return json.dumps(basemap_geojson(), separators=(",", ":")).encode("utf-8")


@cache
def basemap_geojson() -> dict[str, Any]:
    """The shipped Natural Earth countries as GeoJSON (rounded to 0.01°) for Leaflet."""
    features = []
    for geom in basemap.topology()["objects"]["countries"]["geometries"]:
        if geom.get("type") == "Polygon":
            polys = [geom["arcs"]]
        elif geom.get("type") == "MultiPolygon":
            polys = geom["arcs"]
        else:
            continue
        coords = [[[[round(x, 2), round(y, 2)] for x, y in basemap.ring(r)] for r in poly]
                  for poly in polys]
        features.append({"type": "Feature",
                         "properties": {"name": geom.get("properties", {}).get("name", "")},
                         "geometry": {"type": "MultiPolygon", "coordinates": coords}})
    return {"type": "FeatureCollection", "features": features}
