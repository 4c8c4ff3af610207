"""Claims as CSV, one row per claim, with names instead of ids and the sentence beside.

For the analyst who filters and pivots in a spreadsheet: every row is a sourced statement
(who said it, how sure, in which document, the exact sentence); rejected claims are not
in the reviewed view, so they are not here either.
"""

from __future__ import annotations

import csv
from typing import IO, Any

from watchfloor.export.common import LinkedExporter
from watchfloor.export.csv_events import number

COLUMNS = (
    "claim_id", "subject", "predicate", "object", "qualifier", "low", "high", "unit", "time",
    "place", "attributed_to", "certainty", "confidence", "review", "document", "source",
    "published", "sentence", "subject_id", "object_id",
)


class ClaimsCSVExporter(LinkedExporter):
    def __init__(self, out: IO[str]) -> None:
        super().__init__(out)
        self.writer = csv.writer(out, lineterminator="\n")
        self.writer.writerow(COLUMNS)

    def write_claims(self, item: dict[str, Any]) -> None:
        ev = item["evidence"][0] if item["evidence"] else {}
        document = ev.get("document", "")
        meta = self.lookup.documents.get(document) or {}
        self.writer.writerow([
            item["id"], self.lookup.name(item["subject"]), item["predicate"],
            self.lookup.name(item.get("object")), item.get("value") or "",
            number(item.get("low")), number(item.get("high")), item.get("unit") or "",
            item.get("time") or "", self.lookup.name(item.get("place")),
            item.get("attributed_to") or "", item["certainty"], item["confidence"],
            item.get("review") or "", document, self.lookup.source(document),
            meta.get("published") or "", " ".join(str(ev.get("text", "")).split()),
            item["subject"], item.get("object") or "",
        ])
