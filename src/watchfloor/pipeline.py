"""The one pipeline: ingest -> read -> extract -> store.

``extract_document`` is pure (document + reference data in, ``Extraction`` out), so it can
run in a worker process or on a distributed engine; ``ingest_paths`` is the batch driver
that writes each document in its own transaction and goes on past bad files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from watchfloor.engine import Engine
from watchfloor.exceptions import InputError, StoreError
from watchfloor.extract.base import Stage
from watchfloor.read.reference import Reference
from watchfloor.records import Document, Extraction
from watchfloor.store.base import KnowledgeBase


@dataclass
class BatchReport:
    added: list[tuple[str, str]] = field(default_factory=list)  # (path, document id)
    unchanged: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, one-line message)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why), on purpose
    # why the batch stopped before its end (the knowledge base cannot be written: a full
    # disk, a lock held past the timeout), or None
    stopped: str | None = None

    @property
    def ok(self) -> bool:
        return not self.failed


def default_stages() -> tuple[Stage, ...]:
    from watchfloor.extract.registry import STAGES

    return STAGES


def reference_for(settings: Mapping[str, Any]) -> Reference:
    """The reference data for the settings' model, with their parse bounds."""
    from dataclasses import replace

    from watchfloor.read.nlp import ParseOptions
    from watchfloor.read.reference import load_reference

    reference = load_reference(settings["spacy_model"])
    options = ParseOptions(int(settings["parse_piece_chars"]), int(settings["parse_batch_chars"]))
    return reference if options == reference.parsing else replace(reference, parsing=options)


def extract_document(
    document: Document,
    reference: Reference,
    stages: Sequence[Stage] | None = None,
    min_confidence: float = 0.0,
) -> Extraction:
    """Read the document and run every registered stage over it."""
    from watchfloor.read.analysis import analyse

    analysis = analyse(document, reference)
    extraction = Extraction(
        document=document,
        sentences=analysis.sentences,
        entities=analysis.entities,
        mentions=analysis.mentions,
    )
    for stage in default_stages() if stages is None else stages:
        out = stage.run(document, analysis, reference)
        floor = max(stage.min_confidence, min_confidence)
        extraction.claims.extend(c for c in out.claims if c.confidence >= floor)
        extraction.events.extend(e for e in out.events if e.confidence >= floor)
        for key, record in out.entities.items():
            extraction.entities.setdefault(key, record)
        extraction.extractors.append(stage.extractor)
    return extraction


def ingest_paths(
    paths: Iterable[Path],
    kb: KnowledgeBase,
    settings: Mapping[str, Any],
    reference: Reference | None = None,
    progress: Callable[[str], None] | None = None,
    *,
    follow_links: bool = False,
    engine: Engine | None = None,
) -> BatchReport:
    """Ingest files and folders; each document is written in one transaction.

    Files are read here and extracted by ``engine`` (default: in this process, one after
    the other); extractions come back in the order of the files and are written in it, so
    every engine gives the same knowledge base."""
    from watchfloor.engine import SequentialEngine

    report = BatchReport()
    engine = engine or SequentialEngine(settings, reference)
    pending = _documents(paths, kb, settings, report, progress, follow_links)
    outcomes = engine.extract(pending)
    try:
        for (source, document), outcome in outcomes:
            if isinstance(outcome, Exception):
                report.failed.append((source, _failure(source, outcome)))
                continue
            try:
                written = kb.write_extraction(outcome, model=settings["spacy_model"])
            except StoreError as exc:
                # not this file's fault, and every later file would meet it too
                report.failed.append((source, f"{source}: not stored: {exc}"))
                report.stopped = str(exc)
                break
            except Exception as exc:  # noqa: BLE001 - a batch goes on past any bad file
                report.failed.append((source, _failure(source, exc)))
                continue
            # another process (or an earlier file with the same text) may have added it
            (report.added if written.created else report.unchanged).append(
                (source, document.id))
    finally:
        outcomes.close()  # an engine stops its remaining work when the batch stops
    return report


def _documents(
    paths: Iterable[Path],
    kb: KnowledgeBase,
    settings: Mapping[str, Any],
    report: BatchReport,
    progress: Callable[[str], None] | None,
    follow_links: bool,
) -> Iterator[tuple[tuple[str, Document], Document]]:
    """The batch's documents not yet in the knowledge base, read lazily: files that cannot
    be read, and documents already stored, go into the report instead."""
    from watchfloor.ingest import iter_sources, load_document
    from watchfloor.ingest.paths import Skipped

    for source in iter_sources(list(paths), follow_links=follow_links):
        if isinstance(source, InputError):
            report.failed.append((source.path, str(source)))
            continue
        if isinstance(source, Skipped):
            report.skipped.append((source.path, source.reason))
            continue
        if progress:
            progress(str(source))
        try:
            document = load_document(source, settings)
            if kb.has_document(document.id):
                report.unchanged.append((str(source), document.id))
                continue
        except StoreError as exc:
            report.failed.append((str(source), f"{source}: not stored: {exc}"))
            report.stopped = str(exc)
            return
        except Exception as exc:  # noqa: BLE001 - a batch goes on past any bad file
            report.failed.append((str(source), _failure(str(source), exc)))
            continue
        yield (str(source), document), document


def _failure(source: str, exc: Exception) -> str:
    """The one line a failed file gets in the report."""
    if isinstance(exc, InputError):
        return str(exc)
    return (f"{source}: internal error {type(exc).__name__}: {exc}"
            " — please report it with this file")


def stored_document(row: Mapping[str, Any]) -> Document:
    """Rebuild a Document from its stored row (text is the cleaned text, so the id holds)."""
    from watchfloor.records import Dropped

    return Document(
        text=row["text"], title=row["title"], publisher=row["publisher"],
        published=row["published"], url=row["url"], path=row["path"],
        media_type=row["media_type"] or "text/plain",
        dropped=[Dropped(d["reason"], d["text"]) for d in row["dropped"]],
    )


@dataclass
class ReprocessReport:
    done: int  # documents re-processed
    fresh: int  # documents already up to date
    # reviews whose claim or event the new run did not find again (soft-deleted)
    orphaned: list[dict[str, Any]] = field(default_factory=list)


def reprocess(
    kb: KnowledgeBase,
    settings: Mapping[str, Any],
    everything: bool = False,
    progress: Callable[[str], None] | None = None,
) -> ReprocessReport:
    """Re-run extraction over stored documents whose last run used other extractor versions
    (or all with ``everything``). Claims and events found again keep their ids (and so
    their reviews); the rest are soft-deleted, and the reviews they leave without a target
    are reported."""
    from watchfloor.extract.registry import extractor_names

    current = extractor_names()
    done = fresh = 0
    for meta in kb.documents():
        last = kb.last_extractors(meta["id"])
        if not everything and last == current:
            fresh += 1
            continue
        if progress:
            progress(meta["id"])
        document = stored_document(kb.document(meta["id"]))
        extraction = extract_document(
            document, reference_for(settings), min_confidence=settings["min_confidence"],
        )
        kb.write_extraction(extraction, model=settings["spacy_model"], replace=True)
        done += 1
    return ReprocessReport(done, fresh, orphaned_reviews(kb) if done else [])


def orphaned_reviews(kb: KnowledgeBase) -> list[dict[str, Any]]:
    """Reviews whose target is neither a live claim or event nor a merged event's id."""
    from watchfloor.resolve.judgements import merged_event_ids

    rows = kb.orphaned_reviews()
    if any(r["target_kind"] == "event" for r in rows):
        merged = set(merged_event_ids(kb))
        rows = [r for r in rows if r["target_kind"] != "event" or r["target"] not in merged]
    return rows
