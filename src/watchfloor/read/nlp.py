"""Loading the spaCy pipeline named in the settings, once per process.

The model name is a setting (``spacy_model``) so a user can point watchfloor at
en_core_web_md/lg/trf; a missing model is a one-line error with the install hint.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy

from watchfloor.exceptions import ModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


_NO_TENSOR = numpy.zeros((0,), dtype="float32")


@cache
def load_nlp(model: str) -> Language:
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelError(
            f"cannot load the spaCy pipeline {model!r}",
            "install it (see requirements-model.txt) or set WATCHFLOOR_SPACY_MODEL",
        ) from exc
    nlp.max_length = max(nlp.max_length, 5_000_000)
    _register_components()
    if _PERIODS not in nlp.pipe_names:
        nlp.add_pipe(_PERIODS, first=True)
    if _GUARD not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe(_GUARD, before="parser")
    return nlp


_PERIODS = "watchfloor_acronym_periods"
_GUARD = "watchfloor_sentence_guard"
_LETTER_PERIOD = re.compile(r"[A-Z]\.")
_ENDS = frozenset(".!?…:;")
_CLOSERS = frozenset("\"'”’)]»")


@cache
def _register_components() -> None:
    from spacy.language import Language

    Language.component(_PERIODS, func=split_acronym_periods)
    Language.component(_GUARD, func=guard_sentence_starts)


def guard_sentence_starts(doc: Doc) -> Doc:
    """No sentence starts where nothing ended one: the parser, left alone, sometimes
    splits a long clause in the middle ("...responsible for the November 2008" | "Mumbai
    attacks that killed ..."), and the second half loses its subject and its date. A
    sentence may start only after a full stop, a question or exclamation mark, a colon or
    semicolon (a closing quote or bracket may follow them), a word ending in a period
    ("U.S."), or a line break. Runs before the parser, which keeps these marks."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        j = prev.i
        while j > 0 and doc[j].text in _CLOSERS:
            j -= 1
        ended = doc[j].text[-1:] in _ENDS or "\n" in prev.text or "\n" in prev.whitespace_
        if not ended and not tok.is_space and not prev.is_space:
            tok.is_sent_start = False
    return doc


def split_acronym_periods(doc: Doc) -> Doc:
    """Give a sentence's full stop back to it after a hyphenated acronym: "claimed by
    ISIS-K. Among the dead" is tokenised with "K." as an initial, so the parser runs the
    two sentences together. A capital letter joined to a hyphen cannot be an initial (a
    name's initial stands alone: "J. Smith"), so "K." splits into "K" and "." when a
    capitalised word or the end of the line follows. Runs before the tagger and parser."""
    cut = [t for t in doc if _LETTER_PERIOD.fullmatch(t.text) and t.i > 0
           and doc[t.i - 1].text == "-" and not doc[t.i - 1].whitespace_
           and (t.i + 1 == len(doc) or doc[t.i + 1].text[:1].isupper()
                or doc[t.i + 1].is_space)]
    if cut:
        with doc.retokenize() as retokenizer:
            for t in cut:
                retokenizer.split(t, [t.text[0], "."], heads=[(t, 0), (t, 0)])
    return doc


_PARAGRAPH = re.compile(r".*?(?:\n[^\S\n]*\n\s*|\Z)", re.DOTALL)
# where an over-long paragraph may be cut, best first: after a sentence end, at a line
# break, at any space (the cut keeps the separator with the first piece)
_CUTS = (re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])"), re.compile(r"\n"),
         re.compile(r"\s"))


@dataclass(frozen=True)
class ParseOptions:
    """How a long text is fed to spaCy; the defaults are the settings' defaults.

    ``piece_chars``: the longest piece parsed as one spaCy ``Doc`` (a longer paragraph is
    cut at a sentence end, else a line break, else a space). ``batch_chars``: how much text
    ``nlp.pipe`` holds in flight at once. Together they bound the parser's working memory
    whatever the document's length; what is kept afterwards is the joined ``Doc`` without
    the per-token tensors the statistical components have finished with.
    """

    piece_chars: int = 10_000
    batch_chars: int = 10_000


def paragraphs_of(text: str) -> list[str]:
    """The text cut after each blank line, separators kept, so the pieces join back to it."""
    return [p for p in _PARAGRAPH.findall(text) if p]


def pieces_of(text: str, piece_chars: int) -> list[str]:
    """Paragraphs, each cut further into pieces of at most ``piece_chars`` characters
    (where ``_CUTS`` allow: a sentence end in the second half of the window, else a line
    break, else a space, else anywhere). The pieces join back to ``text``."""
    out: list[str] = []
    for paragraph in paragraphs_of(text):
        while len(paragraph) > piece_chars:
            cut = _cut_point(paragraph, piece_chars)
            out.append(paragraph[:cut])
            paragraph = paragraph[cut:]
        if paragraph:
            out.append(paragraph)
    return out


def _cut_point(text: str, limit: int) -> int:
    for pattern in _CUTS:
        ends = [m.end() for m in pattern.finditer(text, limit // 2, limit)]
        ends = [e for e in ends if e <= limit]
        if ends:
            return ends[-1]
    return limit


def batches_of(pieces: list[str], batch_chars: int) -> Iterator[list[str]]:
    """Consecutive pieces, grouped so a group holds at most ``batch_chars`` characters
    (a longer piece goes alone)."""
    batch: list[str] = []
    size = 0
    for piece in pieces:
        if batch and size + len(piece) > batch_chars:
            yield batch
            batch, size = [], 0
        batch.append(piece)
        size += len(piece)
    if batch:
        yield batch


_TEXT = "watchfloor.text"


def text_of(doc: Doc) -> str:
    """``doc.text``, built once per ``Doc``: spaCy joins every token's text on each access,
    which a long report pays again at every call (quadratic when called per sentence)."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return str(text)


def parse(nlp: Language, text: str, options: ParseOptions | None = None) -> Doc:
    """Parse piece by piece (paragraphs, over-long ones cut) and join into one ``Doc``.

    Why paragraphs: a paragraph break is a hard boundary that spaCy's statistical sentence
    splitter and NER do not respect; a heading line ("Sajjid Mir") run into the next
    paragraph becomes a sentence or a name that spans both ("Mir\\n\\nAs"). Parsing each
    paragraph alone keeps every sentence and entity inside its paragraph. Why batches of
    bounded size, and the tensors dropped: a 4 MB report must parse in the memory a 40 KB
    one does, plus what the joined ``Doc`` keeps per token. The joined text is exactly
    ``text``, so character offsets are unchanged.
    """
    from spacy.tokens import Doc

    options = options or ParseOptions()
    pieces = pieces_of(text, options.piece_chars)
    if len(pieces) <= 1:
        joined = nlp(text)
    else:
        docs = []
        for batch in batches_of(pieces, options.batch_chars):
            for doc in nlp.pipe(batch, batch_size=len(batch)):
                doc.tensor = _NO_TENSOR  # the statistical components are done with it
                docs.append(doc)
        joined = Doc.from_docs(docs, ensure_whitespace=False)
    joined.user_data[_TEXT] = text  # what text_of would build: the joined text is the input
    return joined
