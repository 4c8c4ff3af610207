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
7. otherwise dropped (reason "not_english").

Why rule 6: reports about armed groups are dense with transliterated names
("Hay'at Tahrir al-Sham (HTS), Harakat Nour al-Din al-Zenki and Ahrar al-Sham clashed
near Darat Izza"), which the model reads, unsure, as Kabyle or Fula; the function words
of English prose ("the", "and", "were") survive any number of names, while real foreign
prose is recognised with high confidence. Words shared with common European languages
("in", "an", "die", "is", "for", "on", "also") are left out of the list for that reason.

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
    return share >= MIN_FUNCTION_WORDS or (confidence < UNSURE and share > 0)


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
