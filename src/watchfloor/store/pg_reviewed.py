"""Reviewed relation rows on PostgreSQL (``store.reviewed``'s twin).

Why a query and not SQLite's ``reviewed_claims`` view: that view is written in SQLite's
JSON functions for Datasette, which PostgreSQL bases are not served by. This query reads
the same thing from ``verdicts`` (every correction composed): a rejected or retired claim
is left out, and a corrected field wins over the machine's (``jsonb_exists``, not the
``?`` operator, which the connection would take for a placeholder).
"""

from __future__ import annotations

from typing import Any

from watchfloor.store.base import Row

_FIELDS = ("subject", "object", "predicate", "certainty", "time")


def _field(name: str) -> str:
    column = f'c."{name}"'
    return (f"CASE WHEN jsonb_exists(v.changes::jsonb, '{name}')"
            f" THEN v.changes::jsonb ->> '{name}' ELSE {column} END AS \"{name}\"")


_REVIEWED = (
    "SELECT * FROM (SELECT c.id, c.document, " + ", ".join(_field(f) for f in _FIELDS)
    + " FROM claims c LEFT JOIN verdicts v ON v.target_kind = 'claim' AND v.target = c.id"
    " WHERE COALESCE(v.decision, '') != 'reject' AND c.deleted IS NULL) x"
)


class PgReviewedMixin:
    conn: Any  # store.pg_connection.PgConnection

    def canonical(self, entity_id: str) -> str:  # implemented by the store
        raise NotImplementedError

    def relation_rows(self, predicates: list[str]) -> list[Row]:
        """(id, document, subject, object, predicate, certainty, time) of every reviewed
        claim with one of ``predicates``, subject and object as their merged entity."""
        if not predicates:
            return []
        marks = ",".join("?" * len(predicates))
        cur = self.conn.execute(
            f"{_REVIEWED} WHERE predicate IN ({marks}) AND object IS NOT NULL ORDER BY id",
            predicates)
        merged = {str(r[0]) for r in self.conn.execute(
            "SELECT id FROM entities WHERE merged_into IS NOT NULL")}
        out: list[Row] = []
        for record in cur:
            row: dict[str, Any] = dict(record)
            for key in ("subject", "object"):
                if row[key] in merged:
                    row[key] = self.canonical(row[key])
            out.append(row)
        return out
