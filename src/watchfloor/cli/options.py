"""Option groups shared by every command, and opening the knowledge base from them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from watchfloor.settings import load_settings
from watchfloor.store.sqlite import SQLiteKnowledgeBase

F = TypeVar("F", bound=Callable[..., Any])


def db_option(fn: F) -> F:
    return click.option(
        "--db",
        "db",
        default=None,
        metavar="PATH",
        help="Knowledge base file (default: ./watchfloor.db or $WATCHFLOOR_DB).",
    )(fn)


def settings_for(**overrides: Any) -> dict[str, Any]:
    return load_settings(overrides)


def open_db(db: str | None, **overrides: Any) -> tuple[SQLiteKnowledgeBase, dict[str, Any]]:
    settings = settings_for(db=db, **overrides)
    return SQLiteKnowledgeBase(settings["db"]), settings
