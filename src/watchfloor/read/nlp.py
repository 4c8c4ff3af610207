"""Loading the spaCy pipeline named in the settings, once per process.

The model name is a setting (``spacy_model``) so a user can point watchfloor at
en_core_web_md/lg/trf; a missing model is a one-line error with the install hint.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from watchfloor.exceptions import ModelError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


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
    return nlp


_PARAGRAPH = re.compile(r".*?(?:\n[^\S\n]*\n\s*|\Z)", re.DOTALL)
PIPE_BATCH = 64


def paragraphs_of(text: str) -> list[str]:
    """The text cut after each blank line, separators kept, so the pieces join back to it."""
    return [p for p in _PARAGRAPH.findall(text) if p]


def parse(nlp: Language, text: str) -> Doc:
    """Parse paragraph by paragraph (blank lines) and join the parses into one ``Doc``.

    Why: a paragraph break is a hard boundary that spaCy's statistical sentence splitter and
    NER do not respect; a heading line ("Sajjid Mir") run into the next paragraph becomes a
    sentence or a name that spans both ("Mir\\n\\nAs"). Parsing each paragraph alone keeps
    every sentence and entity inside its paragraph, and ``nlp.pipe`` batches the work. The
    joined text is exactly ``text``, so character offsets are unchanged.
    """
    from spacy.tokens import Doc

    pieces = paragraphs_of(text)
    if len(pieces) <= 1:
        return nlp(text)
    docs = list(nlp.pipe(pieces, batch_size=PIPE_BATCH))
    return Doc.from_docs(docs, ensure_whitespace=False)
