"""Which kind of organisation an ORG mention names: armed group, state or international
actor, or something else (a company, a newspaper, a university).

Not every ORG is an armed group, and a "Ministry of Interior" counted as an armed group
would put a government on a list of militant organisations. The decision, in order:

1. the catalogue: a listed group is ``armed_group``; a listed actor is ``organization`` of
   its catalogue kind (``state_actor`` or ``international``);
2. cue words from ``data/reading.yaml`` (``org_cues``), checked list by list in file order,
   so armed-group heads ("Front", "Brigades", "Mujahideen", "Movement", "Tehrik") win over
   state words ("Ministry", "Council", "Agency") which win over "other" words ("Bank",
   "University"). International words ("United Nations", "Red Cross") come before state
   words so "UN Security Council" is international. "Army" is a state cue unless a modifier
   from ``army_modifiers`` makes it a rebel army ("Baloch Liberation Army");
3. otherwise ``organization`` of kind ``other`` with a lower confidence.

Entity types and kinds are the ontology's; ``reading.yaml`` is checked against it at load.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from watchfloor.read.patterns import load_reading

_WORD = re.compile(r"[\w'’\-]+")


@dataclass(frozen=True)
class OrgClass:
    type: str
    kind: str | None
    confidence: float
    rule: str  # "catalogue", "cue:<word>" or "default"


@cache
def _cue_sets() -> tuple[tuple[str, str | None, frozenset[str], tuple[str, ...]], ...]:
    """Per cue list: single words (compared as a set) and multi-word phrases (substrings)."""
    out = []
    for cue in load_reading().org_cues:
        singles = frozenset(w.casefold() for w in cue.words if " " not in w)
        phrases = tuple(w.casefold() for w in cue.words if " " in w)
        out.append((cue.type, cue.kind, singles, phrases))
    return tuple(out)


@cache
def _army_modifiers() -> frozenset[str]:
    return frozenset(m.casefold() for m in load_reading().army_modifiers)


def classify_org(text: str, entry: object | None = None) -> OrgClass:
    """The entity type and organisation kind of an ORG name (see the module docstring)."""
    if entry is not None:
        return OrgClass(entry.type, getattr(entry, "kind", None), 1.0, "catalogue")  # type: ignore[attr-defined]
    words = [w.casefold() for w in _WORD.findall(text)]
    if not words:
        return OrgClass("organization", "other", 0.5, "default")
    folded = " " + " ".join(words) + " "
    wordset = set(words)
    for etype, kind, singles, phrases in _cue_sets():
        hit = next((w for w in words if w in singles), None)
        if hit is None:
            hit = next((p for p in phrases if f" {p} " in folded), None)
        if hit is None:
            continue
        if hit == "army" and etype != "armed_group" and wordset & _army_modifiers():
            return OrgClass("armed_group", None, 0.75, "cue:army+modifier")
        if etype == "armed_group":
            return OrgClass(etype, None, 0.75, f"cue:{hit}")
        return OrgClass(etype, kind, 0.8, f"cue:{hit}")
    return OrgClass("organization", "other", 0.6, "default")


__all__ = ["OrgClass", "classify_org"]
