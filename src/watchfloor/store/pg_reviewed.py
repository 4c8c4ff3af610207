"""Reviewed relation rows on PostgreSQL (``store.reviewed``'s twin).

Why a query and not SQLite's ``reviewed_claims`` view: that view is written in SQLite's
JSON functions for Datasette, which PostgreSQL bases are not served by. This query reads
the same thing from ``verdicts`` (every correction composed): a rejected or retired claim
is left out, and a corrected field wins over the machine's (``jsonb_exists``, not the
``?`` operator, which the connection would take for a placeholder).
"""

from __future__ import annotations

from watchfloor.store.reviewed import ReviewedMixin

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


class PgReviewedMixin(ReviewedMixin):
    reviewed_claims_source = f"({_REVIEWED}) AS reviewed"
