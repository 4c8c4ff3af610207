"""Writing the judgement log: analysts' reviews, entity merges and splits, event links.

Why in the store: a judgement is a row of the ``reviews`` log, and a merge is also the
``merged_into`` column it sets; both must be written in ONE transaction, so that a crash
or a concurrent reader never sees a merge without its log entry (or a log entry for a
merge that never happened). ``resolve.judgements`` decides what to log; this writes it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, TypeVar

from watchfloor.exceptions import NotFoundError
from watchfloor.store.base import Judgement, Row
from watchfloor.store.schema import now

T = TypeVar("T")

_INSERT = ("INSERT INTO reviews (target_kind, target, decision, changes, reviewer, at, note)"
           " VALUES (?,?,?,?,?,?,?)")


class JudgementLogMixin:
    conn: sqlite3.Connection

    def _write(self, work: Callable[[], T]) -> T:  # implemented by the store
        raise NotImplementedError

    if TYPE_CHECKING:  # store.event_groups: the groups a judgement changes follow it
        def _regrouping(self, judgements: Sequence[Judgement]
                        ) -> AbstractContextManager[None]: ...

    def _insert_judgement(self, j: Judgement) -> int:
        kind, target, decision, changes, reviewer, note = j
        cur = self.conn.execute(_INSERT, (kind, target, decision,
                                          json.dumps(changes, ensure_ascii=False), reviewer,
                                          now(), note))
        return int(cur.lastrowid or 0)

    def log_judgements(self, judgements: Sequence[Judgement]) -> list[int]:
        """Append judgements to the log in one transaction, with the consolidated events
        they change; their row ids, in order."""
        def work() -> list[int]:
            with self._regrouping(judgements):
                return [self._insert_judgement(j) for j in judgements]

        return self._write(work)

    def merge_entity(self, absorb: str, into: str, reviewer: str, note: str | None) -> int:
        """Merge entity ``absorb`` into ``into``: the column and its log entry together."""
        judgement: Judgement = ("entity", absorb, "merge", {"merged_into": into}, reviewer,
                                note)

        def work() -> int:
            with self._regrouping([judgement]):
                self.conn.execute("UPDATE entities SET merged_into = ? WHERE id = ?",
                                  (into, absorb))
                return self._insert_judgement(judgement)

        return self._write(work)

    def split_entity(self, entity: str, reviewer: str, note: str | None) -> tuple[str, str]:
        """Undo the merge of ``entity`` (an id, or an alias of a merged entity): the column
        and its log entry together. Returns (entity id, the entity it was merged into)."""
        def work() -> tuple[str, str]:
            row = self.conn.execute(
                "SELECT id, merged_into FROM entities WHERE id = ?", (entity,)).fetchone()
            if row is None:
                row = self.conn.execute(
                    "SELECT e.id, e.merged_into FROM aliases a JOIN entities e ON e.id = a.entity"
                    " WHERE a.alias = ? AND e.merged_into IS NOT NULL", (entity,)).fetchone()
            if row is None or row[1] is None:
                raise NotFoundError(f"{entity!r} is not an entity merged into another",
                                    "give the id of the merged entity (see `watchfloor show`)")
            judgement: Judgement = ("entity", str(row[0]), "split",
                                    {"was_merged_into": row[1]}, reviewer, note)
            with self._regrouping([judgement]):
                self.conn.execute("UPDATE entities SET merged_into = NULL WHERE id = ?",
                                  (row[0],))
                self._insert_judgement(judgement)
            return str(row[0]), str(row[1])

        return self._write(work)

    def live_ids(self, kind: str, prefix: str) -> list[str]:
        """Ids of live claims or events (``kind``) equal to or starting with ``prefix``."""
        table = {"claim": "claims", "event": "events"}[kind]
        return [str(r[0]) for r in self.conn.execute(
            f"SELECT id FROM {table} WHERE (id = ? OR id LIKE ?) AND deleted IS NULL LIMIT 2",
            (prefix, prefix + "%"))]

    def judgements(self, target: str | None = None) -> list[Row]:
        """The log, oldest first; with ``target``, the rows about it (or an id prefix)."""
        sql = "SELECT * FROM reviews"
        params: tuple[Any, ...] = ()
        if target:
            sql += " WHERE target = ? OR target LIKE ?"
            params = (target, target + "%")
        rows = [dict(r) for r in self.conn.execute(sql + " ORDER BY id", params)]
        for r in rows:
            r["changes"] = json.loads(r["changes"])
        return rows
