"""Normalising names so that surface forms of one name compare equal.

Used by the catalogue (alias lookup), the store (matching new entities across documents)
and the CLI (finding an entity by any of its names) — one rule for all three.
"""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'", "´": "'", "–": "-", "—": "-",
                         "‐": "-", "‑": "-", "“": '"', "”": '"'})
_ACRONYM_DOTS = re.compile(r"\b((?:[A-Za-z]\.){2,})")
_SPACE = re.compile(r"\s+")


def normalise_alias(text: str) -> str:
    """Casefold, unify quotes and dashes, drop dots in acronyms ("U.N." -> "un"), strip a
    leading "the" and a trailing possessive, collapse whitespace."""
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    text = _ACRONYM_DOTS.sub(lambda m: m.group(1).replace(".", ""), text)
    text = _SPACE.sub(" ", text).strip().casefold()
    text = re.sub(r"^the ", "", text)
    text = re.sub(r"'s?$", "", text)
    return text.strip(" .,;:")
