"""Reference data every stage may consult: the spaCy pipeline, the ontology, the group
catalogue and the gazetteer. Loaded once per process and passed explicitly, so stages stay
pure functions of (document, analysis, reference)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from watchfloor.ontology import Ontology, load_ontology
from watchfloor.read.nlp import ParseOptions

if TYPE_CHECKING:
    from spacy.language import Language


@dataclass
class Reference:
    nlp: Language
    ontology: Ontology
    catalogue: Any  # watchfloor.read.catalogue.Catalogue
    gazetteer: Any  # watchfloor.read.gazetteer.Gazetteer
    parsing: ParseOptions = field(default_factory=ParseOptions)  # how long texts are fed


@cache
def load_reference(model: str) -> Reference:
    from watchfloor.read.catalogue import load_catalogue
    from watchfloor.read.gazetteer import load_gazetteer
    from watchfloor.read.nlp import load_nlp

    return Reference(
        nlp=load_nlp(model),
        ontology=load_ontology(),
        catalogue=load_catalogue(),
        gazetteer=load_gazetteer(),
    )
