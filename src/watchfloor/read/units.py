"""Named sub-units of a group: "LET's air wing", "the HTS security department", "the
group's teachers department", "the financial arm of HTS".

Why: designation notices and profiles describe a group through its councils, wings and
departments, and say who heads or sits on each ("headed LET's air wing", "a member of its
military council"). A leader of the air wing is not the leader of the group, so the unit
must be an entity of its own, part of its group. The unit is found from a group mention
(possessive or compound) or an "of" phrase, with up to three modifier words (lower case,
quoted or in brackets) before a unit noun; its name is the group's surface and the unit
("LET air wing"), its surface the unit phrase as written ("air wing"). A unit with a
military modifier ("military wing", "air wing") is an armed group; the rest ("political
bureau", "teachers department") are organisations. Words are data (``reading.yaml``:
``unit_nouns``, ``military_unit_words``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from watchfloor.names import normalise_alias
from watchfloor.read.patterns import load_reading
from watchfloor.records import Mention

_FUNCTION = (r"(?!(?:a|an|the|as|of|in|for|and|or|to|with|by|on|at|from|its|his|her|their|"
             r"who|which|that|is|was|has|had|also)\b)")
_MOD = (rf"(?:{_FUNCTION}[a-z][\w\-]*|[\"“][^\"”]{{1,30}}[\"”]|\([^)]{{1,30}}\)|Shura|General|"
        r"Military|Political)")
_APPOSITIVE = re.compile(r"[A-Z][\w'’\-]*\)?,[ \t]+(?:the|its|their)[ \t]+$")
_INDEFINITE = re.compile(r"\b(?:[Aa]n?|[Oo]ne)[ \t]+(?:(?!of\b)[\w\-]+[ \t]+){0,2}$")


@dataclass(frozen=True)
class Unit:
    start: int
    end: int
    text: str
    name: str
    key: str
    type: str
    parent: str


def _nouns() -> str:
    """The unit nouns, lower case or capitalised ("council", "Council")."""
    return "|".join(f"[{n[0]}{n[0].upper()}]{re.escape(n[1:])}"
                    for n in sorted(load_reading().unit_nouns, key=len, reverse=True))


@cache
def _after_group() -> re.Pattern[str]:
    return re.compile(rf"(?:['’]s)?[ \t]+(?P<unit>(?:{_MOD}[ \t]+){{0,3}}(?:{_nouns()}))\b(?!-)")


@cache
def _before_group() -> re.Pattern[str]:
    return re.compile(
        rf"\b(?P<unit>(?:{_MOD}[ \t]+){{0,3}}(?:{_nouns()}))[ \t]+of[ \t]+(?:the[ \t]+)?$")


def _unit_type(phrase: str) -> str:
    words = set(re.findall(r"[a-z]+", phrase.casefold()))
    return "armed_group" if words & load_reading().military_unit_words else "organization"


def _clean(phrase: str) -> str:
    return re.sub(r"\s+", " ", phrase).strip()


def find_units(text: str, mentions: list[Mention], short_names: dict[str, str]) -> list[Unit]:
    """Units of the groups in ``mentions`` (armed groups, organisations and resolved
    back-references); ``short_names`` gives each group key the surface to name units by."""
    found: list[Unit] = []
    starts = {m.start for m in mentions}
    for m in mentions:
        if m.type not in ("armed_group", "organization"):
            continue
        hit = _after_group().match(text, m.end)
        where: tuple[int, int] | None = None
        if hit and hit.start("unit") not in starts:
            where = hit.span("unit")
        else:
            before = _before_group().search(text, max(0, m.start - 60), m.start)
            if before:
                where = before.span("unit")
        if where is None:
            continue
        possessive = text[m.end:m.end + 2] in ("'s", "’s")
        if not possessive and _INDEFINITE.search(text, max(0, m.start - 40), m.start):
            continue  # "an ISIL police unit" describes, it does not name
        if _APPOSITIVE.search(text, max(0, where[0] - 80), where[0]):
            continue  # "the Qassam Brigades, the armed wing of Hamas": a description
        phrase = _clean(text[where[0]:where[1]])
        head = phrase.split()[-1].casefold()
        if len(phrase.split()) == 1 and head not in load_reading().bare_unit_nouns:
            continue  # "LET's office" names no unit; "its shura" does
        unit_type = _unit_type(phrase)
        short = short_names.get(m.key, m.text)
        found.append(Unit(where[0], where[1], text[where[0]:where[1]], f"{short} {phrase}",
                          f"{unit_type}:{m.key} {normalise_alias(phrase)}", unit_type, m.key))
    return found


def with_units(text: str, mentions: list[Mention],
               parents: dict[str, str]) -> list[Mention]:
    """``mentions`` plus one mention per unit found (NER fragments inside a unit's phrase
    give way to it); each unit's group is recorded in ``parents``."""
    short: dict[str, str] = {}
    for m in mentions:
        if m.source != "coref" and (m.key not in short or len(m.text) < len(short[m.key])):
            short[m.key] = m.text
    units = find_units(text, mentions, short)
    if not units:
        return mentions
    # character masks, not pairwise span checks: a long report has thousands of each
    in_unit = bytearray(len(text) + 1)
    for u in units:
        in_unit[u.start:u.end] = b"\x01" * (u.end - u.start)
    kept = [m for m in mentions if m.source not in ("ner",) or not in_unit[m.start]]
    held = bytearray(len(text) + 1)
    for m in kept:
        held[m.start:m.end] = b"\x01" * (m.end - m.start)
    for u in units:
        if any(held[u.start:u.end]):
            continue
        kept.append(Mention(u.start, u.end, u.text, u.type, u.key, "pattern", confidence=0.8,
                            name=u.name))
        held[u.start:u.end] = b"\x01" * (u.end - u.start)
        parents[u.key] = u.parent
    kept.sort(key=lambda m: m.start)
    return kept


__all__ = ["Unit", "find_units", "with_units"]
