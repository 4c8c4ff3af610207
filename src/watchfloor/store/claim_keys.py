"""What conflicts over the whole base read: the keys of many claims, then a few claims.

Why apart from ``claims()``: a disagreement is between claims of one key (a subject's
quantity, a pair's relation, a group's leaders), so ``resolve.conflicts`` can scan the
keys alone (a few small columns, as reviewed), pick the keys with more than one claim, and
read whole claims only for those, one key after another, until it has as many conflicts
as were asked for: a million claims are never all built.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from watchfloor.store.base import Row
from watchfloor.store.reading import _claim_order

_ORDER = "ORDER BY c.earliest IS NULL, c.earliest, c.document, c.id"


def about_sql(predicates: list[str], entities: set[str] | None, about: set[str]
              ) -> tuple[str, list[Any]]:
    """The condition for the claims ``c`` with one of ``predicates`` about ``entities``
    (subject, object, or one of the events ``about`` them; None: every claim), and its
    parameters. One index range per end, predicate included: an OR of the ends, or the
    predicate outside them, lets the planner walk every claim of a predicate instead."""
    preds = json.dumps(sorted(predicates))
    if entities is None:
        return "c.predicate IN (SELECT value FROM json_each(?))", [preds]
    ids = json.dumps(sorted(entities))
    # an event's claims are found by their event: the predicate is tested as an
    # expression, which no index serves, or the planner may walk every claim of the
    # predicates instead (which of two one-column indexes it takes is a tie it breaks by
    # their order in the schema)
    one = "SELECT id FROM claims WHERE {end} IN (SELECT value FROM json_each(?))" \
          " AND {predicate} IN (SELECT value FROM json_each(?))"
    where = "c.id IN ({})".format(" UNION ".join(
        one.format(end=end, predicate=predicate) for end, predicate in (
            ("subject", "predicate"), ("object", "predicate"),
            ("event", "COALESCE(predicate, '')"))))
    return where, [ids, preds, ids, preds, json.dumps(sorted(about)), preds]


class ClaimKeysMixin:
    conn: Any

    if TYPE_CHECKING:  # store.reading and store.writing
        def verdicts(self, kind: str) -> Any: ...

        def _merged(self) -> dict[str, str]: ...

        def canonical(self, entity_id: str) -> str: ...

        def _events_about(self, ids: set[str]) -> set[str]: ...

        def _rows(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[Row]: ...

        def _as_reviewed(self, rows: list[Row], verdicts: dict[str, Any],
                         merged: dict[str, str]) -> list[Row]: ...

    def claim_keys(self, predicates: list[str], entities: set[str] | None = None
                   ) -> list[tuple[str, str, str, str | None]]:
        """(id, subject, predicate, object) of every live claim with one of
        ``predicates`` as reviewed (rejected left out, corrections applied, merged
        entities followed), in ``claims()``'s order; with ``entities``, only the claims
        ``claims(ClaimFilter(entity=...))`` gives for them (subject, object, or an event
        they did or that happened there)."""
        verdicts = self.verdicts("claim")
        merged = self._merged()
        corrected = sorted(t for t, v in verdicts.items() if v.changes)
        about = self._events_about(entities) if entities is not None else set()
        where, params = about_sql(predicates, entities, about)
        out = []
        for cid, subject, predicate, obj, event in self.conn.execute(
                f"SELECT c.id, c.subject, c.predicate, c.object, c.event FROM claims c"
                f" WHERE c.deleted IS NULL AND ({where}"
                f" OR c.id IN (SELECT value FROM json_each(?))) {_ORDER}",
                [*params, json.dumps(corrected)]):
            verdict = verdicts.get(cid)
            if verdict is not None:
                if verdict.rejected:
                    continue
                subject = verdict.changes.get("subject", subject)
                predicate = verdict.changes.get("predicate", predicate)
                obj = verdict.changes.get("object", obj)
                if predicate not in predicates:
                    continue
            subject = merged.get(subject, subject)
            obj = merged.get(obj, obj) if obj is not None else None
            if entities is not None and not (subject in entities or obj in entities
                                             or event in about):
                continue  # a corrected claim no longer about them
            out.append((str(cid), str(subject), str(predicate), obj))
        return out

    def claims_by_id(self, ids: list[str]) -> list[Row]:
        """These live claims as ``claims()`` gives them (reviewed, with evidence), in its
        order; rejected ones left out."""
        verdicts = self.verdicts("claim")
        merged = self._merged()
        rows = self._rows(f"SELECT c.* FROM claims c WHERE c.deleted IS NULL AND c.id IN"
                          f" (SELECT value FROM json_each(?)) {_ORDER}", [json.dumps(ids)])
        out = self._as_reviewed(rows, verdicts, merged)
        return sorted(out, key=_claim_order)  # a corrected time moves its claim

    def hidden_group_ids(self, ids: Iterable[str]) -> set[str]:
        """Those of these stored event groups no view shows (every member, or the
        whole, rejected)."""
        return {str(r[0]) for r in self.conn.execute(
            "SELECT id FROM event_groups WHERE visible = 0"
            " AND id IN (SELECT value FROM json_each(?))", (json.dumps(sorted(set(ids))),))}
