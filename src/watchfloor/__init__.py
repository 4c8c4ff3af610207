"""watchfloor: reads reports about armed groups and builds a sourced knowledge base.

In a notebook::

    import watchfloor
    kb = watchfloor.open("watchfloor.db")
    kb.claims(entity="ISKP", predicate="fighters")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from watchfloor.api import KnowledgeBaseAPI


def open(path: Any = "watchfloor.db", *, write: bool = False) -> KnowledgeBaseAPI:  # noqa: A001
    """Open a knowledge base: documents, entities, claims and events as pandas frames
    (read-only unless ``write=True``)."""
    from watchfloor.api import open as _open

    return _open(path, write=write)
