"""Analysts' judgements: review decisions on claims and events, and entity merges/splits.

A judgement is logged (who, when, what changed, why) in the ``reviews`` table and never
overwrites machine output: views apply the analysts' verdicts when they read
(``store.reviews``). Claim and event ids depend on their document alone, so a judgement
survives ``reprocess`` and re-ingest. A correction is checked (``resolve.corrections``)
before it is logged: what the ontology or the export would refuse is refused here.
"""

from __future__ import annotations

import getpass
import os
from typing import Any

from watchfloor.exceptions import NotFoundError, WatchfloorError
from watchfloor.resolve.corrections import check_claim, check_event
from watchfloor.store.base import KnowledgeBase
from watchfloor.store.reviews import (
    CORRECTABLE_CLAIM_FIELDS,
    CORRECTABLE_EVENT_FIELDS,
    DECISIONS,
)

NUMERIC_FIELDS = {"low", "high", "killed_low", "killed_high", "injured_low", "injured_high"}


def reviewer_name(given: str | None = None) -> str:
    if given:
        return given
    try:
        return os.environ.get("USER") or getpass.getuser()
    except (KeyError, OSError):
        return "analyst"


def parse_changes(pairs: list[str], allowed: tuple[str, ...]) -> dict[str, Any]:
    """``["low=46", "time=2021-10-08"]`` -> dict, checking field names and numbers."""
    changes: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or key not in allowed:
            raise WatchfloorError(
                f"cannot correct {pair!r}", f"write FIELD=VALUE with FIELD one of {', '.join(allowed)}"
            )
        if key in NUMERIC_FIELDS:
            try:
                changes[key] = None if value.strip() in ("", "null") else float(value)
            except ValueError:
                raise WatchfloorError(f"{key} must be a number, got {value!r}") from None
        elif key == "perpetrators":
            changes[key] = [v.strip() for v in value.split(",") if v.strip()]
        else:
            changes[key] = value.strip() or None
    return changes


def review(kb: KnowledgeBase, kind: str, target: str, decision: str,
           changes: dict[str, Any] | None = None, reviewer: str | None = None,
           note: str | None = None) -> str:
    """Record a decision on a claim or an event (by id or unique id prefix). A correction
    is checked against the ontology and the export schema first, with the analysts'
    earlier corrections of the same target applied (corrections compose)."""
    if decision not in DECISIONS:
        raise WatchfloorError(f"unknown decision {decision!r}", f"use one of {DECISIONS}")
    if kind not in ("claim", "event"):
        raise WatchfloorError(f"cannot review a {kind!r}", "review a claim or an event;"
                              " merge and split judge entities")
    allowed = CORRECTABLE_CLAIM_FIELDS if kind == "claim" else CORRECTABLE_EVENT_FIELDS
    changes = changes or {}
    bad = set(changes) - set(allowed)
    if bad:
        raise WatchfloorError(f"cannot correct {sorted(bad)} on a {kind}", f"allowed: {allowed}")
    if decision == "correct" and not changes:
        raise WatchfloorError("a correction needs at least one FIELD=VALUE")
    ids = kb.live_ids(kind, target)
    merged: dict[str, list[str]] = {}
    if not ids and kind == "event":
        ids = kb.group_ids_like(target)
        merged = kb.group_members(ids)
    if len(ids) != 1:
        what = "no" if not ids else "more than one"
        raise NotFoundError(f"{what} {kind} matches {target!r}",
                            f"give the full id from `watchfloor {'claims' if kind == 'claim' else 'timeline'}`")
    target_id = ids[0]
    if changes and kind == "claim":
        changes = check_claim(kb, kb.claim(target_id), changes)
    elif changes:
        event = kb.event(min(merged[target_id]) if target_id in merged else target_id)
        earlier = kb.event_review(target_id) if target_id in merged else None
        if earlier:  # a merged event's earlier corrections are not on its members' rows
            event = {**event, **earlier["changes"]}
        changes = check_event(kb, {**event, "id": target_id}, changes)
    kb.log_judgements([(kind, target_id, decision, changes, reviewer_name(reviewer), note)])
    return target_id


def merged_event_ids(kb: KnowledgeBase) -> list[str]:
    """Ids of the events merged across reports (a decision on one applies to the whole)."""
    return kb.merged_group_ids()


def merge_entities(kb: KnowledgeBase, keep: str, absorb: str,
                   reviewer: str | None = None, note: str | None = None) -> tuple[str, str]:
    """Merge ``absorb`` into ``keep`` (names or ids). Logged in the same transaction as
    the merge itself; undone by ``split_entity``."""
    a = kb.find_entity(keep)["id"]
    b = kb.find_entity(absorb)["id"]
    if a == b:
        raise WatchfloorError(f"{keep!r} and {absorb!r} are already one entity")
    kb.merge_entity(b, a, reviewer_name(reviewer), note)
    return a, b


def split_entity(kb: KnowledgeBase, entity: str, reviewer: str | None = None,
                 note: str | None = None) -> tuple[str, str]:
    """Undo a merge: the entity (by id) stands on its own again."""
    return kb.split_entity(entity, reviewer_name(reviewer), note)


def history(kb: KnowledgeBase, target: str | None = None) -> list[dict[str, Any]]:
    return kb.judgements(target)
