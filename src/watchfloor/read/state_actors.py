"""State actors named by common nouns: "the government", "security forces", "the army",
"Nigerian soldiers", "Somali authorities".

Why: conflict reports are as much about the state's forces as about armed groups — who
attacked whom, who is allied with whom — but they name them with common nouns that NER
does not tag. A country report ("Nigeria — Country Report ...") means its own country's
government when it says "the government" and its own army when it says "the military".
So a phrase of a state noun with a nationality ("Malian soldiers", "Colombia's navy")
names that country's body, and a bare one ("security forces", "the authorities") names the
document's focus country's — only when the document has one (the country its title names,
or the one it names far more often than any other). Bare "forces", "troops" and "soldiers"
name nothing on their own ("coalition forces" is not the state's army).

One entity per (country, body): the catalogue's actor when it lists one ("the army" in a
Nigeria report is the Nigerian Army), else "Government of Nigeria", "Nigerian military",
"Nigerian police", "Nigerian security forces", "Nigerian navy", "Nigerian air force".
The words are data (``data/reading.yaml``: ``state_bodies``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from watchfloor.read.patterns import load_reading

if TYPE_CHECKING:
    from spacy.tokens import Doc

FOCUS_MIN_MENTIONS = 3
FOCUS_SHARE = 0.4


@dataclass(frozen=True)
class StateActor:
    start: int
    end: int
    text: str
    name: str
    catalogue_id: str | None
    bare: bool  # no nationality in the phrase: read against the focus country
    country: str | None = None  # ISO code of the state the body belongs to


@cache
def _bodies() -> dict[str, str]:
    """phrase -> body ("soldiers" -> "military"), longest first."""
    bodies = load_reading().state_bodies
    return dict(sorted(((p, b) for b, ps in bodies.items() for p in ps),
                       key=lambda kv: -len(kv[0])))


@cache
def _pattern() -> re.Pattern[str]:
    nouns = "|".join(re.escape(p) for p in _bodies())
    mods = "|".join(re.escape(m) for m in load_reading().state_modifiers)
    return re.compile(
        r"\b(?:[Tt]he\s+)?"
        r"(?P<who>(?:[A-Z][\w.'’\-]*[\w.])(?:\s+[A-Z][\w'’\-]+)?(?:['’]s)?\s+)?"
        rf"(?P<mods>(?:(?:{mods})\s+)*)"
        rf"(?P<noun>(?i:{nouns}))\b(?!\s+of\s+[A-Z])(?![\w\-])")


def _demonyms() -> dict[str, str]:
    """ISO -> the nationality adjective used in names ("NG" -> "Nigerian")."""
    from watchfloor.read.gazetteer_index import read_data_file

    out = {}
    for iso, entry in (read_data_file().get("countries") or {}).items():
        dems = entry.get("demonyms") or []
        if dems:
            out[iso] = dems[0]
    return out


_DEMONYMS: dict[str, str] = {}


def demonym(iso: str) -> str | None:
    if not _DEMONYMS:
        _DEMONYMS.update(_demonyms())
    return _DEMONYMS.get(iso)


def focus_country(doc: Doc, title: str | None, gazetteer: Any,
                  catalogue: Any = None) -> str | None:
    """The country a document is about: the one its title names (outside the name of a
    group: "Islamic State of Iraq" is no title about Iraq), else the one it names at least
    ``FOCUS_MIN_MENTIONS`` times and in ``FOCUS_SHARE`` of all country mentions."""
    if gazetteer is None:
        return None
    if title and catalogue is not None:
        for surface, entry in sorted(catalogue.surface_forms(), key=lambda x: -len(x[0])):
            if entry.type == "armed_group" and len(surface) > 6 and surface in title:
                title = title.replace(surface, " ")
    if title:
        for word in re.findall(r"[A-Z][\w'’\-]+(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'’\-]+)*", title):
            iso = gazetteer.country_of(word) or gazetteer.country_of(word.replace(" the ", " "))
            if iso:
                return str(iso)
    counts: Counter[str] = Counter()
    for ent in doc.ents:
        if ent.label_ == "GPE":
            iso = gazetteer.country_of(ent.text)
            if iso:
                counts[iso] += 1
    if not counts:
        return None
    iso, n = counts.most_common(1)[0]
    return iso if n >= FOCUS_MIN_MENTIONS and n >= FOCUS_SHARE * sum(counts.values()) else None


_AFTER = re.compile(r"[ \t]+(?:in|of)[ \t]+(?:the[ \t]+)?(?P<place>[A-Z][\w'’\-]+(?:[ \t]+"
                    r"(?:of[ \t]+(?:the[ \t]+)?)?[A-Z][\w'’\-]+){0,3})")


def _named_after(text: str, end: int, gazetteer: Any) -> str | None:
    """The country a bare noun names right after it ("authorities in the Republic of
    Türkiye", "the government of Mali")."""
    m = _AFTER.match(text, end)
    if m is None:
        return None
    iso = gazetteer.country_of(m.group("place"))
    return str(iso) if iso else None


def _canonical(body: str, iso: str, country: str, catalogue: Any,
               context: Iterable[str]) -> tuple[str, str | None]:
    dem = demonym(iso) or country
    names = {
        "government": [f"Government of {country}", f"{dem} government"],
        "military": [f"{dem} military", f"{dem} Army", f"{dem} Armed Forces",
                     f"Armed Forces of {country}"],
        "security": [f"{dem} security forces", f"{dem} Security Forces"],
        "police": [f"{dem} police", f"{dem} Police", f"{dem} National Police"],
        "navy": [f"{dem} navy", f"{dem} Navy"],
        "air_force": [f"{dem} air force", f"{dem} Air Force"],
    }[body]
    for name in names:
        entry = catalogue.resolve(name, context) if catalogue is not None else None
        if entry is not None and entry.type == "organization":
            return entry.name, entry.id
    return names[0], None


def find_state_actors(text: str, focus: str | None, gazetteer: Any, catalogue: Any,
                      context: Iterable[str] = ()) -> list[StateActor]:
    """State bodies named by common nouns (see the module docstring)."""
    if gazetteer is None:
        return []
    found = []
    bodies = _bodies()
    context = tuple(context)
    for m in _pattern().finditer(text):
        noun = m.group("noun")
        body = bodies[noun.lower()]
        who = (m.group("who") or "").strip()
        mods = m.group("mods").split()
        iso = None
        if who:
            bare_who = re.sub(r"['’]s$", "", who)
            iso = gazetteer.country_of(bare_who)
            if iso is None:
                joined = f"{who.split()[-1]} {noun}".lower()
                if joined in bodies:  # "Security forces" opening a sentence
                    noun, body = f"{who.split()[-1]} {noun}", bodies[joined]
                elif who.split()[0] not in load_reading().leading_noise:
                    continue  # "Houthi forces", "Wagner troops": not a state's
                who = ""
        if not who:
            at = m.end("noun") - len(noun)
            initial = not text[:at].rstrip(" \t") or text[:at].rstrip(" \t")[-1] in ".!?\n:;"
            if (noun != noun.lower() and not initial) or focus is None:
                continue  # "Government" capitalised starts a name; no country to read it by
            if body == "military" and noun.lower() in load_reading().state_bare_excluded \
                    and not mods:
                continue  # bare "forces", "troops": anyone's
            iso = _named_after(text, m.end("noun"), gazetteer) or focus
        if mods and body == "military" and any(w.lower() in ("government", "state")
                                               for w in mods):
            body = "security"
        if iso is None:
            continue  # no country to name the body after
        place = gazetteer.country(iso) if hasattr(gazetteer, "country") else None
        country = place.name if place is not None else iso
        name, entry_id = _canonical(body, iso, country, catalogue, context)
        start = m.start("who") if who else m.start("mods") if mods else m.end("noun") - len(noun)
        found.append(StateActor(start, m.end("noun"), text[start:m.end("noun")], name,
                                entry_id, bare=not who, country=iso))
    return found


__all__ = ["StateActor", "demonym", "find_state_actors", "focus_country"]
