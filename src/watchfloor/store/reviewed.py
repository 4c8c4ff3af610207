"""Reads through the reviewed views of migration 2, for lists too long to assemble claim
by claim: the views apply rejections and corrections in SQL and skip the evidence."""

from __future__ import annotations

from watchfloor.store.base import Row


class ReviewedMixin:
    #: what the reviewed claims are read from: migration 2's view on SQLite; a backend
    #: without the view names a query of the same columns instead
    reviewed_claims_source = "reviewed_claims"

    def _rows(self, sql: str, params: tuple[object, ...] | list[object] = ()) -> list[Row]:
        raise NotImplementedError  # implemented by the store

    def _merged(self) -> dict[str, str]:
        raise NotImplementedError  # implemented by the store

    def canonical(self, entity_id: str) -> str:  # implemented by the store
        raise NotImplementedError

    def relation_rows(self, predicates: list[str]) -> list[Row]:
        """(id, document, subject, object, predicate, certainty, time) of every reviewed
        claim with one of ``predicates``, subject and object as their merged entity."""
        if not predicates:
            return []
        marks = ",".join("?" * len(predicates))
        rows = self._rows(
            'SELECT id, document, subject, object, predicate, certainty, "time"'
            f" FROM {self.reviewed_claims_source} WHERE predicate IN ({marks})"
            " AND object IS NOT NULL ORDER BY id", list(predicates))
        merged = self._merged()
        for row in rows:
            for key in ("subject", "object"):
                if row[key] in merged:
                    row[key] = merged[row[key]]
        return rows
