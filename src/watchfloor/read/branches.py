"""Branches of the Islamic State named by their own acronyms and "in <place>" names.

Why before the catalogue: the catalogue matches "ISIS" inside "ISIS-Y" and "Islamic State in
Iraq and Syria" inside "the Islamic State in Iraq and Syria in Yemen (ISIS-Y)", which puts
every claim about the Yemeni branch on the parent. Reports coin such names all the time
("ISIS-DRC", "ISIL-K", "ISIS-Sahel"), so the rule is general:

* a hyphenated acronym ``ISIS-X``/``ISIL-X``/``IS-X`` is the branch the catalogue lists
  under any of those spellings, else a new branch whose parent is the Islamic State;
* "<Islamic State name> in <Place> (ACRONYM)" names a branch, with the acronym as its key
  so that every later "ACRONYM" is the same entity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from watchfloor.names import normalise_alias

PARENT = "islamic-state"
_PREFIXES = ("IS", "ISIS", "ISIL")
_HYPHEN = re.compile(
    r"\b(?:ISIS|ISIL|IS|ISIA)-(?P<tag>[A-Z][A-Za-z]{0,11}(?:[ \t]+(?:of[ \t]+(?:the[ \t]+)?)?"
    r"[A-Z][a-z]+)*)\b(?!-)(?P<acr>[ \t]*\([ \t]*(?:ISIS|ISIL|IS)-(?P<acrtag>[A-Z][\w]{0,10})\))?")
_IN_PLACE = re.compile(
    r"\b(?P<name>(?:Islamic State|ISIS|ISIL)(?:\s+(?:in|of)\s+Iraq\s+and\s+(?:Syria|the\s+"
    r"Levant|al-Sham|ash-Sham))?\s+in\s+(?:the\s+)?[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+)?)"
    r"\s*\(\s*(?P<acr>(?:ISIS|ISIL|IS)-?[A-Z][\w\-]{0,10})\s*\)")


@dataclass(frozen=True)
class Branch:
    start: int
    end: int
    text: str
    key: str  # catalogue id, or the armed_group key of the acronym
    catalogue_id: str | None


def _catalogue_entry(tag: str, catalogue: Any, context: Any) -> Any:
    for prefix in _PREFIXES:
        for sep in ("-", " "):
            entry = catalogue.resolve(f"{prefix}{sep}{tag}", context)
            if entry is not None and entry.id != PARENT:
                return entry
    return None


def _key(acronym: str) -> str:
    tag = acronym.split("-", 1)[-1]
    return f"armed_group:{normalise_alias('ISIS ' + tag)}"


def find_branches(text: str, catalogue: Any, context: Any = ()) -> list[Branch]:
    """Branch mentions (see the module docstring), in text order, not overlapping."""
    found: list[Branch] = []
    for m in _IN_PLACE.finditer(text):
        acr = m.group("acr")
        tag = acr.split("-", 1)[-1] if "-" in acr else acr
        entry = _catalogue_entry(tag, catalogue, context)
        if entry is None and catalogue.resolve(m.group("name"), context) is not None:
            entry = catalogue.resolve(m.group("name"), context)
            if entry.id == PARENT:
                entry = None
        key = entry.id if entry is not None else _key(acr)
        found.append(Branch(m.start("name"), m.end("name"), m.group("name"), key,
                            entry.id if entry is not None else None))
    taken = [(b.start, b.end) for b in found]
    for m in _HYPHEN.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        # "ISIS-Democratic Republic of the Congo (ISIS-DRC)": one branch, keyed by its acronym
        tag = m.group("acrtag") or m.group("tag")
        entry = _catalogue_entry(tag, catalogue, context) or _catalogue_entry(
            m.group("tag"), catalogue, context)
        key = entry.id if entry is not None else _key(f"ISIS-{tag}")
        end = m.end("tag")
        found.append(Branch(m.start(), end, text[m.start():end], key,
                            entry.id if entry is not None else None))
    found.sort(key=lambda b: b.start)
    return found


__all__ = ["PARENT", "Branch", "find_branches"]
