"""Writing the judgement log: analysts' reviews, entity merges and splits, event links.

Why in the store: a judgement is a row of the ``reviews`` log, and a merge or split also
changes the ``merged_into`` column derived from the log (``store.resolution``); both are
written in ONE transaction, so that a crash or a concurrent reader never sees a merge
without its log entry (or a log entry for a merge that never happened). ``resolve.judgements`` decides what to log; this writes it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, TypeVar

from watchfloor.exceptions import NotFoundError
from watchfloor.resolve.canonical import Link, links_of
from watchfloor.store.base import Judgement, Row
from watchfloor.store.schema import now

T = TypeVar("T")

_INSERT = ("INSERT INTO reviews (target_kind, target, decision, changes, reviewer, at, note)"
           " VALUES (?,?,?,?,?,?,?)")


class JudgementLogMixin:
    conn: sqlite3.Connection

    def _write(self, work: Callable[[], T]) -> T:  # implemented by the store
        raise NotImplementedError

    if TYPE_CHECKING:  # store.resolution's and store.event_groups', beside this mixin
        def _apply_links(self, links: list[Link]) -> None: ...

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

    def _log_entity(self, target: str, decision: str, changes: dict[str, Any],
                    reviewer: str, note: str | None) -> int:
        """Log an analyst's entity judgement and derive the canonical ids it changes, in
        the caller's transaction (``store.resolution``)."""
        review = self._insert_judgement(("entity", target, decision, changes, reviewer, note))
        self._apply_links(links_of({"id": review, "target": target, "decision": decision,
                                    "changes": changes, "reviewer": reviewer}))
        return review

    def merge_entity(self, absorb: str, into: str, reviewer: str, note: str | None) -> int:
        """Merge entity ``absorb`` into ``into``: the log entry, the canonical ids it gives
        and the consolidated events they change, together. An analyst's merge outranks the
        machine's judgement of the pair."""
        changes = {"merged_into": into}
        judgement: Judgement = ("entity", absorb, "merge", changes, reviewer, note)

        def work() -> int:
            with self._regrouping([judgement]):
                return self._log_entity(absorb, "merge", changes, reviewer, note)

        return self._write(work)

    def split_entity(self, entity: str, reviewer: str, note: str | None) -> tuple[str, str]:
        """``entity`` (an id, or an alias of a merged entity) stands on its own again, apart
        from every member of the group it was in, whoever merged them (the machine or an
        analyst), from now on. Returns (entity id, the id the rest is read under)."""
        def work() -> tuple[str, str]:
            row = self.conn.execute(
                "SELECT id, COALESCE(merged_into, id) FROM entities WHERE id = ?",
                (entity,)).fetchone()
            if row is None:
                row = self.conn.execute(
                    "SELECT e.id, e.merged_into FROM aliases a JOIN entities e ON e.id = a.entity"
                    " WHERE a.alias = ? AND e.merged_into IS NOT NULL", (entity,)).fetchone()
            members = [] if row is None else [str(r[0]) for r in self.conn.execute(
                "SELECT id FROM entities WHERE (id = ? OR merged_into = ?) AND id != ?",
                (row[1], row[1], row[0]))]
            if row is None or not members:
                raise NotFoundError(f"{entity!r} is not an entity merged with another",
                                    "give the id of the merged entity (see `watchfloor show`)")
            target, root = str(row[0]), str(row[1])
            judgement: Judgement = ("entity", target, "split", {"was_merged_into": root},
                                    reviewer, note)
            with self._regrouping([judgement]):
                self._log_entity(target, "split", {"was_merged_into": root if root != target
                                                   else min(members), "from": sorted(members)},
                                 reviewer, note)
            rest = self.conn.execute("SELECT COALESCE(merged_into, id) FROM entities"
                                     " WHERE id = ?", (min(members),)).fetchone()
            return target, root if root != target else str(rest[0])

        return self._write(work)

    def live_ids(self, kind: str, prefix: str) -> list[str]:
        """Ids of live claims or events (``kind``) equal to or starting with ``prefix``."""
        table = {"claim": "claims", "event": "events"}[kind]
        # the id by its index first: a LIKE reads every row
        return [str(r[0]) for r in self.conn.execute(
            f"SELECT id FROM {table} WHERE id = ? AND deleted IS NULL", (prefix,))] or [
            str(r[0]) for r in self.conn.execute(
                f"SELECT id FROM {table} WHERE id LIKE ? AND deleted IS NULL LIMIT 2",
                (prefix + "%",))]

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
