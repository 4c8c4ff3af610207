"""What each page and API answer shows, as plain data built from the store and the dossier.

The HTML pages and the JSON API render these same structures, so the browser and a script
cannot disagree. No SQL here: everything is read through the store and ``report``.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from watchfloor.edtf import bounds
from watchfloor.names import normalise_alias
from watchfloor.ontology import load_ontology
from watchfloor.report.dossier import build_dossier
from watchfloor.report.svg import Marker, Point, attack_map, strength_chart
from watchfloor.report.terminal import fmt_range
from watchfloor.store.base import ClaimFilter, Row
from watchfloor.store.opening import AnyKnowledgeBase

# Dossier sections as the entity page groups them (the rest follow under their own names).
LEADING = ("leaders", "deputies", "founders", "allies", "enemies", "supporters")


def claim_link(claim: Row) -> str:
    """Where a claim's sentence is highlighted in the reader."""
    return f"/documents/{quote(claim['document'])}#claim-{claim['id']}"


def names_of(kb: AnyKnowledgeBase, ids: set[str | None]) -> dict[str, str]:
    """Entity ids' names (a dangling id shows as itself); events are named elsewhere."""
    wanted = {i for i in ids if i and not i.startswith("evt-")}
    found = kb.names_for(wanted)
    return {i: found.get(i, i) for i in wanted}


def claim_record(claim: Row, names: dict[str, str]) -> dict[str, Any]:
    """A claim as the API and the claim cards show it: names beside ids, the sentence."""
    first = claim["evidence"][0] if claim.get("evidence") else None
    return {
        "id": claim["id"], "document": claim["document"],
        "subject": claim["subject"], "subject_name": names.get(claim["subject"], claim["subject"]),
        "predicate": claim["predicate"],
        "object": claim["object"],
        "object_name": names.get(claim["object"] or "", claim["object"]),
        "value": claim["value"], "low": claim["low"], "high": claim["high"],
        "range": fmt_range(claim["low"], claim["high"]), "unit": claim["unit"],
        "time": claim["time"], "place": claim["place"],
        "attributed_to": claim["attributed_to"], "certainty": claim["certainty"],
        "confidence": claim["confidence"], "extractor": claim["extractor"],
        "event": claim["event"], "review": claim.get("review"),
        "reviewer": claim.get("reviewer"), "reviewed_at": claim.get("reviewed_at"),
        "sentence": first["text"] if first else None,
        "start": first["start"] if first else None, "end": first["end"] if first else None,
        "link": claim_link(claim),
    }


def search_view(kb: AnyKnowledgeBase, q: str) -> dict[str, Any]:
    """Names first, then sentences; close spellings of known names when no name matches."""
    q = q.strip()
    names = kb.search_names(q) if q else []
    sentences = kb.search_sentences(q) if q else []
    suggestions: list[dict[str, str]] = []
    if q and not names:
        known: dict[str, str] = {}
        for alias, eid in kb.all_names():
            known.setdefault(normalise_alias(alias) or alias.lower(), eid)
        close = difflib.get_close_matches(normalise_alias(q) or q.lower(), list(known), n=5,
                                          cutoff=0.6)
        seen: set[str] = set()
        for norm in close:
            eid = kb.canonical(known[norm])
            if eid not in seen:
                seen.add(eid)
                suggestions.append({"id": eid, "name": kb.entity(eid)["name"], "matched": norm})
    return {"q": q, "names": names, "sentences": sentences, "suggestions": suggestions}


#: rows of each table of an entity (page and API) before "show all" (``?all=1``)
SECTION_ROWS = 50


def rows_asked(query: Mapping[str, str]) -> int | None:
    """The rows of each table a request for an entity asks for: ``all=1``, every one."""
    return None if query.get("all") == "1" else SECTION_ROWS


def _latest(items: list[Any], rows: int | None) -> list[Any]:
    """The last ``rows`` of ``items`` (None: all of them)."""
    return items if rows is None else items[len(items) - min(rows, len(items)):]


def entity_view(kb: AnyKnowledgeBase, entity_id: str, rows: int | None = None,
                drawings: bool = True) -> dict[str, Any]:
    """The dossier, with every figure and relation linked to its sentence (the entity by
    id, or by a name or alias as ``watchfloor show`` takes it). ``rows``: each table
    lists that many (the latest estimates and events, the first of each relation
    section) and says how many it holds; the chart and the map still show every figure,
    linking those not listed to the page that lists them all. A busy group has thousands.
    ``drawings``: with the chart and the map (SVG), which the API leaves out."""
    d = build_dossier(kb, kb.find_entity(entity_id)["id"])
    eid = d.entity["id"]
    names = dict(d.names)
    every_page = "?all=1"
    dated_all: list[tuple[int, Row, str | None, str | None]] = []
    undated_all: list[tuple[int, Row]] = []
    for n, c in enumerate(d.strength, 1):
        lo, hi = bounds(c.get("time"))
        if lo or hi:
            dated_all.append((n, c, lo, hi))
        else:
            undated_all.append((n, c))
    dated_all.sort(key=lambda t: t[2] or "")
    shown_dated = _latest(dated_all, rows)
    listed = {n for n, *_ in shown_dated}
    points = [Point(lo or hi, hi or lo, c["low"], c["high"],  # type: ignore[arg-type]
                    f"{fmt_range(c['low'], c['high'])} {c['predicate']}, {c.get('time')},"
                    f" {c.get('attributed_to') or 'the document'}", n,
                    "" if n in listed else f"{every_page}#fn{n}")
              for n, c, lo, hi in dated_all]
    dated = [claim_record(c, names) | {"note": n} for n, c, _, _ in shown_dated]
    undated = [claim_record(c, names) | {"note": n} for n, c in undated_all[:rows]]
    sections = []
    ordered = [s for s in LEADING if s in d.sections] + [
        s for s in d.sections if s not in LEADING]
    merged = kb.merged_ids(eid)
    own = set(merged)
    for section in ordered:
        said = []
        for c in d.sections[section]:
            other = c["object"] if c["subject"] in own else c["subject"]
            said.append((bounds(c.get("time"))[0] or "9999", names.get(other, other) or "",
                         other, c))
        said.sort(key=lambda t: (t[0], t[1]))
        sections.append({"name": section, "title": section.replace("_", " ").capitalize(),
                         "total": len(said),
                         "rows": [claim_record(c, names) | {"other": other, "other_name": name}
                                  for _, name, other, c in said[:rows]]})
    places = {r["id"]: r for r in kb.entities(
        "location", ids={ev["location"] for ev in d.events if ev.get("location")})}
    first_note = len(d.strength) + 1
    numbered = list(enumerate(d.events, first_note))
    shown_events = _latest(numbered, rows)
    listed = {n for n, _ in shown_events}
    markers = []
    for n, ev in numbered:
        place = places.get(ev.get("location") or "")
        if place and place["lat"] is not None:
            markers.append(Marker(place["lat"], place["lon"],
                                  f"{ev.get('date') or '?'} {ev['type']} in {place['name']}", n,
                                  href="" if n in listed else f"{every_page}#fn{n}"))
    events = [{
        "id": ev["id"], "note": n, "date": ev.get("date"), "type": ev["type"],
        "method": ev.get("method"), "location": ev.get("location"),
        "location_name": names.get(ev.get("location") or "", ev.get("location")),
        "perpetrators": [{"id": p, "name": names.get(p, p)} for p in ev["perpetrators"]],
        "killed": fmt_range(ev["killed_low"], ev["killed_high"]),
        "injured": fmt_range(ev["injured_low"], ev["injured_high"]),
        "document": ev["document"],
        "sentence": kb.passage(ev["document"], ev["ev_start"], ev["ev_end"]),
        "review": ev.get("review"),
        "link": f"/documents/{ev['document']}#event-{ev['id']}",
    } for n, ev in shown_events]
    return {
        "entity": d.entity, "aliases": d.aliases, "merged_ids": merged[1:],
        "dated": dated, "undated": undated, "dated_total": len(dated_all),
        "undated_total": len(undated_all), "events_total": len(d.events),
        "sections": sections, "events": events, "sources_total": len(d.sources),
        "sources": _latest(d.sources, rows),
        **({"chart": strength_chart(points), "map": attack_map(markers)} if drawings else {}),
    }


def _segments(text: str, spans: list[tuple[int, int, str, Any]]) -> list[dict[str, Any]]:
    """Cut ``text`` at every span boundary; each piece lists the spans covering it."""
    cuts = {0, len(text)}
    for start, end, _kind, _data in spans:
        cuts.update((max(0, min(start, len(text))), max(0, min(end, len(text)))))
    points = sorted(cuts)
    out = []
    for a, b in zip(points, points[1:], strict=False):
        if a == b:
            continue
        covering = [s for s in spans if s[0] <= a and s[1] >= b]
        out.append({
            "text": text[a:b], "start": a,
            "evidence": [s[3] for s in covering if s[2] == "evidence"],
            "mention": next((s[3] for s in covering if s[2] == "mention"), None),
            "anchors": [s[3] for s in spans if s[0] == a and s[2] == "anchor"],
        })
    return out


def document_view(kb: AnyKnowledgeBase, document_id: str) -> dict[str, Any]:
    """The cleaned text cut into highlighted pieces, the claim cards and the events."""
    doc = kb.document(document_id)
    doc_id = doc["id"]
    claims = kb.claims(ClaimFilter(document=doc_id, include_rejected=True))
    events = kb.events(document=doc_id, include_rejected=True)
    mentions = kb.document_mentions(doc_id)
    names = names_of(kb, {c.get(k) for c in claims for k in ("subject", "object", "place")})
    for ev in events:
        names[ev["id"]] = f"{ev['type'].replace('_', ' ')} {ev.get('date') or ''}".strip()
    onto = load_ontology()
    cards = []
    spans: list[tuple[int, int, str, Any]] = []
    for c in claims:
        card = claim_record(c, names)
        card["kind"] = "quantity" if onto.is_quantity(c["predicate"]) else (
            "relation" if onto.is_relation(c["predicate"]) else "other")
        cards.append(card)
        for ev in c["evidence"]:
            if ev["document"] == doc_id:
                spans.append((ev["start"], ev["end"], "evidence",
                              {"claim": c["id"], "kind": card["kind"],
                               "rejected": c.get("review") == "reject"}))
                spans.append((ev["start"], ev["end"], "anchor", f"claim-{c['id']}"))
    for ev in events:
        spans.append((ev["ev_start"], ev["ev_end"], "anchor", f"event-{ev['id']}"))
    for s in kb.document_sentences(doc_id):
        spans.append((s["start"], s["end"], "anchor", f"s-{s['idx']}"))
    for m in mentions:
        spans.append((m["start"], m["end"], "mention", m))
    url = doc.get("url") or ""
    return {
        "document": {k: v for k, v in doc.items() if k != "text"},
        "text": doc["text"],
        "url": url if url.lower().startswith(("http://", "https://")) else None,
        "segments": _segments(doc["text"], spans),
        "claims": cards,
        "events": [{k: ev[k] for k in ("id", "type", "date", "location", "perpetrators",
                                       "killed_low", "killed_high", "review")} for ev in events],
        "mentions": [{"start": m["start"], "end": m["end"], "entity": m["entity"],
                      "type": m["type"]} for m in mentions],
        "dropped": doc["dropped"],
    }


def entities_view(kb: AnyKnowledgeBase, type: str | None = None,
                  limit: int = 200) -> list[Row]:
    return [{k: r[k] for k in ("id", "type", "name", "country", "mentions")}
            for r in kb.entities(type, limit)]
