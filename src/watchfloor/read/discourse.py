"""Document-level reading: what a report is about, section by section, and who "he",
"its" and "the group" are.

Why: real prose names its subject once and then refers back. A designation notice gives
each person a heading ("Sajjid Mir") and then writes "He has served as LET's ...", "his
command"; a country report about one group writes "the group", "its fighters", or nothing
at all. Without this layer every such sentence yields nothing, or worse, attaches to
whichever name happens to be nearby. So:

* **sections**: a heading paragraph (short, no closing punctuation) starts a section; a
  heading that names a person makes that person the section's person;
* **topic**: the armed group the document is about — weighted mentions (title x5, opening
  paragraphs x2, the rest x1) — and per section the group that dominates it; a topic needs
  a clear majority (``TOPIC_SHARE``) or it is None;
* **pronouns**: "he/him/his" (and "she/her") are the person last named as a subject in this
  or the previous ``LOOKBACK`` sentences of the section, else the section's person; "its"
  and a subject "it" are the group last named as a subject nearby, else the section's or
  document's topic; "their"/"they" only the group named as a subject in this or the
  previous sentence;
* **descriptions**: "the group", "the organization", "the movement" that the sentence-level
  rules (``read.coref``) left unresolved are the section's topic.

Each resolved reference is a mention with source ``pronoun`` or ``topic`` and a confidence
below a named mention's, so claims built on it say how their subject was found and weigh
less. Nothing is resolved when more than one candidate fits.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from watchfloor.read.nlp import text_of
from watchfloor.records import Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

TOPIC_SHARE = 0.5
LOOKBACK = 3
_HEADING_MAX_WORDS = 10
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_PERSON_PRONOUNS = frozenset({"he", "him", "his", "himself", "she", "her", "hers", "herself"})
_GROUP_SINGULAR = frozenset({"its", "it", "itself"})
_GROUP_PLURAL = frozenset({"their", "they", "them"})
_DESCRIPTION = re.compile(r"\b[Tt]he\s+(?:group|organi[sz]ation|movement|militants|insurgents)\b"
                          r"(?![\s\-]+(?:of|'s|’s)\b)")


@dataclass
class Section:
    start: int
    end: int
    person: str | None = None  # mention key of the person the heading names
    topic: str | None = None  # mention key of the armed group the section is about


@dataclass
class Discourse:
    """The document's topic, its sections, and the references resolved against them."""

    topic: str | None
    sections: list[Section] = field(default_factory=list)

    def section_at(self, offset: int) -> Section | None:
        starts = [s.start for s in self.sections]
        i = bisect_right(starts, offset) - 1
        return self.sections[i] if i >= 0 else None

    def topic_at(self, offset: int) -> str | None:
        """The armed group the text is about at ``offset``: its section's, else the
        document's."""
        section = self.section_at(offset)
        return (section.topic if section and section.topic else None) or self.topic


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        spans.append((m.start(), m.end()))
    return spans


def _is_heading(text: str) -> bool:
    words = text.split()
    return (0 < len(words) <= _HEADING_MAX_WORDS and text[:1].isupper()
            and not text.rstrip().endswith((".", "!", "?", ":", ";", ",", "”", '"')))


def _dominant(counts: Counter[str]) -> str | None:
    """The key with a strict majority share of the counts, else None."""
    if not counts:
        return None
    key, n = counts.most_common(1)[0]
    return key if n > TOPIC_SHARE * sum(counts.values()) else None


def read_discourse(text: str, mentions: list[Mention], title: str | None) -> Discourse:
    """Sections and topics of the document (see the module docstring)."""
    groups = [m for m in mentions if m.type == "armed_group" and m.source != "coref"]
    weights: Counter[str] = Counter()
    paragraphs = _paragraphs(text)
    opening_end = paragraphs[min(2, len(paragraphs) - 1)][1] if paragraphs else 0
    for m in groups:
        weights[m.key] += 2 if m.start < opening_end else 1
    if title:
        for m in groups:
            if text[m.start:m.end] in title:
                weights[m.key] += 5
    discourse = Discourse(topic=_dominant(weights))
    heads = [(s, e) for s, e in paragraphs if _is_heading(text[s:e])]
    bounds = [0, *(s for s, _ in heads if s > 0), len(text)]
    ordered = sorted(mentions, key=lambda m: m.start)  # stable: already in text order
    starts = [m.start for m in ordered]
    for a, b in zip(bounds, bounds[1:], strict=False):
        section = Section(a, b)
        # the section's mentions by bisection, not a scan of all of them per section
        inside = ordered[bisect_left(starts, a):bisect_left(starts, b)]
        head_end = next((e for s, e in heads if s == a), None)
        if head_end is not None:
            people = [m for m in inside if m.type == "person" and m.end <= head_end]
            if len(people) == 1:
                section.person = people[0].key
        section.topic = _dominant(Counter(m.key for m in inside if m.type == "armed_group"
                                          and m.source != "coref"))
        discourse.sections.append(section)
    return discourse


def _subject_mentions(doc: Doc, mentions: list[Mention]) -> list[tuple[int, Mention]]:
    """(sentence index, mention) of mentions in subject position, in text order."""
    sent_starts = [s.start_char for s in doc.sents]
    out = []
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        root = span.root
        if root.dep_ in _SUBJECT_DEPS or (root.dep_ == "appos" and root.head.dep_ in
                                          _SUBJECT_DEPS) or (root.dep_ == "ROOT"):
            out.append((bisect_right(sent_starts, m.start) - 1, m))
    out.sort(key=lambda x: x[1].start)
    return out


def _last_subject(subjects: list[tuple[int, Mention]], starts: list[int], sent: int,
                  offset: int, types: set[str], lookback: int, lo: int) -> str | None:
    """The key of the latest subject mention of ``types`` before ``offset`` within
    ``lookback`` sentences and after ``lo`` (the section start). ``starts`` are the
    subjects' start offsets: the walk back begins at ``offset`` by bisection, so a long
    document costs one step per candidate, not one per subject before it."""
    for i in range(bisect_left(starts, offset) - 1, -1, -1):
        s, m = subjects[i]
        if s < sent - lookback or m.start < lo:
            return None
        if m.type in types:
            return m.key
    return None


def resolve_references(doc: Doc, mentions: list[Mention], discourse: Discourse) -> list[Mention]:
    """Mentions for pronouns and leftover descriptions, resolved as the docstring says."""
    text = text_of(doc)
    held = bytearray(len(text) + 1)
    for m in mentions:
        held[m.start:m.end] = b"\x01" * (m.end - m.start)
    subjects = _subject_mentions(doc, mentions)
    starts = [m.start for _, m in subjects]
    types = {m.key: m.type for m in mentions}
    sent_starts = [s.start_char for s in doc.sents]
    added: list[Mention] = []
    pronouns = _PERSON_PRONOUNS | _GROUP_SINGULAR | _GROUP_PLURAL
    for tok in doc:
        low = tok.lower_
        if low not in pronouns or held[tok.idx]:
            continue
        sent = bisect_right(sent_starts, tok.idx) - 1
        section = discourse.section_at(tok.idx)
        lo = section.start if section else 0
        key: str | None = None
        confidence = 0.7
        if low in _PERSON_PRONOUNS:
            key = _last_subject(subjects, starts, sent, tok.idx, {"person"}, LOOKBACK, lo)
            if key is None and section is not None:
                key = section.person
        elif low in _GROUP_SINGULAR:
            if low == "it" and not _referential_it(tok):
                continue
            key = _last_subject(subjects, starts, sent, tok.idx, {"armed_group"}, 1, lo)
            if key is None:
                key, confidence = discourse.topic_at(tok.idx), 0.6
        else:
            key = _last_subject(subjects, starts, sent, tok.idx, {"armed_group"}, 1, lo)
            confidence = 0.6
        if key is None or key not in types:
            continue
        added.append(Mention(tok.idx, tok.idx + len(tok.text), tok.text, types[key], key,
                             "pronoun", confidence=confidence))
    group_starts = sorted((g.start, g.key) for g in mentions if g.type == "armed_group")
    for found in _DESCRIPTION.finditer(text):
        if any(held[found.start():found.end()]):
            continue
        key = discourse.topic_at(found.start())
        sent = bisect_right(sent_starts, found.start()) - 1
        lo = sent_starts[max(0, sent - 1)] if sent_starts else 0
        nearby = {k for s, k in group_starts if lo <= s < found.start()}
        if nearby - {key}:
            continue  # another group was just named: the sentence rules found it ambiguous
        if key is not None and key in types:
            added.append(Mention(found.start(), found.end(), found.group(), "armed_group", key, "topic",
                                 confidence=0.6))
    return sorted([*mentions, *added], key=lambda x: x.start)


def _referential_it(tok: Token) -> bool:
    """ "It" as a subject that acts ("it claimed", "it has 2,000 fighters"), not the dummy
    of "it is unlikely that" or "it was reported"."""
    if tok.dep_ not in _SUBJECT_DEPS:
        return False
    head = tok.head
    if head.lemma_ == "be" and any(c.dep_ in ("ccomp", "xcomp", "acomp") for c in head.children):
        return False
    return not (head.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in head.children))


__all__ = ["Discourse", "Section", "read_discourse", "resolve_references"]
