"""Records that flow through the pipeline: ingest -> read -> extract -> store -> export.

Every stage speaks in these dataclasses so a stage can be tested on hand-built inputs and
later run on a distributed engine (they are plain data: picklable and JSON-able).
Offsets are always character offsets into ``Document.text`` (the cleaned text), end
exclusive, so ``document.text[start:end]`` reproduces the evidence.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any


def stable_id(prefix: str, *parts: object) -> str:
    """A short, stable id: the hash of the key fields, so re-running gives the same id."""
    digest = hashlib.sha256(
        json.dumps(parts, sort_keys=True, default=str).encode("utf-8")
    ).hexdigest()
    return f"{prefix}-{digest[:16]}"


@dataclass(frozen=True)
class Dropped:
    """A piece of the source the cleaner removed, with why, so an analyst can audit it."""

    reason: str  # e.g. "licence", "not_english", "running_header", "page_number"
    text: str


@dataclass
class Document:
    """A cleaned document. Its id is the SHA-256 of the cleaned text (idempotent ingest)."""

    text: str
    title: str | None = None
    publisher: str | None = None
    published: str | None = None  # EDTF date, e.g. "2021-10-08"
    url: str | None = None
    path: str | None = None
    media_type: str = "text/plain"
    dropped: list[Dropped] = field(default_factory=list)

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "text":
            self.__dict__.pop("_sha256", None)  # the cached hash belongs to the old text
        super().__setattr__(name, value)

    @property
    def sha256(self) -> str:
        """SHA-256 of the text, computed once: every sentence, mention and claim row written
        asks for the document id, and a long text takes milliseconds to hash."""
        digest = self.__dict__.get("_sha256")
        if digest is None:
            digest = hashlib.sha256(self.text.encode("utf-8")).hexdigest()
            self.__dict__["_sha256"] = digest
        return digest

    @property
    def id(self) -> str:
        return "doc-" + self.sha256[:16]


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int


@dataclass(frozen=True)
class TimeExpr:
    """A temporal expression normalised to an EDTF interval or date.

    ``edtf`` is e.g. "2021-08", "2021-08/..", "2014-07/2014-12", "2015-11~".
    ``earliest``/``latest`` are ISO dates bounding the interval (None when open), used to
    compare and order intervals without re-parsing EDTF.
    """

    text: str
    start: int
    end: int
    edtf: str
    earliest: str | None = None
    latest: str | None = None


@dataclass(frozen=True)
class Quantity:
    """A number expression as a range with its qualifier kept.

    qualifier is one of: exact, at_least, more_than, at_most, up_to, less_than,
    approximately, range, approaching, vague.
    """

    text: str
    start: int
    end: int
    low: float | None
    high: float | None
    qualifier: str = "exact"


@dataclass(frozen=True)
class Place:
    """A resolved place from the offline gazetteer."""

    name: str
    country: str | None  # ISO 3166-1 alpha-2
    admin1: str | None
    lat: float | None
    lon: float | None
    kind: str  # one of ontology location_kinds
    geonameid: int | None = None


@dataclass
class Mention:
    """A span of the document that names (or refers back to) an entity.

    ``key`` is the resolution key: a catalogue id (e.g. "islamic-state") or, for entities
    not in the catalogue, "<type>:<normalised name>". Mentions with the same key in one
    document are one entity. ``source`` says how the mention was found (catalogue, ner,
    pattern, acronym, coref) so precision can be measured per source.
    """

    start: int
    end: int
    text: str
    type: str  # ontology entity type
    key: str
    source: str = "ner"
    kind: str | None = None  # organisation kind or location kind
    place: Place | None = None
    confidence: float = 1.0
    name: str | None = None  # the canonical name when the reader knows it ("Nigerian police")


@dataclass(frozen=True)
class Evidence:
    document: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Claim:
    """A statement: subject, predicate, object or value, qualifiers and evidence.

    Frozen (a changed statement is a new claim, built with ``dataclasses.replace``); its
    id is a hash of its document-local key fields: the mention
    keys of subject, object and place (never the entity ids they resolve to, which depend
    on what else the base holds), the predicate, the value and the evidence span. So the
    same document gives the same claim ids whatever was ingested before it, and a review
    keeps its target across re-ingest and re-processing. ``subject``, ``object`` and
    ``place`` hold mention keys during extraction and entity ids in the stored rows.
    """

    subject: str
    predicate: str
    evidence: Evidence
    object: str | None = None
    value: str | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    time: str | None = None
    time_text: str | None = None
    place: str | None = None
    attributed_to: str | None = None
    certainty: str = "asserted"
    confidence: float = 1.0
    extractor: str = "unknown.v0"
    event: str | None = None  # local event key this claim belongs to
    negated: bool = False

    @property
    def id(self) -> str:
        return stable_id(
            "clm",
            self.subject,
            self.predicate,
            self.object,
            self.value,
            self.low,
            self.high,
            self.time,
            self.place,
            self.evidence.document,
            self.evidence.start,
            self.evidence.end,
        )

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["id"] = self.id
        return data


@dataclass
class Event:
    """An event as one document reports it; merged across documents by resolve.events."""

    key: str  # local key, unique in the document
    type: str  # ontology event type
    evidence: Evidence
    date: str | None = None  # EDTF
    location: str | None = None  # mention key of a place
    perpetrators: list[str] = field(default_factory=list)
    perpetrator_certainty: str | None = None
    target: str | None = None
    method: str | None = None
    killed: tuple[float | None, float | None] | None = None
    injured: tuple[float | None, float | None] | None = None
    subject: str | None = None  # person for leader_killed / appointment
    confidence: float = 1.0
    extractor: str = "unknown.v0"
    # ids of the toll claims ``killed`` and ``injured`` come from: a review of that claim
    # changes the event's figure
    killed_claim: str | None = None
    injured_claim: str | None = None


@dataclass
class EntityRecord:
    """An entity as extraction sees it: key, type, canonical name, aliases seen."""

    key: str
    type: str
    name: str
    aliases: set[str] = field(default_factory=set)
    kind: str | None = None
    place: Place | None = None
    catalogue_id: str | None = None
    # surfaces made only of common words ("the authorities", "air wing"): shown as aliases
    # but never used to match the entity to another document's
    generic: set[str] = field(default_factory=set)


@dataclass
class Extraction:
    """What the pipeline produced for one document; the store writes it in one transaction."""

    document: Document
    sentences: list[Sentence] = field(default_factory=list)
    entities: dict[str, EntityRecord] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    extractors: list[str] = field(default_factory=list)
