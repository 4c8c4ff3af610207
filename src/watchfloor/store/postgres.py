"""The PostgreSQL knowledge base: the same interface, the same SQL, a server's concurrency.

What is shared with the SQLite backend, and why: the reading, writing and judgement-log
code (``store.reading``, ``store.writing``, ``store.judgement_log``) is the same class
code; only the connection (``store.pg_connection`` translates the dialect) and the
migrations' text (``store.pg_schema``) differ. So a document written here resolves,
soft-deletes and reads back exactly as it does in a file.

Concurrency: every write transaction first takes one transaction-level advisory lock, so
writers queue as SQLite's ``BEGIN IMMEDIATE`` makes them queue, and what a transaction
checks ("is this document there yet?", "is there an entity with this alias?") cannot
change before it commits: several ingest processes and reviewers lose nothing and create
no duplicate. Readers never wait (MVCC); opened read-only in a ``with`` block they read
one snapshot. A serialization failure or deadlock is rolled back and retried; a lock
still held after ``lock_timeout`` seconds is one ``StoreError`` line.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import psycopg

from watchfloor.exceptions import StoreError
from watchfloor.store.base import KnowledgeBase
from watchfloor.store.claim_keys import ClaimKeysMixin
from watchfloor.store.connection import DEFAULT_LOCK_TIMEOUT
from watchfloor.store.edges import EdgesMixin
from watchfloor.store.event_groups import EventGroupsMixin
from watchfloor.store.judgement_log import JudgementLogMixin
from watchfloor.store.marker import ChangeMarkerMixin
from watchfloor.store.newest import NewestMixin
from watchfloor.store.pg_connection import PgConnection, error_of, is_retryable, redact
from watchfloor.store.pg_schema import check_version, migrate, pending
from watchfloor.store.pg_search import PgSearchMixin
from watchfloor.store.reading import ReadingMixin
from watchfloor.store.resolution import ResolutionMixin
from watchfloor.store.writing import WritingMixin

T = TypeVar("T")

#: The advisory lock key every write transaction takes ("watchfloor write").
WRITE_LOCK = 0x7766_7772
_RETRY_PAUSE = (0.05, 2.0)


class PostgresKnowledgeBase(WritingMixin, ReadingMixin, JudgementLogMixin, ChangeMarkerMixin,
                            PgSearchMixin, EventGroupsMixin, ClaimKeysMixin,
                            NewestMixin, EdgesMixin, ResolutionMixin):
    """The knowledge base in a PostgreSQL database named by a ``postgresql://`` URL.

    ``readonly`` is for commands that only read: the database must exist and hold an
    up-to-date knowledge base, and the session refuses writes. Otherwise the database (it
    must exist; the server creates databases, not watchfloor) is migrated on open.
    """

    def __init__(self, url: str, *, readonly: bool = False,
                 lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> None:
        self.url = url
        self.path = redact(url)  # what messages name, as the SQLite base names its file
        self.readonly = readonly
        self.lock_timeout = lock_timeout
        self.conn = self._open()
        self._check_event_groups()

    def _open(self) -> PgConnection:
        options = f"-c lock_timeout={int(self.lock_timeout * 1000)}"
        if self.readonly:
            options += " -c default_transaction_read_only=on"
        try:
            raw = psycopg.connect(self.url, autocommit=True, options=options,
                                  connect_timeout=max(1, int(min(self.lock_timeout, 30))))
        except psycopg.Error as exc:
            raise error_of(exc, self.url, "open") from exc
        conn = PgConnection(raw, self.url)
        try:
            if self.readonly:
                check_version(conn, self.path)
                if pending(conn):
                    raise StoreError(
                        f"the knowledge base {self.path} was made by an older watchfloor"
                        " (or is empty) and needs upgrading",
                        "run a writing command on it once (e.g. watchfloor ingest FILES)",
                    )
            else:
                self._retrying(lambda: migrate(conn, self.path), conn, "open")
        except BaseException:
            conn.close()
            raise
        return conn

    # -- plumbing -----------------------------------------------------------------------
    def _retrying(self, work: Callable[[], T], conn: PgConnection, doing: str) -> T:
        """``work()``, run again with a growing, jittered pause after a serialization
        failure or a deadlock, until ``lock_timeout``; other errors are ``StoreError``."""
        deadline = time.monotonic() + self.lock_timeout
        pause = _RETRY_PAUSE[0]
        while True:
            try:
                return work()
            except (psycopg.Error, StoreError) as exc:
                conn.rollback()
                if not is_retryable(exc) or time.monotonic() + pause > deadline:
                    if isinstance(exc, StoreError):
                        raise
                    raise error_of(exc, self.url, doing) from exc
            time.sleep(pause * (0.5 + random.random()))
            pause = min(pause * 2, _RETRY_PAUSE[1])

    def _write(self, work: Callable[[], T]) -> T:
        """``work`` in one write transaction behind the write lock, retried if it fails to
        serialize; any exception rolls it back, so a document is written whole or not."""
        def attempt() -> T:
            self.conn.execute("BEGIN")
            try:
                self.conn.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK,))
                result = work()
                self.conn.execute("COMMIT")
            except BaseException:
                self.conn.rollback()
                raise
            return result

        return self._retrying(attempt, self.conn, "write")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> PostgresKnowledgeBase:
        """Opened read-only, the whole ``with`` block reads one snapshot."""
        if self.readonly:
            self.conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        return self

    def __exit__(self, *exc: object) -> None:
        if self.readonly:
            self.conn.rollback()
        self.close()

    def integrity_check(self) -> str:
        """"ok" when every claim's evidence, document and entity links hold (the server
        checks its own pages; this checks what watchfloor relies on)."""
        broken = self.conn.execute(
            "SELECT count(*) FROM claims c WHERE NOT EXISTS"
            " (SELECT 1 FROM evidence e WHERE e.claim = c.id)").fetchone()[0]
        return "ok" if not broken else f"{broken} claims without evidence"


if TYPE_CHECKING:  # mypy checks the PostgreSQL base implements the whole interface
    _interface: type[KnowledgeBase] = PostgresKnowledgeBase
