"""Repairing NER span boundaries: whole names, not fragments.

Why: the small model cuts long names where English tokenisation or its training data
stops it. Arabic names lose their parts at apostrophes and particles ("Mu'tassim Yahya
'Ali al-Rumaysh" comes out as "Mu'tassim Yahya '"), patronymic chains are split in two
("Mounir Ben Dhaou" + "Ben Brahim Ben Helal"), a middle initial ends a name ("Donald J"),
an organisation stops before its "of ..." tail ("Alliance of Patriots" of "... for a Free
and Sovereign Congo"), and lists of places come out as one span ("Tame, Arauca
Department", "North and South Kivu Provinces", "Cesar Departments"). An analyst searches
by the full name, and a fragment makes a second, wrong entity. The repairs read only the
text around the span, one regex step at a time, and never take characters another mention
already holds (``free``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from watchfloor.read.lexicon import is_common_word
from watchfloor.read.patterns import load_reading

Free = Callable[[int, int], bool]

_PARTICLE = r"(?:al|el|ad|an|ar|as|ash|at|az|bin|ben|ibn|bint|ould|ag|abu|abd|ul|ud|wal|wa)"
_CAP_WORD = r"['’‘]?[A-Z\u00C0-\u00DE][\w'’‘]*(?:-[\w'’‘]+)*"
# one more piece of a personal name to the right: "'Ali", "al-Rumaysh", "Ben Helal", "al Falih"
_SPACED_PARTICLE = r"(?:al|el|bin|ben|ibn|bint|ould|ag|abu|abd|Al|El|Bin|Ben|Ibn|Abu|Abd|Ould)"
_NAME_NEXT = re.compile(
    rf"(?:[ \t]+|(?<=['’‘]))(?:{_SPACED_PARTICLE}[ \t]+|{_PARTICLE}-)?{_CAP_WORD}")
_INITIAL_NEXT = re.compile(r"\.[ \t]+[A-Z][\w'’\-]+")
_NAME_PREV = re.compile(rf"({_CAP_WORD})[ \t]+$")
_ORG_TAIL = re.compile(
    r"[ \t]+(?:of|for|on)[ \t]+(?:the[ \t]+|a[ \t]+)?[A-Z][\w'’\-]*"
    r"(?:[ \t]+(?:(?:and|of|the|for|on|a)[ \t]+)*[A-Z][\w'’\-]*){0,7}")
_PAIR = re.compile(r"^(North|South|East|West|Upper|Lower|Middle|Central)\s+and\s+"
                   r"(North|South|East|West|Upper|Lower|Middle|Central)\s+(.+)$")
_MAX_NAME_WORDS = 9


def _name_word_ok(word: str, place_word: Callable[[str], bool]) -> bool:
    """A word that can continue a personal name: not an ordinary English word (office
    titles such as "President" are), not an acronym ("SDGT", "PM"), not a country name or
    demonym ("Russian"), not a word of an organisation or an area."""
    bare = word.lstrip("'’‘")
    r = load_reading()
    if bare in r.not_a_person or bare.casefold() in r.area_words:
        return False
    if len(bare) > 1 and bare.isupper():
        return False
    if place_word(bare):
        return False
    return not is_common_word(bare) or bare in r.kunyas


def extend_person(text: str, start: int, end: int, free: Free,
                  place_word: Callable[[str], bool] = lambda w: False) -> tuple[int, int]:
    """The span of the whole personal name around ``text[start:end]``; ``place_word`` says
    whether a word names a country or nationality, which ends a name."""
    # right: particles, apostrophe names, a middle initial's surname
    while len(text[start:end].split()) < _MAX_NAME_WORDS:
        m = _INITIAL_NEXT.match(text, end) if re.fullmatch(r"[A-Z]", text[end - 1:end]) else None
        if m is None:
            m = _NAME_NEXT.match(text, end)
            if m is not None and not _name_word_ok(
                    re.split(r"[\s\-]", m.group().strip())[-1], place_word):
                m = None
        if m is None:
            break
        new_end = m.end()
        if not free(end, new_end):
            break
        end = new_end
    # left: given names, titles and particles before it ("Bilal" of "Bilal Ali ...")
    while len(text[start:end].split()) < _MAX_NAME_WORDS:
        m = _NAME_PREV.search(text, max(0, start - 40), start)
        if m is None or "\n" in m.group() or not _name_word_ok(m.group(1), place_word):
            break
        if m.group(1) in load_reading().leading_noise or not free(m.start(1), start):
            break
        start = m.start(1)
    while text[start:end].endswith(("'", "’", "‘", " ")):
        end -= 1
    return start, end


def extend_org(text: str, start: int, end: int, free: Free) -> tuple[int, int]:
    """An organisation's "of/for ..." tail the model left out ("Alliance of Patriots for a
    Free and Sovereign Congo"), when the span itself ends in a capitalised word."""
    if not text[start:end][-1:].isalpha():
        return start, end
    m = _ORG_TAIL.match(text, end)
    if m and "\n" not in m.group() and free(end, m.end()):
        return start, m.end()
    return start, end


def split_places(text: str, start: int) -> list[tuple[int, int, str]]:
    """One (start, end, name) per place in a list the model read as one place: "Tame,
    Arauca Department" -> Tame + Arauca Department; a plural area word belongs to the whole
    list ("Cesar Departments" -> Cesar); "North and South Kivu Provinces" -> "North" named
    North Kivu (a span cannot hold the shared noun twice) + South Kivu."""
    area = load_reading().area_words
    words = text.split()
    last = words[-1].casefold() if words else ""
    if len(words) > 1 and last in area and last.endswith("s") and (
            last[:-1] in area or last[:-3] + "y" in area):
        text = text[: text.rindex(words[-1])].rstrip()
    pair = _PAIR.match(text)
    if pair:
        shared = pair.group(3)
        return [(start, start + len(pair.group(1)), f"{pair.group(1)} {shared}"),
                (start + pair.start(2), start + len(text), text[pair.start(2):])]
    parts = text.split(",")
    if any(p.strip().isupper() and len(p.strip()) <= 3 for p in parts[1:]):
        parts = [text]  # "Washington, DC": a place and its state code
    spans = []
    offset = 0
    for part in parts:
        stripped = part.strip()
        for lead in ("and ", "or "):
            if stripped.startswith(lead):
                stripped = stripped[len(lead):]
        for tail in (" and", " or"):
            if stripped.endswith(tail):
                stripped = stripped[: -len(tail)]
        if stripped:
            i = text.index(stripped, offset)
            spans.append((start + i, start + i + len(stripped), stripped))
            offset = i + len(stripped)
    return spans


__all__ = ["extend_org", "extend_person", "split_places"]
