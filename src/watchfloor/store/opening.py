"""Choosing the backend from what ``--db`` (or ``$WATCHFLOOR_DB``) names.

Why one function: every place that opens a base (the CLI's option group, the Python API,
the engines) must pick the same backend for the same name. A ``postgresql://`` URL is a
PostgreSQL database; anything else is a SQLite file path. psycopg is imported only when a
URL asks for it, so SQLite users pay nothing for the second backend.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Union

from watchfloor.store.connection import DEFAULT_LOCK_TIMEOUT

if TYPE_CHECKING:
    from watchfloor.store.postgres import PostgresKnowledgeBase
    from watchfloor.store.sqlite import SQLiteKnowledgeBase

AnyKnowledgeBase = Union["SQLiteKnowledgeBase", "PostgresKnowledgeBase"]
URL_SCHEMES = ("postgresql://", "postgres://")


def is_postgres_url(db: object) -> bool:
    return isinstance(db, str) and db.startswith(URL_SCHEMES)


def open_knowledge_base(db: str | Path, *, readonly: bool = False,
                        lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> AnyKnowledgeBase:
    """The knowledge base ``db`` names: a ``postgresql://`` URL, else a SQLite file."""
    if is_postgres_url(db):
        from watchfloor.store.postgres import PostgresKnowledgeBase

        return PostgresKnowledgeBase(str(db), readonly=readonly, lock_timeout=lock_timeout)
    from watchfloor.store.sqlite import SQLiteKnowledgeBase

    return SQLiteKnowledgeBase(db, readonly=readonly, lock_timeout=lock_timeout)
