"""The reading layer's output for one document, and the entry point ``analyse``.

An ``Analysis`` is what every extraction stage receives besides the document: the spaCy
parse, sentences, resolved mentions (catalogue, NER, patterns, acronyms, back-references),
the entities they resolve to, and the normalised time and number expressions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from watchfloor.records import EntityRecord, Mention, Quantity, Sentence, TimeExpr

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass
class Analysis:
    doc: Doc
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    entities: dict[str, EntityRecord] = field(default_factory=dict)
    times: list[TimeExpr] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        """Mentions whose span lies inside [start, end)."""
        return [m for m in self.mentions if m.start >= start and m.end <= end]
