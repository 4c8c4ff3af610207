"""Reading a number for the figures stage: which numbers are candidates, what each counts.

Why apart from the stage: deciding that "3,000" counts fighters, that "$100 million" is
money a group raised, and that "19 soldiers" under "killed" is no figure at all is lexical
and syntactic work that can be tested without knowing whose figure it is; the stage
(``extract.figures``) then finds the owner, the source and the date.

Readings, in order: a blocked governor or noun (victims, losses, plans, kin, ages, shares
of someone else's total) ends it; a verb of recruitment, defection or escape names the
attribute even over its noun ("200 fighters defected"); then the counted noun ("3,000
fighters"); then, for a bare number, a strength noun above or beside it ("put its strength
at 4,000"), or the attribute of the figure before it under a possession verb ("... says it
has more than 10,000"). US-dollar amounts count only under a funding verb or noun. The number
reader's short readings of hedged ranges ("some 5,000 to 7,000", "between $100 million and
$150 million") and of "as few as" are widened here.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

from watchfloor.exceptions import OntologyError
from watchfloor.extract.cues import load_cue_file
from watchfloor.ontology import load_ontology
from watchfloor.read.quantities import NUMBER, find_money, parse_number
from watchfloor.records import Quantity

if TYPE_CHECKING:
    from spacy.tokens import Token

    from watchfloor.read.analysis import Analysis
    from watchfloor.records import Document


# Clauses under a counted noun that can say what the count is ("fighters *who defected*",
# "fighters from 110 countries *travelled to join*"); participles ("trained") cannot.
_CLAUSE_MODIFIERS = frozenset({"relcl", "acl", "advcl", "xcomp", "ccomp"})


@cache
def cues() -> dict[str, Any]:
    """The figure cues, with every attribute checked against the ontology at load."""
    data = load_cue_file("figures")["figures"]
    onto = load_ontology()
    events_own = set(data["event_figures"])
    for name in (*data["attributes"], *events_own):
        if not onto.is_quantity(name):
            raise OntologyError(f"cues/figures.yaml: figures: {name!r} is not a quantity "
                                f"attribute of the ontology ({', '.join(onto.quantities)})")
    for etype in data["owner_types"]:
        try:
            onto.check_entity_type(etype)
        except OntologyError as exc:
            raise OntologyError(f"cues/figures.yaml: figures.owner_types: {exc}") from None
    attrs = data["attributes"]
    if events_own & set(attrs):
        raise OntologyError("cues/figures.yaml: figures.attributes lists an event figure "
                            f"({', '.join(sorted(events_own & set(attrs)))})")
    marked = {key: [a for a, spec in attrs.items() if spec.get(key)] for key in ("money", "strength")}
    for key, found in marked.items():
        if len(found) != 1:
            raise OntologyError(f"cues/figures.yaml: exactly one attribute must say {key}: true")
    return {
        "event_figures": events_own,
        "owner_types": set(data["owner_types"]),
        "money_attribute": marked["money"][0],
        "strength_attribute": marked["strength"][0],
        "nouns": {w: a for a, spec in attrs.items() for w in spec.get("nouns", [])},
        "verbs": {w: a for a, spec in attrs.items() for w in spec.get("verbs", [])},
        "requires": {a: set(spec["requires"]) for a, spec in attrs.items() if "requires" in spec},
        "possession": set(data["possession_verbs"]),
        "strength": set(data["strength_nouns"]),
        "generic": set(data["generic_nouns"]),
        "block": set(data["block"]),
        "object_owner": set(data["object_owner_verbs"]),
        "victims_counted_by": set(data["victims_counted_by"]),
        "strength_verbs": set(data["strength_verbs"]),
        "recipient": set(data["recipient_verbs"]),
        "share": set(data["share_nouns"]),
        "target_preps": set(data["target_preps"]),
        "list_context": {a: set(ws) for a, ws in data["list_context"].items()},
    }


# --- what a number counts ------------------------------------------------------------


def number_token(analysis: Analysis, q: Quantity) -> Token | None:
    """The token that stands for the number in the parse (climbing quantifier chains)."""
    span = analysis.doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    numeric = [t for t in span if t.like_num or t.pos_ == "NUM"]
    outside = [t for t in numeric if not (span.start <= t.head.i < span.end)]
    tok = (outside or numeric[-1:] or [span.root])[0]
    while tok.dep_ == "quantmod" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def counted_noun(num: Token) -> Token | None:
    """ "3,000 fighters" -> fighters; "hundreds of young men" -> men; bare "4,000" -> None."""
    if num.dep_ == "nummod" and num.head.pos_ in ("NOUN", "PROPN"):
        return num.head
    for child in num.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objs = [c for c in child.children if c.dep_ == "pobj"]
            if objs:
                return objs[0]
    if num.pos_ == "NOUN" and num.lemma_.lower() in cues()["nouns"]:
        return num
    return None


def governor(token: Token) -> Token | None:
    """The verb the number's phrase is an argument of (nearest verb ancestor); "including"
    is the preposition of a part of the phrase above, not a verb ("killed 241 personnel,
    including 21 ..."), so the verb above it governs."""
    for t in token.ancestors:
        if t.pos_ in ("VERB", "AUX") and t.lower_ not in ("including", "excluding"):
            return t
    return None


def _blocked(num: Token, noun: Token | None, verb: Token | None) -> bool:
    block = cues()["block"]
    if verb is not None and verb.lemma_.lower() in block:
        return True
    # the words just above the number's phrase: "the deaths of three police members",
    # "killed 241 personnel, including 21 other ...", "a promise of 4,000 fighters",
    # "action against seven members", "the number of abductees at more than 2,000"
    head = noun if noun is not None else num
    for t in [head, *list(head.ancestors)[:4]]:
        if t is not head and t.lemma_.lower() in block and t.pos_ in ("NOUN", "VERB"):
            return True
        if t.dep_ == "pobj" and t.head.lower_ in cues()["target_preps"]:
            return True
        if t is not head and t.lower_ not in ("including", "excluding") and (
                t.pos_ in ("VERB", "AUX") or t.dep_ in _CLAUSE_MODIFIERS):
            break  # the governing verb ends the number's own phrase
    for t in (head, *head.children):
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ == "of" and any(
                    p.lemma_.lower() in block for p in c.children if p.dep_ == "pobj"):
                return True
    if noun is not None:
        if noun.lemma_.lower() in block and (
                verb is None or verb.lemma_.lower() not in cues()["victims_counted_by"]):
            return True
        for child in noun.children:
            if child.dep_ in ("amod", "acl") and child.lemma_.lower() in block:
                return True
    # "60 percent of the 2,000 attacks": a total somebody's share is taken from
    head = noun if noun is not None else num
    return (head.dep_ == "pobj" and head.head.lower_ == "of"
            and head.head.head.lemma_.lower() in cues()["share"])


def _governed_by(token: Token, words: set[str]) -> bool:
    return any(t.lemma_.lower() in words for t in (token, *token.ancestors, *token.children))


def _strength_subject(verb: Token | None) -> Token | None:
    """The strength noun a copula's number completes ("the estimated manpower of X was
    approximately 6,000–10,000 people")."""
    if verb is None or verb.lemma_.lower() not in ("be", "remain", "stand", "reach"):
        return None
    c = cues()
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and (
                child.lemma_.lower() in c["strength"]
                or c["nouns"].get(child.lemma_.lower()) == c["strength_attribute"]):
            return child
    return None


def attribute_of(num: Token, noun: Token | None, verb: Token | None, money: bool,
               previous: str | None) -> tuple[str, Token | None] | None:
    """(attribute, the noun that names it) for a number, or None when it is not a figure."""
    c = cues()
    if not money and (strength := _strength_subject(verb)) is not None:
        return c["strength_attribute"], strength
    if _blocked(num, noun, verb):
        return None
    vlemma = verb.lemma_.lower() if verb is not None else ""
    if money:
        if c["verbs"].get(vlemma) == c["money_attribute"]:
            return c["money_attribute"], None
        for t in (num, *num.ancestors):
            if c["nouns"].get(t.lemma_.lower()) == c["money_attribute"]:
                return c["money_attribute"], t
        return None
    by_verb = c["verbs"].get(vlemma)
    if by_verb is not None and by_verb not in (c["strength_attribute"], c["money_attribute"]):
        required = c["requires"].get(by_verb)
        if required is None or vlemma in required:
            return by_verb, noun
    if noun is not None:
        for t in noun.subtree:  # "fighters ... who travelled to join", "fighters who defected"
            clausal = t.pos_ == "VERB" and t.dep_ in _CLAUSE_MODIFIERS
            inner = c["verbs"].get(t.lemma_.lower()) if clausal else None
            if inner is not None and inner not in (c["strength_attribute"], c["money_attribute"]) and t.i != num.i:
                required = c["requires"].get(inner)
                if required is None or t.lemma_.lower() in required:
                    return inner, noun
        by_noun = c["nouns"].get(noun.lemma_.lower())
        if by_noun is None or by_noun == c["money_attribute"]:
            return None
        required = c["requires"].get(by_noun)
        if required is not None and not _governed_by(noun, required):
            return None
        return by_noun, noun
    # A bare number: a strength noun above it, or beside it under the verb.
    stop = verb.i if verb is not None else -1
    for t in num.ancestors:
        if t.i == stop:
            break
        lemma = t.lemma_.lower()
        if lemma in c["generic"]:
            return previous or c["strength_attribute"], t
        if lemma in c["strength"] or c["nouns"].get(lemma) == c["strength_attribute"]:
            return c["strength_attribute"], t
    if verb is not None:
        for child in verb.children:
            lemma = child.lemma_.lower()
            if child.dep_ not in ("dobj", "nsubj", "nsubjpass"):
                continue
            if lemma in c["generic"]:  # "put *the figure* at 1,000": the figure before it
                return previous or c["strength_attribute"], child
            if lemma in c["strength"] or c["nouns"].get(lemma) == c["strength_attribute"]:
                return c["strength_attribute"], child
        if vlemma in c["possession"] and previous is not None:
            return previous, None
        if by_verb == c["strength_attribute"]:
            return by_verb, None  # "is thought to number no more than 1,500"
    return None


_RANGE_TAIL = re.compile(rf"\s*(?:to|-|–|—)\s*(?P<num>{NUMBER})(?![\w,.]\d)", re.IGNORECASE)
_AS_FEW_AS = re.compile(r"as\s+(?:few|little)\s+as\s+$", re.IGNORECASE)


def _widened(q: Quantity, text: str) -> Quantity:
    """Readings the number reader leaves short: "some 5,000 to 7,000" (a hedged range) and
    "as few as 1,500" (an upper bound)."""
    if q.qualifier in ("approximately", "exact") and q.low is not None:
        tail = _RANGE_TAIL.match(text, q.end)
        second = parse_number(tail.group("num")) if tail else None
        if tail and second is not None and second > q.low:
            return Quantity(text[q.start:tail.end()], q.start, tail.end(), q.low, second, "range")
    if q.qualifier == "exact" and _AS_FEW_AS.search(text, max(0, q.start - 20), q.start):
        lead = _AS_FEW_AS.search(text, max(0, q.start - 20), q.start)
        assert lead is not None
        return Quantity(text[lead.start():q.end], lead.start(), q.end, None, q.high, "up_to")
    return q


_MONEY_JOIN = re.compile(r"\s*(?:and|to|-|–|—)\s*$", re.IGNORECASE)
_RANGE_OPENER = re.compile(r"(?:between|from)\s+$", re.IGNORECASE)


def _money_ranges(amounts: list[Quantity], text: str) -> list[Quantity]:
    """ "between $100 million and $150 million" is one range, not two amounts."""
    out: list[Quantity] = []
    for q in sorted(amounts, key=lambda a: a.start):
        prev = out[-1] if out else None
        if (prev is not None and prev.qualifier == "exact" and q.qualifier == "exact"
                and prev.low is not None and q.high is not None and prev.low < q.high
                and _MONEY_JOIN.fullmatch(text[prev.end:q.start])):
            opener = _RANGE_OPENER.search(text, max(0, prev.start - 10), prev.start)
            if opener or "and" not in text[prev.end:q.start].lower():
                start = opener.start() if opener else prev.start
                low = prev.low * _shared_scale(prev, q)
                out[-1] = Quantity(text[start:q.end], start, q.end, low, q.high, "range")
                continue
        out.append(q)
    return out


_SCALE = re.compile(r"\b(thousand|million|billion|trillion|[mbk]n?)\b", re.IGNORECASE)
_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9,
           "b": 1e9, "bn": 1e9, "trillion": 1e12}


def _shared_scale(first: Quantity, second: Quantity) -> float:
    """ "between $20 and $45 million": the first amount shares the second's scale word."""
    if _SCALE.search(first.text):
        return 1.0
    m = _SCALE.search(second.text)
    return _SCALES.get(m.group(1).lower(), 1.0) if m else 1.0


def candidates(document: Document, analysis: Analysis) -> list[tuple[Quantity, bool]]:
    """Every number (with whether it is a US-dollar amount), in text order."""
    amounts = find_money(document.text)
    money = _money_ranges([q for q, code in amounts if code == "USD"], document.text)
    spans = [(q.start, q.end) for q, _ in amounts] + [(q.start, q.end) for q in money]
    plain = [_widened(q, document.text) for q in analysis.quantities
             if not any(q.start < e and s < q.end for s, e in spans)]
    found = [(q, False) for q in plain] + [(q, True) for q in money]
    return sorted(found, key=lambda f: f[0].start)
