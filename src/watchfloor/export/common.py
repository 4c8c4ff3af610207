"""The shared streaming base of every exporter, and the records they all read.

An exporter gets items one by one (``write(kind, item)``) in the order documents,
entities, claims, events, and closes with ``finalize()``; so a large knowledge base is
never held twice in memory (FollowTheMoney's export/common.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from watchfloor.store.base import KnowledgeBase, Row

KINDS = ("documents", "entities", "claims", "events")


class Exporter:
    def __init__(self, out: IO[str]) -> None:
        self.out = out

    def write(self, kind: str, item: dict[str, Any]) -> None:
        raise NotImplementedError

    def finalize(self) -> None:
        """Called once after the last item."""


class Lookup:
    """Entities and documents remembered as the stream passes them, so that the claims and
    events after them can be written with names, places and titles instead of ids. Both are
    few beside the claims, which are never held."""

    def __init__(self) -> None:
        self.entities: dict[str, dict[str, Any]] = {}
        self.documents: dict[str, dict[str, Any]] = {}

    def see(self, kind: str, item: dict[str, Any]) -> None:
        if kind == "entities":
            self.entities[item["id"]] = item
        elif kind == "documents":
            self.documents[item["id"]] = item

    def name(self, entity_id: str | None) -> str:
        """The entity's name; an id that is no entity (a document-level event) as it is."""
        if not entity_id:
            return ""
        entity = self.entities.get(entity_id)
        return str(entity["name"]) if entity else entity_id

    def source(self, document_id: str) -> str:
        """How a table cites a document: its publisher, else its title, else its id."""
        d = self.documents.get(document_id) or {}
        return str(d.get("publisher") or d.get("title") or document_id)


class LinkedExporter(Exporter):
    """An exporter that reads names through a ``Lookup`` and handles each kind in its own
    ``write_<kind>`` method (a kind without one is skipped)."""

    def __init__(self, out: IO[str]) -> None:
        super().__init__(out)
        self.lookup = Lookup()

    def write(self, kind: str, item: dict[str, Any]) -> None:
        self.lookup.see(kind, item)
        handler = getattr(self, f"write_{kind}", None)
        if handler is not None:
            handler(item)


def _num(x: float | None) -> float | int | None:
    if x is None:
        return None
    return int(x) if float(x).is_integer() else x


def document_record(d: Row) -> dict[str, Any]:
    return {k: d.get(k) for k in ("id", "title", "publisher", "published", "url", "sha256")} | {
        "dropped": d.get("dropped", [])
    }


def entity_record(kb: KnowledgeBase, e: Row) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "id": e["id"], "type": e["type"], "name": e["name"], "aliases": kb.aliases(e["id"]),
    }
    if e.get("kind"):
        rec["kind"] = e["kind"]
    if e.get("catalogue_id"):
        rec["catalogue_id"] = e["catalogue_id"]
    if e["type"] == "location":
        rec.update(country=e["country"], admin1=e["admin1"], lat=e["lat"], lon=e["lon"],
                   kind=e["place_kind"])
    return rec


def claim_record(c: Row) -> dict[str, Any]:
    return {
        "id": c["id"], "subject": c["subject"], "predicate": c["predicate"],
        "object": c["object"], "value": c["value"], "low": _num(c["low"]),
        "high": _num(c["high"]), "unit": c["unit"], "time": c["time"], "place": c["place"],
        "attributed_to": c["attributed_to"], "certainty": c["certainty"],
        "confidence": round(float(c["confidence"]), 3), "extractor": c["extractor"],
        "review": c.get("review"),
        "evidence": [
            {"document": ev["document"], "start": ev["start"], "end": ev["end"],
             "text": ev["text"]}
            for ev in c["evidence"]
        ],
    }


def event_records(kb: KnowledgeBase) -> Iterator[dict[str, Any]]:
    """One record per event, with the ids of the claims behind it, in the order their
    sources report them; a toll no source gives is an empty range (``low`` and ``high``
    null, no source), the same shape as a reported one, so a reader never has to tell
    "no figure" from a missing key."""
    for record in kb.iter_event_groups(by_source=True):
        for toll in ("killed", "injured"):
            if not record.get(toll):
                record[toll] = {"low": None, "high": None, "sources": 0,
                                "how": "no figure reported"}
        yield record


def iter_items(kb: KnowledgeBase) -> Iterator[tuple[str, dict[str, Any]]]:
    for d in kb.documents():
        yield "documents", document_record(d)
    for e in kb.entities():
        yield "entities", entity_record(kb, e)
    for c in kb.iter_claims():
        yield "claims", claim_record(c)
    for ev in event_records(kb):
        yield "events", ev


def export(kb: KnowledgeBase, exporter: Exporter) -> dict[str, int]:
    counts = dict.fromkeys(KINDS, 0)
    for kind, item in iter_items(kb):
        exporter.write(kind, item)
        counts[kind] += 1
    exporter.finalize()
    return counts
