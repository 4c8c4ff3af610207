"""The GeoJSON export is a valid FeatureCollection (checked by the ``geojson`` package) with
the attack as a Point at its place and unlocated places kept with a null geometry."""

from __future__ import annotations

import geojson

from watchfloor.export.geojson import GeoJSONExporter

from .sample import KUNDUZ, NOWHERE, build, run


def test_geojson_valid_feature_collection_of_events_and_places(kb) -> None:
    data = geojson.loads(run(build(kb), GeoJSONExporter))
    assert data.is_valid, data.errors()
    assert data["type"] == "FeatureCollection"
    by_id = {f["id"]: f for f in data["features"]}
    assert by_id[KUNDUZ]["geometry"]["coordinates"] == [68.857, 36.72898]
    assert by_id[NOWHERE]["geometry"] is None
    [event] = [f for f in data["features"] if f["properties"]["feature_type"] == "event"]
    props = event["properties"]
    assert event["geometry"]["coordinates"] == [68.857, 36.72898]
    assert props["perpetrators"] == "ISKP" and props["location"] == "Kunduz"
    assert (props["earliest"], props["latest"]) == ("2021-10-08", "2021-10-08")
    assert props["killed_low"] == 46 and props["killed_high"] is None


def test_geojson_empty_base_is_an_empty_collection(kb) -> None:
    data = geojson.loads(run(kb, GeoJSONExporter))
    assert data.is_valid and data["features"] == []
