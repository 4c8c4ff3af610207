"""The canonical JSON export validates against its JSON Schema and keeps stable names."""

from __future__ import annotations

import io
import json
from importlib import resources

import jsonschema
import pytest

from watchfloor.export.common import export
from watchfloor.export.json_kb import FORMAT, JSONExporter

from conftest import make_extraction

SCHEMA = json.loads(
    resources.files("watchfloor.export").joinpath("kb.schema.json").read_text("utf-8")
)

TEXT = ("On 8 October 2021 a suicide bomber killed at least 46 worshippers at a mosque in "
        "Kunduz; ISKP claimed the attack.")


def dump(kb) -> dict:
    buf = io.StringIO()
    export(kb, JSONExporter(buf))
    return json.loads(buf.getvalue())


def test_json_kb_empty_knowledge_base_is_valid(kb) -> None:
    data = dump(kb)
    jsonschema.validate(data, SCHEMA)
    assert data["format"] == FORMAT
    assert data["claims"] == [] and data["events"] == []


def test_json_kb_full_export_is_valid_and_sourced(kb) -> None:
    ex = make_extraction(
        TEXT,
        [("iskp", "armed_group", "ISKP"), ("location:kunduz", "location", "Kunduz")],
        [("iskp", "perpetrator_of", None, "ISKP claimed the attack.",
          {"certainty": "claimed", "event": "e1"}),
         ("e1", "killed", None, TEXT[:TEXT.index(";")], {"low": 46.0, "value": "at least",
                                                         "event": "e1"})],
        [("e1", "attack", TEXT[:TEXT.index(";")],
          {"date": "2021-10-08", "location": "location:kunduz", "perpetrators": ["iskp"],
           "method": "suicide_bombing", "killed": (46.0, None)})],
        title="Kunduz", published="2021-10-08",
    )
    kb.write_extraction(ex, model="m")
    data = dump(kb)
    jsonschema.validate(data, SCHEMA)
    [event] = data["events"]
    assert event["killed"]["low"] == 46 and event["perpetrators"] == ["iskp"]
    assert len(event["claims"]) == 2
    killed = next(c for c in data["claims"] if c["predicate"] == "killed")
    assert killed["subject"] == event["id"] and killed["low"] == 46
    doc = data["documents"][0]
    assert doc["published"] == "2021-10-08" and len(doc["sha256"]) == 64


def test_json_kb_events_in_source_order_with_empty_tolls(kb) -> None:
    """A report's events come in the order it tells them (the attack of March it tells
    first, then the total over the year, which starts earlier), and a toll no source gives
    is an empty range, never a missing one."""
    text = ("In March 2019 gunmen attacked a market in Baidoa. During 2019 gunmen killed 300 "
            "civilians in the region.")
    market, total = text[:text.index(".") + 1], text[text.index("During"):]
    ex = make_extraction(
        text, [("location:baidoa", "location", "Baidoa")], [],
        [("e-total", "attack", total, {"date": "2019", "killed": (300.0, 300.0)}),
         ("e-market", "attack", market, {"date": "2019-03", "location": "location:baidoa"})],
        title="Somalia 2019", published="2020-03-11")
    kb.write_extraction(ex, model="m")
    data = dump(kb)
    jsonschema.validate(data, SCHEMA)
    assert [e["date"] for e in data["events"]] == ["2019-03", "2019"]
    market_event = data["events"][0]
    assert market_event["killed"] == {"low": None, "high": None, "sources": 0,
                                      "how": "no figure reported"}


@pytest.mark.parametrize(
    "broken",
    [
        lambda d: d.update(format="watchfloor-kb/2"),
        lambda d: d["claims"][0].update(certainty="sure"),
        lambda d: d["claims"][0].update(evidence=[]),
        lambda d: d["entities"][0].update(type="militia"),
    ],
)
def test_json_kb_schema_rejects_broken_records(kb, broken) -> None:
    ex = make_extraction(TEXT, [("iskp", "armed_group", "ISKP")],
                         [("iskp", "operates_in", None, "ISKP claimed the attack.")])
    kb.write_extraction(ex, model="m")
    data = dump(kb)
    broken(data)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)
