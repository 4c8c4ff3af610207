"""Ingest: turn a file (PDF, HTML, text, markdown) into a clean ``Document``.

``load_document`` reads, checks, cleans and attaches metadata to one file;
``iter_sources`` expands a batch of paths into files, yielding errors for bad paths so
the batch can go on.

Both are loaded on first use (PEP 562): the readers pull in trafilatura, pypdf and
numpy (about 0.4 s), and the small helpers of this package (``ingest.text``) are imported
by every terminal view, which must not pay for them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from watchfloor.ingest.loader import load_document
    from watchfloor.ingest.paths import SUPPORTED_SUFFIXES, iter_sources

__all__ = ["SUPPORTED_SUFFIXES", "iter_sources", "load_document"]

_HOMES = {"load_document": "watchfloor.ingest.loader",
          "iter_sources": "watchfloor.ingest.paths",
          "SUPPORTED_SUFFIXES": "watchfloor.ingest.paths"}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_HOMES[name]), name)
