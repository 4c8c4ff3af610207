"""The reading layer's output for one document, and the entry point ``analyse``.

An ``Analysis`` is what every extraction stage receives besides the document: the spaCy
parse, sentences, resolved mentions (catalogue, NER, patterns, acronyms, back-references),
the entities they resolve to, and the normalised time and number expressions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from watchfloor.read.discourse import Discourse
from watchfloor.records import Document, EntityRecord, Mention, Quantity, Sentence, TimeExpr

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from watchfloor.read.reference import Reference


@dataclass
class Analysis:
    doc: Doc
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: dict[str, EntityRecord] = field(default_factory=dict)
    times: list[TimeExpr] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    discourse: Discourse | None = None

    def topic_at(self, offset: int) -> str | None:
        """The mention key of the armed group the document is about at ``offset`` (its
        section's topic, else the document's), or None when no group clearly dominates."""
        return self.discourse.topic_at(offset) if self.discourse else None

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        """Mentions whose span lies inside [start, end)."""
        return [m for m in self.mentions if m.start >= start and m.end <= end]


def document_countries(doc: Doc, reference: Reference) -> set[str]:
    """ISO codes of the countries a document names (by name or demonym): the context that
    settles ambiguous aliases and place names."""
    gazetteer = reference.gazetteer
    if gazetteer is None:
        return set()
    found: set[str] = set()
    for ent in doc.ents:
        if ent.label_ in ("GPE", "NORP", "LOC"):
            code = gazetteer.country_of(ent.text)
            if code:
                found.add(code)
    return found


def _times(document: Document) -> list[TimeExpr]:
    """Time expressions on the document's own clock: an annual report ("Nigeria — 2021
    Country Reports", published 2022) reads "On May 19" and "during the year" in the year
    it covers; anything else against its publication date."""
    from watchfloor.ingest.metadata import report_year
    from watchfloor.read.timex import find_times

    year = report_year(document.title, document.published)
    if year is not None:
        return find_times(document.text, anchor=f"{year}-12-31", period=year)
    return find_times(document.text, anchor=document.published)


def document_period(document: Document) -> str | None:
    """The period a document speaks of when a sentence gives no date (EDTF): the year an
    annual report covers, else "up to its publication date" ("../2016-06-09"), since what
    a report states held by then."""
    from watchfloor.ingest.metadata import report_year

    year = report_year(document.title, document.published)
    if year is not None:
        return str(year)
    return f"../{document.published}" if document.published else None


def analyse(document: Document, reference: Reference) -> Analysis:
    """Parse the document once and read everything the extraction stages need from it.

    Times are resolved against the document's publication date ("last Friday" needs it);
    without one, relative expressions stay unresolved rather than guessed.
    """
    from watchfloor.read.coref import resolve_in_document
    from watchfloor.read.discourse import read_discourse, resolve_references
    from watchfloor.read.facilities import place_sites
    from watchfloor.read.mentions import entities_of, raw_mentions
    from watchfloor.read.nlp import parse
    from watchfloor.read.quantities import find_quantities
    from watchfloor.read.state_actors import focus_country
    from watchfloor.read.units import with_units

    doc = parse(reference.nlp, document.text, reference.parsing)
    sentences = [Sentence(i, s.start_char, s.end_char) for i, s in enumerate(doc.sents)]
    context = document_countries(doc, reference)
    focus = focus_country(doc, document.title, reference.gazetteer, reference.catalogue)
    mentions, parents = raw_mentions(doc, reference, context, focus)
    mentions = resolve_in_document(doc, mentions, reference, parents)
    mentions = with_units(document.text, mentions, parents)
    mentions = place_sites(document.text, mentions)
    discourse = read_discourse(document.text, mentions, document.title)
    mentions = resolve_references(doc, mentions, discourse)
    entities = entities_of(mentions, reference)
    return Analysis(
        doc=doc,
        sentences=sentences,
        mentions=mentions,
        entities=entities,
        times=_times(document),
        quantities=find_quantities(document.text),
        # part_of: unknown groups a pattern placed under a catalogue group ("Islamic
        # State's Congo Province" -> islamic-state), for the relation extractors
        extra={"countries": sorted(context), "part_of": parents, "focus": focus},
        discourse=discourse,
    )
