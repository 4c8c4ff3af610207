"""The one small interface every knowledge-base backend implements.

Extractors never see it: they return records, and the pipeline hands those to a backend.
SQLite is the embedded default (``store.sqlite``); a server database implements the same
methods without touching the extractors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from watchfloor.records import Document, Extraction


@dataclass
class WriteResult:
    document: str
    created: bool  # False when the document was already there (idempotent re-ingest)
    entities: int = 0
    mentions: int = 0
    claims: int = 0
    events: int = 0


@dataclass
class ClaimFilter:
    entity: str | None = None  # entity id; matches subject or object
    predicate: str | None = None
    document: str | None = None
    include_rejected: bool = False
    min_confidence: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


Row = dict[str, Any]


class KnowledgeBase(Protocol):
    def has_document(self, document_id: str) -> bool: ...

    def add_document(self, document: Document) -> bool: ...

    def write_extraction(self, extraction: Extraction, model: str) -> WriteResult: ...

    def documents(self) -> list[Row]: ...

    def document(self, document_id: str) -> Row: ...

    def entities(self, type: str | None = None) -> list[Row]: ...

    def entity(self, entity_id: str) -> Row: ...

    def find_entity(self, name: str) -> Row: ...

    def aliases(self, entity_id: str) -> list[str]: ...

    def claims(self, flt: ClaimFilter | None = None) -> list[Row]: ...

    def events(self, document: str | None = None) -> list[Row]: ...

    def stats(self) -> Row: ...

    def integrity_check(self) -> str: ...

    def close(self) -> None: ...
