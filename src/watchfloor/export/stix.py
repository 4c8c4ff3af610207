"""The knowledge base as a STIX 2.1 bundle, for OpenCTI, MISP and other threat-intel tools.

Armed groups are intrusion sets, people threat actors, organisations identities, places
locations; each relation claim is a relationship with its time span and confidence, each
strength figure a note, each consolidated event an incident, and each document a report
listing what was read in it. Evidence travels as external references (the sentence, the
publisher, the URL). Ids are UUIDv5 of our own ids, so re-exporting updates the same
objects in the receiving platform instead of duplicating them.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import IO, Any

from watchfloor.edtf import bounds
from watchfloor.export.common import LinkedExporter
from watchfloor.ontology import load_ontology
from watchfloor.report.terminal import fmt_range

# Fixed forever: changing it would change every exported id.
NAMESPACE = uuid.UUID("5d6c7b0e-2f1a-5c3e-9a4b-77f1c0e6a9d2")
SDO = {"armed_group": "intrusion-set", "person": "threat-actor", "organization": "identity",
       "location": "location"}


def stix_id(kind: str, key: str) -> str:
    return f"{kind}--{uuid.uuid5(NAMESPACE, key)}"


def timestamp(day: str | None, end: bool = False) -> str | None:
    if not day:
        return None
    return f"{day}T23:59:59.000Z" if end else f"{day}T00:00:00.000Z"


class STIXExporter(LinkedExporter):
    def __init__(self, out: IO[str]) -> None:
        super().__init__(out)
        self.onto = load_ontology()
        self.now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        self.ids: dict[str, str] = {}
        self.refs: dict[str, list[str]] = {}  # document id -> ids of the objects read in it
        self.first = True
        self.author = stix_id("identity", "watchfloor")
        out.write(json.dumps({"type": "bundle", "id": f"bundle--{uuid.uuid4()}"})[:-1]
                  + ', "objects": [')
        self._emit({"type": "identity", "id": self.author, "name": "watchfloor",
                    "identity_class": "system"}, author=False)

    def _emit(self, obj: dict[str, Any], author: bool = True) -> None:
        obj = {"spec_version": "2.1", "created": self.now, "modified": self.now, **obj}
        if author:
            obj["created_by_ref"] = self.author
        self.out.write(("\n  " if self.first else ",\n  ") + json.dumps(obj, ensure_ascii=False))
        self.first = False

    def _reference(self, document: str, sentence: str | None = None) -> dict[str, Any]:
        d = self.lookup.documents.get(document) or {}
        ref = {"source_name": str(d.get("publisher") or d.get("title") or "document"),
               "external_id": document}
        if d.get("url"):
            ref["url"] = d["url"]
        if sentence:
            ref["description"] = " ".join(sentence.split())
        return ref

    def _read_in(self, document: str, object_id: str) -> None:
        self.refs.setdefault(document, []).append(object_id)

    def write_entities(self, item: dict[str, Any]) -> None:
        kind = SDO.get(item["type"])
        if kind is None:
            return
        obj: dict[str, Any] = {"type": kind, "id": stix_id(kind, item["id"]),
                               "name": item["name"]}
        aliases = [a for a in item["aliases"] if a != item["name"]]
        if kind == "intrusion-set" and aliases:
            obj["aliases"] = aliases
        elif kind == "threat-actor":
            obj.update(threat_actor_types=["unknown"], resource_level="individual")
            if aliases:
                obj["aliases"] = aliases
        elif kind == "identity":
            obj["identity_class"] = "organization"
        elif kind == "location":
            located = {k: v for k, v in (("country", item.get("country")),
                                         ("administrative_area", item.get("admin1")),
                                         ("latitude", item.get("lat")),
                                         ("longitude", item.get("lon"))) if v is not None}
            if "country" not in located and "latitude" not in located:
                return  # STIX needs a country or coordinates; an unplaced name is no location
            obj.update(located)
        self.ids[item["id"]] = obj["id"]
        self._emit(obj)

    def write_claims(self, item: dict[str, Any]) -> None:
        subject = self.ids.get(item["subject"])
        ev = item["evidence"][0] if item["evidence"] else {}
        document, sentence = ev.get("document", ""), ev.get("text")
        common: dict[str, Any] = {
            "confidence": round(float(item["confidence"]) * 100),
            "external_references": [self._reference(document, sentence)],
        }
        if self.onto.is_relation(item["predicate"]):
            target = self.ids.get(item.get("object") or "")
            if subject is None or target is None:
                return
            start, stop = bounds(item.get("time"))
            obj = {"type": "relationship", "id": stix_id("relationship", item["id"]),
                   "relationship_type": item["predicate"].replace("_", "-"),
                   "source_ref": subject, "target_ref": target,
                   "description": f"{item['certainty']}: {' '.join((sentence or '').split())}",
                   **common}
            if start:
                obj["start_time"] = timestamp(start)
            if stop:
                obj["stop_time"] = timestamp(stop, end=True)
        elif (self.onto.is_quantity(item["predicate"]) and subject is not None
              and item["predicate"] not in self.onto.event_figures):
            figure = fmt_range(item.get("low"), item.get("high")) or item.get("value") or ""
            said = f", according to {item['attributed_to']}" if item.get("attributed_to") else ""
            when = f" ({item['time']})" if item.get("time") else ""
            obj = {"type": "note", "id": stix_id("note", item["id"]),
                   "abstract": f"{item['predicate']}: {figure}{when}",
                   "content": f"{item['predicate']}: {figure} {item.get('unit') or ''}"
                              f"{when}{said}. {' '.join((sentence or '').split())}",
                   "object_refs": [subject], **common}
        else:
            return  # event roles and tolls travel with the incident
        self._emit(obj)
        self._read_in(document, obj["id"])

    def write_events(self, item: dict[str, Any]) -> None:
        place = self.lookup.name(item.get("location")) if item.get("location") else ""
        title = " ".join(p for p in (item["type"].replace("_", " "), place and f"in {place}",
                                     item.get("date") and f"on {item['date']}") if p)
        killed = item.get("killed") or {}
        toll = fmt_range(killed.get("low"), killed.get("high"))
        incident: dict[str, Any] = {"type": "incident", "id": stix_id("incident", item["id"]), "name": title,
                    "external_references": [self._reference(d) for d in item["documents"]]}
        if toll or item.get("method"):
            incident["description"] = "; ".join(p for p in (
                item.get("method") and f"method: {item['method']}",
                toll and f"killed: {toll}") if p)
        self._emit(incident)
        links = [("attributed-to", p) for p in item["perpetrators"]]
        links += [("located-at", item["location"])] if item.get("location") else []
        made: list[str] = [incident["id"]]
        for kind, other in links:
            if other in self.ids:
                rel: dict[str, str] = {"type": "relationship", "relationship_type": kind,
                       "id": stix_id("relationship", f"{item['id']}:{kind}:{other}"),
                       "source_ref": incident["id"], "target_ref": self.ids[other]}
                self._emit(rel)
                made.append(rel["id"])
        for document in item["documents"]:
            for object_id in made:
                self._read_in(document, object_id)

    def finalize(self) -> None:
        for document, d in self.lookup.documents.items():
            published = timestamp(bounds(d.get("published"))[0]) or self.now
            self._emit({
                "type": "report", "id": stix_id("report", document),
                "name": d.get("title") or document, "published": published,
                "report_types": ["threat-report"],
                "object_refs": self.refs.pop(document, None) or [self.author],
                "external_references": [self._reference(document)],
            })
        self.out.write("\n]}\n")
