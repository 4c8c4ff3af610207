"""Finding the spans that name entities: catalogue names first, then spaCy's NER.

Catalogue names win over NER because they carry a stable id ("ISKP" -> islamic-state-
khorasan) and NER often cuts group names short ("Tehrik-e" tagged as a person). The
catalogue is matched as an entity ruler would: one phrase matcher on exact case for
acronyms and listed case-sensitive forms (so "IS" is not "is"), one case-insensitive for
the rest. Overlaps keep the longest span.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from watchfloor.names import normalise_alias
from watchfloor.records import EntityRecord, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from watchfloor.read.reference import Reference

NER_TYPES = {"PERSON": "person", "ORG": "organization", "GPE": "location", "LOC": "location",
             "FAC": "location", "NORP": None}


def entity_key(entity_type: str, name: str) -> str:
    """Key of an entity not in the catalogue: its type and normalised name, so the same
    name in two documents meets the same stored entity."""
    return f"{entity_type}:{normalise_alias(name)}"


_MATCHERS: dict[tuple[int, int], tuple[Any, Any]] = {}


def _matchers(nlp: Any, catalogue: Any) -> tuple[Any, Any]:
    """Phrase matchers for the catalogue, built once per (pipeline, catalogue) pair."""
    key = (id(nlp), id(catalogue))
    if key not in _MATCHERS:
        _MATCHERS[key] = _build_matchers(nlp, catalogue)
    return _MATCHERS[key]


def _build_matchers(nlp: Any, catalogue: Any) -> tuple[Any, Any]:
    from spacy.matcher import PhraseMatcher

    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    folded = PhraseMatcher(nlp.vocab, attr="LOWER")
    seen: set[tuple[str, bool]] = set()
    for surface, _entry in catalogue.surface_forms():
        strict = catalogue.is_case_sensitive(surface) or _looks_like_acronym(surface)
        if (surface, strict) in seen:
            continue
        seen.add((surface, strict))
        pattern = nlp.make_doc(surface)
        (exact if strict else folded).add(surface, [pattern])
    return exact, folded


def _looks_like_acronym(surface: str) -> bool:
    letters = [c for c in surface if c.isalpha()]
    return bool(letters) and " " not in surface and sum(c.isupper() for c in letters) > len(letters) / 2


def catalogue_spans(doc: Doc, reference: Reference) -> list[Span]:
    """Longest non-overlapping catalogue matches, with the matched surface as label."""
    from spacy.util import filter_spans

    exact, folded = _matchers(reference.nlp, reference.catalogue)
    spans = [doc[s:e] for _, s, e in exact(doc)] + [doc[s:e] for _, s, e in folded(doc)]
    return filter_spans(spans)


def find_mentions(
    doc: Doc, reference: Reference, context: set[str]
) -> tuple[list[Mention], dict[str, EntityRecord]]:
    """Mentions and the entities they name, from the catalogue and from NER.

    ``context`` holds ISO codes of countries the document names; ambiguous aliases and
    place names are settled with it.
    """
    catalogue = reference.catalogue
    mentions: list[Mention] = []
    taken: set[int] = set()
    for span in catalogue_spans(doc, reference):
        entry = catalogue.resolve(span.text, context)
        if entry is None:
            continue
        mentions.append(Mention(span.start_char, span.end_char, span.text, entry.type, entry.id,
                                "catalogue", entry.kind))
        taken.update(range(span.start, span.end))
    for ent in doc.ents:
        etype = NER_TYPES.get(ent.label_)
        if etype is None or taken.intersection(range(ent.start, ent.end)):
            continue
        text = _trim(ent)
        if not text:
            continue
        start = ent.start_char + ent.text.index(text)
        mention = _ner_mention(text, start, etype, reference, context)
        if mention is not None:
            mentions.append(mention)
    mentions.sort(key=lambda m: m.start)
    return mentions, entities_of(mentions, reference)


def _trim(ent: Span) -> str:
    text = ent.text.strip()
    for lead in ("the ", "The "):
        if text.startswith(lead):
            text = text[len(lead):]
    if text.endswith("'s") or text.endswith("’s"):
        text = text[:-2]
    return text.strip()


def _ner_mention(text: str, start: int, etype: str, reference: Reference,
                 context: set[str]) -> Mention | None:
    end = start + len(text)
    if etype == "location":
        place = reference.gazetteer.resolve(text, context) if reference.gazetteer else None
        if place is None:
            return Mention(start, end, text, "location", entity_key("location", text), "ner",
                           confidence=0.6)
        return Mention(start, end, text, "location", _place_key(place), "ner", place.kind,
                       place)
    if etype == "organization":
        entry = reference.catalogue.fuzzy(text)
        if entry is not None:
            return Mention(start, end, text, entry.type, entry.id, "catalogue-fuzzy", entry.kind,
                           confidence=0.8)
        return Mention(start, end, text, "organization", entity_key("organization", text),
                       "ner", "other", confidence=0.7)
    return Mention(start, end, text, etype, entity_key(etype, text), "ner", confidence=0.8)


def _place_key(place: Any) -> str:
    if place.geonameid:
        return f"location:geonames-{place.geonameid}"
    return entity_key("location", f"{place.name} {place.country or ''}")


def entities_of(mentions: list[Mention], reference: Reference) -> dict[str, EntityRecord]:
    """One record per key: the catalogue's canonical name, or the longest surface seen."""
    entities: dict[str, EntityRecord] = {}
    for m in mentions:
        record = entities.get(m.key)
        if record is None:
            entry = reference.catalogue.entries.get(m.key)
            record = EntityRecord(
                key=m.key, type=m.type, name=entry.name if entry else (
                    m.place.name if m.place else m.text),
                kind=m.kind, place=m.place, catalogue_id=entry.id if entry else None,
            )
            entities[m.key] = record
        if m.source != "coref":
            record.aliases.add(m.text)
        if entry_less_name_is_shorter(record, m):
            record.name = m.text
    return entities


def entry_less_name_is_shorter(record: EntityRecord, mention: Mention) -> bool:
    return (record.catalogue_id is None and record.place is None and mention.source != "coref"
            and len(mention.text) > len(record.name))
