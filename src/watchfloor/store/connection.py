"""Opening a SQLite knowledge base safely, and writing to it alongside other processes.

What this module guarantees, and why each step:

* **Reading commands open read-only** (``mode=ro``, and ``immutable=1`` when even that is
  refused, as on a read-only mount with no ``-shm`` file): a reader must work on a copy
  on a CD or a read-only share, and must never create an empty base for a mistyped
  ``--db`` (a missing file is an error naming the path).
* **Every open checks the file** (``PRAGMA quick_check``): a base with junk over its
  middle is refused with one line, before any reader crashes on it or any writer adds to
  it. The check reads the whole file (2 s for a million claims), so a process checks a
  file once while it is unchanged (same inode, size and modification times of the file
  and its WAL): the web app opens the base for every request. A base whose schema is newer than this watchfloor is refused too: its meaning may
  have changed under us.
* **Writers wait, then retry**: each connection waits up to ``lock_timeout`` seconds for
  another process's write (SQLite's busy timeout), and a write transaction that still
  meets a busy database is rolled back and run again with a growing pause, until the same
  deadline. ``BEGIN IMMEDIATE`` takes the write lock before the first read, so what a
  transaction checks ("is this document there yet?") cannot change before it commits.
* **Errors say what happened**: a full disk, a locked or damaged base, a read-only file
  become ``StoreError`` with a hint, never "internal error".

Only this module and its siblings in ``store/`` speak SQL; a server database would bring
its own equivalents behind the same ``KnowledgeBase`` interface.
"""

from __future__ import annotations

import os
import random
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

from watchfloor.exceptions import StoreError

T = TypeVar("T")

DEFAULT_LOCK_TIMEOUT = 300.0
_RETRY_PAUSE = (0.05, 2.0)  # first and longest pause between attempts, seconds


def connect(path: str, *, readonly: bool, lock_timeout: float) -> sqlite3.Connection:
    """An autocommit connection (transactions are explicit) with rows as ``sqlite3.Row``."""
    if path == ":memory:":
        conn = sqlite3.connect(path, isolation_level=None)
    elif readonly:
        conn = _connect_readonly(path, lock_timeout)
    else:
        conn = sqlite3.connect(path, isolation_level=None, timeout=lock_timeout)
        conn.execute(f"PRAGMA busy_timeout = {int(lock_timeout * 1000)}")

        def wal() -> None:
            # switching a new file to WAL answers "locked" at once, without waiting,
            # while another process is doing the same: so it is retried here
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode=WAL")

        retry_busy(wal, path=path, lock_timeout=lock_timeout, doing="open")
        conn.execute("PRAGMA synchronous=NORMAL")
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


def _connect_readonly(path: str, lock_timeout: float) -> sqlite3.Connection:
    if not Path(path).is_file():
        raise StoreError(
            f"there is no knowledge base at {path}",
            "check --db (or $WATCHFLOOR_DB), or create one with: watchfloor ingest FILES",
        )
    uri = "file:" + quote(str(Path(path).resolve()))
    try:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None,
                               timeout=lock_timeout)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        # A WAL base on a read-only mount: SQLite cannot create the -shm index beside it.
        # Nothing can be writing there, so it may read the file as it stands.
        conn = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None)
    conn.execute("PRAGMA query_only=1")
    return conn


_CHECKED: dict[str, tuple[int, ...]] = {}  # path -> identity of the file found sound


def _identity(path: str) -> tuple[int, ...] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    try:
        wal = os.stat(path + "-wal")
        extra: tuple[int, ...] = (wal.st_size, wal.st_mtime_ns)
    except OSError:
        extra = (-1, -1)
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns, *extra)


def check_file(conn: sqlite3.Connection, path: str) -> None:
    """Refuse a damaged file (``quick_check``) with one line naming it; a file this
    process found sound and that has not changed since is not read again."""
    identity = _identity(path) if path not in ("", ":memory:") else None
    if identity is not None and _CHECKED.get(path) == identity:
        return
    try:
        rows = conn.execute("PRAGMA quick_check(3)").fetchall()
    except sqlite3.DatabaseError as exc:
        raise error_of(exc, path, "open") from exc
    problems = [" ".join(str(r[0]).split()) for r in rows]
    if problems != ["ok"]:
        raise StoreError(
            f"the knowledge base {path} is damaged ({'; '.join(problems)[:200]})",
            "restore it from a backup, or re-ingest the documents into a new file;"
            " nothing was read from or written to it",
        )
    if identity is not None:
        _CHECKED[path] = identity


def write_transaction(conn: sqlite3.Connection, work: Callable[[], T], *, path: str,
                      lock_timeout: float) -> T:
    """Run ``work`` inside BEGIN IMMEDIATE ... COMMIT, retried while the base is busy.

    ``work`` must only touch the database (it may run more than once); any exception
    rolls the transaction back, so a document is written completely or not at all.
    """
    def attempt() -> T:
        conn.execute("BEGIN IMMEDIATE")
        try:
            result = work()
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return result

    return retry_busy(attempt, path=path, lock_timeout=lock_timeout, doing="write")


def retry_busy(work: Callable[[], T], *, path: str, lock_timeout: float, doing: str) -> T:
    """``work()``, run again with a growing, jittered pause while SQLite answers "busy" or
    "locked", until ``lock_timeout`` seconds have passed; other errors are ``StoreError``.

    Why on top of the busy timeout: SQLite answers busy without waiting in some cases (to
    break a deadlock, or while another connection changes the journal mode of a new file),
    and a writer must outlast another one that holds the lock longer than expected.
    """
    deadline = time.monotonic() + lock_timeout
    pause = _RETRY_PAUSE[0]
    while True:
        try:
            return work()
        except sqlite3.Error as exc:  # any SQLite error is one StoreError line
            if not isinstance(exc, sqlite3.OperationalError) or not is_busy(exc) \
                    or time.monotonic() + pause > deadline:
                raise error_of(exc, path, doing) from exc
        time.sleep(pause * (0.5 + random.random()))
        pause = min(pause * 2, _RETRY_PAUSE[1])


def is_busy(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _read_only_place(path: str) -> bool:
    """Whether the file or its folder cannot be written (a read-only mount, permissions):
    SQLite only says "unable to open database file" when it cannot create its -wal/-shm."""
    folder = Path(path).resolve().parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return True
    except OSError:
        return False
    return not os.access(folder, os.W_OK) or (Path(path).exists() and not os.access(path, os.W_OK))


def error_of(exc: sqlite3.Error, path: str, doing: str) -> StoreError:
    """The ``StoreError`` an analyst can act on, for a SQLite error while ``doing``."""
    text = str(exc)
    low = text.lower()
    if "disk is full" in low or "database or disk is full" in low:
        return StoreError(
            f"the disk holding the knowledge base {path} is full",
            "free some space and run the command again; the knowledge base is unchanged by"
            " the step that failed",
        )
    if is_busy(exc):
        return StoreError(
            f"the knowledge base {path} stayed locked by another process",
            "wait for the other watchfloor command to finish, or raise"
            " WATCHFLOOR_LOCK_TIMEOUT (seconds)",
        )
    if "readonly" in low or "read-only" in low or (
            "unable to open" in low and doing != "read" and _read_only_place(path)):
        return StoreError(
            f"cannot {doing} the knowledge base {path}: it is read-only",
            "copy it to a writable folder, or use a reading command (stats, show, export)",
        )
    if "malformed" in low or "not a database" in low or "corrupt" in low:
        return StoreError(
            f"the knowledge base {path} is damaged or not a knowledge base ({text})",
            "restore it from a backup, or pass --db with a new file name",
        )
    return StoreError(
        f"cannot {doing} the knowledge base {path}: {text}",
        "check the path and its permissions, or pass --db with a new file name",
    )
