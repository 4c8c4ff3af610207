"""Events as CSV, one row per consolidated event, with ACLED-like columns.

Analysts load ACLED into Excel, R and QGIS; the same column names (``event_date`` is
``date`` here, as EDTF) let their sheets and scripts read ours. Names, not ids: a
spreadsheet has no join. Figures stay ranges (``killed_low``/``killed_high``), never a
single best guess, and ``sources`` says which publishers the row rests on.
"""

from __future__ import annotations

import csv
from typing import IO, Any

from watchfloor.export.common import LinkedExporter
from watchfloor.ontology import load_ontology

COLUMNS = (
    "event_id", "date", "time_precision", "event_type", "method", "perpetrators", "target",
    "country", "admin1", "admin2", "location", "latitude", "longitude", "geo_precision",
    "killed_low", "killed_high", "injured_low", "injured_high", "sources", "notes",
)

# ACLED's geo_precision: 1 the town itself, 2 a district or near it, 3 a province or wider.
GEO_PRECISION = {"city": 1, "facility": 1, "district": 2, "province": 3, "region": 3,
                 "country": 3}


def time_precision(edtf: str | None) -> int | None:
    """1: the day is known; 2: the month; 3: a year, a season or a longer interval."""
    if not edtf:
        return None
    value = edtf.rstrip("~?%")
    if "/" in value or not value[:4].isdigit():
        return 3
    parts = value.split("-")
    if len(parts) == 3:
        return 1
    if len(parts) == 2 and parts[1].isdigit() and int(parts[1]) <= 12:
        return 2
    return 3


def number(x: float | int | None) -> int | float | str:
    if x is None:
        return ""
    return int(x) if float(x).is_integer() else x


class EventsCSVExporter(LinkedExporter):
    def __init__(self, out: IO[str]) -> None:
        super().__init__(out)
        self.writer = csv.writer(out, lineterminator="\n")
        self.writer.writerow(COLUMNS)
        onto = load_ontology()
        self.event_claims = set(onto.event_predicates) | onto.event_figures
        self.sentences: dict[str, str] = {}

    def write_claims(self, item: dict[str, Any]) -> None:
        """Keep the sentence of the claims events are built from (one per event figure
        or role, so bounded by the events): they become the row's notes."""
        if item["predicate"] in self.event_claims and item["evidence"]:
            self.sentences[item["id"]] = " ".join(item["evidence"][0]["text"].split())

    def write_events(self, item: dict[str, Any]) -> None:
        place = self.lookup.entities.get(item.get("location") or "") or {}
        kind = place.get("kind")
        killed = item.get("killed") or {}
        injured = item.get("injured") or {}
        notes = list(dict.fromkeys(self.sentences.pop(c) for c in item.get("claims", [])
                                   if c in self.sentences))
        self.writer.writerow([
            item["id"], item.get("date") or "", time_precision(item.get("date")) or "",
            item["type"], item.get("method") or "",
            "; ".join(self.lookup.name(p) for p in item.get("perpetrators", [])),
            item.get("target") or "", place.get("country") or "", place.get("admin1") or "",
            place.get("name", "") if kind == "district" else "",
            place.get("name", ""), number(place.get("lat")), number(place.get("lon")),
            GEO_PRECISION.get(kind or "", "") if place else "",
            number(killed.get("low")), number(killed.get("high")),
            number(injured.get("low")), number(injured.get("high")),
            "; ".join(dict.fromkeys(self.lookup.source(d) for d in item.get("documents", []))),
            " | ".join(notes),
        ])
