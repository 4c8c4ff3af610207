"""Analysts' judgements: review decisions on claims and events, and entity merges/splits.

A judgement is logged (who, when, what changed, why) in the ``reviews`` table and never
overwrites machine output: views apply the latest judgement when they read. Re-extraction
writes machine rows only, so a judgement survives ``reprocess`` and re-ingest.
"""

from __future__ import annotations

import getpass
import json
import os
from typing import Any

from watchfloor.exceptions import NotFoundError, WatchfloorError
from watchfloor.store.reading import CORRECTABLE_CLAIM_FIELDS, CORRECTABLE_EVENT_FIELDS
from watchfloor.store.schema import now
from watchfloor.store.sqlite import SQLiteKnowledgeBase

DECISIONS = ("accept", "reject", "correct")
NUMERIC_FIELDS = {"low", "high", "killed_low", "killed_high", "injured_low", "injured_high"}


def reviewer_name(given: str | None = None) -> str:
    if given:
        return given
    try:
        return os.environ.get("USER") or getpass.getuser()
    except (KeyError, OSError):
        return "analyst"


def _log(kb: SQLiteKnowledgeBase, kind: str, target: str, decision: str,
         changes: dict[str, Any], reviewer: str, note: str | None) -> int:
    with kb.transaction():
        cur = kb.conn.execute(
            "INSERT INTO reviews (target_kind, target, decision, changes, reviewer, at, note)"
            " VALUES (?,?,?,?,?,?,?)",
            (kind, target, decision, json.dumps(changes, ensure_ascii=False), reviewer, now(),
             note),
        )
        return int(cur.lastrowid or 0)


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


def review(kb: SQLiteKnowledgeBase, kind: str, target: str, decision: str,
           changes: dict[str, Any] | None = None, reviewer: str | None = None,
           note: str | None = None) -> str:
    """Record a decision on a claim or an event (by id or unique id prefix)."""
    if decision not in DECISIONS:
        raise WatchfloorError(f"unknown decision {decision!r}", f"use one of {DECISIONS}")
    table = {"claim": "claims", "event": "events"}[kind]
    rows = kb.conn.execute(
        f"SELECT id FROM {table} WHERE (id = ? OR id LIKE ?) AND deleted IS NULL", (target, target + "%")
    ).fetchall()
    if not rows and kind == "event":
        rows = [(m,) for m in merged_event_ids(kb) if m == target or m.startswith(target)]
    if len(rows) != 1:
        what = "no" if not rows else "more than one"
        raise NotFoundError(f"{what} {kind} matches {target!r}",
                            f"give the full id from `watchfloor {'claims' if kind == 'claim' else 'timeline'}`")
    allowed = CORRECTABLE_CLAIM_FIELDS if kind == "claim" else CORRECTABLE_EVENT_FIELDS
    changes = changes or {}
    bad = set(changes) - set(allowed)
    if bad:
        raise WatchfloorError(f"cannot correct {sorted(bad)} on a {kind}", f"allowed: {allowed}")
    if decision == "correct" and not changes:
        raise WatchfloorError("a correction needs at least one FIELD=VALUE")
    target_id = str(rows[0][0])
    _log(kb, kind, target_id, decision, changes, reviewer_name(reviewer), note)
    return target_id


def merged_event_ids(kb: SQLiteKnowledgeBase) -> list[str]:
    """Ids of the events merged across reports (a decision on one applies to the whole)."""
    from watchfloor.resolve.events import consolidated_id, event_clusters

    return [consolidated_id([m["id"] for m in cl.members]) for cl in event_clusters(kb)
            if len(cl.members) > 1]


def merge_entities(kb: SQLiteKnowledgeBase, keep: str, absorb: str,
                   reviewer: str | None = None, note: str | None = None) -> tuple[str, str]:
    """Merge ``absorb`` into ``keep`` (names or ids). Logged; undone by ``split_entity``."""
    a = kb.find_entity(keep)["id"]
    b = kb.find_entity(absorb)["id"]
    if a == b:
        raise WatchfloorError(f"{keep!r} and {absorb!r} are already one entity")
    with kb.transaction():
        kb.conn.execute("UPDATE entities SET merged_into = ? WHERE id = ?", (a, b))
    _log(kb, "entity", b, "merge", {"merged_into": a}, reviewer_name(reviewer), note)
    return a, b


def split_entity(kb: SQLiteKnowledgeBase, entity: str, reviewer: str | None = None,
                 note: str | None = None) -> tuple[str, str]:
    """Undo a merge: the entity (by id) stands on its own again."""
    row = kb.conn.execute(
        "SELECT id, merged_into FROM entities WHERE id = ?", (entity,)
    ).fetchone()
    if row is None:
        merged = kb.conn.execute(
            "SELECT e.id, e.merged_into FROM aliases a JOIN entities e ON e.id = a.entity"
            " WHERE a.alias = ? AND e.merged_into IS NOT NULL", (entity,)
        ).fetchone()
        row = merged
    if row is None or row[1] is None:
        raise NotFoundError(f"{entity!r} is not an entity merged into another",
                            "give the id of the merged entity (see `watchfloor show`)")
    with kb.transaction():
        kb.conn.execute("UPDATE entities SET merged_into = NULL WHERE id = ?", (row[0],))
    _log(kb, "entity", str(row[0]), "split", {"was_merged_into": row[1]},
         reviewer_name(reviewer), note)
    return str(row[0]), str(row[1])


def history(kb: SQLiteKnowledgeBase, target: str | None = None) -> list[dict[str, Any]]:
    sql = "SELECT * FROM reviews"
    params: tuple[Any, ...] = ()
    if target:
        sql += " WHERE target = ? OR target LIKE ?"
        params = (target, target + "%")
    rows = [dict(r) for r in kb.conn.execute(sql + " ORDER BY id", params)]
    for r in rows:
        r["changes"] = json.loads(r["changes"])
    return rows
