"""The relation cue table (``data/cues/relations.yaml``): loading, checking, matching.

Why separate from the stage: the cue file is edited by analysts, so it is checked once at
load (every predicate must be an ontology relation, every role one of subj/obj/any) and
its patterns are compiled into token alternatives; the stage then only asks "which cues
match in this sentence", with longer and earlier cues winning the tokens they use.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from watchfloor.exceptions import OntologyError
from watchfloor.extract.cues import load_cue_file
from watchfloor.ontology import load_ontology

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

ROLES = ("subj", "obj", "any")
GAP = "..."
GAP_WORDS: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Cue:
    order: int
    pattern: tuple[frozenset[str], ...]  # token alternatives; an empty set is a gap
    predicate: str
    strength: float
    subject: str = "subj"
    object: str = "obj"
    via: str | None = None
    verb: bool = False  # the first word must be a verb ("head" the verb, not the noun)


@dataclass(frozen=True)
class CueTable:
    cues: tuple[Cue, ...]
    max_gap: int
    member_nouns: frozenset[str]
    transparent_nouns: frozenset[str]
    non_factual: frozenset[str]
    light_verbs: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Match:
    cue: Cue
    tokens: tuple[Token, ...]  # the matched cue tokens, anchor first (gaps excluded)

    @property
    def anchor(self) -> Token:
        """The cue's syntactic head: the matched token whose head lies outside the match
        ("leader" in "deputy leader of", "group" in "splinter group of")."""
        if self.tokens[0].pos_ in ("VERB", "AUX"):
            return self.tokens[0]
        idx = {t.i for t in self.tokens}
        for t in self.tokens:
            if t.head.i not in idx or t.head.i == t.i:
                return t
        return self.tokens[0]


def _parse_pattern(text: str) -> tuple[frozenset[str], ...]:
    return tuple(frozenset() if part == GAP else frozenset(part.lower().split("|"))
                 for part in text.split())


@cache
def load_relation_cues() -> CueTable:
    """The cue table, checked against the ontology so a typo fails at start-up."""
    data: dict[str, Any] = load_cue_file("relations")
    onto = load_ontology()
    cues = []
    for i, spec in enumerate(data["relations"]):
        where = f"cues/relations.yaml: relations[{i}]"
        if not onto.is_relation(spec["predicate"]):
            raise OntologyError(f"{where}: {spec['predicate']!r} is not a relation predicate")
        for part in ("subject", "object"):
            if spec.get(part, "subj" if part == "subject" else "obj") not in ROLES:
                raise OntologyError(f"{where}: {part} must be one of {ROLES}")
        pattern = _parse_pattern(spec["pattern"])
        if not pattern or not pattern[0]:
            raise OntologyError(f"{where}: a pattern must start with a word")
        cues.append(Cue(i, pattern, spec["predicate"], float(spec["strength"]),
                        spec.get("subject", "subj"), spec.get("object", "obj"), spec.get("via"),
                        spec.get("pos") == "verb"))
    return CueTable(tuple(cues), int(data.get("max_gap", 4)),
                    frozenset(data.get("member_nouns", ())),
                    frozenset(data.get("transparent_nouns", ())),
                    frozenset(data.get("non_factual", ())),
                    frozenset(data.get("light_verbs", ())))


def _word_ok(token: Token, words: frozenset[str]) -> bool:
    return token.lemma_.lower() in words or token.lower_ in words


def _match_at(sent: Span, start: int, cue: Cue, max_gap: int) -> tuple[Token, ...] | None:
    doc = sent.doc
    pos = start
    got: list[Token] = []
    gap = False
    if GAP_WORDS in cue.pattern and (doc[start].pos_ == "PROPN" or doc[start].tag_ == "NNS"):
        return None  # "drove X out of": a gapped pattern hangs on a verb, not "forces"
    for words in cue.pattern:
        if not words:
            gap = True
            continue
        limit = min(sent.end, pos + (max_gap + 1 if gap else 1)) if got else pos + 1
        found = None
        for j in range(pos, limit):
            if _word_ok(doc[j], words):
                found = j
                break
        if found is None:
            return None
        got.append(doc[found])
        pos, gap = found + 1, False
    return tuple(got)


@cache
def _cues_by_first_word(table: CueTable) -> dict[str, tuple[Cue, ...]]:
    """Each word that can open a cue, and those cues in file order: only they can match at
    a token, so a sentence costs a look-up per token, not a try of every cue."""
    index: dict[str, list[Cue]] = {}
    for cue in table.cues:
        for word in cue.pattern[0]:
            index.setdefault(word, []).append(cue)
    return {word: tuple(cues) for word, cues in index.items()}


def matches_in(sent: Span) -> list[Match]:
    """Cue matches in a sentence; a token belongs to at most one match, the longest first
    and, among equals, the one listed first in the cue file."""
    table = load_relation_cues()
    index = _cues_by_first_word(table)
    doc = sent.doc
    found: list[Match] = []
    for i in range(sent.start, sent.end):
        token = doc[i]
        opening = {*index.get(token.lower_, ()), *index.get(token.lemma_.lower(), ())}
        for cue in sorted(opening, key=lambda c: c.order):
            hit = _match_at(sent, i, cue, table.max_gap)
            if hit is not None and not (cue.verb and hit[0].pos_ not in ("VERB", "AUX")):
                found.append(Match(cue, hit))
    found.sort(key=lambda m: (-len(m.tokens), m.cue.order))
    used: set[int] = set()
    kept: list[Match] = []
    for m in found:
        idx = {t.i for t in m.tokens}
        if idx & used:
            continue
        used |= idx
        kept.append(m)
    kept.sort(key=lambda m: m.anchor.i)
    return kept
