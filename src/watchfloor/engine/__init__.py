"""Engines: where extraction runs. The client reads files and writes the knowledge base; an
engine only turns documents into extractions.

Why a seam here: extraction (the spaCy parse and every stage) is nearly all of an ingest's
cost and is a pure function of (document, reference data), while writing resolves entities
against what is already stored, so claim ids depend on the order documents are written in.
An engine may therefore run documents anywhere and in any order, but hands back results in
the order it was given them, and the client writes them in that order: the knowledge base
is the sequential run's, claim id for claim id.

``sequential`` runs in this process, one document at a time, lazily (document *n + 1* is
not read before document *n* is written). ``dask`` (``engine.cluster``) runs on Dask
workers, on this machine or on several.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Mapping
from typing import Any, Protocol, TypeVar

from watchfloor.exceptions import SettingsError
from watchfloor.read.reference import Reference
from watchfloor.records import Document, Extraction
from watchfloor.settings import ENGINES

__all__ = ["ENGINES", "Engine", "Outcome", "SequentialEngine", "open_engine"]

T = TypeVar("T")

# what an engine hands back for one document: its extraction, or why it could not be made
Outcome = Extraction | Exception


class Engine(Protocol):
    def extract(
        self, items: Iterable[tuple[T, Document]]
    ) -> Generator[tuple[T, Outcome], None, None]:
        """Extract each (tag, document), yielding (tag, outcome) in the order given.

        The tag is the caller's (the source path, say); an exception raised by extraction
        is yielded as the outcome, so one bad document does not stop the batch."""
        ...

    def close(self) -> None: ...


class SequentialEngine:
    """Extraction in this process: the default, and the reference the others must equal."""

    def __init__(self, settings: Mapping[str, Any], reference: Reference | None = None) -> None:
        self.settings = settings
        self.reference = reference

    def extract(
        self, items: Iterable[tuple[T, Document]]
    ) -> Generator[tuple[T, Outcome], None, None]:
        from watchfloor.pipeline import extract_document, reference_for

        for tag, document in items:
            try:
                self.reference = self.reference or reference_for(self.settings)
                outcome: Outcome = extract_document(
                    document, self.reference, min_confidence=self.settings["min_confidence"])
            except Exception as exc:  # noqa: BLE001 - reported per document by the caller
                outcome = exc
            yield tag, outcome

    def close(self) -> None:
        pass


def open_engine(settings: Mapping[str, Any], reference: Reference | None = None) -> Engine:
    """The engine the settings name (``engine``, ``dask_scheduler``, ``dask_workers``)."""
    name = settings.get("engine", "sequential")
    if name == "sequential":
        return SequentialEngine(settings, reference)
    if name == "dask":
        from watchfloor.engine.cluster import DaskEngine

        return DaskEngine(settings, scheduler=settings.get("dask_scheduler") or None,
                          workers=int(settings.get("dask_workers", 2)))
    raise SettingsError(f"setting 'engine' has value {name!r}",
                        f"expected one of: {', '.join(ENGINES)}")
