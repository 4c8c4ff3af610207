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
_NAME_PREPS = frozenset({"of", "for", "on"})
# Clause edges a reporting verb can govern its content through.
_CONTENT_EDGES = frozenset({"ccomp", "parataxis", "conj", "advcl"})
# Punctuation that ends one statement and starts another ("...; IS claimed the attack").
_STATEMENT_BREAK = frozenset({";", ":", "—", "–"})
# "no more than 300": the "no" belongs to the number, not to the clause.
_COMPARATIVES = frozenset({"more", "fewer", "less"})


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
    for section in ("reporting_verbs", "passive_verbs", "raising", "hedges", "open_questions"):
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
    stack = [c for c in token.children if _keep_in_phrase(c)]
    while stack:
        t = stack.pop()
        keep.append(t)
        stack.extend(c for c in t.children if _keep_in_phrase(c))
    lo, hi = min(t.i for t in keep), max(t.i for t in keep)
    return token.doc[lo : hi + 1].text.strip(" ,;:")


def _keep_in_phrase(child: Token) -> bool:
    """Drop tails, but keep the "of"/"for" inside a proper name ("the Institute for
    Security Studies", "the Syrian Observatory for Human Rights") and a named author."""
    if child.dep_ not in _SUBJECT_DROP:
        return True
    if child.dep_ != "prep" or not any(c.dep_ == "pobj" and c.pos_ == "PROPN"
                                       for c in child.children):
        return False
    # "a 2021 report *by the International Crisis Group*": the author is the source
    return child.lower_ == "by" or (child.lower_ in _NAME_PREPS and child.head.pos_ == "PROPN")


# --- qualify ------------------------------------------------------------------------


def _is_passive(verb: Token) -> bool:
    """Passive, including the reduced passive of "X, once *thought* to number ...": a past
    participle with no auxiliary, or a "think/believe ... to" the tagger read as active."""
    children = list(verb.children)
    if any(c.dep_ in ("auxpass", "nsubjpass", "csubjpass") for c in children):
        return True
    if verb.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in children):
        return True
    # a tagger that reads "X, once thought to number ..." as active: "think to" + infinitive
    # with no object of its own is the raising passive
    return (verb.lemma_.lower() in load_cues()["passive_verbs"]
            and not any(c.dep_ in ("dobj", "ccomp") for c in children)
            and any(c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children)
                    for c in children))


def _source_of(verb: Token, anchor: Token | None = None) -> str | None:
    """The subject of a reporting verb as written; a conjoined verb shares its first
    conjunct's subject ("ISKP claimed the assault and said it had freed ..."). A subject
    holding the anchor is what is reported, not who reports it (a parser's second nsubj)."""
    for child in verb.children:
        if anchor is not None and anchor in child.subtree:
            continue
        if child.dep_ in ("nsubj", "csubj"):
            if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
                return phrase(verb.head)
            return phrase(child)
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX") and verb.head.i != verb.i:
        return _source_of(verb.head)
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


def _quantifier_no(child: Token) -> bool:
    """True for the "no" of "no more than 300", which hedges a number and negates nothing."""
    if child.lower_ != "no" or child.i + 2 >= len(child.doc):
        return False
    return child.nbor(1).lower_ in _COMPARATIVES and child.nbor(2).lower_ == "than"


def _final_reporter(clause: Token, reporting: dict[str, Any]) -> Token | None:
    """The sentence-final reporting verb that also covers a conjoined clause.

    In "X may have 1,500 fighters, but it carried out 31 attacks, the UN said" the parser
    makes "carried" a conj of "have" and "have" the ccomp of "said": a reporter placed
    after both clauses reports both, so the walk jumps from the conjunct to it.
    """
    if clause.dep_ != "conj" or clause.pos_ not in ("VERB", "AUX"):
        return None
    first = clause.head
    reporter = first.head
    if first.dep_ != "ccomp" or reporter.lemma_.lower() not in reporting:
        return None
    if reporter.i < max(t.i for t in clause.subtree) or _is_passive(reporter):
        return None
    return reporter


def _parenthetical(verb: Token, reporting: dict[str, Any]) -> tuple[str, Token] | None:
    """ "X has 400 fighters, the UN said, and ...": a reporting verb hung on the clause as
    parataxis, with a subject and nothing else to report, is the clause's source."""
    for child in verb.children:
        if child.dep_ != "parataxis" or child.lemma_.lower() not in reporting:
            continue
        if any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in child.children):
            continue
        who = _source_of(child)
        if who is not None:
            return who, child
    return None


def _governs(head: Token, clause: Token, reporting: dict[str, Any],
             object_verbs: set[str]) -> bool:
    """Whether a reporting verb above a clause really reports it.

    "A bomb killed 40 people in Kunduz; Islamic State claimed the attack": the parser may
    hang "killed" under "claimed", but a semicolon between them, or a noun object of the
    reporting verb ("claimed *the attack*"), shows the verb reports something else.
    """
    if clause.dep_ == "dep":
        # an edge the parser could not name: only an active reporting verb with a subject
        # ("The Haqqani Network fields 3,000 fighters, US officials said") is trusted above it
        return (head.lemma_.lower() in reporting and not _is_passive(head)
                and any(c.dep_ == "nsubj" for c in head.children))
    if head.lemma_.lower() not in reporting or clause.dep_ not in _CONTENT_EDGES:
        return True
    lo, hi = sorted((head.i, clause.i))
    if any(t.text in _STATEMENT_BREAK for t in head.doc[lo:hi]):
        # the break must separate the two clauses, not sit inside the reported one
        inner = {t.i for t in clause.subtree}
        if any(t.text in _STATEMENT_BREAK and t.i not in inner for t in head.doc[lo:hi]):
            return False
    if head.lemma_.lower() not in object_verbs:
        return True
    return not any(c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN") for c in head.children)


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
    object_verbs = set(att["nominal_object_verbs"])
    open_marks = att["open_questions"]
    anchor = claim_tokens[0]

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
            if _quantifier_no(child):
                continue
            if local and word == "longer" and any(g.lower_ == "no" for g in child.children):
                negated = True  # "no longer has"
                continue
            if child.dep_ == "neg" or (word in negators and child.dep_ in ("advmod", "det", "neg")):
                if local or lemma in reporting or lemma in evidential:
                    if lemma in ("deny", "reject", "dismiss"):
                        continue
                    negated = True
            elif child.dep_ in ("advmod", "aux", "amod", "acomp") and word in hedges:
                found.append((hedges[word], child.text))
            elif child.dep_ == "acomp" and child.lemma_.lower() in raising:
                found.append((raising[child.lemma_.lower()], child.text))
            elif child.dep_ == "mark" and word in open_marks and is_verb:
                found.append((open_marks[word], child.text))  # "unclear *whether* X has"
        if not local and token.lemma_.lower() in raising and token.i != claim_tokens[0].i:
            found.append((raising[lemma], token.text))
        if is_verb and source is None:
            aside = _parenthetical(token, reporting)
            if aside is not None:
                source, source_cue = aside[0], aside[1].text
                level = reporting[aside[1].lemma_.lower()]
                if level:
                    found.append((level, aside[1].text))
        if is_verb and lemma in reporting and not _is_passive(token):
            who = _source_of(token, anchor)  # "some 40,000 fighters ..., a study found"
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
        reporter = _final_reporter(token, reporting)
        if reporter is not None:
            token = reporter  # "X has 1,500, but it carried out 31 attacks, the UN said"
            continue
        if token.dep_ in _CLAUSE_EDGES and not (
            token.dep_ == "acl" and token.head.lemma_.lower() in evidential
        ):
            break
        if token.head.i == token.i or token.head.i < sent_span.start or token.head.i >= sent_span.end:
            break
        if not _governs(token.head, token, reporting, object_verbs):
            break
        token = token.head

    if source is None:
        hit = _according_to(sent_span)
        if hit is not None:
            source, source_cue = hit[0], "according to"
    cue: str | None = source_cue
    certainty = "asserted"
    if found:
        certainty, cue = min(found, key=lambda f: rank.get(f[0], len(rank)))
    return Qualifier(attributed_to=source, certainty=certainty, negated=negated, cue=cue)
