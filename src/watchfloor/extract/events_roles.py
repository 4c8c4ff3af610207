"""Reading one sentence for events: triggers, casualty figures, perpetrators, arguments.

Why apart from ``events.py``: these are the per-token readings of the dependency parse
(which token names an attack, which number is a death toll, which group is named as the
perpetrator and how), while ``events.py`` decides which sentences report the same event
and writes the records. The WikiEvents bench calls ``arguments_for_trigger`` directly with
gold triggers, so the role readings are testable without the event grouping.

Cue words live in ``data/cues/events.yaml``; the names they map to (methods, certainty
levels) are checked against the ontology when the file is loaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from watchfloor.exceptions import OntologyError
from watchfloor.extract.cues import load_cue_file
from watchfloor.ontology import load_ontology

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from watchfloor.read.analysis import Analysis
    from watchfloor.records import Mention, Quantity

_SUBJ = ("nsubj", "nsubjpass", "csubj")


@cache
def cues() -> dict[str, Any]:
    """The event cues, checked against the ontology's methods and certainty levels."""
    data = load_cue_file("events")["events"]
    onto = load_ontology()
    methods = set(onto.event_types["attack"].methods)
    for name in [*data["methods"], *data["method_order"]]:
        if name not in methods:
            raise OntologyError(f"cues/events.yaml: events.methods: unknown method {name!r}")
    for mode, level in data["perpetrator_certainty"].items():
        try:
            onto.check_certainty(level)
        except OntologyError as exc:
            raise OntologyError(
                f"cues/events.yaml: events.perpetrator_certainty.{mode}: {exc}") from None
    return data


@cache
def _method_patterns() -> list[tuple[str, re.Pattern[str]]]:
    data = cues()
    out = []
    for method in data["method_order"]:
        words = sorted(data["methods"].get(method, []), key=len, reverse=True)
        alt = "|".join(re.escape(w) for w in words)
        out.append((method, re.compile(rf"(?<![\w-])(?:{alt})(?![\w-])", re.IGNORECASE)))
    return out


def method_in(text: str) -> str | None:
    """The most specific attack method named in ``text`` (order from the cue file)."""
    for method, pattern in _method_patterns():
        if pattern.search(text):
            return method
    return None


def _words(name: str) -> frozenset[str]:
    return frozenset(cues()[name])


def is_weapon(tok: Token) -> bool:
    """A weapon or device word: the subject of "killed" that is no attacker."""
    return tok.lemma_.lower() in _words("weapons")


# --- triggers -----------------------------------------------------------------------


def _hypothetical(tok: Token) -> bool:
    """Future, planned, threatened, foiled or negated: no event happened."""
    hyp = _words("hypothetical_heads")
    if any(c.dep_ == "neg" or c.lower_ in hyp for c in tok.children):
        return True
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return True
    return any(anc.lemma_.lower() in hyp for anc in list(tok.ancestors)[:3])


def trigger_kind(tok: Token) -> str | None:
    """'attack', 'kill' or 'injure' when the token names such an event here, else None.

    Nouns must be singular (a plural "attacks" is a pattern, not an event) and not inside
    a generic frame ("a wave of attacks", "the threat of an attack"); verbs must not be
    hypothetical or negated.
    """
    lemma = tok.lemma_.lower()
    data = cues()
    if tok.pos_ in ("NOUN", "PROPN") and lemma in data["attack_nouns"]:
        if tok.tag_ in ("NNS", "NNPS"):
            return None
        if tok.lower_ == "suicide" and tok.dep_ == "compound":
            return None
        if lemma in ("strike",) and not any(c.lower_ in ("air", "drone", "missile")
                                            for c in tok.children):
            return None
        heads = [tok.head, tok.head.head] if tok.dep_ == "pobj" else [tok.head]
        if any(h.lemma_.lower() in _words("generic_markers") for h in heads):
            return None
        if any(h.lemma_.lower() in _words("hypothetical_heads") for h in tok.ancestors):
            return None
        if tok.dep_ in ("nsubj", "nsubjpass") and any(c.dep_ == "neg" for c in tok.head.children):
            return None  # "the airstrike had not killed any civilians"
        return "attack"
    if tok.pos_ == "VERB" and lemma in ("launch", "fire", "lob") and any(
            c.dep_ == "dobj" and is_weapon(c) for c in tok.children):
        return None if _hypothetical(tok) else "attack"
    if tok.pos_ == "VERB":
        if _hypothetical(tok) or tok.tag_ == "VB" and not any(
                c.dep_ == "aux" and c.lemma_ in ("do", "have") for c in tok.children):
            return None
        if lemma in data["attack_verbs"]:
            return None if _habitual(tok) else "attack"
        if lemma in data["kill_verbs"]:
            return "kill"
        if lemma in data["injure_verbs"]:
            return "injure"
    return None


def _claims_an_act(verb: Token) -> bool:
    """Does "X claimed ..." claim an act ("claimed the bombing", "claimed responsibility",
    "claimed it") rather than assert something ("claimed the movement had eliminated
    Daesh")? Only the first makes X a perpetrator."""
    data = cues()
    objects = {"responsibility", "credit", "it", "that", "this"} | set(data["attack_nouns"])
    return any(c.dep_ == "dobj" and c.lemma_.lower() in objects for c in verb.children)


def _habitual(tok: Token) -> bool:
    """"has attacked mosques many times", "repeatedly bombed": a pattern, not one event."""
    habit = {"repeatedly", "often", "frequently", "regularly", "routinely"}
    for c in tok.subtree:
        if c.lower_ in habit or (c.lower_ == "times" and c.head.i == tok.i) or (
                c.lower_ == "times" and c.head.head.i == tok.i):
            return True
    return False


def violent_subject(verb: Token) -> bool:
    """Is the subject (or agent) of a casualty verb a weapon or an attacker?"""
    agents = _words("violent_agents")
    for c in verb.children:
        if c.dep_ in ("nsubj", "agent", "nsubjpass") or (c.dep_ == "prep" and c.lower_ in ("in", "by")):
            nodes = [c, *c.subtree] if c.dep_ != "nsubjpass" else []
            if c.dep_ == "prep" or c.dep_ == "agent":
                nodes = list(c.subtree)
            if any(t.lemma_.lower() in agents or t.lower_ in agents for t in nodes):
                return True
    return False


# --- casualties ---------------------------------------------------------------------


@dataclass(frozen=True)
class Casualty:
    kind: str  # "killed" or "injured"
    quantity: Quantity
    anchor: Token  # the verb or adjective the figure hangs on


def _next_word(doc: Doc, i: int, skip: int = 2) -> Token | None:
    for j in range(i + 1, min(len(doc), i + 1 + skip)):
        if doc[j].pos_ in ("ADJ", "VERB", "NOUN"):
            return doc[j]
    return None


def casualty_of(analysis: Analysis, q: Quantity) -> Casualty | None:
    """Is this number a death or injury toll, and of which kind? Subsets are not tolls."""
    from watchfloor.extract.attribution import span_root

    doc = analysis.doc
    num = span_root(doc, q.start, q.end)
    if num is None or q.low is None and q.high is None:
        return None
    data = cues()
    noun = num.head if num.dep_ in ("nummod", "quantmod", "amod") and num.head.i != num.i else num
    # the number of something already counted ("including 13 soldiers", "among them")
    for anc in [noun, *noun.ancestors][:4]:
        if anc.lower_ in data["subset_words"] and anc.dep_ in ("prep", "agent", "advcl",
                                                               "conj", "ROOT", "relcl"):
            return None
        if anc.pos_ == "VERB" and anc.lemma_.lower() not in ("include",):
            break
    if noun.i != num.i and noun.lemma_.lower() in data["attacker_nouns"]:
        return None  # "seven attackers had died": the attackers are not the attack's toll
    kills, injures = set(data["kill_verbs"]), set(data["injure_verbs"])
    dead, hurt = set(data["dead_words"]), set(data["injured_words"])
    x = noun
    while x.dep_ == "conj" and x.head.pos_ != "VERB":
        x = x.head
    head, rel = x.head, x.dep_
    if rel == "conj" and x.pos_ in ("NOUN", "PROPN") and head.lemma_.lower() in kills | injures:
        rel = "dobj"  # "killed 13 soldiers and 170 civilians", parsed as a conjoined verb
    lemma = head.lemma_.lower()
    if rel in ("dobj", "nsubjpass") and lemma in kills:
        return Casualty("killed", q, head)
    if rel in ("dobj", "nsubjpass") and lemma in injures:
        return Casualty("injured", q, head)
    if rel == "dobj" and lemma == "shoot" and any(c.lower_ == "dead" for c in head.children):
        return Casualty("killed", q, head)
    if rel == "nsubj" and lemma in ("die", "perish"):
        return Casualty("killed", q, head)
    if rel == "dobj" and lemma == "leave":
        for c in head.children:
            if c.dep_ in ("oprd", "acomp", "xcomp", "ccomp", "advcl") and c.lower_ in dead | hurt:
                return Casualty("killed" if c.lower_ in dead else "injured", q, head)
    if rel == "pobj" and head.lower_ in ("to", "at") and any(
            c.dep_ == "nsubj" and c.lemma_.lower() == "toll" for c in head.head.children):
        return Casualty("killed", q, head.head)
    if rel == "attr" and any(c.dep_ == "nsubj" and c.lemma_.lower() == "toll"
                             for c in head.children):
        return Casualty("killed", q, head)
    after = _next_word(doc, noun.i)
    if after is not None and after.i > noun.i:
        if after.lower_ in dead:
            return Casualty("killed", q, after)
        if after.lower_ in hurt:
            return Casualty("injured", q, after)
    return None


def zero_casualties(sent: Span) -> list[Casualty]:
    """"No one was killed", "nobody was hurt": a toll of zero, not a negated toll."""
    from watchfloor.records import Quantity

    data = cues()
    out = []
    for tok in sent:
        if tok.dep_ != "nsubjpass":
            continue
        zero = tok.lower_ == "nobody" or (tok.lower_ == "one" and any(
            c.lower_ == "no" for c in tok.children))
        lemma = tok.head.lemma_.lower()
        if not zero or lemma not in [*data["kill_verbs"], *data["injure_verbs"]]:
            continue
        phrase = tok.doc[tok.left_edge.i : tok.i + 1]  # a span: Doc.text would join every token
        q = Quantity(phrase.text, phrase.start_char, phrase.end_char, 0, 0)
        out.append(Casualty("killed" if lemma in data["kill_verbs"] else "injured", q, tok.head))
    return out


# --- perpetrators -------------------------------------------------------------------


@dataclass(frozen=True)
class Perpetrator:
    mention: Mention
    mode: str  # claim, blame, suspect, perform, deny
    anchor: Token  # the verb or noun that names the role


def _head_of(analysis: Analysis, m: Mention) -> Token | None:
    from watchfloor.extract.attribution import span_root

    return span_root(analysis.doc, m.start, m.end)


def perpetrator_role(analysis: Analysis, m: Mention) -> Perpetrator | None:
    """How the sentence names this group as a perpetrator, if it does."""
    data = cues()
    tok = _head_of(analysis, m)
    if tok is None:
        return None
    # "Islamic State fighters stormed": the group is a modifier of the subject
    x = tok
    while x.dep_ in ("compound", "poss", "amod", "nmod") and x.head.i != x.i:
        x = x.head
    if x.dep_ == "pobj" and x.head.lower_ == "of" and x.head.head.lemma_.lower() in data["member_nouns"]:
        x = x.head.head
    if x.i != tok.i and x.lemma_.lower() not in data["member_nouns"] and (
            x.lemma_.lower() not in data["attack_nouns"]):
        return None  # "the group's regional affiliate", "suspected IS-K hideouts"
    if any(c.dep_ == "relcl" and c.lemma_.lower() in data["deny_verbs"]
           for c in [*tok.children, *x.children]):
        return Perpetrator(m, "deny", x)  # "blamed the Taliban, who denied any role"
    if x.lower_ in data["suspect_words"] or any(c.lower_ in ("suspected", "alleged")
                                                 for c in [*x.children, *tok.children]):
        return Perpetrator(m, "suspect", x)
    rel, verb = x.dep_, x.head
    if rel == "pobj" and verb.dep_ in ("agent", "prep"):
        prep, verb = verb, verb.head
        lemma = verb.lemma_.lower()
        if prep.lower_ == "on" and lemma in data["blame_verbs"]:
            return Perpetrator(m, "blame", verb)
        if prep.dep_ == "agent" or prep.lower_ == "by":
            if lemma in data["responsibility_verbs"]:
                return Perpetrator(m, "claim", verb)
            if lemma in data["blame_verbs"]:
                return Perpetrator(m, "blame", verb)
            if lemma in data["suspect_words"]:
                return Perpetrator(m, "suspect", verb)
            if lemma in data["perform_verbs"] or trigger_kind(verb) == "attack" or (
                    verb.lemma_.lower() in data["attack_nouns"]):
                return Perpetrator(m, "perform", verb)
        return None
    lemma = verb.lemma_.lower()
    if rel == "nsubj":
        if lemma in data["deny_verbs"]:
            return Perpetrator(m, "deny", verb)
        if lemma in data["responsibility_verbs"]:
            return Perpetrator(m, "claim", verb) if _claims_an_act(verb) else None
        if lemma in data["perform_verbs"] or trigger_kind(verb) in ("attack", "kill"):
            return Perpetrator(m, "perform", verb)
        if lemma in ("be",) and any(c.lower_ in data["suspect_words"] for c in verb.children):
            return Perpetrator(m, "suspect", verb)
    if rel == "nsubjpass" and lemma in data["suspect_words"]:
        return Perpetrator(m, "suspect", verb)
    if rel == "nsubjpass" and lemma in data["blame_verbs"]:
        return Perpetrator(m, "blame", verb)
    if rel == "dobj" and lemma in data["blame_verbs"]:
        return Perpetrator(m, "blame", verb)
    if rel == "dobj" and lemma in data["suspect_words"]:
        return Perpetrator(m, "suspect", verb)
    return None


def sum_conjoined(analysis: Analysis, found: list[Casualty]) -> list[Casualty]:
    """One toll from conjoined counts on one verb: "killed 13 US service members and at
    least 170 Afghans" is at least 183 killed, not two tolls of 13 and 170."""
    from watchfloor.records import Quantity

    groups: dict[tuple[str, int], list[Casualty]] = {}
    for cas in found:
        groups.setdefault((cas.kind, cas.anchor.i), []).append(cas)
    out: list[Casualty] = []
    for (kind, _), items in groups.items():
        if len(items) == 1 or any(c.quantity.low is None for c in items):
            out.extend(items)
            continue
        items.sort(key=lambda c: c.quantity.start)
        first, last = items[0].quantity, items[-1].quantity
        highs = [c.quantity.high for c in items]
        around = analysis.doc.char_span(first.start, last.end, alignment_mode="expand")
        if around is None:
            out.extend(items)
            continue
        text = around.text[first.start - around.start_char : last.end - around.start_char]
        total = Quantity(
            text=text, start=first.start, end=last.end,
            low=sum(c.quantity.low or 0 for c in items),
            high=None if None in highs else sum(h or 0 for h in highs),
            qualifier="exact" if None not in highs else "at_least")
        out.append(Casualty(kind, total, items[0].anchor))
    return out
