"""Reads through the reviewed views of migration 2, for lists too long to assemble claim
by claim: the views apply rejections and corrections in SQL and skip the evidence."""

from __future__ import annotations

import sqlite3
from typing import Any

from watchfloor.store.base import Row


class ReviewedMixin:
    conn: sqlite3.Connection

    def canonical(self, entity_id: str) -> str:  # implemented by the store
        raise NotImplementedError

    def relation_rows(self, predicates: list[str]) -> list[Row]:
        """(id, document, subject, object, predicate, certainty, time) of every reviewed
        claim with one of ``predicates``, subject and object as their merged entity."""
        if not predicates:
            return []
        marks = ",".join("?" * len(predicates))
        cur = self.conn.execute(
            'SELECT id, document, subject, object, predicate, certainty, "time"'
            f" FROM reviewed_claims WHERE predicate IN ({marks}) AND object IS NOT NULL"
            " ORDER BY id", predicates)
        cols = [d[0] for d in cur.description]
        merged = {str(r[0]) for r in self.conn.execute(
            "SELECT id FROM entities WHERE merged_into IS NOT NULL")}
        out: list[Row] = []
        for values in cur:
            row: dict[str, Any] = dict(zip(cols, values, strict=True))
            for key in ("subject", "object"):
                if row[key] in merged:
                    row[key] = self.canonical(row[key])
            out.append(row)
        return out
