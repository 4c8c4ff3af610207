"""Vetting what the statistical NER proposes: trim, retype or drop a span before it becomes
an entity.

Why: on real reports the small spaCy model's organisations are right less than half the
time and its people little more: section headings ("Physical Abuse"), sanction labels
("SDGT", "Foreign Terrorist Organization"), titles ("Head of Operations"), administrative
areas ("Ituri Provinces", "Arauca Department") and capitalised common nouns ("Banks",
"Smuggling") all come out as names. Each rule here is a property of English names, not of
one document:

* a name has a word that is not an ordinary English word (``lexicon``), unless a head noun
  makes the phrase an organisation's name ("Joint Working Group");
* a phrase headed by a word for a document, law, list, event or place type is not an
  organisation ("Children and Armed Conflict Report", "Syrian Civil War", "... Site");
* an "organisation" ending in a word for an administrative area is a place;
* a person's name does not start with a sanction acronym or "<nationality> national" and
  does not run into a parenthesis or over a line break;
* a place starts with a capital, has no digits and is not a bare direction or demonym.

The word lists are data (``data/reading.yaml``: ``not_org_heads``, ``area_words``,
``label_acronyms``, ``person_prefix_words``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from watchfloor.read.lexicon import all_common, is_common_word
from watchfloor.read.patterns import load_reading

if TYPE_CHECKING:
    from watchfloor.read.reference import Reference

_ACRONYM = re.compile(r"^[A-Z][A-Z0-9.&'’\-]+s?$")
_PERSON_LEAD = re.compile(r"^(?:(?:[A-Z]{2,}s?|U\.S\.|UN|U\.N\.)\s+)+(?=[A-Z])")
_ARTICLE_START = re.compile(r"^(?:al|el|ad|an|as|ash|at|az)[\-\s][A-Z]")
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_LOWER_WORD = re.compile(r"(?<![\w'’\-])[a-z][a-z\-]+\b")
_NATIONAL_LEAD = re.compile(r"^(?:[A-Z][\w'’\-]+\s+)?(?:national|citizen|nationals)\s+(?=[A-Z])")


@dataclass(frozen=True)
class Vetted:
    """The span to keep (offsets into the document) and its entity type."""

    start: int
    end: int
    type: str


def _org_heads() -> frozenset[str]:
    words: set[str] = set()
    for cue in load_reading().org_cues:
        words.update(w.casefold() for w in cue.words)
    return frozenset(words)


def _has_org_head(text: str) -> bool:
    heads = _org_heads()
    folded = " " + " ".join(re.findall(r"[\w'’\-]+", text.casefold())) + " "
    return any(f" {h} " in folded for h in heads)


def _trim_person(text: str, start: int) -> tuple[str, int] | None:
    cut = min((i for i in (text.find("\n"), text.find(" (")) if i > 0), default=len(text))
    text = text[:cut].rstrip(" '’,")
    for lead in (_PERSON_LEAD, _NATIONAL_LEAD):
        m = lead.match(text)
        if m:
            start += m.end()
            text = text[m.end():]
    words = text.split()
    while words and words[0].casefold() in load_reading().person_prefix_words:
        start += len(words[0]) + 1
        text = text[len(words[0]) + 1:]
        words = words[1:]
    return (text, start) if words else None


def lower_words_of(text: str) -> frozenset[str]:
    """Words the document itself writes in lower case: a capitalised word it also writes in
    lower case is a common noun there ("Abuse" in a heading, "abuse" in the text)."""
    return frozenset(w.casefold() for w in _LOWER_WORD.findall(text))


def vet(text: str, start: int, etype: str, reference: Reference, context: set[str],
        lower_words: frozenset[str] = frozenset()) -> Vetted | None:
    """The span to keep for an NER proposal, or None to drop it (see the module docstring).
    ``lower_words``: the document's lower-case words (``lower_words_of``)."""
    r = load_reading()
    if etype == "person":
        trimmed = _trim_person(text, start)
        if trimmed is None:
            return None
        text, start = trimmed
        words = text.split()
        if words[-1].casefold() in r.area_words:
            return Vetted(start, start + len(text), "location")
        if any(w in r.not_a_person for w in words) or (len(words) > 1 and _has_org_head(text)):
            from watchfloor.read.orgs import classify_org

            return Vetted(start, start + len(text), classify_org(text).type)
        if (len(words) > 1 and words[0] not in r.titles and all_common(text)
                and any(w.casefold() in lower_words and w.casefold() not in r.particles
                        for w in words)):
            return None
        return Vetted(start, start + len(text), etype)
    end = start + len(text)
    if "\n" in text:
        text = text[: text.index("\n")].rstrip()
        end = start + len(text)
    if not text or text in r.label_acronyms:
        return None
    words = text.split()
    last = words[-1].casefold().strip(".,")
    if etype == "organization":
        if words[0][:1].islower() and words[0] not in r.particles:
            return None  # "an International Focus on Defeating": a title's words, no name
        if last in r.not_org_heads and not _has_org_head(" ".join(words[:-1])):
            return None
        if last in r.area_words or "," in text:
            return Vetted(start, end, "location")
        if (not _ACRONYM.match(text) and all_common(text) and not _has_org_head(text)
                and (len(words) == 1 or any(w.casefold() in lower_words for w in words))):
            return None
        return Vetted(start, end, etype)
    if etype == "location":
        if not (text[:1].isupper() or _ARTICLE_START.match(text)) or _YEAR.search(text):
            return None
        gazetteer = reference.gazetteer
        if gazetteer is not None and gazetteer.country_of(text) and \
                gazetteer.resolve(text, context) is None:
            return None  # a demonym ("Bangladeshi", "Tuareg"-like adjectives)
        if len(words) == 1 and is_common_word(text) and text.casefold() in lower_words and (
                gazetteer is None or gazetteer.resolve(text, context) is None):
            return None
        return Vetted(start, end, etype)
    return Vetted(start, end, etype)


def common_single_name(text: str) -> bool:
    """A one-word name that is an ordinary English word ("Banks", "Clan"): kept only when it
    is a short form of a fuller name earlier in the document."""
    words = text.split()
    return len(words) == 1 and is_common_word(words[0])


def retype(text: str, etype: str, before: str, after: str, reference: Reference,
           context: set[str], person_words: frozenset[str]) -> str:
    """The entity type an NER person or organisation really has, from the name and the
    words around it (``before``/``after``: the text just before and after the span):

    * a facility ("Hayat Hotel", "Sambisa Forest", "U.S. Embassy") is a place;
    * "State of Kuwait", "Kingdom of Bahrain" is a place;
    * a name the gazetteer places in one of the document's countries is a place, unless the
      document also uses it inside a person's name ("Omar" of "Bonomade Machude Omar");
    * an organisation the text calls an armed group, militia or rebels ("the armed group
      CODECO", "Mai Mai militias") is an armed group.
    """
    r = load_reading()
    words = text.split()
    if not words or etype not in ("person", "organization"):
        return etype
    if words[-1].casefold() in r.facility_heads or (
            len(words) > 1 and " ".join(words[-2:]).casefold() in r.facility_heads):
        return "location"
    if len(words) > 2 and words[0].casefold() in r.state_titles and words[1] == "of":
        return "location"
    gazetteer = reference.gazetteer
    if gazetteer is not None and not _has_org_head(text) and not (
            set(w.casefold() for w in words) & person_words) and not all_common(text):
        place = gazetteer.resolve(text, context)
        if place is not None and (place.country in context or place.kind == "country"):
            return "location"
    if etype == "organization" and not _has_org_head(text):
        near = f"{before[-40:]} || {after[:25]}".casefold()
        if any(re.search(rf"\b{re.escape(w)}\b", near) for w in r.armed_group_context):
            return "armed_group"
    return etype


__all__ = ["Vetted", "common_single_name", "retype", "vet"]
