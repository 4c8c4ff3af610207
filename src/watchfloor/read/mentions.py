"""Finding the spans that name entities: catalogue names first, then spaCy's NER.

Catalogue names win over NER because they carry a stable id ("ISKP" -> islamic-state-
khorasan) and NER often cuts group names short ("Tehrik-e" tagged as a person). The
catalogue is matched as an entity ruler would: one phrase matcher on exact case for
acronyms and listed case-sensitive forms (so "IS" is not "is"), one case-insensitive for
the rest. Overlaps keep the longest span.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from watchfloor.names import normalise_alias
from watchfloor.read.lexicon import all_common
from watchfloor.read.nlp import text_of
from watchfloor.records import EntityRecord, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from watchfloor.read.reference import Reference

NER_TYPES = {"PERSON": "person", "ORG": "organization", "GPE": "location", "LOC": "location",
             "FAC": "location", "NORP": None}


# Mentions that refer back to a name instead of naming: they add no alias to their entity.
REFERENCE_SOURCES = ("coref", "pronoun", "topic", "demonym")


def entity_key(entity_type: str, name: str) -> str:
    """Key of an entity not in the catalogue: its type and normalised name, so the same
    name in two documents meets the same stored entity."""
    return f"{entity_type}:{normalise_alias(name)}"


_MATCHERS: dict[tuple[int, int], tuple[Any, Any]] = {}
_FUZZY: dict[tuple[int, str], Any] = {}
_FUZZY_MAX = 50_000


def fuzzy_entry(catalogue: Any, surface: str) -> Any:
    """``catalogue.fuzzy`` memoised per process: it compares against every alias (several
    milliseconds), and wire stories repeat the same unknown names all day."""
    key = (id(catalogue), surface)
    if key not in _FUZZY:
        if len(_FUZZY) >= _FUZZY_MAX:
            _FUZZY.clear()
        _FUZZY[key] = catalogue.fuzzy(surface)
    return _FUZZY[key]


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
        # the same name typeset with curly apostrophes ("al-Qa’ida") tokenises the same way
        patterns = [nlp.make_doc(v) for v in {surface, surface.replace("'", "’")}]
        (exact if strict else folded).add(surface, patterns)
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
    """Mentions and the entities they name: catalogue, then patterns, then NER, then
    within-document resolution (acronyms, short forms, back-references; see ``coref``).

    ``context`` holds ISO codes of countries the document names; ambiguous aliases and
    place names are settled with it.
    """
    from watchfloor.read.coref import resolve_in_document

    mentions, parents = raw_mentions(doc, reference, context)
    mentions = resolve_in_document(doc, mentions, reference, parents)
    return mentions, entities_of(mentions, reference)


def raw_mentions(
    doc: Doc, reference: Reference, context: set[str], focus: str | None = None
) -> tuple[list[Mention], dict[str, str]]:
    """Mentions before within-document resolution, and the parent (a catalogue id) of the
    unknown groups a pattern placed under one ("Islamic State's Congo Province").

    Precedence on overlap: catalogue, then patterns (unknown groups before titled people),
    then state bodies named by common nouns (``focus``: the document's country, for "the
    government"), then NER. Overlaps are checked on a per-character mask, so the cost stays
    linear.
    """
    from watchfloor.read.branches import PARENT as BRANCH_PARENT
    from watchfloor.read.branches import find_branches
    from watchfloor.read.patterns import find_groups, find_people
    from watchfloor.read.state_actors import find_state_actors
    from watchfloor.read.vetting import lower_words_of, retype, vet

    catalogue = reference.catalogue
    text_of_doc = text_of(doc)
    mentions: list[Mention] = []
    parents: dict[str, str] = {}
    taken = bytearray(len(text_of_doc) + 1)

    def free(start: int, end: int) -> bool:
        return not any(taken[start:end])

    def take(mention: Mention) -> None:
        mentions.append(mention)
        taken[mention.start:mention.end] = b"\x01" * (mention.end - mention.start)

    lower_words = lower_words_of(text_of_doc)
    nationalities = frozenset(e.text for e in doc.ents if e.label_ == "NORP")
    person_words = frozenset(w.casefold() for e in doc.ents if e.label_ == "PERSON"
                             and len(e) > 1 for w in e.text.split() if len(w) > 3)
    people = {e.end_char: e.start_char for e in doc.ents  # by end: a look-up per match
              if e.label_ == "PERSON" and len(e) >= 2}
    found = find_groups(text_of_doc) + find_people(text_of_doc)
    # a catalogue name inside a longer transliterated name is part of another group's name
    # ("Tawhid wal-Jihad" in "Katibat al-Tawhid wal-Jihad")
    prefixed = [(f.start, f.end) for f in found if f.prefixed]
    for branch in find_branches(text_of_doc, catalogue, context):
        entry = catalogue.entries.get(branch.catalogue_id) if branch.catalogue_id else None
        take(Mention(branch.start, branch.end, branch.text, "armed_group", branch.key,
                     "catalogue" if entry else "pattern", entry.kind if entry else None,
                     confidence=0.9 if entry else 0.8))
        # a branch the text names as one ("the Islamic State ... in Yemen (ISIS-Y)", or an
        # acronym the catalogue does not know) is part of its parent: the name says so
        if entry is None or " in " in branch.text:
            parents[branch.key] = (entry.parent if entry is not None else None) or BRANCH_PARENT
    ner_orgs = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "ORG"]
    org_starts = [s for s, _ in ner_orgs]  # entities do not overlap: bisect, not scan
    for span in catalogue_spans(doc, reference):
        if not free(span.start_char, span.end_char):
            continue
        i = bisect_right(org_starts, span.start_char) - 1
        if all_common(span.text) and i >= 0 and span.end_char <= ner_orgs[i][1] and (
                ner_orgs[i] != (span.start_char, span.end_char)):
            continue  # "Security Council" inside "the African Union's Peace and Security Council"
        entry = catalogue.resolve(span.text, context)
        if entry is None or _surname_of_person(span, people):
            continue
        if any(s < span.start_char and span.end_char <= e for s, e in prefixed):
            continue
        splinter = _SPLINTER_TAIL.match(text_of_doc, span.end_char)
        if splinter and entry.type == "armed_group":
            # "FARC dissidents": the group's dissidents are an armed group of their own
            end = span.end_char + len(splinter.group())
            name = f"{span.text} dissidents"  # as the source names the parent ("FARC")
            take(Mention(span.start_char, end, text_of_doc[span.start_char:end], "armed_group",
                         entity_key("armed_group", name), "pattern", confidence=0.8,
                         name=name))
            continue
        longer = _ARTICLE_TAIL.match(text_of_doc, span.end_char)
        if longer and catalogue.resolve(span.text + longer.group(), context) is None:
            # "Hezbollah Al-Hijaz": a catalogue name run on by an Arabic-article name is
            # another group's name
            end = span.end_char + len(longer.group())
            name = text_of_doc[span.start_char:end]
            take(Mention(span.start_char, end, name, "armed_group",
                         entity_key("armed_group", name), "pattern", confidence=0.75))
            continue
        start, end = _tidy(span.text, span.start_char, entry, catalogue, context)
        take(Mention(start, end, text_of_doc[start:end], entry.type, entry.id, "catalogue",
                     entry.kind))
    for hit in sorted(found, key=lambda f: (f.type != "armed_group", f.start - f.end)):
        if not free(hit.start, hit.end):
            continue
        mention = _pattern_mention(hit, reference, context)
        take(mention)
        if hit.parent and mention.key not in catalogue.entries:
            parents[mention.key] = hit.parent
    for actor in find_state_actors(text_of_doc, focus, reference.gazetteer, catalogue, context):
        if free(actor.start, actor.end):
            key = actor.catalogue_id or entity_key("organization", actor.name)
            # a foreign body named by nationality carries its state, so a claim can name it
            foreign = None if actor.bare or actor.country == focus or not actor.country \
                else reference.gazetteer.country(actor.country)
            take(Mention(actor.start, actor.end, actor.text, "organization", key, "pattern",
                         "state_actor", foreign, confidence=0.7 if actor.bare else 0.8,
                         name=actor.name))
    for ent in doc.ents:
        etype = NER_TYPES.get(ent.label_)
        if ent.label_ == "NORP":
            demonym = _demonym_mention(ent, reference, context)
            if demonym is not None and free(demonym.start, demonym.end):
                take(demonym)
            continue
        if etype is None:
            continue
        if etype in ("person", "organization") and _place_in_disguise(ent, reference, context):
            etype = "location"
        if etype in ("person", "organization"):
            entry = catalogue.resolve(_trim(ent), context)
            if entry is not None:  # a catalogue name the phrase matcher missed ("al-Qa’ida")
                start = ent.start_char + ent.text.index(_trim(ent))
                if free(start, start + len(_trim(ent))):
                    take(Mention(start, start + len(_trim(ent)), _trim(ent), entry.type,
                                 entry.id, "catalogue", entry.kind))
                continue
        trimmed = _trim(ent)
        if not trimmed:
            continue
        vetted = vet(trimmed, ent.start_char + ent.text.index(trimmed), etype, reference, context,
                     lower_words)
        if vetted is None:
            continue
        kept = text_of_doc[vetted.start:vetted.end]
        if vetted.type == "organization" and _described_as_person(ent):
            vetted = replace(vetted, type="person")
        if vetted.type == "organization" and text_of_doc[vetted.start:vetted.end] in nationalities:
            continue  # "Fulani", "Yazidi": a people the text also names as such
        vetted = replace(vetted, type=retype(
            kept, vetted.type, text_of_doc[max(0, vetted.start - 60):vetted.start],
            text_of_doc[vetted.end:vetted.end + 40], reference, context, person_words))
        for start, end, canonical in _repaired(text_of_doc, vetted, free, reference):
            named = _ner_mention(text_of_doc[start:end], start, vetted.type, reference, context,
                                 canonical)
            if named is not None:
                take(named)
    mentions.sort(key=lambda m: m.start)
    return mentions, parents


def _repaired(text: str, vetted: Any, free: Any,
              reference: Reference) -> list[tuple[int, int, str | None]]:
    """The vetted span with its boundaries repaired (``read.spans``): whole personal names,
    organisation tails, one span per listed place; None as name means "as written"."""
    from watchfloor.read.spans import extend_org, extend_person, extend_place, split_places

    start, end = vetted.start, vetted.end
    if not free(start, end):
        return []
    if vetted.type == "person":
        gazetteer = reference.gazetteer
        start, end = extend_person(
            text, start, end, free,
            lambda w: gazetteer is not None and gazetteer.country_of(w) is not None)
    elif vetted.type == "organization":
        start, end = extend_org(text, start, end, free)
    elif vetted.type == "location":
        gazetteer = reference.gazetteer
        known = (lambda t: gazetteer.resolve(t) is not None) if gazetteer else (lambda t: False)
        out: list[tuple[int, int, str | None]] = []
        for s, e, name in split_places(text[start:end], start, known):
            if not free(s, e):
                continue
            if text[s:e] == name:
                s, e = extend_place(text, s, e, free)
                name = text[s:e]
            out.append((s, e, None if text[s:e] == name else name))
        return out
    return [(start, end, None)]


_SPLINTER_TAIL = re.compile(r"[ \t]+(?:dissidents?|splinter(?:s| groups?| factions?)?|holdouts)\b")
_ARTICLE_TAIL = re.compile(r"[ \t]+(?:[Aa]l|[Ee]l)-[A-Z][\w'’]+(?:[ \t]+[A-Z][\w'’]+)?")
_GENERIC_TAIL = re.compile(
    r"\s+(?:rebels|militia|militias|militants|fighters|insurgents|guerrillas)$", re.IGNORECASE)
_LEADING_THE = re.compile(r"^[Tt]he\s+")


def _tidy(text: str, start: int, entry: Any, catalogue: Any, context: set[str]) -> tuple[int, int]:
    """Span of a catalogue match without a leading "the" or a generic trailing noun ("the
    M23 rebels" -> "M23") when what is left names the same entry, so surfaces are names."""
    end = start + len(text)
    lead = _LEADING_THE.match(text)
    if lead and not entry.name.startswith("The ") and catalogue.resolve(
            text[lead.end():], context) is entry:
        start, text = start + lead.end(), text[lead.end():]
    tail = _GENERIC_TAIL.search(text)
    if tail and catalogue.resolve(text[:tail.start()], context) is entry:
        end, text = start + tail.start(), text[:tail.start()]
    return start, end




def _described_as_person(ent: Span) -> bool:
    """An NER "organisation" the sentence describes with a person's role ("Mahmood is an
    ISIL recruiter", "Al-Jabri was a Houthi operative"): a person."""
    from watchfloor.read.lexicon import all_common
    from watchfloor.read.patterns import load_reading
    from watchfloor.read.vetting import has_org_head

    root = ent.root
    if root.dep_ != "nsubj" or root.head.lemma_ != "be" or has_org_head(ent.text) \
            or all_common(ent.text):
        return False
    roles = load_reading().person_roles
    return any(c.dep_ == "attr" and c.lemma_.lower() in roles for c in root.head.children)


def _demonym_mention(ent: Span, reference: Reference, context: set[str]) -> Mention | None:
    """A nationality that stands for its country as a party ("Pakistani interests",
    "American citizens", "killing 17 Americans"): a mention of the country (source
    ``demonym``, adding no alias). Other nationality adjectives ("Yemeni national",
    "Uzbek jihadist group") stay descriptions."""
    from watchfloor.read.patterns import load_reading

    gazetteer = reference.gazetteer
    if gazetteer is None:
        return None
    iso = gazetteer.country_of(ent.text)
    if iso is None:
        return None
    heads = load_reading().demonym_heads
    root = ent.root
    if not (root.tag_ in ("NNPS", "NNS") or root.text.endswith("s")) and \
            root.head.lemma_.lower() not in heads:
        return None
    place = gazetteer.country(iso)
    if place is None:
        return None
    return Mention(ent.start_char, ent.end_char, ent.text, "location", _place_key(place),
                   "demonym", place.kind, place, confidence=0.7)


def _place_in_disguise(ent: Span, reference: Reference, context: set[str]) -> bool:
    """The small model often tags a town as a person or an organisation ("killed in Beni").
    A one-word country name, or a one-word name right after a locative preposition that the
    gazetteer knows, is a place."""
    from watchfloor.read.patterns import load_reading

    if len(ent) != 1 or reference.gazetteer is None:
        return False
    if reference.gazetteer.country_of(ent.text) and ent.text[:1].isupper():
        return True  # "Mali's junta": a country name is not a person
    if ent.start == 0 or ent.doc[ent.start - 1].lower_ not in load_reading().locative:
        return False
    return reference.gazetteer.resolve(ent.text, context) is not None


def _surname_of_person(span: Span, people: dict[int, int]) -> bool:
    """A one-word catalogue match that ends a longer NER person ("Sirajuddin Haqqani") is the
    person's surname, not the group. ``people``: each NER person's end -> its start."""
    if len(span) != 1:
        return False
    start = people.get(span.end_char)
    return start is not None and start < span.start_char


def _pattern_mention(hit: Any, reference: Reference, context: set[str]) -> Mention:
    """A pattern hit as a mention: a group the catalogue knows after all (maybe misspelt)
    takes its id; a person's key is the name without titles."""
    if hit.type == "armed_group":
        entry = reference.catalogue.resolve(hit.name, context) or fuzzy_entry(
            reference.catalogue, hit.name)
        if entry is not None:
            return Mention(hit.start, hit.end, hit.text, entry.type, entry.id, "catalogue-fuzzy",
                           entry.kind, confidence=0.8)
        return Mention(hit.start, hit.end, hit.text, "armed_group",
                       entity_key("armed_group", hit.name), "pattern", confidence=0.75)
    return Mention(hit.start, hit.end, hit.text, "person", entity_key("person", hit.name),
                   "pattern", confidence=0.85)


def _trim(ent: Span) -> str:
    text = ent.text.strip()
    for lead in ("the ", "The "):
        if text.startswith(lead):
            text = text[len(lead):]
    if text.endswith("'s") or text.endswith("’s"):
        text = text[:-2]
    return text.strip(" \t\n,;:-")


def _ner_mention(text: str, start: int, etype: str, reference: Reference,
                 context: set[str], name: str | None = None) -> Mention | None:
    """``name``: what the span stands for when it differs from its text ("North" in "North
    and South Kivu"); such a mention adds no alias (source ``coref``)."""
    from watchfloor.read.orgs import classify_org
    from watchfloor.read.patterns import strip_titles

    end = start + len(text)
    source = "ner" if name is None else "coref"
    if etype == "location":
        looked_up = name or text
        place = reference.gazetteer.resolve(looked_up, context) if reference.gazetteer else None
        if place is None:
            return Mention(start, end, text, "location", entity_key("location", looked_up),
                           source, confidence=0.6)
        return Mention(start, end, text, "location", _place_key(place), source, place.kind,
                       place)
    if etype == "organization":
        entry = fuzzy_entry(reference.catalogue, text)
        if entry is not None:
            return Mention(start, end, text, entry.type, entry.id, "catalogue-fuzzy", entry.kind,
                           confidence=0.8)
        found = classify_org(text)
        if found.type == "armed_group":
            return Mention(start, end, text, "armed_group", entity_key("armed_group", text),
                           "ner", confidence=min(found.confidence, 0.7))
        return Mention(start, end, text, found.type, entity_key(found.type, text), "ner",
                       found.kind, confidence=min(found.confidence, 0.7))
    if etype == "person":
        return Mention(start, end, text, etype, entity_key(etype, strip_titles(text)), "ner",
                       confidence=0.8)
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
                key=m.key, type=m.type, name=entry.name if entry else m.name or (
                    m.place.name if m.place else _plain_name(m)),
                kind=m.kind, place=m.place, catalogue_id=entry.id if entry else None,
            )
            entities[m.key] = record
        if m.source not in REFERENCE_SOURCES:
            record.aliases.add(m.text)
            if all_common(re.sub(r"^[Tt]he\s+", "", m.text)):
                record.generic.add(m.text)
        if m.name is None and entry_less_name_is_shorter(record, m):
            record.name = _plain_name(m)
        elif m.name is not None and record.catalogue_id is None and record.place is None:
            record.name = m.name
    return entities


def _plain_name(mention: Mention) -> str:
    """A person's name without titles ("Mullah Omar" -> "Omar"); other names as written."""
    if mention.type != "person":
        return mention.text
    from watchfloor.read.patterns import strip_titles

    return strip_titles(mention.text)


def entry_less_name_is_shorter(record: EntityRecord, mention: Mention) -> bool:
    return (record.catalogue_id is None and record.place is None
            and mention.source not in (*REFERENCE_SOURCES, "acronym")
            and len(_plain_name(mention)) > len(record.name))
