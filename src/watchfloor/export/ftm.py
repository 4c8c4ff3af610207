"""FollowTheMoney entities as JSON lines, loadable into Aleph (``ftm`` / ``alephclient``).

The entities are built with the ``followthemoney`` package itself, so every property name
and value is checked against FtM's model while exporting. Our entity types map to the FtM
schemata named in ``data/ontology.yaml``; relation claims become interval entities
(Membership, Directorship, Family, or UnknownLink with the predicate as its role) with
their dates, certainty (``status``), sentence and a ``proof`` pointing at the document.
Ids are FtM's ``make_id`` of our ids: stable across exports.
"""

from __future__ import annotations

import json
from typing import IO, Any

from watchfloor.edtf import bounds
from watchfloor.exceptions import WatchfloorError
from watchfloor.export.common import LinkedExporter
from watchfloor.ontology import load_ontology
from watchfloor.report.terminal import fmt_range

SCHEMA = {"armed_group": "Organization", "person": "Person", "organization": "Organization",
          "location": "Address", "event": "Event"}
# predicate -> (schema, property of the subject, property of the object)
RELATIONS = {
    "member_of": ("Membership", "member", "organization"),
    "leader_of": ("Directorship", "director", "organization"),
    "deputy_leader_of": ("Directorship", "director", "organization"),
    "founder_of": ("Directorship", "director", "organization"),
    "relative_of": ("Family", "person", "relative"),
}
LINK = ("UnknownLink", "subject", "object")


def ftm_dates(edtf: str | None) -> tuple[str | None, str | None]:
    """FtM dates are ISO prefixes ("2015", "2021-10"): kept at the precision the source
    gave, qualifiers (~ ? %) dropped; a season or other EDTF form falls back to its days."""
    if not edtf:
        return None, None
    parts = [p.rstrip("~?%") for p in edtf.split("/", 1)]
    out: list[str | None] = []
    for i, part in enumerate(parts):
        if part in ("", ".."):
            out.append(None)
        elif len(part.split("-")) > 1 and int(part.split("-")[1]) > 12:
            out.append(bounds(part)[1 if i else 0])
        else:
            out.append(part)
    return (out[0], out[1]) if len(out) == 2 else (out[0], None)


class FtMExporter(LinkedExporter):
    def __init__(self, out: IO[str]) -> None:
        super().__init__(out)
        try:
            from followthemoney import model
            from followthemoney.util import make_entity_id
        except ImportError as exc:
            raise WatchfloorError("the ftm format needs the followthemoney package",
                                  "pip install 'watchfloor[ftm]'") from exc
        self.model = model
        self.make_entity_id = make_entity_id
        self.onto = load_ontology()
        self.schemata: dict[str, str] = {}  # our entity id -> its FtM schema

    def _make(self, schema: str, key: str) -> Any:
        proxy = self.model.make_entity(schema)
        proxy.id = self._id(key)
        return proxy

    def _id(self, key: str) -> str:
        return str(self.make_entity_id("watchfloor", key))

    def _emit(self, proxy: Any) -> None:
        self.out.write(json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")

    def write_documents(self, item: dict[str, Any]) -> None:
        doc = self._make("Document", item["id"])
        doc.add("title", item.get("title") or item["id"])
        doc.add("publisher", item.get("publisher"))
        doc.add("sourceUrl", item.get("url"))
        doc.add("publishedAt", ftm_dates(item.get("published"))[0])
        doc.add("contentHash", item.get("sha256"))
        self._emit(doc)

    def write_entities(self, item: dict[str, Any]) -> None:
        schema = SCHEMA[item["type"]]
        if item["type"] == "organization" and item.get("kind") == "state_actor":
            schema = "PublicBody"
        proxy = self._make(schema, item["id"])
        proxy.add("name", item["name"])
        proxy.add("alias", [a for a in item["aliases"] if a != item["name"]])
        if schema == "Address":
            proxy.add("full", item["name"])
            proxy.add("country", (item.get("country") or "").lower() or None)
            proxy.add("region", item.get("admin1"))
            for prop, key in (("latitude", "lat"), ("longitude", "lon")):
                if item.get(key) is not None:  # as text: FtM rounds a float to 2 places
                    proxy.add(prop, repr(float(item[key])))
        self.schemata[item["id"]] = schema
        self._emit(proxy)

    def _fits(self, schema: str, prop: str, entity: str) -> bool:
        target = self.model[schema].get(prop)
        return target is not None and bool(self.model[self.schemata[entity]].is_a(target.range))

    def _sourced(self, proxy: Any, item: dict[str, Any]) -> None:
        ev = item["evidence"][0] if item["evidence"] else {}
        if ev:
            proxy.add("description", " ".join(ev["text"].split()))
            proxy.add("proof", self._id(ev["document"]))
            d = self.lookup.documents.get(ev["document"]) or {}
            proxy.add("sourceUrl", d.get("url"))
            proxy.add("publisher", d.get("publisher"))

    def write_claims(self, item: dict[str, Any]) -> None:
        subject, obj = item["subject"], item.get("object")
        if self.onto.is_relation(item["predicate"]):
            if subject not in self.schemata or obj not in self.schemata:
                return
            schema, from_prop, to_prop = RELATIONS.get(item["predicate"], LINK)
            if not (self._fits(schema, from_prop, subject) and self._fits(schema, to_prop, obj)):
                schema, from_prop, to_prop = LINK
            proxy = self._make(schema, item["id"])
            proxy.add(from_prop, self._id(subject))
            proxy.add(to_prop, self._id(obj))
            proxy.add("role" if schema != "Family" else "relationship",
                      self.onto.predicate(item["predicate"]).label)
            start, end = ftm_dates(item.get("time"))
            proxy.add("startDate", start)
            proxy.add("endDate", end)
            if proxy.schema.get("status") is not None:  # Family has none
                proxy.add("status", item["certainty"])
        elif (self.onto.is_quantity(item["predicate"]) and subject in self.schemata
              and item["predicate"] not in self.onto.event_figures):
            proxy = self._make("Note", item["id"])
            figure = fmt_range(item.get("low"), item.get("high")) or item.get("value") or ""
            when = f" ({item['time']})" if item.get("time") else ""
            said = f", according to {item['attributed_to']}" if item.get("attributed_to") else ""
            proxy.add("name", f"{item['predicate']}: {figure}{when}{said}")
            proxy.add("entity", self._id(subject))
        else:
            return  # event roles and tolls travel with the Event
        self._sourced(proxy, item)
        self._emit(proxy)

    def write_events(self, item: dict[str, Any]) -> None:
        proxy = self._make("Event", item["id"])
        place = item.get("location")
        label = " ".join(p for p in (item["type"].replace("_", " "),
                                     place and f"in {self.lookup.name(place)}",
                                     item.get("date") and f"on {item['date']}") if p)
        proxy.add("name", label)
        start, end = ftm_dates(item.get("date"))
        proxy.add("startDate", start)
        proxy.add("endDate", end)
        if place in self.schemata:
            proxy.add("addressEntity", self._id(place))
            proxy.add("location", self.lookup.name(place))
            proxy.add("country", (self.lookup.entities[place].get("country") or "").lower()
                      or None)
        for p in item["perpetrators"]:
            if p in self.schemata and self._fits("Event", "organizer", p):
                proxy.add("organizer", self._id(p))
        killed = item.get("killed") or {}
        toll = fmt_range(killed.get("low"), killed.get("high"))
        proxy.add("summary", "; ".join(x for x in (
            item.get("method") and f"method: {item['method']}",
            item.get("target") and f"target: {item['target']}",
            toll and f"killed: {toll}") if x) or None)
        proxy.add("proof", [self._id(d) for d in item["documents"]])
        self._emit(proxy)
