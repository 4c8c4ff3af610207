"""Who says a claim and how sure they are: reported speech, hedges, denials, negation.

Every extractor (relations, figures, events) asks ``qualify`` the same question about the
token its claim hangs on, so "US officials said", "reportedly" or "has not" are read one
way across the knowledge base. The reading walks up the dependency tree from the claim's
anchor token:

* the *local* clause (the anchor up to its first verb, or up to an apposition) carries
  negation ("has not split away"), modals and hedge adverbs ("probably", "could");
* above it, reporting verbs give the source ("US officials said", "a UN report
  suggested") and their own certainty (suggest -> possible, claim -> claimed, deny ->
  denied); passives without a source give a hedge ("is thought to" -> probable); a
  negated evidential noun negates the clause below it ("no evidence that ...").

The walk stops at clause edges that start an independent statement (conj, advcl, relcl,
appos), so in "US officials put it at 3,000, while a UN report suggested 4,000" each
figure keeps its own source. The default source is the document's author (None).

This module also holds the small dependency helpers the extractors share, because every
extractor imports it anyway.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from watchfloor.exceptions import OntologyError
from watchfloor.extract.cues import load_cue_file
from watchfloor.ontology import load_ontology

# Edges above which a token starts a statement of its own: the walk ends there.
_CLAUSE_EDGES = frozenset({"conj", "advcl", "relcl", "appos", "parataxis", "acl"})
# Edges that open a clause: used to find which clause a time or number belongs to.
_CLAUSE_HEADS = frozenset({"ROOT", "ccomp", "xcomp", "advcl", "conj", "relcl", "acl", "parataxis"})
_SUBJECT_DROP = frozenset({"prep", "relcl", "acl", "appos", "punct", "advcl", "cc", "conj"})
_RELATIVE = frozenset({"which", "who", "that", "whom"})


@dataclass(frozen=True)
class Qualifier:
    """What ``qualify`` found: source as written, certainty, negation and the deciding cue."""

    attributed_to: str | None = None
    certainty: str = "asserted"
    negated: bool = False
    cue: str | None = None


@cache
def load_cues() -> dict[str, Any]:
    """The attribution cues, checked against the ontology so a typo fails at load."""
    att = load_cue_file("attribution")["attribution"]
    onto = load_ontology()
    for section in ("reporting_verbs", "passive_verbs", "raising", "hedges"):
        for word, level in att[section].items():
            if level is not None:
                try:
                    onto.check_certainty(level)
                except OntologyError as exc:
                    raise OntologyError(
                        f"cues/attribution.yaml: attribution.{section}.{word}: {exc}"
                    ) from None
    for level in att["precedence"]:
        onto.check_certainty(level)
    return att


# --- dependency helpers shared by the extractors -------------------------------------


def depth(token: Token) -> int:
    """Steps from the token up to its sentence root."""
    n = 0
    while token.head.i != token.i:
        token, n = token.head, n + 1
    return n


def ancestors_chain(token: Token) -> list[Token]:
    """The token and its ancestors, nearest first."""
    return [token, *token.ancestors]


def path_length(a: Token, b: Token) -> int:
    """Edges on the dependency path between two tokens (large if in different trees)."""
    if a.i == b.i:
        return 0
    up_a = {t.i: n for n, t in enumerate(ancestors_chain(a))}
    for n, t in enumerate(ancestors_chain(b)):
        if t.i in up_a:
            return up_a[t.i] + n
    return 99


def span_root(doc: Doc, start: int, end: int) -> Token | None:
    """The syntactic head of the character span [start, end), or None if it has no tokens."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


def clause_chain(token: Token) -> list[Token]:
    """Clause heads from the token's own clause up to the sentence root.

    A time or a number attaches to a claim when its clause is on this chain, which is why
    "in 2015" in the main clause does not date a figure in the "while" clause but "in
    early 2022" inside that clause does.
    """
    heads = []
    for t in ancestors_chain(token):
        if t.pos_ in ("VERB", "AUX") or t.dep_ in _CLAUSE_HEADS:
            heads.append(t)
    return heads


def clause_of(token: Token) -> Token:
    """The head of the clause the token sits in."""
    chain = clause_chain(token)
    return chain[0] if chain else token.sent.root


def phrase(token: Token) -> str:
    """A noun phrase as written, without its relative clauses and prepositional tails.

    "a UN report in early 2022" -> "a UN report": the source, not where it was read.
    """
    keep = [token]
    stack = [c for c in token.children if c.dep_ not in _SUBJECT_DROP]
    while stack:
        t = stack.pop()
        keep.append(t)
        stack.extend(c for c in t.children if c.dep_ not in _SUBJECT_DROP)
    lo, hi = min(t.i for t in keep), max(t.i for t in keep)
    return token.doc[lo : hi + 1].text.strip(" ,;:")


# --- qualify ------------------------------------------------------------------------


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass", "csubjpass") for c in verb.children)


def _source_of(verb: Token) -> str | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
                return phrase(verb.head)
            return phrase(child)
    return None


def _according_to(tokens: Iterable[Token]) -> tuple[str, Token] | None:
    for t in tokens:
        if t.lower_ == "according":
            nxt = t.nbor(1) if t.i + 1 < len(t.doc) else None
            if nxt is not None and nxt.lower_ == "to":
                objs = [c for c in nxt.children if c.dep_ == "pobj"]
                if objs:
                    return phrase(objs[0]), t
    return None


def qualify(doc: Doc, sent_span: Span, claim_tokens: Sequence[Token]) -> Qualifier:
    """Source, certainty and negation of a claim anchored on ``claim_tokens[0]``.

    The first token is the claim's cue (the verb, noun or number the claim hangs on);
    the others (arguments) only widen the search for "according to". Pure: reads the parse.
    """
    if not claim_tokens:
        return Qualifier()
    att = load_cues()
    reporting, passive = att["reporting_verbs"], att["passive_verbs"]
    raising, hedges = att["raising"], att["hedges"]
    negators, evidential = set(att["negators"]), set(att["evidential_nouns"])
    rank = {level: i for i, level in enumerate(att["precedence"])}

    found: list[tuple[str, str]] = []  # (certainty, cue word)
    source: str | None = None
    source_cue: str | None = None
    negated = False
    local = True
    token = claim_tokens[0]
    while True:
        lemma = token.lemma_.lower()
        is_verb = token.pos_ in ("VERB", "AUX")
        for child in token.children:
            word = child.lower_
            if child.dep_ == "neg" or (word in negators and child.dep_ in ("advmod", "det", "neg")):
                if local or lemma in reporting or lemma in evidential:
                    if lemma in ("deny", "reject", "dismiss"):
                        continue
                    negated = True
            elif child.dep_ in ("advmod", "aux", "amod", "acomp") and word in hedges:
                found.append((hedges[word], child.text))
            elif child.dep_ == "acomp" and child.lemma_.lower() in raising:
                found.append((raising[child.lemma_.lower()], child.text))
        if not local and token.lemma_.lower() in raising and token.i != claim_tokens[0].i:
            found.append((raising[lemma], token.text))
        if is_verb and lemma in reporting and not _is_passive(token):
            who = _source_of(token)
            if who is not None and source is None:
                source, source_cue = who, token.text
                if reporting[lemma]:
                    found.append((reporting[lemma], token.text))
            elif who is None and reporting[lemma] in ("denied", "claimed"):
                found.append((reporting[lemma], token.text))
        elif is_verb and lemma in passive and _is_passive(token) and token.i != claim_tokens[0].i:
            found.append((passive[lemma], token.text))
        if is_verb or token.dep_ == "appos":
            local = False
        if token.dep_ in _CLAUSE_EDGES and not (
            token.dep_ == "acl" and token.head.lemma_.lower() in evidential
        ):
            break
        if token.head.i == token.i or token.head.i < sent_span.start or token.head.i >= sent_span.end:
            break
        token = token.head

    if source is None:
        hit = _according_to(sent_span)
        if hit is not None:
            source, source_cue = hit[0], "according to"
    if found:
        certainty, cue = min(found, key=lambda f: rank.get(f[0], len(rank)))
    else:
        certainty, cue = "asserted", source_cue
    return Qualifier(attributed_to=source, certainty=certainty, negated=negated, cue=cue)
