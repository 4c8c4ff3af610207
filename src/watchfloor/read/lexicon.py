"""Is a word an ordinary English word? The test that tells a name from a capitalised noun.

Why: the small spaCy model tags capitalised common nouns as names — section headings
("Physical Abuse", "Legal Status"), sentence-initial words ("Smuggling", "Banks") and parts
of titles ("Finance", "Terrorism") become organisations, people and places. A name has at
least one word that is not an ordinary lower-case English word; a phrase made only of such
words is a name only when a head noun says so ("Joint Working Group"). The word list is
Webster's Second International (public domain) from the ``english-words`` package, which
the gazetteer already reads; its lower-case entries are common words, its capitalised ones
proper names. Plurals and simple inflections are folded back to a listed form.
"""

from __future__ import annotations

from functools import cache

_SUFFIXES = (("ies", "y"), ("es", ""), ("s", ""), ("ing", ""), ("ing", "e"), ("ed", ""),
             ("ed", "e"))


@cache
def _words() -> frozenset[str]:
    from english_words import get_english_words_set

    return frozenset(w for w in get_english_words_set(["web2"], lower=False) if w.islower())


@cache
def is_common_word(word: str) -> bool:
    """True for an ordinary English word in any case ("Finance", "mosques", "Smuggling");
    False for names ("Salem", "Kabul") and for anything with digits or inner capitals."""
    w = word.strip(".,;:'’\"()").lower()
    if not w.isalpha():
        return False
    words = _words()
    if w in words:
        return True
    return any(w.endswith(s) and len(w) > len(s) + 2 and w[: -len(s)] + r in words
               for s, r in _SUFFIXES)


def all_common(text: str) -> bool:
    """Every word of the phrase is an ordinary English word or a function word."""
    words = [w for w in text.replace("-", " ").replace("/", " ").split() if w]
    return bool(words) and all(is_common_word(w) for w in words)


__all__ = ["all_common", "is_common_word"]
