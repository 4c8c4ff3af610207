"""Reviews applied before anything reads: one reviewed view of claims and events.

A correction changes what every query, view and export finds (a leader corrected to
another person is that person's claim), successive corrections compose, a corrected toll
changes its event, and a correction the ontology or the export would refuse is refused
with one line before it is logged.
"""

from __future__ import annotations

import io
import json

import jsonschema
import pytest
from click.testing import CliRunner

from watchfloor.cli.main import cli
from watchfloor.exceptions import CorrectionError, StoreError
from watchfloor.export.common import export
from watchfloor.export.json_kb import JSONExporter
from watchfloor.resolve.events import consolidated_events
from watchfloor.resolve.judgements import merge_entities, review
from watchfloor.store.base import ClaimFilter
from watchfloor.store.sqlite import SQLiteKnowledgeBase

from conftest import kunduz_report, make_extraction

TARIQ = ("person:abu tariq", "person", "Abu Tariq")
OMAR = ("person:abu omar", "person", "Abu Omar")
BBB = ("armed_group:black banner", "armed_group", "Black Banner")
HELMAND = ("location:helmand", "location", "Helmand")
TEXT = "Abu Tariq leads the Black Banner in Helmand, Abu Omar said in 2021."


def _leader(kb) -> str:
    ex = make_extraction(TEXT, [TARIQ, OMAR, BBB, HELMAND],
                         [(TARIQ[0], "leader_of", BBB[0], "Abu Tariq leads the Black Banner",
                           {"time": "2021", "place": HELMAND[0]})])
    kb.write_extraction(ex, model="m")
    return ex.claims[0].id


def _ids(kb, **flt) -> list[str]:
    return [c["id"] for c in kb.claims(ClaimFilter(**flt))]


def test_reviewed_view_a_leader_corrected_to_another_person_is_found_under_them(kb) -> None:
    claim = _leader(kb)
    review(kb, "claim", claim, "correct", {"subject": "Abu Omar"}, reviewer="ana")
    assert _ids(kb, entity=OMAR[0]) == [claim]
    assert _ids(kb, entity=TARIQ[0]) == []
    assert kb.claim(claim)["subject"] == OMAR[0]  # the name was stored as the entity's id
    review(kb, "claim", claim, "correct", {"predicate": "deputy_leader_of"}, reviewer="ana")
    assert _ids(kb, predicate="deputy_leader_of", entity=OMAR[0]) == [claim]
    assert _ids(kb, predicate="leader_of") == []
    out = io.StringIO()
    export(kb, JSONExporter(out))
    [record] = json.loads(out.getvalue())["claims"]
    assert (record["subject"], record["predicate"]) == (OMAR[0], "deputy_leader_of")


def test_reviewed_view_successive_corrections_compose(kb) -> None:
    claim = _leader(kb)
    review(kb, "claim", claim, "correct", {"time": "2019/2021"}, reviewer="ana")
    review(kb, "claim", claim, "correct", {"certainty": "reported"}, reviewer="bo")
    review(kb, "claim", claim, "accept", reviewer="cy")
    row = kb.claim(claim)
    assert (row["time"], row["certainty"], row["review"], row["reviewer"]) == (
        "2019/2021", "reported", "accept", "cy")
    assert (row["earliest"], row["latest"]) == ("2019-01-01", "2021-12-31")
    review(kb, "claim", claim, "reject", reviewer="ana")
    assert _ids(kb) == [] and _ids(kb, include_rejected=True) == [claim]


BAD_CLAIM = [
    ({"predicate": "rules_over"}, "predicate='rules_over' is not in the ontology"),
    ({"time": "2021-13"}, "time='2021-13' is no EDTF date"),
    ({"time": "winter"}, "time='winter' is no EDTF date"),
    ({"certainty": "sure"}, "certainty='sure' is not a certainty"),
    ({"subject": "Nobody Known"}, "subject='Nobody Known' names no entity"),
    ({"object": "Helmand"}, "object='location:helmand' is a location; leader_of points at"),
    ({"subject": "Helmand", "predicate": "deputy_leader_of"}, "is a location; deputy_leader"),
    ({"place": "Abu Omar"}, "place='Abu Omar' is a person, not a place"),
]


@pytest.mark.parametrize(("changes", "message"), BAD_CLAIM)
def test_reviewed_view_refuses_what_the_ontology_refuses(kb, changes, message) -> None:
    claim = _leader(kb)
    with pytest.raises(CorrectionError) as raised:
        review(kb, "claim", claim, "correct", changes, reviewer="ana")
    assert message in str(raised.value) and "\n" not in str(raised.value)
    assert kb.judgements() == []  # nothing logged
    assert kb.claim(claim)["review"] is None


def test_reviewed_view_refuses_a_toll_the_export_schema_refuses(kb) -> None:
    kb.write_extraction(kunduz_report("ISKP killed 46 people in Kunduz. ISKP claimed it.",
                                      (46.0, 46.0), "exact"), model="m")
    toll = _ids(kb, predicate="killed")[0]
    event = kb.events()[0]["id"]
    cases = [
        ("claim", toll, {"low": 50.0}, "low=50.0 is above high=46.0"),
        ("claim", toll, {"low": -3.0, "high": None}, "low=-3.0 is below zero"),
        ("claim", toll, {"unit": "vehicles"}, "unit='vehicles' is not killed's unit"),
        ("event", event, {"type": "party"}, "type='party' is not an event type"),
        ("event", event, {"method": "teleport"}, "method='teleport' is not a method of attack"),
        ("event", event, {"date": "yesterday"}, "date='yesterday' is no EDTF date"),
        ("event", event, {"location": "ISKP"}, "is a armed_group, not a place"),
        ("event", event, {"perpetrators": ["Nobody Known"]}, "names no entity"),
    ]
    for kind, target, changes, message in cases:
        with pytest.raises(CorrectionError, match=message):
            review(kb, kind, target, "correct", changes, reviewer="ana")
    assert kb.judgements() == []
    result = CliRunner().invoke(cli, ["review", toll, "--correct", "time=2021-10-32", "--db",
                                      kb.path])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "is no EDTF date" in result.output


def test_reviewed_view_a_corrected_toll_changes_its_event(kb) -> None:
    from conftest import kunduz_reports

    for ex in kunduz_reports():
        kb.write_extraction(ex, model="m")
    first = kunduz_reports()[0]
    toll = first.claims[0].id
    assert kb.events(document=first.document.id)[0]["killed_claim"] == toll
    review(kb, "claim", toll, "correct", {"low": 40.0, "high": 40.0}, reviewer="ana")
    event = kb.events(document=first.document.id)[0]
    assert (event["killed_low"], event["killed_high"]) == (40.0, 40.0)
    [merged] = consolidated_events(kb)
    assert merged["killed"]["low"] == 40.0
    from watchfloor.resolve.timeline import build_timeline

    [item] = [i for i in build_timeline(kb) if i.kind == "event"]
    assert "killed 40–" in item.label
    review(kb, "claim", toll, "reject", reviewer="ana")
    assert kb.events(document=first.document.id)[0]["killed_low"] is None
    [merged] = consolidated_events(kb)
    assert merged["killed"]["low"] == 50.0 and merged["killed"]["sources"] == 2


def test_reviewed_view_a_corrected_event_date_moves_it(kb) -> None:
    for ex in (kunduz_report("ISKP killed 46 people in Kunduz. ISKP claimed it.",
                             (46.0, None), "at least", date="2021-10-08"),
               kunduz_report("ISKP killed 9 people in Kunduz. ISKP claimed it.",
                             (9.0, None), "at least", date="2021-06-01")):
        kb.write_extraction(ex, model="m")
    early, late = kb.events()
    assert early["date"] == "2021-06-01"
    review(kb, "event", early["id"], "correct", {"date": "2021-24"}, reviewer="ana")
    events = kb.events()
    assert [e["id"] for e in events] == [late["id"], early["id"]]
    assert (events[1]["earliest"], events[1]["latest"]) == ("2021-12-01", "2022-02-28")


def test_reviewed_view_export_passes_its_schema_after_corrections(kb) -> None:
    from importlib import resources

    claim = _leader(kb)
    review(kb, "claim", claim, "correct", {"object": "Black Banner", "time": "2020~"},
           reviewer="ana")
    out = io.StringIO()
    export(kb, JSONExporter(out))
    schema = json.loads(resources.files("watchfloor.export").joinpath("kb.schema.json")
                        .read_text("utf-8"))
    jsonschema.validate(json.loads(out.getvalue()), schema)


def test_reviewed_view_a_merge_and_its_log_entry_are_one_transaction(kb) -> None:
    _leader(kb)
    if isinstance(kb, SQLiteKnowledgeBase):
        kb.conn.execute("CREATE TRIGGER refuse_log BEFORE INSERT ON reviews"
                        " BEGIN SELECT RAISE(ABORT, 'log refused'); END")
    else:
        kb.conn.execute("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS"
                        " $$ BEGIN RAISE EXCEPTION 'log refused'; END $$")
        kb.conn.execute("CREATE TRIGGER refuse_log BEFORE INSERT ON reviews FOR EACH ROW"
                        " EXECUTE FUNCTION refuse()")
    with pytest.raises(StoreError):
        merge_entities(kb, "Abu Tariq", "Abu Omar", reviewer="ana")
    assert kb.entity(OMAR[0])["id"] == OMAR[0]  # not merged: the log entry failed
    kb.conn.execute("DROP TRIGGER refuse_log" + ("" if isinstance(kb, SQLiteKnowledgeBase)
                                                 else " ON reviews"))
    merge_entities(kb, "Abu Tariq", "Abu Omar", reviewer="ana")
    assert kb.entity(OMAR[0])["id"] == TARIQ[0]
    assert [(j["target"], j["decision"]) for j in kb.judgements()] == [(OMAR[0], "merge")]
