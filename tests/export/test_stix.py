"""The STIX 2.1 bundle passes the OASIS validator (stix2-validator) and maps the knowledge
base as documented: groups as intrusion sets, people as threat actors, relations with time
and confidence, one report per document, ids stable across exports."""

from __future__ import annotations

import json

from stix2validator import ValidationOptions, validate_instance

from watchfloor.export.stix import STIXExporter, stix_id

from .sample import GROUP, LEADER, NOWHERE, REJECTED, TALIBAN, build, run


def bundle(kb) -> dict:
    return json.loads(run(kb, STIXExporter))


def validate(data: dict) -> None:
    result = validate_instance(data, ValidationOptions(version="2.1"))
    assert result.is_valid, [str(e) for e in result.errors]


def test_stix_bundle_is_valid_and_typed(kb) -> None:
    data = bundle(build(kb))
    validate(data)
    by_id = {o["id"]: o for o in data["objects"]}
    group = by_id[stix_id("intrusion-set", GROUP)]
    assert group["name"] == "ISKP" and "Islamic State Khorasan Province" in group["aliases"]
    assert by_id[stix_id("threat-actor", LEADER)]["name"] == "Shahab al-Muhajir"
    assert stix_id("location", NOWHERE) not in by_id  # no country, no coordinates
    kunduz = next(o for o in data["objects"] if o["type"] == "location")
    assert (kunduz["country"], kunduz["latitude"]) == ("AF", 36.72898)
    rels = {o["relationship_type"]: o for o in data["objects"] if o["type"] == "relationship"}
    hostile = rels["hostile-to"]
    assert hostile["source_ref"] == group["id"]
    assert hostile["target_ref"] == stix_id("intrusion-set", TALIBAN)
    assert hostile["start_time"] == "2015-01-01T00:00:00.000Z" and "stop_time" not in hostile
    assert 0 < hostile["confidence"] <= 100
    assert "hostile to the Taliban" in hostile["external_references"][0]["description"]
    assert rels["attributed-to"]["target_ref"] == group["id"]
    assert "allied-with" not in rels
    assert REJECTED not in json.dumps(data)
    [note] = [o for o in data["objects"] if o["type"] == "note"]
    assert "4,000" in note["content"] and note["object_refs"] == [group["id"]]
    [report] = [o for o in data["objects"] if o["type"] == "report"]
    assert report["name"] == "Kunduz mosque bombing"
    assert report["published"] == "2021-10-09T00:00:00.000Z"
    assert hostile["id"] in report["object_refs"] and note["id"] in report["object_refs"]
    assert report["external_references"][0]["url"] == "https://example.org/kunduz"


def test_stix_ids_are_stable_across_exports(kb) -> None:
    build(kb)
    first = {o["id"] for o in bundle(kb)["objects"]}
    second = {o["id"] for o in bundle(kb)["objects"]}
    assert first == second


def test_stix_empty_base_is_a_valid_bundle(kb) -> None:
    data = bundle(kb)
    validate(data)
    assert [o["type"] for o in data["objects"]] == ["identity"]
