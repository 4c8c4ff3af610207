"""Keep English paragraphs only: the extractors downstream read English.

Rule, per paragraph (the first that applies decides):

1. no letters (numbers, a table row) → kept;
2. more than half of the letters outside the Latin script (Arabic, Cyrillic, ...) → dropped;
3. fewer than ``MIN_LETTERS`` letters → kept: language identification on a few words is
   a coin toss, and a short English heading lost costs more than a short foreign one kept;
4. py3langid's best guess is English → kept;
5. its normalised English probability is at least ``min_english_share`` → kept;
6. at least ``MIN_FUNCTION_WORDS`` of the words are English function words, or the
   model is unsure (its best guess under ``UNSURE``) and there is at least one → kept;
7. at least ``MIN_VOCABULARY`` of its lower-case words of four letters or more (and at
   least two of them) are English words → kept;
8. otherwise dropped (reason "not_english").

Why rule 6: reports about armed groups are dense with transliterated names
("Hay'at Tahrir al-Sham (HTS), Harakat Nour al-Din al-Zenki and Ahrar al-Sham clashed
near Darat Izza"), which the model reads, unsure, as Kabyle or Fula; the function words
of English prose ("the", "and", "were") survive any number of names, while real foreign
prose is recognised with high confidence. Words shared with common European languages
("in", "an", "die", "is", "for", "on", "also") are left out of the list for that reason.

Why rule 7: a wire headline or a one-line item ("Gunmen storm Mogadishu hotel, killing
12") has no function words, and on a dozen words the model guesses Nigerian Pidgin or
Tagalog; but its content words are English words, while a foreign sentence's are not
(names are capitalised and left out, and short words such as "am", "an", "in" are shared
by too many languages to count). The word list is the public-domain Webster's Second in
``english-words`` (lemmas only), so plural, -ed and -ing endings are removed before the
look-up; it is loaded on first use, only for paragraphs the earlier rules did not keep.

The identifier is built with ``norm_probs=True`` so scores are probabilities summing to 1.
(The installed py3langid 0.4 has no ``from_pickled_model``; ``from_model_file`` loads the
bundled model.) It is loaded once per process, on first use (about 0.7 s).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from watchfloor.records import Dropped

MIN_LETTERS = 40
MIN_FUNCTION_WORDS = 0.10
MIN_VOCABULARY = 0.6
MAX_OTHER_SCRIPT = 0.5
UNSURE = 0.5
ENGLISH_FUNCTION_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "were",
        "are",
        "by",
        "with",
        "that",
        "this",
        "from",
        "has",
        "have",
        "had",
        "its",
        "their",
        "they",
        "it",
        "he",
        "she",
        "been",
        "at",
        "or",
        "not",
        "but",
        "which",
        "who",
        "whom",
        "said",
        "than",
        "into",
        "after",
        "would",
        "could",
        "should",
    ]
)
_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@lru_cache(maxsize=1)
def identifier() -> LanguageIdentifier:
    """The shared py3langid identifier with normalised probabilities."""
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def language_scores(text: str) -> tuple[str, float, float]:
    """(best language, its probability, probability that the text is English)."""
    ranked = identifier().rank(text)
    best, best_probability = ranked[0]
    return best, best_probability, dict(ranked).get("en", 0.0)


def _other_script_share(letters: list[str]) -> float:
    other = sum(1 for ch in letters if not unicodedata.name(ch, "").startswith("LATIN"))
    return other / len(letters)


def function_word_share(text: str) -> float:
    """Share of the words that are English function words (0 for no words)."""
    words = _WORDS.findall(text.lower())
    if not words:
        return 0.0
    return sum(1 for word in words if word in ENGLISH_FUNCTION_WORDS) / len(words)


@lru_cache(maxsize=1)
def english_vocabulary() -> frozenset[str]:
    """Lower-case English words (Webster's Second, public domain, via ``english-words``)."""
    from english_words import get_english_words_set

    return frozenset(w for w in get_english_words_set(["web2"]) if w.islower())


def _forms(word: str) -> tuple[str, ...]:
    """The word and what it may be inflected from: plural, past and -ing forms."""
    forms = [word]
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("men"):
        forms.append(word[:-3] + "man")
    for ending in ("es", "s", "ed", "d", "ing"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)]
            forms += [stem, stem + "e"]
            if len(stem) >= 4 and stem[-1] == stem[-2]:
                forms.append(stem[:-1])  # "stopped" -> "stop"
    return tuple(forms)


def vocabulary_share(text: str) -> tuple[float, int]:
    """(share of the lower-case words of 4+ letters that are English words, their count)."""
    words = [w for w in _WORDS.findall(text) if len(w) >= 4 and w.islower()]
    if not words:
        return 0.0, 0
    vocabulary = english_vocabulary()
    known = sum(1 for w in words if any(f in vocabulary for f in _forms(w.replace("’", "'"))))
    return known / len(words), len(words)


def is_english(paragraph: str, min_english_share: float) -> bool:
    """Whether to keep a paragraph as English (rules in the module docstring)."""
    letters = [ch for ch in paragraph if ch.isalpha()]
    if not letters:
        return True
    if _other_script_share(letters) > MAX_OTHER_SCRIPT:
        return False
    if len(letters) < MIN_LETTERS:
        return True
    best, confidence, english = language_scores(paragraph)
    if best == "en" or english >= min_english_share:
        return True
    share = function_word_share(paragraph)
    if share >= MIN_FUNCTION_WORDS or (confidence < UNSURE and share > 0):
        return True
    known, count = vocabulary_share(paragraph)
    return count >= 2 and known >= MIN_VOCABULARY


def keep_english(
    paragraphs: list[str], min_english_share: float
) -> tuple[list[str], list[Dropped]]:
    """English paragraphs, and the others as Dropped("not_english", paragraph)."""
    kept: list[str] = []
    dropped: list[Dropped] = []
    for paragraph in paragraphs:
        if is_english(paragraph, min_english_share):
            kept.append(paragraph)
        else:
            dropped.append(Dropped("not_english", paragraph))
    return kept, dropped
