"""What a timeline reads when it shows the latest items only: dated claims and
consolidated events, newest first, a page at a time.

Why apart from ``claims()`` and ``iter_event_groups()``: those read every row of an entity
in time order (thousands for a busy group, each with its evidence), and a terminal shows
fifty. Here SQL narrows to the claims a timeline can show (dated, of the predicates asked
for, not a figure of an event the timeline shows itself) and sorts them newest first, so
the reader stops after the first page (pages double in size, so reading everything
sorts the rows a few times, not once per page). Claims an analyst corrected (few) are read apart
and merged into the stream where their corrected values put them.

The order is a timeline's: an item's first possible day (its last when it has no first;
undated last of all), then its last day, newest first.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from watchfloor.store.base import Row
from watchfloor.store.claim_keys import about_sql
from watchfloor.store.event_groups import GroupQuery

#: a timeline item's place, newest first: first possible day, then last day
_DAY = "COALESCE({t}.earliest, {t}.latest, '9999') DESC, COALESCE({t}.latest, '9999') DESC," \
       " {t}.id DESC"


def day_key(row: Row) -> tuple[str, str, str]:
    """The order ``_DAY`` sorts by, for rows read apart and merged in."""
    return (row.get("earliest") or row.get("latest") or "9999", row.get("latest") or "9999",
            row["id"])


class NewestMixin:
    conn: Any

    if TYPE_CHECKING:  # store.reading
        def verdicts(self, kind: str) -> Any: ...

        def _merged(self) -> dict[str, str]: ...

        def _rows(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[Row]: ...

        def _events_about(self, ids: set[str]) -> set[str]: ...

        @staticmethod
        def _reviewed(rows: list[Row], verdicts: dict[str, Any], merged: dict[str, str]
                      ) -> list[Row]: ...

    def newest_dated_claims(self, entities: list[str] | None, predicates: list[str],
                            batch: int = 200) -> Iterator[Row]:
        """Live dated claims as reviewed (rejected left out, merged entities followed, no
        evidence) with one of ``predicates``, about ``entities`` (subject, object, or
        their event's perpetrator or place; None: the whole base), newest first. A claim
        of an event that a shown consolidated event about ``entities`` holds is left out:
        the timeline shows that event instead."""
        verdicts = self.verdicts("claim")
        merged = self._merged()
        corrected = json.dumps(sorted(t for t, v in verdicts.items() if v.changes))
        wanted = set(entities) if entities is not None else None
        about = self._events_about(wanted) if wanted is not None else set()
        shown = ("SELECT 1 FROM event_group_members m JOIN event_groups g ON g.id = m.grp"
                 " WHERE m.event = c.event AND g.visible = 1")
        params: list[Any] = []
        if wanted is not None:
            shown += (" AND g.id IN (SELECT a.grp FROM event_group_actors a WHERE a.role IN"
                      " ('perpetrator', 'place') AND a.entity IN (SELECT value FROM json_each(?)))")
            params.append(json.dumps(sorted(wanted)))
        base = f"c.deleted IS NULL AND (c.event IS NULL OR NOT EXISTS ({shown}))"
        where, narrow_params = about_sql(predicates, wanted, about)
        narrow = ['c."time" IS NOT NULL', where]

        machine = (r for page in _pages(batch, lambda size, offset: self._rows(
            f"SELECT c.* FROM claims c WHERE {base} AND {' AND '.join(narrow)}"
            " AND c.id NOT IN (SELECT value FROM json_each(?))"
            f" ORDER BY {_DAY.format(t='c')} LIMIT ? OFFSET ?",
            [*params, *narrow_params, corrected, size, offset]))
            for r in self._reviewed(page, verdicts, merged))
        moved = [r for r in self._reviewed(self._rows(
            f"SELECT c.* FROM claims c WHERE {base} AND c.id IN (SELECT value FROM json_each(?))",
            [*params, corrected]), verdicts, merged)
            if r["time"] and r["predicate"] in predicates and (
                wanted is None or r["subject"] in wanted or r["object"] in wanted
                or r["event"] in about)]
        yield from heapq.merge(machine, sorted(moved, key=day_key, reverse=True),
                               key=day_key, reverse=True)

    def newest_event_groups(self, query: GroupQuery | None = None, batch: int = 100
                            ) -> Iterator[dict[str, Any]]:
        """Visible dated consolidated events (a ``store.event_groups.GroupQuery``
        narrows them), newest first, ``batch`` at a time."""
        where, params = (query or GroupQuery()).where()
        for page in _pages(batch, lambda size, offset: list(self.conn.execute(
                f"SELECT g.record FROM event_groups g WHERE {where} AND g.date IS NOT NULL"
                f" ORDER BY {_DAY.format(t='g')} LIMIT ? OFFSET ?", [*params, size, offset]))):
            for r in page:
                yield json.loads(r[0])


def _pages(batch: int, read: Callable[[int, int], list[Any]]) -> Iterator[list[Any]]:
    """``read(size, offset)`` page after page until one comes back short; each page twice
    the size of the one before, so reading everything sorts the rows a few times."""
    offset, size = 0, batch
    while True:
        rows = read(size, offset)
        yield rows
        if len(rows) < size:
            return
        offset, size = offset + size, size * 2
