"""The one small interface every knowledge-base backend implements.

Extractors never see it: they return records, and the pipeline hands those to a backend.
SQLite is the embedded default (``store.sqlite``); a server database implements the same
methods without touching the extractors.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from watchfloor.records import Document, Extraction

if TYPE_CHECKING:
    from watchfloor.store.event_groups import GroupQuery


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

#: A judgement to log: (target kind, target, decision, changes, reviewer, note).
Judgement = tuple[str, str, str, dict[str, Any], str, "str | None"]


class KnowledgeBase(Protocol):
    """What the pipeline, the resolvers and the views need of a knowledge base. Rows are
    returned *as reviewed*: the analysts' verdicts (``store.reviews``) are applied before
    any filter, so every consumer sees the same corrected statements."""

    # -- writing machine output --------------------------------------------------------
    def has_document(self, document_id: str) -> bool: ...

    def add_document(self, document: Document) -> bool: ...

    def write_extraction(self, extraction: Extraction, model: str, *,
                         replace: bool = False) -> WriteResult: ...

    def last_extractors(self, document_id: str) -> list[str] | None: ...

    # -- reading ------------------------------------------------------------------------
    def documents(self, ids: Iterable[str] | None = None) -> list[Row]: ...

    def document(self, document_id: str) -> Row: ...

    def entities(self, type: str | None = None) -> list[Row]: ...

    def entity(self, entity_id: str) -> Row: ...

    def entity_names(self) -> dict[str, str]: ...

    def find_entity(self, name: str) -> Row: ...

    def aliases(self, entity_id: str) -> list[str]: ...

    def canonical(self, entity_id: str) -> str: ...

    def merged_ids(self, entity_id: str) -> list[str]: ...

    def claims(self, flt: ClaimFilter | None = None) -> list[Row]: ...

    def iter_claims(self, batch: int = 1000) -> Iterator[Row]: ...

    def claim(self, claim_id: str) -> Row: ...

    def events(self, document: str | None = None, include_rejected: bool = False,
               ids: list[str] | None = None) -> list[Row]: ...

    def event(self, event_id: str) -> Row: ...

    def event_claim_ids(self) -> dict[str, list[str]]: ...

    def event_judgements(self) -> list[Row]: ...

    def event_review(self, target: str) -> Row | None: ...

    def place_facts(self) -> dict[str, tuple[float | None, float | None, str | None,
                                             str | None]]: ...

    def orphaned_reviews(self) -> list[Row]: ...

    # -- consolidated events, kept by the store (store.event_groups) ---------------------
    def event_groups(self, query: GroupQuery | None = None, *, limit: int | None = None,
                     offset: int = 0) -> list[dict[str, Any]]: ...

    def iter_event_groups(self, query: GroupQuery | None = None,
                          batch: int = 1000) -> Iterator[dict[str, Any]]: ...

    def count_event_groups(self, query: GroupQuery | None = None) -> int: ...

    def event_group_facets(self) -> Row: ...

    def groups_of(self, events: Iterable[str]) -> dict[str, str]: ...

    def group_members(self, groups: Iterable[str]) -> dict[str, list[str]]: ...

    def group_ids_like(self, prefix: str) -> list[str]: ...

    def group_ids_about(self, entities: Iterable[str]) -> list[str]: ...

    def merged_group_ids(self) -> list[str]: ...

    def rebuild_event_groups(self) -> int: ...

    def hidden_group_ids(self) -> set[str]: ...

    def claim_keys(self, predicates: list[str]) -> list[tuple[str, str, str, str | None]]: ...

    def claims_by_id(self, ids: list[str]) -> list[Row]: ...

    def stats(self) -> Row: ...

    # -- the judgement log --------------------------------------------------------------
    def log_judgements(self, judgements: Sequence[Judgement]) -> list[int]: ...

    def merge_entity(self, absorb: str, into: str, reviewer: str, note: str | None) -> int: ...

    def split_entity(self, entity: str, reviewer: str,
                     note: str | None) -> tuple[str, str]: ...

    def live_ids(self, kind: str, prefix: str) -> list[str]: ...

    def judgements(self, target: str | None = None) -> list[Row]: ...

    # -- plumbing -----------------------------------------------------------------------
    def integrity_check(self) -> str: ...

    def close(self) -> None: ...
