"""Patterns for what the catalogue cannot know: new armed groups and people with titles.

Reports name groups the catalogue has never seen ("the Hamza Martyrs Brigade", "Tehrik-e
Labbaik Ya Rasool Allah", "Islamic State's Congo Province") and people by title or kunya
("Mullah Omar", "Sheikh Abdul Rahman", "Abu Muawiya"). spaCy's small model cuts such names
short or mislabels them, so these regular expressions over the text find them; the words
they are built from are data in ``data/reading.yaml``. Regexes over the text cost one linear
pass each, far below the parse, and need no second parse.

A title stays in the mention's surface text (the analyst sees what the source wrote) but is
stripped from the person's canonical name and key, so "Mullah Fazlullah" and "Fazlullah"
meet. Kunyas ("Abu ...") are names and are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from watchfloor.exceptions import OntologyError
from watchfloor.ontology import load_ontology

READING_FILE = "reading.yaml"

_PARTICLES_RE = r"(?:al|el|ul|ud|ur|wal|wa|ash|as|ad|at|an|ar|az|e|i)"
_CAP = r"[A-Z\u00C0-\u00DE][\w'’]*(?:-[\w'’]+)*"
NAME_WORD = rf"(?:{_CAP}|{_PARTICLES_RE}-[\w'’]+(?:-[\w'’]+)*)"
_SP = r"[^\S\n]+"  # blanks inside a name: never a line break
_SP = r"[^\S\n]+"  # blanks inside a name: never a line break


@dataclass(frozen=True)
class OrgCue:
    type: str
    kind: str | None
    words: tuple[str, ...]


@dataclass(frozen=True)
class Reading:
    """The pattern words of ``reading.yaml``, checked against the ontology."""

    titles: tuple[str, ...]
    kunyas: tuple[str, ...]
    particles: tuple[str, ...]
    group_heads: tuple[str, ...]
    group_prefixes: tuple[str, ...]
    army_modifiers: tuple[str, ...]
    org_cues: tuple[OrgCue, ...]
    backrefs: dict[str, tuple[str, ...]]
    leading_noise: frozenset[str] = frozenset()
    not_a_person: frozenset[str] = frozenset()
    generic_words: frozenset[str] = frozenset()
    locative: frozenset[str] = frozenset()
    state_unit_words: frozenset[str] = frozenset()
    not_org_heads: frozenset[str] = frozenset()
    area_words: frozenset[str] = frozenset()
    label_acronyms: frozenset[str] = frozenset()
    person_prefix_words: frozenset[str] = frozenset()
    bare_directions: frozenset[str] = frozenset()
    state_bodies: dict[str, tuple[str, ...]] = field(default_factory=dict)
    state_modifiers: tuple[str, ...] = ()
    state_bare_excluded: frozenset[str] = frozenset()
    facility_heads: frozenset[str] = frozenset()
    state_titles: frozenset[str] = frozenset()
    armed_group_context: tuple[str, ...] = ()
    unit_nouns: tuple[str, ...] = ()
    bare_unit_nouns: frozenset[str] = frozenset()
    military_unit_words: frozenset[str] = frozenset()
    demonym_heads: frozenset[str] = frozenset()
    person_roles: frozenset[str] = frozenset()


def _words(data: dict[str, Any], key: str) -> tuple[str, ...]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise OntologyError(f"{READING_FILE}: {key}: expected a list of non-empty strings")
    return tuple(value)


def parse_reading(data: dict[str, Any]) -> Reading:
    """Check the pattern words; cue types and kinds must be the ontology's."""
    ontology = load_ontology()
    cues = []
    for i, spec in enumerate(data.get("org_cues") or []):
        etype, kind = spec.get("type"), spec.get("kind")
        if etype not in ontology.entity_types:
            raise OntologyError(f"{READING_FILE}: org_cues[{i}].type {etype!r} not in ontology")
        if kind is not None and kind not in ontology.organization_kinds:
            raise OntologyError(f"{READING_FILE}: org_cues[{i}].kind {kind!r} not in ontology")
        cues.append(OrgCue(etype, kind, _words(spec, "words")))
    backrefs = data.get("backrefs") or {}
    return Reading(
        titles=_words(data, "titles"), kunyas=_words(data, "kunyas"),
        particles=_words(data, "name_particles"), group_heads=_words(data, "group_heads"),
        group_prefixes=_words(data, "group_prefixes"),
        army_modifiers=_words(data, "army_modifiers"), org_cues=tuple(cues),
        backrefs={k: _words(backrefs, k) for k in backrefs},
        state_bodies={k: tuple(w.lower() for w in _words(data["state_bodies"], k))
                      for k in data.get("state_bodies") or {}},
        state_modifiers=_words(data, "state_modifiers"),
        state_bare_excluded=frozenset(_words(data, "state_bare_excluded")),
        **{k: frozenset(_words(data, k))
           for k in ("leading_noise", "not_a_person", "generic_words", "locative",
                     "state_unit_words", "label_acronyms")},
        **{k: frozenset(w.casefold() for w in _words(data, k))
           for k in ("not_org_heads", "area_words", "person_prefix_words", "bare_directions",
                     "facility_heads", "state_titles", "bare_unit_nouns",
                     "military_unit_words", "demonym_heads", "person_roles")},
        armed_group_context=_words(data, "armed_group_context"),
        unit_nouns=_words(data, "unit_nouns"),
    )


@cache
def load_reading() -> Reading:
    text = resources.files("watchfloor.data").joinpath(READING_FILE).read_text("utf-8")
    return parse_reading(yaml.safe_load(text))


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class Found:
    """A pattern hit: span, surface text, entity type and canonical name (titles stripped).
    ``parent`` is a catalogue id when the pattern says whose branch it is."""

    start: int
    end: int
    text: str
    type: str
    name: str
    parent: str | None = None
    prefixed: bool = False  # found by a transliterated prefix ("Katibat ...")


@cache
def _compiled() -> dict[str, re.Pattern[str]]:
    r = load_reading()
    heads = _alternation((*r.group_heads, *(f"{m} Army" for m in r.army_modifiers)))
    tail = rf"(?:{_SP}(?:of|for|in){_SP}(?:the{_SP})?{_CAP}(?:{_SP}(?:{_CAP}|and|of)){{0,3}}(?<![a-z]\sand)(?<!\sof))?"
    titles = _alternation(r.titles)
    kunyas = _alternation(r.kunyas)
    links = r"(?:bin|ibn|bint|wa|ul|ud|al|el|de|van|von)"
    name = rf"{NAME_WORD}(?:{_SP}(?:{links}{_SP})?{NAME_WORD}){{0,3}}"
    return {
        "head": re.compile(rf"\b(?P<core>(?:{NAME_WORD}{_SP}){{0,5}}(?:{heads}))\b{tail}"),
        "prefix": re.compile(rf"\b(?:{_alternation(r.group_prefixes)})[\w'’\-]*"
                             rf"(?:{_SP}{NAME_WORD}){{0,5}}"),
        "province": re.compile(
            rf"\b(?:Islamic State|IS|ISIS|ISIL|Daesh)(?:['’]s)?{_SP}(?:(?:in|of){_SP}(?:the{_SP})?)?"
            rf"(?P<name>(?:{_CAP}{_SP}){{1,3}}Province)\b"),
        "wilayat": re.compile(rf"\bWilay(?:at|ah){_SP}(?:{_PARTICLES_RE}-)?{_CAP}\b"),
        "person": re.compile(
            rf"\b(?P<title>(?:(?:{titles})\.?{_SP}){{0,2}})(?P<name>(?:(?:{kunyas}){_SP})?{name})"),
        "title_start": re.compile(rf"^(?:(?:{titles})\.?\s+)+"),
        "kunya": re.compile(rf"^(?:{kunyas})\s"),
    }


def strip_titles(name: str) -> str:
    """The name without leading titles and honorifics ("Mullah Omar" -> "Omar"); a name that
    is nothing but a title is returned unchanged."""
    stripped = _compiled()["title_start"].sub("", name).strip()
    return stripped or name


def _no_possessive(text: str) -> str:
    return text[:-2] if text.endswith(("'s", "’s")) else text


_BACKER = re.compile(r"^[A-Z][\w.]*-(?:backed|aligned|linked|affiliated|based|led|funded|"
                     r"sponsored|supported|allied)$")


def _trim_leading(text: str, start: int) -> tuple[str, int]:
    """Drop sentence-initial noise words ("Yesterday Hamza Brigades" -> "Hamza Brigades")
    and a hyphenated backer that describes the group ("Iran-backed al-Aqsa Martyrs'
    Brigade" -> "al-Aqsa Martyrs' Brigade")."""
    while True:
        first, _, rest = text.partition(" ")
        if rest and (first in load_reading().leading_noise or _BACKER.match(first)):
            start += len(first) + 1
            text = rest.lstrip()
        else:
            return text, start


def _group_core(core: str) -> bool:
    """The name before any "of/for/in ..." tail: two words or more after sentence noise
    ("Brigade in San Miguel" is no name), and not a unit of a state's forces."""
    core, _ = _trim_leading(core, 0)
    words = core.split()
    if len(words) < 2 or words[0] in load_reading().leading_noise:
        return False
    units = load_reading().state_unit_words
    return not any(w in units for w in words) and not any(
        f" {u} " in f" {core} " for u in units if " " in u)


_PROXIES = re.compile(r"\b(?P<name>[A-Z][\w.]*[- ](?:backed|aligned|sponsored)\s+"
                      r"(?:Shia\s+|Shiite\s+)?(?:militias|militia groups|proxies|proxy groups"
                      r"|(?P<one>militia|militia group|proxy group)(?!,?\s+[A-Z])))\b")
_PLURALS = {"militia": "militias", "militia group": "militia groups",
            "proxy group": "proxy groups"}


def find_groups(text: str) -> list[Found]:
    """Unknown armed groups by head noun, by transliterated prefix, IS provinces, and a
    state's proxies ("Iran-backed militias": a party reports count attacks by)."""
    pats = _compiled()
    found: list[Found] = []
    for m in _PROXIES.finditer(text):
        name = canonical = m.group("name")
        if m.group("one"):  # "an Iran-backed militia fired": one of the state's proxies,
            # which the reports count together; "the Iran-backed militia Kata'ib
            # Hezbollah" names its own group and is left to the name
            canonical = name[:m.start("one") - m.start("name")] + _PLURALS[m.group("one")]
        found.append(Found(m.start("name"), m.end("name"), name, "armed_group",
                           re.sub(r"\s+", " ", canonical.replace("Iranian-", "Iran-"))))
    for key in ("head", "prefix"):
        for m in pats[key].finditer(text):
            surface, start = _trim_leading(_no_possessive(m.group().rstrip(" -")), m.start())
            words = surface.split()
            if len(words) < 2 and surface.count("-") < 2:
                continue  # a bare "Front" or "Ansar" names nothing
            if key == "head" and not _group_core(m.group("core")):
                continue
            found.append(Found(start, start + len(surface), surface, "armed_group", surface,
                               prefixed=key == "prefix"))
    for m in pats["province"].finditer(text):
        name = m.group("name")
        found.append(Found(m.start("name"), m.end("name"), name, "armed_group",
                           f"Islamic State {name}", parent="islamic-state"))
    for m in pats["wilayat"].finditer(text):
        found.append(Found(m.start(), m.end(), m.group(), "armed_group", m.group(),
                           parent="islamic-state"))
    return found


def find_people(text: str) -> list[Found]:
    """People named with a title or a kunya; bare names are left to NER."""
    pats = _compiled()
    found: list[Found] = []
    for m in pats["person"].finditer(text):
        title, name = m.group("title"), _no_possessive(m.group("name"))
        if not title and not pats["kunya"].match(name + " "):
            continue
        words = name.split()
        if any(w in load_reading().not_a_person for w in words) or words[-1] in load_reading().kunyas:
            continue
        after = text[m.end(): m.end() + 40].split(maxsplit=1)
        if after and after[0].strip(",.;:") in load_reading().not_a_person:
            continue
        if title and len(words) == 1 and words[0] in load_reading().leading_noise:
            continue
        start = m.start() if title else m.start("name")
        end = m.start("name") + len(name)
        found.append(Found(start, end, text[start:end], "person", name))
    return found


__all__ = ["Found", "Reading", "find_groups", "find_people", "load_reading", "strip_titles"]
