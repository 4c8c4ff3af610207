"""Which mentions fill the subject and object roles of a relation cue, read from the parse.

Why roles and not proximity: in "Iraqi forces drove the Islamic State out of Mosul" three
names co-occur, but only the direct object lost the city; in "ISKP, the local branch of
the Islamic State" the branch is the noun the apposition describes. So from the cue's
anchor we walk a few typed edges: subjects (nsubj, nsubjpass, the noun an apposition or a
relative clause describes, the subject of a copula whose attribute is the cue) and
complements (dobj, pobj of the cue's prepositions, the agent of a passive, a possessive or
compound modifier of a cue noun). A role filler that is not itself a mention is looked
through only where the cue table says so ("fighters of X", "parts of the Menaka region").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from watchfloor.extract.relations_cues import load_relation_cues

if TYPE_CHECKING:
    from spacy.tokens import Token

    from watchfloor.records import Mention

_SUBJ = frozenset({"nsubj", "nsubjpass"})
_COMPLEMENT_OF = frozenset({"attr", "oprd", "acomp", "dobj"})
_RECIPROCAL = frozenset({"each", "other", "another"})


@dataclass(frozen=True)
class Filler:
    mention: Mention
    via_member: bool = False  # reached through a member noun ("fighters of X")
    hops: int = 0  # nouns looked through to reach the mention


def _conj(token: Token) -> list[Token]:
    out = [token]
    for c in token.children:
        if c.dep_ == "conj":
            out.extend(_conj(c))
    return out


def verb_subjects(verb: Token) -> list[Token]:
    """Subjects of a verb, inherited through xcomp/conj, or the noun a relative clause or
    participle describes."""
    subs = [t for c in verb.children if c.dep_ in _SUBJ for t in _conj(c)]
    if subs and not all(s.lower_ in ("which", "who", "that") for s in subs):
        return subs
    if verb.dep_ in ("relcl", "acl") and verb.head.i != verb.i:
        noun = verb.head  # "a province of X that operates ...": the copula's subject
        if noun.dep_ in _COMPLEMENT_OF and noun.dep_ != "dobj":
            return verb_subjects(noun.head) or [noun]
        return [noun]
    if verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i:
        return verb_subjects(verb.head)
    return []


def subject_tokens(anchor: Token) -> list[Token]:
    """Tokens in the subject role of a cue anchor."""
    t = anchor
    # "one of the factions of X": the cue noun stands for "one"
    if t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lower_ in ("one", "some"):
        t = t.head.head
    if t.pos_ in ("VERB", "AUX"):
        return verb_subjects(t)
    out: list[Token] = []
    if t.dep_ == "appos":
        out.append(t.head)
    out.extend(c for c in t.children if c.dep_ == "appos")
    if t.dep_ == "compound":
        out.append(t.head)
    if t.dep_ in _COMPLEMENT_OF and (
            t.dep_ != "dobj" or t.head.lemma_.lower() in load_relation_cues().light_verbs):
        out.extend(verb_subjects(t.head))
    if t.dep_ == "pobj" and t.head.lower_ == "as" and t.head.head.i != t.head.i:
        out.extend(verb_subjects(t.head.head))
    return out


def object_tokens(tokens: tuple[Token, ...]) -> tuple[list[Token], bool]:
    """Complements of the cue tokens; the flag says the object is reciprocal ("each
    other"), so the subjects relate among themselves."""
    out: list[Token] = []
    reciprocal = False
    own = {t.i for t in tokens}
    for tok in tokens:
        if tok.dep_ in ("prep", "agent") and tok.i != tokens[0].i:
            out.extend(x for p in tok.children if p.dep_ == "pobj" for x in _conj(p))
            out.extend(x for p in tok.children if p.dep_ == "prep"  # "out of P"
                       for q in p.children if q.dep_ == "pobj" for x in _conj(q))
        for c in tok.children:
            if c.i in own:
                continue
            if c.dep_ in ("dobj", "attr") and c.lower_ in _RECIPROCAL:
                reciprocal = True
            elif c.dep_ == "dobj":
                out.extend(_conj(c))
            elif c.dep_ in ("prep", "agent") and c.lower_ != "according":  # a source
                for p in c.children:
                    if p.dep_ == "pobj":
                        out.extend(_conj(p))
                    elif p.dep_ == "prep":  # "out of P"
                        out.extend(x for q in p.children if q.dep_ == "pobj" for x in _conj(q))
            elif c.dep_ in ("poss", "compound") and tok.pos_ in ("NOUN", "PROPN"):
                out.append(c)
    return out, reciprocal


def fillers(token: Token, by_token: dict[int, Mention]) -> list[Filler]:
    """Mentions a role token stands for: itself, or through a member or transparent noun."""
    table = load_relation_cues()
    if token.i in by_token:
        return [Filler(by_token[token.i])]
    found: list[Filler] = []
    frontier = [(token, False, 0)]
    while frontier:
        t, member, hops = frontier.pop()
        lemma = t.lemma_.lower()
        is_member = member or lemma in table.member_nouns
        if hops >= 3 or not (lemma in table.member_nouns or lemma in table.transparent_nouns):
            continue
        for c in t.children:
            nxt = None
            if c.dep_ in ("compound", "poss", "nmod") and c.i in by_token:
                found.append(Filler(by_token[c.i], is_member, hops + 1))
            elif c.dep_ == "prep" and c.lower_ == "of":
                nxt = [p for p in c.children if p.dep_ == "pobj"]
            if nxt:
                for p in nxt:
                    for q in _conj(p):
                        if q.i in by_token:
                            found.append(Filler(by_token[q.i], is_member, hops + 1))
                        else:
                            frontier.append((q, is_member, hops + 1))
    return found
