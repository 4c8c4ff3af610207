"""Places and events as one GeoJSON FeatureCollection (RFC 7946), for QGIS.

Properties are flat (a GIS attribute table has no nesting) and named as in the events CSV.
Events carry ``earliest``/``latest`` ISO days beside the EDTF ``date`` so QGIS's temporal
controller can play them; an event or place without coordinates keeps a null geometry
(allowed by the RFC) so it is listed, not silently lost.
"""

from __future__ import annotations

import json
from typing import IO, Any

from watchfloor.edtf import bounds
from watchfloor.export.common import LinkedExporter
from watchfloor.export.csv_events import GEO_PRECISION


def point(place: dict[str, Any] | None) -> dict[str, Any] | None:
    if not place or place.get("lat") is None or place.get("lon") is None:
        return None
    return {"type": "Point", "coordinates": [float(place["lon"]), float(place["lat"])]}


class GeoJSONExporter(LinkedExporter):
    def __init__(self, out: IO[str]) -> None:
        super().__init__(out)
        self.first = True
        self.out.write('{"type": "FeatureCollection", "features": [')

    def _feature(self, fid: str, geometry: dict[str, Any] | None,
                 properties: dict[str, Any]) -> None:
        feature = {"type": "Feature", "id": fid, "geometry": geometry,
                   "properties": properties}
        self.out.write(("\n  " if self.first else ",\n  ")
                       + json.dumps(feature, ensure_ascii=False))
        self.first = False

    def write_entities(self, item: dict[str, Any]) -> None:
        if item["type"] != "location":
            return
        self._feature(item["id"], point(item), {
            "feature_type": "place", "id": item["id"], "name": item["name"],
            "kind": item.get("kind"), "country": item.get("country"),
            "admin1": item.get("admin1"),
        })

    def write_events(self, item: dict[str, Any]) -> None:
        place = self.lookup.entities.get(item.get("location") or "")
        earliest, latest = bounds(item.get("date"))
        killed = item.get("killed") or {}
        injured = item.get("injured") or {}
        self._feature(item["id"], point(place), {
            "feature_type": "event", "id": item["id"], "event_type": item["type"],
            "date": item.get("date"), "earliest": earliest, "latest": latest,
            "method": item.get("method"), "target": item.get("target"),
            "perpetrators": "; ".join(self.lookup.name(p) for p in item["perpetrators"]),
            "location": place["name"] if place else None,
            "geo_precision": GEO_PRECISION.get(place.get("kind") or "") if place else None,
            "killed_low": killed.get("low"), "killed_high": killed.get("high"),
            "injured_low": injured.get("low"), "injured_high": injured.get("high"),
            "sources": "; ".join(dict.fromkeys(self.lookup.source(d)
                                               for d in item["documents"])),
        })

    def finalize(self) -> None:
        self.out.write("\n]}\n")
