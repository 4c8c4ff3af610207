"""Checking an analyst's correction before it is logged.

Why here and not when reading: a correction is applied to every view and export from the
moment it is logged, so a value the ontology does not know, or one the export's JSON
Schema refuses, would break the next ``export`` long after the command that caused it
exited 0. Each check refuses with one line that names the field, quotes the value and
says what is expected. Entity references may be given by name or alias: they are stored
as the entity's id, so the correction means the same thing however it was typed.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

from watchfloor import edtf
from watchfloor.exceptions import CorrectionError, DateError, NotFoundError
from watchfloor.ontology import load_ontology
from watchfloor.store.base import KnowledgeBase, Row


@cache
def _validator(kind: str) -> jsonschema.protocols.Validator:
    schema = json.loads(
        resources.files("watchfloor.export").joinpath("kb.schema.json").read_text("utf-8"))
    wrapped = {"$defs": schema["$defs"], "$ref": f"#/$defs/{kind}"}
    cls = jsonschema.validators.validator_for(schema)
    return cls(wrapped)  # type: ignore[no-any-return]


def _refuse(kind: str, target: str, key: str, value: Any, why: str,
            hint: str | None = None) -> CorrectionError:
    return CorrectionError(f"cannot correct {kind} {target}: {key}={value!r} {why}", hint)


def _reference(kb: KnowledgeBase, kind: str, target: str, key: str,
               value: str) -> tuple[str, str]:
    """(id, entity type or "event") of the entity or event ``value`` names."""
    if value.startswith("evt-"):
        try:
            return kb.event(value)["id"], "event"
        except NotFoundError:
            raise _refuse(kind, target, key, value, "names no event in the knowledge base",
                          "see `watchfloor timeline` for event ids") from None
    try:
        entity = kb.find_entity(value)
    except NotFoundError:
        raise _refuse(kind, target, key, value, "names no entity in the knowledge base",
                      "give an entity id or name from `watchfloor entities`") from None
    return str(entity["id"]), str(entity["type"])


def _type_of(kb: KnowledgeBase, ref: str) -> str:
    if ref.startswith("evt-"):
        return "event"
    return str(kb.entity(ref)["type"])


def _check_time(kind: str, target: str, key: str, value: Any) -> None:
    if value is None:
        return
    try:
        edtf.parse(str(value))
    except DateError as exc:
        raise _refuse(kind, target, key, value, "is no EDTF date", exc.hint) from None


def _check_range(kind: str, target: str, low_key: str, high_key: str, row: Row) -> None:
    low, high = row.get(low_key), row.get(high_key)
    if low is not None and high is not None and low > high:
        raise _refuse(kind, target, low_key, low, f"is above {high_key}={high!r}",
                      f"correct both, e.g. {low_key}={high} {high_key}={low}")
    for key in (low_key, high_key):
        if row.get(key) is not None and row[key] < 0:
            raise _refuse(kind, target, key, row[key], "is below zero")


def _check_schema(kind: str, target: str, record: dict[str, Any]) -> None:
    error = next(iter(_validator(kind).iter_errors(record)), None)
    if error is not None:
        where = ".".join(str(p) for p in error.absolute_path) or kind
        raise _refuse(kind, target, where, error.instance,
                      f"would not pass the export schema ({error.message})")


def check_claim(kb: KnowledgeBase, claim: Row, changes: dict[str, Any]) -> dict[str, Any]:
    """The changes as they will be logged (entity names made ids); CorrectionError when
    the corrected claim would not be a claim of the ontology and the export."""
    from watchfloor.export.common import claim_record

    ontology = load_ontology()
    target = str(claim["id"])
    fixed = dict(changes)
    for key in ("subject", "object", "place"):
        if fixed.get(key) is not None:
            fixed[key], etype = _reference(kb, "claim", target, key, str(fixed[key]))
            if key == "place" and etype != "location":
                raise _refuse("claim", target, key, changes[key], f"is a {etype}, not a place")
    row = {**claim, **fixed}
    predicate = row["predicate"]
    if predicate not in ontology.all_predicates():
        raise _refuse("claim", target, "predicate", predicate, "is not in the ontology",
                      "see docs/ontology.md for the predicates")
    if row["subject"] is None:
        raise _refuse("claim", target, "subject", None, "leaves the claim without a subject")
    # a machine claim outside its predicate's domain is the extractor's error: only what
    # the analyst changes is held to the ontology here
    touched = bool({"subject", "predicate", "object"} & set(fixed))
    if predicate in ontology.predicates and touched:
        spec = ontology.predicate(predicate)
        subject_type = _type_of(kb, row["subject"])
        if subject_type not in spec.domain:
            raise _refuse("claim", target, "subject", row["subject"],
                          f"is a {subject_type}; {predicate} takes {', '.join(spec.domain)}")
        if row["object"] is None:
            raise _refuse("claim", target, "object", None, f"leaves {predicate} without an"
                          " object")
        object_type = _type_of(kb, row["object"])
        if object_type not in spec.range:
            raise _refuse("claim", target, "object", row["object"],
                          f"is a {object_type}; {predicate} points at {', '.join(spec.range)}")
    elif predicate in ontology.quantities:
        unit = ontology.quantities[predicate].unit
        if "unit" in fixed and fixed["unit"] not in (None, unit):
            raise _refuse("claim", target, "unit", fixed["unit"], f"is not {predicate}'s unit",
                          f"{predicate} is counted in {unit}")
    if "certainty" in fixed and row["certainty"] not in ontology.certainty:
        raise _refuse("claim", target, "certainty", row["certainty"], "is not a certainty",
                      f"one of {', '.join(ontology.certainty)}")
    _check_time("claim", target, "time", fixed.get("time"))
    _check_range("claim", target, "low", "high", row)
    _check_schema("claim", target, claim_record(row))
    return fixed


def check_event(kb: KnowledgeBase, event: Row, changes: dict[str, Any]) -> dict[str, Any]:
    """As ``check_claim``, for an event (``event`` is the row the changes apply to: the
    event itself, or a member of the merged event being corrected)."""
    ontology = load_ontology()
    target = str(event["id"])
    fixed = dict(changes)
    if fixed.get("location") is not None:
        fixed["location"], etype = _reference(kb, "event", target, "location",
                                              str(fixed["location"]))
        if etype != "location":
            raise _refuse("event", target, "location", changes["location"],
                          f"is a {etype}, not a place")
    if "perpetrators" in fixed:
        fixed["perpetrators"] = [
            _reference(kb, "event", target, "perpetrators", str(p))[0]
            for p in fixed["perpetrators"] or []]
    row = {**event, **fixed}
    etype = row["type"]
    if etype not in ontology.event_types:
        raise _refuse("event", target, "type", etype, "is not an event type",
                      f"one of {', '.join(ontology.event_types)}")
    methods = ontology.event_types[etype].methods
    if row.get("method") is not None and methods and row["method"] not in methods:
        raise _refuse("event", target, "method", row["method"], f"is not a method of {etype}",
                      f"one of {', '.join(methods)}")
    _check_time("event", target, "date", fixed.get("date"))
    for what in ("killed", "injured"):
        _check_range("event", target, f"{what}_low", f"{what}_high", row)
    record = {
        "id": target, "type": etype, "date": row["date"], "location": row["location"],
        "perpetrators": row["perpetrators"], "target": row.get("target"),
        "method": row.get("method"), "claims": [],
        **{what: None if row[f"{what}_low"] is None and row[f"{what}_high"] is None
           else {"low": row[f"{what}_low"], "high": row[f"{what}_high"]}
           for what in ("killed", "injured")},
    }
    _check_schema("event", target, record)
    return fixed
