"""The stored consolidated events ("event groups"): their tables, read and written here.

Why stored: consolidating every event of a base of a million claims takes tens of
seconds, and each view used to pay for it. ``resolve.event_groups`` decides which groups
a new document or judgement changes and computes them again with the rules of
``resolve.events``; this mixin holds the SQL: the candidates a new event is compared with
(same type, overlapping days, by the ``events_type_day`` index), the groups' rows, their
members and actors (perpetrators and place, indexed by entity), and the readers' queries,
paginated in the database. Both backends share it (``store.pg_connection`` translates).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from watchfloor.exceptions import StoreError
from watchfloor.store.base import Judgement, Row

ORDER = "order_day, order_published, order_document, order_start, id"
# The order their sources tell them in (an export's): by publication, document, place in
# the text; a report's own events stay in its order
SOURCE_ORDER = "order_published, order_document, order_start, order_day, id"


@dataclass(frozen=True)
class GroupRow:
    """One consolidated event as stored: its record (None when hidden) and the keys the
    queries use."""

    id: str
    type: str
    members: tuple[str, ...]  # every member, rejected ones included
    record: dict[str, Any] | None
    country: str | None
    order: tuple[str, str, str, int]  # first day, then where its first source says it
    actors: frozenset[tuple[str, str]] = frozenset()  # (entity, role) any member names

    def values(self) -> tuple[Any, ...]:
        from watchfloor.edtf import bounds

        rec = self.record or {}
        lo, hi = bounds(rec.get("date"))
        killed, injured = rec.get("killed") or {}, rec.get("injured") or {}
        opened = lambda t: int(bool(t) and t.get("high") is None)  # noqa: E731
        return (
            self.id, rec.get("type") or self.type, rec.get("date"), lo, hi,
            rec.get("location"), self.country, killed.get("low"), killed.get("high"),
            opened(killed), injured.get("low"), injured.get("high"), opened(injured),
            len(self.members), int(self.record is not None), *self.order,
            json.dumps(self.record, ensure_ascii=False) if self.record is not None else None,
        )


_COLUMNS = ("id, type, date, earliest, latest, location, country, killed_low, killed_high,"
            " killed_open, injured_low, injured_high, injured_open, members, visible,"
            " order_day, order_published, order_document, order_start, record")


@dataclass(frozen=True)
class GroupQuery:
    """Which stored groups a reader wants: about some entities (perpetrator or place),
    of a type, in a country, touching a window of days; hidden ones never. The window is
    a narrowing only (open-ended dates pass it): callers test their own rule after."""

    entities: tuple[str, ...] | None = None
    ids: tuple[str, ...] | None = None  # these groups
    perpetrator: str | None = None  # an entity the group shows as a perpetrator
    window: tuple[str, str] | None = None  # days the dates must touch (undated: never)
    type: str | None = None
    country: str | None = None
    since: str | None = None  # ISO day
    until: str | None = None
    merged_only: bool = False  # groups of more than one report

    def where(self) -> tuple[str, list[Any]]:
        sql = ["g.visible = 1"]
        params: list[Any] = []
        if self.entities is not None:
            sql.append("g.id IN (SELECT a.grp FROM event_group_actors a"
                       " WHERE a.entity IN (SELECT value FROM json_each(?)))")
            params.append(json.dumps(sorted(self.entities)))
        if self.ids is not None:
            sql.append("g.id IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(sorted(self.ids)))
        if self.perpetrator:
            sql.append("g.id IN (SELECT a.grp FROM event_group_actors a WHERE a.role ="
                       " 'perpetrator' AND a.entity = ?)")
            params.append(self.perpetrator)
        if self.window is not None:
            sql.append("COALESCE(g.earliest, '0000') <= ? AND COALESCE(g.latest, '9999') >= ?"
                       " AND (g.earliest IS NOT NULL OR g.latest IS NOT NULL)")
            params += [self.window[1], self.window[0]]
        if self.type:
            sql.append("g.type = ?")
            params.append(self.type)
        if self.country:
            sql.append("g.country = ?")
            params.append(self.country)
        # a window narrows (a superset: open ends pass); callers test the dates again
        if self.since:
            sql.append("(g.latest IS NULL OR g.latest >= ?)")
            params.append(self.since)
        if self.until:
            sql.append("(g.earliest IS NULL OR g.earliest <= ?)")
            params.append(self.until)
        if self.merged_only:
            sql.append("g.members > 1")
        return " AND ".join(sql), params


class EventGroupsMixin:
    conn: Any  # a sqlite3.Connection, or store.pg_connection.PgConnection
    path: Any  # the file or the database, as named to the user
    readonly: bool

    if TYPE_CHECKING:  # the other mixins' (declared for mypy only: no shadowing)
        def _insert_judgement(self, j: Judgement) -> int: ...

        def events(self, document: str | None = None, include_rejected: bool = False,
                   ids: list[str] | None = None) -> list[Row]: ...

        def verdicts(self, kind: str) -> Any: ...

    # -- the hooks of the write path ----------------------------------------------------
    def _event_groups_changed(self, seeds: Iterable[str], old: Sequence[Row] = ()) -> None:
        """A document's events were written (``old``: their rows before a re-run)."""
        from watchfloor.resolve.event_groups import refresh

        refresh(self, seeds, old)

    def _regrouping(self, judgements: Sequence[Judgement]) -> AbstractContextManager[None]:
        """Around the logging of judgements, in its transaction: the events they may
        change are read before, and their groups computed again after."""
        from watchfloor.resolve.event_groups import judgement_seeds, refresh

        @contextmanager
        def around() -> Iterator[None]:
            seeds = judgement_seeds(self, judgements)
            old = self.events(include_rejected=True, ids=sorted(seeds)) if seeds else []
            yield
            if seeds:
                refresh(self, seeds, old)

        return around()

    def rebuild_event_groups(self) -> int:
        """Every group computed from scratch, in one write transaction (``reprocess
        --rebuild-events``, and the first writer after migration 6); how many."""
        from watchfloor.resolve.event_groups import rebuild

        return int(self._write(lambda: rebuild(self)))  # type: ignore[attr-defined]

    def _check_event_groups(self) -> None:
        """A base migrated to stored event groups gets them on its first writable open;
        opened read-only before that, it says how to get them."""
        try:
            if not self.event_groups_stale():
                return
            if self.readonly:
                raise StoreError(
                    f"the knowledge base {self.path} was made by an older watchfloor"
                    " and needs its events grouped",
                    "run a writing command on it once (e.g. watchfloor reprocess)")
            self._rebuild_stale_event_groups()
        except BaseException:
            self.conn.close()
            raise

    def _rebuild_stale_event_groups(self) -> None:
        from watchfloor.resolve.event_groups import rebuild

        if self.event_groups_stale():
            self._write(lambda: rebuild(self) if self.event_groups_stale()  # type: ignore[attr-defined]
                        else 0)

    # -- what maintenance reads -----------------------------------------------------------
    def event_candidates(self, type: str, lo: str, hi: str) -> list[Row]:
        """Live events (as reviewed, rejected included) of ``type`` whose days can fall in
        ``lo``..``hi``: the only ones an event of those days may be merged with. SQL
        narrows on the machine's type and days and takes every corrected event along;
        the test is made again on the corrected values."""
        ids = [str(r[0]) for r in self.conn.execute(
            "SELECT id FROM events WHERE type = ? AND earliest <= ? AND latest >= ?"
            " AND deleted IS NULL", (type, hi, lo))]
        ids += [t for t, v in self.verdicts("event").items() if v.changes]
        if not ids:
            return []
        from watchfloor.edtf import bounds

        out = []
        for r in self.events(include_rejected=True, ids=ids):
            a, b = bounds(r["date"])
            if r["type"] == type and a is not None and b is not None and a <= hi and b >= lo:
                out.append(r)
        return out

    def analyst_event_links(self) -> list[Row]:
        """Analysts' merges and splits of events (the machine's own are derived)."""
        rows = [dict(r) for r in self.conn.execute(
            "SELECT id, target, decision, changes, reviewer, at, note FROM reviews"
            " WHERE target_kind = 'event_link' AND reviewer != 'watchfloor' ORDER BY id")]
        for r in rows:
            r["changes"] = json.loads(r["changes"])
        return rows

    def logged_machine_merges(self, targets: Iterable[str]) -> set[tuple[str, str]]:
        """(with, target) of the machine merges already in the log for these targets."""
        out = set()
        for target, changes in self.conn.execute(
                "SELECT target, changes FROM reviews WHERE target_kind = 'event_link'"
                " AND reviewer = 'watchfloor' AND decision = 'merge'"
                " AND target IN (SELECT value FROM json_each(?))",
                (json.dumps(sorted(set(targets))),)):
            out.add((str(json.loads(changes).get("with")), str(target)))
        return out

    def claim_ids_of_events(self, ids: Iterable[str]) -> dict[str, list[str]]:
        """Live claim ids per event, for these events, leaving out rejected claims."""
        wanted = sorted(set(ids))
        rejected = {t for t, v in self.verdicts("claim").items() if v.rejected}
        out: dict[str, list[str]] = {}
        for i in range(0, len(wanted), 5000):
            for cid, event in self.conn.execute(
                    "SELECT id, event FROM claims WHERE deleted IS NULL"
                    " AND event IN (SELECT value FROM json_each(?))",
                    (json.dumps(wanted[i:i + 5000]),)):
                if cid not in rejected:
                    out.setdefault(str(event), []).append(str(cid))
        return out

    def published_of(self, documents: Iterable[str]) -> dict[str, str]:
        return {str(r[0]): str(r[1] or "") for r in self.conn.execute(
            "SELECT id, published FROM documents WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(set(documents))),))}

    def events_of_claim(self, claim_id: str) -> list[str]:
        """The events a claim's review may change: its event, the event it is a figure
        of, and the events that take their toll from it."""
        return [str(r[0]) for r in self.conn.execute(
            "SELECT e.id FROM events e WHERE e.killed_claim = ? OR e.injured_claim = ?"
            " OR e.id IN (SELECT c.event FROM claims c WHERE c.id = ?)"
            " OR e.id IN (SELECT c.subject FROM claims c WHERE c.id = ?)",
            (claim_id, claim_id, claim_id, claim_id))]

    def group_members(self, groups: Iterable[str]) -> dict[str, list[str]]:
        """Group id -> its members' ids (rejected members included)."""
        out: dict[str, list[str]] = {}
        for event, grp in self.conn.execute(
                "SELECT event, grp FROM event_group_members"
                " WHERE grp IN (SELECT value FROM json_each(?)) ORDER BY event",
                (json.dumps(sorted(set(groups))),)):
            out.setdefault(str(grp), []).append(str(event))
        return out

    def groups_of(self, events: Iterable[str]) -> dict[str, str]:
        """Event id -> the id of the group it is a member of."""
        wanted = sorted(set(events))
        out: dict[str, str] = {}
        for i in range(0, len(wanted), 5000):
            out.update((str(e), str(g)) for e, g in self.conn.execute(
                "SELECT event, grp FROM event_group_members"
                " WHERE event IN (SELECT value FROM json_each(?))",
                (json.dumps(wanted[i:i + 5000]),)))
        return out

    def group_ids_about(self, entities: Iterable[str]) -> list[str]:
        """Ids of the groups (hidden ones too) one of whose members names one of
        ``entities`` as perpetrator, place or subject (as reviewed)."""
        return [str(r[0]) for r in self.conn.execute(
            "SELECT DISTINCT grp FROM event_group_actors"
            " WHERE entity IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(set(entities))),))]

    def group_ids_like(self, prefix: str) -> list[str]:
        """Ids of merged groups equal to or starting with ``prefix`` (at most two)."""
        # the id by its index first: a LIKE reads every group
        return [str(r[0]) for r in self.conn.execute(
            "SELECT id FROM event_groups WHERE members > 1 AND id = ?", (prefix,))] or [
            str(r[0]) for r in self.conn.execute(
                "SELECT id FROM event_groups WHERE members > 1 AND id LIKE ?"
                " ORDER BY id LIMIT 2", (prefix + "%",))]

    def merged_group_ids(self) -> list[str]:
        return [str(r[0]) for r in self.conn.execute(
            "SELECT id FROM event_groups WHERE members > 1 ORDER BY id")]

    # -- writing (inside the caller's transaction) ---------------------------------------
    def replace_event_groups(self, touched: Iterable[str], groups: Sequence[GroupRow],
                             merges: Sequence[Judgement] = ()) -> None:
        """Drop every group with a member in ``touched`` and store ``groups`` (which
        must hold all those members again, or leave them retired), and log ``merges``.
        Runs in the caller's write transaction: a document and its groups, or a judgement
        and the groups it changes, are written together."""
        ids = json.dumps(sorted(set(touched) | {m for g in groups for m in g.members}))
        old = json.dumps(sorted({str(r[0]) for r in self.conn.execute(
            "SELECT DISTINCT grp FROM event_group_members"
            " WHERE event IN (SELECT value FROM json_each(?))", (ids,))}))
        for table, key in (("event_groups", "id"), ("event_group_actors", "grp"),
                           ("event_group_members", "grp")):
            self.conn.execute(
                f"DELETE FROM {table} WHERE {key} IN (SELECT value FROM json_each(?))", (old,))
        self.conn.executemany(
            f"INSERT INTO event_groups ({_COLUMNS}) VALUES ({','.join('?' * 20)})",
            [g.values() for g in groups])
        self.conn.executemany(
            "INSERT INTO event_group_members (event, grp) VALUES (?, ?)",
            [(m, g.id) for g in groups for m in g.members])
        self.conn.executemany(
            "INSERT INTO event_group_actors (grp, entity, role) VALUES (?, ?, ?)",
            [(g.id, who, role) for g in groups for who, role in sorted(g.actors)])
        for judgement in merges:
            self._insert_judgement(judgement)

    def clear_event_groups(self) -> None:
        for table in ("event_groups", "event_group_actors", "event_group_members"):
            self.conn.execute(f"DELETE FROM {table}")

    def event_groups_stale(self) -> bool:
        """Migration 6 leaves a row in ``event_groups_stale``: the groups must be built."""
        return self.conn.execute("SELECT 1 FROM event_groups_stale").fetchone() is not None

    def mark_event_groups_fresh(self) -> None:
        self.conn.execute("DELETE FROM event_groups_stale")

    def forget_event_groups(self) -> None:
        """Drop every group and mark them to build, in a transaction of its own: what a
        base holds right after migration 6 (its upgrade path is tested from here)."""
        def work() -> None:
            self.clear_event_groups()
            self.conn.execute("INSERT INTO event_groups_stale (since) VALUES ('forgotten')")

        self._write(work)  # type: ignore[attr-defined]

    # -- what the views read --------------------------------------------------------------
    def event_groups(self, query: GroupQuery | None = None, *, limit: int | None = None,
                     offset: int = 0) -> list[dict[str, Any]]:
        """Visible consolidated events in reading order (first day, then where their
        first source says it), ``limit`` of them from ``offset``."""
        where, params = (query or GroupQuery()).where()
        sql = f"SELECT g.record FROM event_groups g WHERE {where} ORDER BY {ORDER}"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return [json.loads(r[0]) for r in self.conn.execute(sql, params)]

    def iter_event_groups(self, query: GroupQuery | None = None, batch: int = 1000,
                          *, by_source: bool = False) -> Iterator[dict[str, Any]]:
        """Every visible consolidated event in reading order (with ``by_source``, in the
        order their sources tell them), ``batch`` at a time by keyset on the order index:
        an export never holds them all."""
        where, params = (query or GroupQuery()).where()
        order = SOURCE_ORDER if by_source else ORDER
        columns = ", ".join("g." + c.strip() for c in order.split(","))
        key: tuple[Any, ...] | None = None
        while True:
            after = "" if key is None else f" AND ({columns}) > (?, ?, ?, ?, ?)"
            rows = list(self.conn.execute(
                f"SELECT g.record, {columns}"
                f" FROM event_groups g WHERE {where}{after} ORDER BY {order} LIMIT ?",
                [*params, *(key or ()), batch]))
            if not rows:
                return
            key = tuple(rows[-1][1:])
            for r in rows:
                yield json.loads(r[0])
            if len(rows) < batch:
                return

    def count_event_groups(self, query: GroupQuery | None = None) -> int:
        where, params = (query or GroupQuery()).where()
        return int(self.conn.execute(
            f"SELECT count(*) FROM event_groups g WHERE {where}", params).fetchone()[0])

    def _distinct(self, table: str, column: str, where: str) -> list[str]:
        """The distinct values of an indexed column, one index seek each (``min`` above
        the last found), not a scan of the table: a few hundred values among 10^5 rows."""
        out: list[str] = []
        while True:
            row = self.conn.execute(
                f"SELECT min({column}) FROM {table} WHERE {column} > ? AND {where}",
                (out[-1] if out else "",)).fetchone()
            if row is None or row[0] is None:
                return out
            out.append(str(row[0]))

    def event_group_facets(self) -> Row:
        """The types, countries and perpetrators the visible groups have (filter menus);
        only shown groups have perpetrators (a hidden one's are "named")."""
        return {
            "types": self._distinct("event_groups", "type", "visible = 1"),
            "countries": self._distinct("event_groups", "country", "visible = 1"),
            "perpetrators": self._distinct("event_group_actors", "entity",
                                           "role = 'perpetrator'"),
        }
