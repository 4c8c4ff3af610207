"""Loading the spaCy pipeline named in the settings, once per process.

The model name is a setting (``spacy_model``) so a user can point watchfloor at
en_core_web_md/lg/trf; a missing model is a one-line error with the install hint.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from watchfloor.exceptions import ModelError

if TYPE_CHECKING:
    from spacy.language import Language


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
