"""The SQLite knowledge base: one file, WAL journal, one transaction per document.

Why one transaction per document: an error or a crash half-way through a document must
leave none of it behind, so a batch can go on and the file stays consistent.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from watchfloor.exceptions import StoreError
from watchfloor.store.base import KnowledgeBase
from watchfloor.store.claim_keys import ClaimKeysMixin
from watchfloor.store.connection import (
    DEFAULT_LOCK_TIMEOUT,
    check_file,
    connect,
    error_of,
    retry_busy,
    write_transaction,
)
from watchfloor.store.edges import EdgesMixin
from watchfloor.store.event_groups import EventGroupsMixin
from watchfloor.store.judgement_log import JudgementLogMixin
from watchfloor.store.marker import ChangeMarkerMixin
from watchfloor.store.newest import NewestMixin
from watchfloor.store.reading import ReadingMixin
from watchfloor.store.resolution import ResolutionMixin
from watchfloor.store.schema import check_version, migrate, pending
from watchfloor.store.search import SearchMixin
from watchfloor.store.writing import WritingMixin, event_id

__all__ = ["SQLiteKnowledgeBase", "event_id", "open_kb"]

T = TypeVar("T")


class SQLiteKnowledgeBase(WritingMixin, ReadingMixin, JudgementLogMixin, ChangeMarkerMixin,
                          SearchMixin, EventGroupsMixin, ClaimKeysMixin,
                          NewestMixin, EdgesMixin, ResolutionMixin):
    """The knowledge base in one SQLite file.

    ``readonly`` is for commands that only read: the file must exist and is opened
    read-only (it may sit on a read-only mount). Writers wait up to ``lock_timeout``
    seconds for each other; see ``store.connection`` for what opening checks.
    """

    def __init__(self, path: str | Path = "watchfloor.db", *, readonly: bool = False,
                 lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> None:
        self.path = str(path)
        self.readonly = readonly
        self.lock_timeout = lock_timeout
        self.conn = self._open()
        self._check_event_groups()

    def _open(self) -> sqlite3.Connection:
        try:
            conn = connect(self.path, readonly=self.readonly, lock_timeout=self.lock_timeout)
        except sqlite3.Error as exc:
            raise error_of(exc, self.path, "open") from exc
        try:
            check_file(conn, self.path)
            if self.readonly:
                check_version(conn, self.path)
                if pending(conn):
                    raise StoreError(
                        f"the knowledge base {self.path} was made by an older watchfloor"
                        " and needs upgrading",
                        "run a writing command on it once (e.g. watchfloor reprocess)",
                    )
            else:
                retry_busy(lambda: migrate(conn, self.path), path=self.path,
                           lock_timeout=self.lock_timeout, doing="open")
        except sqlite3.Error as exc:
            conn.close()
            raise error_of(exc, self.path, "open") from exc
        except BaseException:
            conn.close()
            raise
        return conn

    # -- plumbing -----------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception (waits for other
        writers up to ``lock_timeout``; SQLite errors become ``StoreError``)."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise error_of(exc, self.path, "write") from exc
        try:
            yield self.conn
        except sqlite3.Error as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise error_of(exc, self.path, "write") from exc
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise error_of(exc, self.path, "write") from exc

    def _write(self, work: Callable[[], T]) -> T:
        """``work`` in one write transaction, retried while another process holds the lock."""
        return write_transaction(self.conn, work, path=self.path, lock_timeout=self.lock_timeout)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> SQLiteKnowledgeBase:
        """Opened read-only, the whole ``with`` block reads one snapshot: a view assembled
        from several queries is consistent even while other processes write."""
        if self.readonly:
            self.conn.execute("BEGIN")
        return self

    def __exit__(self, *exc: object) -> None:
        if self.readonly and self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
        self.close()

    def integrity_check(self) -> str:
        return str(self.conn.execute("PRAGMA integrity_check").fetchone()[0])


def open_kb(path: str | Path) -> SQLiteKnowledgeBase:
    """Open (creating and migrating if needed) the knowledge base at ``path``."""
    return SQLiteKnowledgeBase(path)


if TYPE_CHECKING:  # mypy checks the SQLite base implements the whole interface
    _interface: type[KnowledgeBase] = SQLiteKnowledgeBase
