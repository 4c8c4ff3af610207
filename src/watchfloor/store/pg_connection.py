"""A PostgreSQL connection that speaks the store's portable SQL, and its error messages.

Why an adapter and not a second copy of every query: the store's reading, writing and
judgement-log mixins are written once in the SQL both backends share. PostgreSQL spells a
few things differently, and this module is the whole dialect:

* placeholders: ``?`` becomes ``%s`` (a literal ``%`` is doubled);
* ``INSERT OR IGNORE INTO t ...`` becomes ``INSERT INTO t ... ON CONFLICT DO NOTHING``;
* ``json_each(?)`` (a JSON list as a table of ``value``) becomes
  ``json_array_elements_text(?::json)``;
* ``LIKE`` becomes ``ILIKE``: SQLite's LIKE ignores case (an id prefix typed in capitals
  finds its claim), PostgreSQL's does not;
* ``cursor.lastrowid`` for the tables with generated ids (``runs``, ``reviews``) comes from
  an added ``RETURNING id``.

Rows behave like ``sqlite3.Row``: by index, by column name, ``dict(row)`` and unpacking.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any

import psycopg
from psycopg import pq

from watchfloor.exceptions import StoreError

_RETURNING_ID = re.compile(r"\s*INSERT INTO (runs|reviews)\b", re.IGNORECASE)
_OR_IGNORE = re.compile(r"INSERT OR IGNORE INTO", re.IGNORECASE)


@lru_cache(maxsize=512)
def translate(sql: str) -> tuple[str, bool]:
    """The PostgreSQL text of a portable statement, and whether it returns the new id."""
    ignore = bool(_OR_IGNORE.search(sql))
    out = _OR_IGNORE.sub("INSERT INTO", sql)
    out = out.replace("json_each(?)", "json_array_elements_text(?::json)")
    out = re.sub(r"\bLIKE\b", "ILIKE", out)
    out = out.replace("%", "%%").replace("?", "%s")
    if ignore:
        out += " ON CONFLICT DO NOTHING"
    returning = bool(_RETURNING_ID.match(out)) and "RETURNING" not in out.upper()
    if returning:
        out += " RETURNING id"
    return out, returning


class Record(tuple):  # type: ignore[type-arg]
    """A row by position (``row[0]``, unpacking) and by name (``row["id"]``, ``dict(row)``)."""

    _index: dict[str, int]

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self._index[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._index)


def _records(cursor: Any) -> Any:
    names = [c.name for c in cursor.description or ()]
    index = {n: i for i, n in enumerate(names)}

    def make(values: Sequence[Any]) -> Record:
        row = Record(values)
        row._index = index
        return row

    return make


class PgCursor:
    """What the mixins use of a sqlite3 cursor: fetching, iterating and ``lastrowid``."""

    def __init__(self, cursor: psycopg.Cursor[Any], lastrowid: int | None) -> None:
        self._cursor = cursor
        self.lastrowid = lastrowid

    def fetchone(self) -> Any:
        return self._cursor.fetchone() if self._cursor.description else None

    def fetchall(self) -> list[Any]:
        return self._cursor.fetchall() if self._cursor.description else []

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())


class PgConnection:
    """A psycopg connection in autocommit mode (transactions are explicit, as with the
    SQLite backend) taking the store's portable SQL. A server error is a ``StoreError``
    naming the base (the psycopg error is its ``__cause__``, which says whether the
    transaction may be retried): a reader never shows a driver's traceback."""

    def __init__(self, conn: psycopg.Connection[Any], url: str) -> None:
        self.raw = conn
        self.url = url

    def execute(self, sql: str, params: Sequence[Any] = ()) -> PgCursor:
        text, returning = translate(sql)
        try:
            cur = self.raw.cursor(row_factory=_records)
            cur.execute(text, tuple(params) or None)  # type: ignore[call-overload]
            lastrowid = None
            if returning:
                row = cur.fetchone()
                lastrowid = int(row[0]) if row else None
        except psycopg.Error as exc:
            raise error_of(exc, self.url, "read" if text.lstrip()[:6].upper() == "SELECT"
                           else "write") from exc
        return PgCursor(cur, lastrowid)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        text, _ = translate(sql)
        if rows:
            try:
                with self.raw.cursor() as cur:
                    cur.executemany(text, rows)  # type: ignore[call-overload]
            except psycopg.Error as exc:
                raise error_of(exc, self.url, "write") from exc

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != pq.TransactionStatus.IDLE

    def close(self) -> None:
        self.raw.close()

    def rollback(self) -> None:
        """Roll back whatever transaction is open; quietly, if the connection is gone."""
        if self.in_transaction and not self.raw.closed:
            with contextlib.suppress(psycopg.Error):
                self.raw.execute("ROLLBACK")


def redact(url: str) -> str:
    """The URL with its password left out, for messages."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def is_retryable(exc: BaseException) -> bool:
    """A serialization failure or a deadlock (itself, or as the cause of the StoreError
    that carries it): the transaction may simply be run again."""
    cause = exc.__cause__ if isinstance(exc, StoreError) else exc
    return isinstance(cause, psycopg.errors.SerializationFailure
                      | psycopg.errors.DeadlockDetected)


def error_of(exc: BaseException, url: str, doing: str) -> StoreError:
    """The ``StoreError`` an analyst can act on, for a PostgreSQL error while ``doing``."""
    where = redact(url)
    text = " ".join(str(exc).split())[:300]
    low = text.lower()
    if isinstance(exc, psycopg.OperationalError) and (
            "connection refused" in low or "could not connect" in low
            or "no such file" in low or "timeout expired" in low
            or "could not translate host" in low or "is the server running" in low):
        return StoreError(
            f"cannot reach the PostgreSQL server of {where} ({text})",
            "check the host and port in --db (or $WATCHFLOOR_DB) and that the server is running",
        )
    if "password authentication failed" in low or "authentication failed" in low \
            or "no password supplied" in low or "role" in low and "does not exist" in low:
        return StoreError(
            f"PostgreSQL refused the login for {where} ({text})",
            "check the user and password in the URL (or ~/.pgpass)",
        )
    if "database" in low and "does not exist" in low:
        return StoreError(
            f"there is no knowledge base at {where}: the database does not exist",
            "create it (createdb NAME), or check --db (or $WATCHFLOOR_DB)",
        )
    if isinstance(exc, psycopg.errors.LockNotAvailable):
        return StoreError(
            f"the knowledge base {where} stayed locked by another process",
            "wait for the other watchfloor command to finish, or raise"
            " WATCHFLOOR_LOCK_TIMEOUT (seconds)",
        )
    if isinstance(exc, psycopg.errors.ReadOnlySqlTransaction):
        return StoreError(f"cannot {doing} the knowledge base {where}: it was opened read-only",
                          "use a writing command (ingest, review, reprocess)")
    if isinstance(exc, psycopg.errors.DiskFull):
        return StoreError(f"the disk of the PostgreSQL server of {where} is full",
                          "free some space and run the command again")
    return StoreError(f"cannot {doing} the knowledge base {where}: {text}",
                      "check --db (or $WATCHFLOOR_DB) and the server's log")
