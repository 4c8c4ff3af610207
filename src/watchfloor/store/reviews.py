"""Analysts' reviews folded into one verdict per claim or event, applied to rows as read.

Why a fold and not "the latest review": the log keeps every decision, and each one adds to
what came before. A target's verdict is its latest decision (accept, reject or correct)
with the corrections of all its reviews composed in order, a later value of a field over
an earlier one: a second ``--correct`` adds to the first instead of undoing it, and an
``--accept`` after a correction confirms the corrected statement.

The reading methods (``store.reading``) read the verdicts and apply them to machine rows *before* they
filter, sort or group them, so a claim corrected to another person is found under that
person, and a corrected toll changes the event it belongs to.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from watchfloor.edtf import bounds
from watchfloor.store.base import Row

DECISIONS = ("accept", "reject", "correct")
CORRECTABLE_CLAIM_FIELDS = (
    "subject", "predicate", "object", "value", "low", "high", "unit", "time", "place",
    "attributed_to", "certainty",
)
CORRECTABLE_EVENT_FIELDS = (
    "type", "date", "location", "perpetrators", "target", "method", "killed_low",
    "killed_high", "injured_low", "injured_high",
)
TOLLS = ("killed", "injured")


@dataclass(frozen=True)
class Verdict:
    """What the analysts' reviews of one target add up to."""

    decision: str  # the latest of accept, reject, correct
    changes: dict[str, Any] = field(default_factory=dict)  # every correction, composed
    reviewer: str = ""  # who made the latest decision
    at: str = ""

    @property
    def rejected(self) -> bool:
        return self.decision == "reject"


def fold(rows: Iterable[tuple[str, str, str, str, str]]) -> dict[str, Verdict]:
    """(target, decision, changes JSON, reviewer, at) rows, oldest first -> verdicts.

    The definition of a verdict. The store keeps the same fold in SQL (the ``verdicts``
    table, filled by a trigger on the log, so SQL readers such as Datasette see it too);
    the tests check the two agree on any sequence of reviews."""
    out: dict[str, Verdict] = {}
    for target, decision, changes, reviewer, at in rows:
        if decision not in DECISIONS:
            continue
        before = out.get(target)
        composed = dict(before.changes) if before else {}
        if decision == "correct":
            composed.update(json.loads(changes or "{}"))
        out[target] = Verdict(decision, composed, reviewer, at)
    return out


def apply_to_claim(row: Row, verdict: Verdict | None) -> Row:
    """The claim row as the analysts see it (in place): decision, corrected fields, and the
    interval bounds of a corrected time."""
    row.pop("deleted", None)
    row["review"] = verdict.decision if verdict else None
    row["reviewer"] = verdict.reviewer if verdict else None
    row["reviewed_at"] = verdict.at if verdict else None
    return row if verdict is None else _corrected(row, verdict, CORRECTABLE_CLAIM_FIELDS, "time")


def _corrected(row: Row, verdict: Verdict, fields: tuple[str, ...], when: str) -> Row:
    """The row with the verdict's corrections of ``fields``, and the day bounds of a
    corrected ``when`` (a claim's time, an event's date)."""
    for key, value in verdict.changes.items():
        if key in fields:
            row[key] = value
    if when in verdict.changes:
        row["earliest"], row["latest"] = bounds(row[when])
    return row


def apply_to_event(row: Row, verdict: Verdict | None, tolls: dict[str, Verdict]) -> Row:
    """The event row as the analysts see it (in place). A toll the event shows comes from
    one claim (``killed_claim``): that claim's correction is the event's figure, its
    rejection leaves the event without that figure; the event's own corrections come last
    (they are about the event itself)."""
    row.pop("deleted", None)
    for what in TOLLS:
        toll = tolls.get(row.get(f"{what}_claim") or "")
        if toll is None:
            continue
        if toll.rejected:
            row[f"{what}_low"] = row[f"{what}_high"] = None
        else:
            for end in ("low", "high"):
                if end in toll.changes:
                    row[f"{what}_{end}"] = toll.changes[end]
    row["review"] = verdict.decision if verdict else None
    return row if verdict is None else _corrected(row, verdict, CORRECTABLE_EVENT_FIELDS, "date")
