"""Option groups shared by every command, and opening the knowledge base from them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from watchfloor.settings import load_settings
from watchfloor.store.opening import AnyKnowledgeBase, open_knowledge_base

F = TypeVar("F", bound=Callable[..., Any])


def db_option(fn: F) -> F:
    return click.option(
        "--db",
        "db",
        default=None,
        metavar="PATH|URL",
        help="Knowledge base: a SQLite file, or a postgresql://user@host/db URL"
        " (default: ./watchfloor.db or $WATCHFLOOR_DB).",
    )(fn)


def settings_for(**overrides: Any) -> dict[str, Any]:
    return load_settings(overrides)


def open_db(db: str | None, *, write: bool = False,
            **overrides: Any) -> tuple[AnyKnowledgeBase, dict[str, Any]]:
    """The knowledge base named by ``--db`` (or the settings), and the settings.

    Only commands that change the base pass ``write=True``: the others open it read-only,
    so they work on a read-only copy and a mistyped ``--db`` is an error, not a new file.
    A ``postgresql://`` URL selects the PostgreSQL backend (``store.opening``).
    """
    settings = settings_for(db=db, **overrides)
    kb = open_knowledge_base(settings["db"], readonly=not write,
                             lock_timeout=settings["lock_timeout"])
    return kb, settings


def filter_options(fn: F) -> F:
    """--since/--until/--country/--group, shared by timeline, claims and conflicts (see
    watchfloor.resolve.filters for what each keeps)."""
    for name, help_ in reversed((
        ("--since", "Only what can fall on or after this date (2021, 2021-10, 2021-10-08)."),
        ("--until", "Only what can fall on or before this date."),
        ("--country", "Only what happens in this country (ISO code AF, or its name)."),
        ("--group", "Only what concerns this armed group or organisation (name or id)."),
    )):
        fn = click.option(name, default=None, metavar="VALUE" if name != "--group" else "NAME",
                          help=help_)(fn)
    return fn
