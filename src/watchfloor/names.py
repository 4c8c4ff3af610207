"""Normalising names so that surface forms of one name compare equal.

Used by the catalogue (alias lookup), the store (matching new entities across documents)
and the CLI (finding an entity by any of its names) — one rule for all three.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = str.maketrans({c: "'" for c in "’‘`´ʼʻʿʾ′"})
_QUOTES = str.maketrans({c: None for c in '"“”„«»'})
_DASHES = re.compile(r"[\-‐‑‒–—―−]")
_BRACKETS = re.compile(r"[()\[\]{}]")
_ACRONYM_DOTS = re.compile(r"(?<!\w)(?:\w\.)+\w?(?!\w)")
_SPACES = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"'s$", re.IGNORECASE)


@lru_cache(maxsize=65_536)
def canonical_form(text: str, fold: bool) -> str:
    """Spelling-insensitive form of ``text``; ``fold=False`` keeps letter case so that
    case-sensitive aliases ("IS", "AA") can still be compared after the other unifications.
    Cached: a report names the same few hundred groups, people and places many times."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.translate(_APOSTROPHES).translate(_QUOTES)
    text = _ACRONYM_DOTS.sub(lambda m: m.group().replace(".", ""), text)
    text = _BRACKETS.sub(" ", _DASHES.sub(" ", text))
    text = _SPACES.sub(" ", text).strip(" .,;:'")
    text = _LEADING_THE.sub("", text)
    text = _POSSESSIVE.sub("", text).replace("'", "")
    text = _SPACES.sub(" ", text).strip()
    return text.casefold() if fold else text


def normalise_alias(text: str) -> str:
    """The key aliases are compared by: casefolded, accents removed, apostrophes and quotes
    dropped (Da'esh = Daesh), dashes as spaces (al-Qaeda = Al Qaeda), dots in acronyms
    dropped (U.N. = UN), leading "the" and a trailing possessive "'s" removed."""
    return canonical_form(text, fold=True)


def close_names(query: str, names: dict[str, str], n: int = 5) -> list[str]:
    """The entity names closest to ``query`` among ``names`` (alias -> entity name), for
    "did you mean": names that start with the query first (an acronym typed short, "IS"
    for "ISKP"), then difflib's close matches; each entity once."""
    import difflib

    key = normalise_alias(query)
    if not key:
        return []
    folded: dict[str, list[str]] = {}
    for alias, name in names.items():
        folded.setdefault(normalise_alias(alias), []).append(name)
    starts = sorted((a for a in folded if a.startswith(key)), key=lambda a: (len(a), a))
    close = difflib.get_close_matches(key, list(folded), n=n * 2, cutoff=0.6)
    out: list[str] = []
    for alias in [*starts, *close]:
        for name in folded[alias]:
            if name not in out:
                out.append(name)
    return out[:n]
