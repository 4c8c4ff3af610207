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
from watchfloor.extract import context
from watchfloor.extract.cues import load_cue_file
from watchfloor.ontology import load_ontology
from watchfloor.read.nlp import text_of

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
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children) and not any(
            c.dep_ == "aux" and c.lemma_ == "have" for c in tok.children):
        return True  # "plans to attack"; "were reported to have killed" happened
    if tok.dep_ == "relcl" and tok.tag_ == "VBD":
        return False  # "he planned the bombings that killed 180": the clause says it happened
    return any(anc.lemma_.lower() in hyp for anc in list(tok.ancestors)[:3])


def _dated_series(noun: Token) -> bool:
    """"The July 2006 Mumbai train bombings", "the November 2008 attacks": a plural attack
    noun with "the" and a date of its own names one coordinated attack, not a pattern."""
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children):
        return False
    return any(c.dep_ in ("nmod", "compound", "amod", "nummod") and (
        c.ent_type_ == "DATE" or (c.like_num and len(c.text) == 4 and c.text[:2] in ("19", "20")))
        for c in noun.children)


def trigger_kind(tok: Token) -> str | None:
    """'attack', 'kill' or 'injure' when the token names such an event here, else None.

    Nouns must be singular (a plural "attacks" is a pattern, not an event) and not inside
    a generic frame ("a wave of attacks", "the threat of an attack"); verbs must not be
    hypothetical or negated.
    """
    lemma = tok.lemma_.lower()
    data = cues()
    if tok.pos_ in ("NOUN", "PROPN") and lemma in data["attack_nouns"]:
        if tok.tag_ in ("NNS", "NNPS") and not _dated_series(tok):
            return None
        if tok.lower_ == "suicide" and tok.dep_ == "compound":
            return None
        if any(c.lower_ in data["not_attack_modifiers"] for c in tok.children):
            return None  # "a sexual assault": an abuse the reports list apart
        if lemma in ("strike",) and not any(c.lower_ in ("air", "drone", "missile", "armed")
                                            for c in tok.children):
            return None  # a labour strike; an "armed strike" is a shutdown by force
        heads = [tok.head, tok.head.head] if tok.dep_ == "pobj" else [tok.head]
        if any(h.lemma_.lower() in _words("generic_markers") for h in heads):
            return None
        if any(h.lemma_.lower() in _words("hypothetical_heads") for h in tok.ancestors) and (
                not _dated_series(tok)):
            return None  # "planned an attack"; "planned the July 2006 bombings" happened
        if tok.dep_ in ("nsubj", "nsubjpass") and any(c.dep_ == "neg" for c in tok.head.children):
            return None  # "the airstrike had not killed any civilians"
        return "attack"
    if tok.pos_ == "VERB" and lemma in data["weapon_verbs"] and (any(
            c.dep_ == "dobj" and is_weapon(c) for c in tok.children) or (
            tok.dep_ == "acl" and tok.tag_ == "VBN" and is_weapon(tok.head))):
        return None if _hypothetical(tok) else "attack"
    if tok.pos_ == "VERB":
        if _hypothetical(tok) or tok.tag_ == "VB" and not any(
                c.dep_ == "aux" and c.lemma_ in ("do", "have") for c in tok.children):
            return None
        if any(c.dep_ == "auxpass" and c.tag_ in ("VBP", "VBZ") for c in tok.children):
            return None  # "when thousands are killed on the battlefield": what happens
        if lemma not in data["attack_verbs"]:
            lemma = _inflected(tok.lower_, _words("attack_verbs")) or lemma
        if lemma in data["attack_verbs"]:
            if lemma in data["weak_attack_verbs"] and not _armed_subject(tok):
                return None  # "the designations targeted companies", "the news hit hard"
            return None if _habitual(tok) else "attack"
        if lemma == "open" and any(c.dep_ == "dobj" and c.lower_ == "fire"
                                   for c in tok.children):
            return None if _habitual(tok) else "attack"  # "opened fire on civilians"
        if lemma in data["kill_verbs"] or _to_death(tok):
            return None if _over_years(tok) or _in_custody(tok) else "kill"
        if lemma in data["injure_verbs"] and any(
                c.dep_ in ("dobj", "nsubjpass", "auxpass") for c in tok.children):
            return "injure"  # someone is hurt: "where it hurts" hurts no one
    return None


def nonviolent(verb: Token) -> bool:
    """"Cholera killed 200 people", "one man died of dehydration": a casualty verb whose
    subject or cause is no act of violence."""
    causes = set(cues()["nonviolent_causes"])
    return any(
        (c.dep_ in ("nsubj", "agent") or (c.dep_ == "prep" and c.lower_ in ("of", "from")))
        and any(t.lemma_.lower() in causes for t in c.subtree) for c in verb.children)


def _to_death(verb: Token) -> bool:
    """"stoned a man to death", "was beaten to death": any verb with "to death" kills
    (the parser hangs the phrase on the verb or on its object)."""
    near = [*verb.children, *[g for c in verb.children if c.dep_ == "dobj" for g in c.children]]
    return verb.pos_ == "VERB" and any(c.dep_ == "prep" and c.lower_ == "to" and any(
        g.dep_ == "pobj" and g.lemma_.lower() == "death" for g in c.children) for c in near)


def running_total(trigger: Token, time_head: Token | None) -> bool:
    """"More than 12,000 people have been killed since the insurgency began in 1980": a
    count that runs from a month or a year long past is a statistic, not an event. The
    time sits in a "since" phrase or clause on the trigger's clause."""
    x = time_head
    while x is not None and x.i != trigger.i:
        if x.lower_ == "since" or any(c.lower_ == "since" and c.dep_ in ("mark", "prep")
                                      for c in x.children):
            return True
        if x.head.i == x.i:
            break
        x = x.head
    return False


_SUFFIXES = ("ned", "ed", "d", "s", "ning", "ing")


def _inflected(form: str, lemmas: frozenset[str]) -> str | None:
    """The lemma of an inflected form the tagger lemmatised wrongly ("machinegunned")."""
    for suffix in _SUFFIXES:
        if form.endswith(suffix) and form[: -len(suffix)] in lemmas:
            return form[: -len(suffix)]
    return None


def _armed_subject(verb: Token) -> bool:
    """Is the subject of a verb that only sometimes names an attack ("targeted", "hit")
    a weapon, an attacker or a named group (an entity the parser tags ORG or NORP)?"""
    if violent_subject(verb):
        return True
    members = set(cues()["member_nouns"])
    return any(c.dep_ == "nsubj" and (c.lemma_.lower() in members or c.ent_type_ in (
        "ORG", "NORP") or any(t.lemma_.lower() in members for t in c.subtree))
        for c in verb.children)


def _claims_an_act(verb: Token) -> bool:
    """Does "X claimed ..." claim an act ("claimed the bombing", "claimed responsibility",
    "claimed it") rather than assert something ("claimed the movement had eliminated
    Daesh")? Only the first makes X a perpetrator."""
    data = cues()
    objects = {"responsibility", "credit", "it", "that", "this"} | set(data["attack_nouns"])
    return any(c.dep_ == "dobj" and c.lemma_.lower() in objects for c in verb.children)


def _denies_an_act(verb: Token) -> bool:
    """"The Taliban denied involvement", "denied that it was behind the attack", "denied
    it": a denial of the act; "the branch rejects the Taliban's project" denies nothing."""
    data = cues()
    objects = set(data["denied_objects"]) | set(data["attack_nouns"])
    obj = [c for c in verb.children if c.dep_ == "dobj"]
    if not obj:
        return True
    return any(o.lemma_.lower() in objects for o in obj)


def _habitual(tok: Token) -> bool:
    """"has attacked mosques many times", "repeatedly bombed", "for nearly half a century
    has killed": a pattern, not one event."""
    habit = set(cues()["habitual_adverbs"])
    if _over_years(tok):
        return True
    for c in tok.subtree:
        if c.lower_ in habit or (c.lower_ == "times" and c.head.i == tok.i) or (
                c.lower_ == "times" and c.head.head.i == tok.i):
            return True
    return False


def _in_custody(verb: Token) -> bool:
    """"Five died in captivity", "a detainee died in custody": a death in someone's hands,
    which the reports list among abuses, not a toll of an attack."""
    places = set(cues()["custody_words"])
    return verb.lemma_.lower() == "die" and any(
        c.dep_ == "prep" and c.lower_ in ("in", "while") and any(
            g.lemma_.lower() in places for g in c.subtree) for c in verb.children)


def _over_years(verb: Token) -> bool:
    """"For decades the group has killed", "over the past ten years it attacked": the
    verb spans years (a "for"/"over"/"throughout" phrase on it whose noun is a year or
    longer); an attack "for three days" is still one."""
    spans = set(cues()["long_spans"])
    return any(c.dep_ == "prep" and c.lower_ in ("for", "over", "throughout") and any(
        g.dep_ == "pobj" and g.lemma_.lower() in spans for g in c.children)
        for c in verb.children)


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
    kind: str  # "killed", "injured" or "casualties" (a combined figure)
    quantity: Quantity
    anchor: Token  # the verb or adjective the figure hangs on
    one_group: bool = False  # the victims are counted by nationality ("17 Americans")


def _next_word(doc: Doc, i: int, skip: int = 2) -> Token | None:
    for j in range(i + 1, min(len(doc), i + 1 + skip)):
        if doc[j].pos_ in ("ADJ", "VERB", "NOUN"):
            return doc[j]
    return None


def casualty_of(analysis: Analysis, q: Quantity) -> Casualty | None:
    """Is this number a death or injury toll, and of which kind? Subsets are not tolls."""
    cas = _casualty_of(analysis, q)
    if cas is None or _breakdown_aside(analysis.doc, q, cas.anchor):
        return None
    return Casualty(cas.kind, cas.quantity, cas.anchor, _one_group_of_victims(analysis.doc, q))


def _casualty_of(analysis: Analysis, q: Quantity) -> Casualty | None:
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
                                                               "conj", "ROOT", "relcl") and (
                not _uncounted_whole(anc, set(data["casualty_words"]))):
            return None
        if anc.pos_ == "VERB" and anc.lemma_.lower() not in ("include",):
            break
    if _listed_among(noun, set(data["subset_words"])):
        return None
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
    if rel in ("dobj", "nsubjpass") and lemma in kills | injures and _killed_or_injured(head):
        return Casualty("casualties", q, head)  # "100 people had been killed and injured"
    if rel in ("dobj", "nsubjpass") and lemma in kills:
        return Casualty("killed", q, head)
    if rel in ("dobj", "nsubjpass") and lemma in injures:
        return Casualty("injured", q, head)
    if rel == "dobj" and lemma == "shoot" and any(c.lower_ == "dead" for c in head.children):
        return Casualty("killed", q, head)
    if rel == "nsubj" and lemma in ("die", "perish") and not nonviolent(head):
        return None if _in_custody(head) else Casualty("killed", q, head)
    if rel == "nsubj" and (lemma in kills | injures or head.lower_ in dead | hurt) and (
            head.i == x.i + 1 and head.tag_ in ("VBN", "JJ")) and not any(
            c.dep_ == "dobj" for c in head.children):
        # "(243 killed, 846 wounded)", "with 12 killed": a count and a bare participle,
        # a passive with its auxiliary left out
        return Casualty("killed" if lemma in kills or head.lower_ in dead else "injured",
                        q, head)
    if rel == "dobj" and lemma == "leave":
        for c in head.children:
            if c.dep_ in ("oprd", "acomp", "xcomp", "ccomp", "advcl") and c.lower_ in dead | hurt:
                if _dead_or_hurt(c, dead, hurt):
                    return Casualty("casualties", q, head)  # "left 30 dead or wounded"
                return Casualty("killed" if c.lower_ in dead else "injured", q, head)
    if rel == "pobj" and head.lower_ in ("to", "at") and any(
            c.dep_ == "nsubj" and c.lemma_.lower() == "toll" for c in head.head.children):
        return Casualty("killed", q, head.head)
    if rel == "attr" and any(c.dep_ == "nsubj" and c.lemma_.lower() == "toll"
                             for c in head.children):
        return Casualty("killed", q, head)
    if noun.i != num.i and noun.lower_ in dead and noun.pos_ in ("NOUN", "ADJ"):
        return Casualty("killed", q, noun)  # "880 deaths", "85 fatalities", "46 dead"
    if noun.dep_ == "pobj" and noun.head.lower_ in ("of", "to"):
        # "the deaths of 32 civilians and injury to 38 others", "injury to nine"
        whole = noun.head.head
        if whole.lemma_.lower() in data["death_nouns"] and noun.head.lower_ == "of":
            return Casualty("killed", q, whole)
        if whole.lemma_.lower() in data["injury_nouns"] and noun.head.lower_ == "to":
            return Casualty("injured", q, whole)
    if noun.i != num.i and noun.lower_ in set(data["casualty_words"]):
        return Casualty("casualties", q, noun)  # "2,106 civilian casualties"
    after = _next_word(doc, noun.i)
    if after is not None and after.i > noun.i:
        if after.lower_ in set(data["casualty_words"]) or _dead_or_hurt(after, dead, hurt):
            return Casualty("casualties", q, after)
        if after.lower_ in dead:
            return Casualty("killed", q, after)
        if after.lower_ in hurt:
            return Casualty("injured", q, after)
    return None


_DASHES = re.compile(r"\s[-–—]\s|\s?—\s?|--")


def _breakdown_aside(doc: Doc, q: Quantity, anchor: Token) -> bool:
    """"killed 13 US service members - 11 Marines, a Navy corpsman and an Army soldier -
    and 170 Afghans": a count inside an aside (between dashes or in parentheses) whose
    casualty verb stands outside it breaks down a count made before, and is not added to
    it. "(243 killed, 846 wounded)" carries its own verbs inside and stays a toll."""
    sent = doc[anchor.i].sent
    text, at = sent.text, q.start - sent.start_char
    if not 0 <= at <= len(text):
        return False
    aside: tuple[int, int] | None = None
    opened = text.rfind("(", 0, at)
    if opened >= 0 and ")" not in text[opened:at]:
        closed = text.find(")", at)
        if closed >= 0:
            aside = (opened, closed)
    if aside is None:
        dashes = [m.start() for m in _DASHES.finditer(text)]
        before = [d for d in dashes if d < at]
        after = [d for d in dashes if d > at]
        if len(before) % 2 == 1 and after:
            aside = (before[-1], after[0])
    if aside is None:
        return False
    verb_at = anchor.idx - sent.start_char
    return not aside[0] <= verb_at <= aside[1]


def _listed_among(noun: Token, subset_words: set[str]) -> bool:
    """"Among the casualties were 88 women (37 killed, and 51 wounded)": a count in the
    subject of a fronted "among ... were" is part of a whole counted before, through the
    participles and relative clauses that hang on it, up to the clause's own verb."""
    for anc in noun.ancestors:
        if anc.lemma_ == "be" and any(c.dep_ == "prep" and c.lower_ in subset_words
                                      and c.i < anc.i for c in anc.children):
            return True
        if anc.pos_ in ("VERB", "AUX") and anc.tag_ != "VBN":
            return False
    return False


def _uncounted_whole(including: Token, whole_words: set[str]) -> bool:
    """"casualties, including 880 deaths and 864 injured": the whole has no figure of its
    own, so the parts under "including" are the figures, not a subset of one."""
    whole = including.head
    return whole.lemma_.lower() in whole_words and not any(
        c.dep_ == "nummod" for c in whole.children)


def _killed_or_injured(verb: Token) -> bool:
    """"killed and injured", "killed or wounded" sharing one count: a combined figure."""
    kills, injures = set(cues()["kill_verbs"]), set(cues()["injure_verbs"])
    mine = kills if verb.lemma_.lower() in kills else injures
    other = injures if mine is kills else kills
    pair = [c for c in verb.children if c.dep_ == "conj"]
    if verb.dep_ == "conj":
        pair.append(verb.head)
    return any(v.lemma_.lower() in other and not any(
        c.dep_ in ("dobj", "nsubjpass") or c.like_num for c in v.children)
        and not _counted_before(v) for v in pair)


def _counted_before(verb: Token) -> bool:
    """"three persons were killed and 71 wounded": the second verb has its own count,
    which the parser hangs anywhere but on the verb; it is the word right before it."""
    prev = verb.doc[verb.i - 1] if verb.i > 0 else None
    return prev is not None and prev.like_num and prev.i > verb.head.i


def _dead_or_hurt(word: Token, dead: set[str], hurt: set[str]) -> bool:
    """"60 dead or wounded": an adjective joined to its opposite by "and"/"or"."""
    if word.lower_ not in dead | hurt:
        return False
    other = hurt if word.lower_ in dead else dead
    return any(c.dep_ == "conj" and c.lower_ in other for c in word.children)


def toll_bounds(cas: Casualty) -> tuple[float | None, float | None]:
    """The toll as an analyst would sign it: "more than 120" is at least 121 (people are
    counted in whole numbers); a count of one group of victims ("killing 17 Americans",
    "241 U.S. military personnel") is a lower bound on the attack's toll."""
    q = cas.quantity
    low, high = q.low, q.high
    if q.qualifier == "more_than" and low is not None and float(low).is_integer():
        low = low + 1
    if low is not None and high is not None and cas.kind != "casualties" and low > 0 and (
            cas.one_group):
        high = None
    return low, high


def _one_group_of_victims(doc: Doc, q: Quantity) -> bool:
    """Are the counted victims named by nationality ("Americans", "U.S. Airmen")?"""
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None:
        return False
    num = span.root
    noun = num.head if num.dep_ in ("nummod", "quantmod") and num.head.i != num.i else num
    return _national(noun, skip=num.i)


_DESCRIBING = ("compound", "amod", "nmod", "appos")


def own_subtree(tok: Token) -> list[Token]:
    """The token's subtree without its conjuncts ("an American and three other
    passengers": the American's own words are "an American")."""
    out, stack = [], [tok]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ not in ("conj", "cc"))
    return out


def _national(noun: Token, skip: int = -1) -> bool:
    """Is the counted noun described by a nationality: "17 Americans", "U.S. Airmen",
    "American citizen and IDF soldier Michael Levin", "Levin, the only American ..."?
    The description is followed through modifiers and appositions, never into a
    preposition or a clause ("23 people, including two American service members" counts
    everyone)."""
    stack, seen = [noun], set()
    while stack:
        t = stack.pop()
        if t.i in seen:
            continue
        seen.add(t.i)
        if t.i != skip and t.ent_type_ in ("NORP", "GPE"):
            return True
        stack.extend(c for c in t.children if c.dep_ in _DESCRIBING)
    return False


_ONE = ("a", "an", "his", "her", "their")


def _bare_singular(tok: Token) -> bool:
    return tok.tag_ == "NN" and not any(c.dep_ in ("det", "poss", "nummod")
                                        for c in tok.children)


# Nouns that count no one by themselves: "a number of", "a family" (several people)
_UNCOUNTED = frozenset({"number", "handful", "host", "string", "series", "total", "majority",
                        "family", "group", "crowd", "couple", "household", "busload"})


def _one_victim(analysis: Analysis, obj: Token, verb_lemma: str) -> bool:
    """Does the object of a casualty verb name one person: "a tax official", "an
    American", a named person ("killed Camilo Roberto Taicus Bisbucus, an indigenous
    member"), or "the chairperson of the association" after "killed"/"murdered"?"""
    if obj.tag_ not in ("NN", "NNP", "JJ"):
        return False
    if obj.lemma_.lower() in _UNCOUNTED or any(c.lower_ == "unknown" for c in obj.children):
        return False  # "an unknown number of elders were also killed": a count not given
    if obj.ent_type_ in ("PERSON", "NORP") or any(
            m.type == "person" and m.start <= obj.idx < m.end
            for m in context.mentions_in(analysis, obj.sent)):
        return True
    described = [obj, *[c for c in obj.children if c.dep_ == "appos"]]
    if any(c.dep_ in ("det", "poss") and c.lower_ in _ONE for d in described
           for c in d.children):
        return True
    return verb_lemma in cues()["kill_one_verbs"] and obj.tag_ == "NN" and any(
        c.dep_ == "det" and c.lower_ == "the" for c in obj.children)


_SMALL = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}


def victim_counts(analysis: Analysis, trigger: Token, taken: set[int]) -> list[Casualty]:
    """Victims counted by the words that name them, where the number reader found no
    figure: "killing five Americans", "killed a tax official", "killed an American
    citizen and his wife" (two). Token indices in ``taken`` already carry a toll."""
    from watchfloor.records import Quantity

    data = cues()
    lemma = trigger.lemma_.lower()
    if trigger.pos_ != "VERB" or lemma in data["weak_casualty_verbs"]:
        return []
    kind = ("killed" if lemma in data["kill_verbs"] or _to_death(trigger) else
            "injured" if lemma in data["injure_verbs"] else None)
    if kind is None or _killed_or_injured(trigger):
        return []
    heads = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
    if not heads and trigger.dep_ == "conj":  # "a delegate was shot and killed"
        heads = [c for c in trigger.head.children if c.dep_ == "nsubjpass"]
    objects = [o for h in heads for o in (h, *[c for c in h.children if c.dep_ == "conj"])]
    out = []
    for obj in objects:
        nominal = obj.pos_ in ("NOUN", "PROPN") or (obj.pos_ == "ADJ" and obj.ent_type_ == "NORP")
        if not nominal or obj.i in taken or any(t.i in taken for t in own_subtree(obj)):
            continue  # "killing an American": a nationality adjective used as a noun
        if obj.lemma_.lower() in data["attacker_nouns"] or is_weapon(obj):
            continue
        nums = [c for c in obj.children if c.dep_ == "nummod"]
        j = obj.i - 1
        while j >= 0 and analysis.doc[j].dep_ in ("compound", "amod") and (
                analysis.doc[j].head.i > j):
            j -= 1
        left = analysis.doc[j] if j >= 0 else None
        if not nums and left is not None and left.like_num and left.i not in taken and (
                left.head.ent_type_ == "DATE" or left.head.i > obj.i):
            nums = [left]  # "In March nine soldiers were killed": "nine" hung on "March"
        if nums:
            word = nums[0].lower_
            n = _SMALL.get(word) or (int(word) if word.isdigit() else None)
        elif _one_victim(analysis, obj, lemma):
            n = 1
        else:
            continue
        if n is None:
            continue
        lo = min([t.idx for t in obj.subtree if t.dep_ not in ("relcl", "acl", "prep", "punct")
                  or t.i == obj.i] + [n.idx for n in nums])
        hi = obj.idx + len(obj)
        q = Quantity(text_of(analysis.doc)[lo:hi], lo, hi, float(n), float(n))
        described = obj.dep_ == "conj" and _bare_singular(obj.head)  # "American student
        # and volunteer David Cohen": one person, described by both
        out.append(Casualty(kind, q, trigger, _national(obj) or described and _national(
            obj.head)))
    return out


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


def _hyphenated_head(analysis: Analysis, m: Mention, tok: Token) -> Token:
    """"ISIS-DRC", "ISIS-WA" read as "ISIS": the name goes on through the hyphen, so its
    head is the last part's head."""
    doc = analysis.doc
    end = span_end_token(analysis, m)
    while end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ and (
            not doc[end].whitespace_) and doc[end + 1].pos_ in ("PROPN", "NOUN", "NUM"):
        end += 2
    if end == span_end_token(analysis, m):
        return tok
    span = doc[tok.i:end]
    return span.root if span.root.i >= tok.i else tok


def _agent_of_passive(by: Token) -> bool:
    """"The figure was given on the evening of the attack by X": a "by" phrase the parser
    hung on a noun inside the phrases of a passive verb that has no agent of its own is
    that verb's agent (X gave the figure), not the doer of the attack."""
    verb = next((a for a in by.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if verb is None or trigger_kind(verb) is not None:
        return False
    return any(c.dep_ == "auxpass" for c in verb.children) and not any(
        c.dep_ == "agent" for c in verb.children)


def span_end_token(analysis: Analysis, m: Mention) -> int:
    """Index one past the last token of a mention."""
    span = analysis.doc.char_span(m.start, m.end, alignment_mode="expand")
    return span.end if span is not None else 0


def _head_of(analysis: Analysis, m: Mention) -> Token | None:
    from watchfloor.extract.attribution import span_root

    return span_root(analysis.doc, m.start, m.end)


def perpetrator_role(analysis: Analysis, m: Mention) -> Perpetrator | None:
    """How the sentence names this group as a perpetrator, if it does."""
    data = cues()
    tok = _head_of(analysis, m)
    if tok is None:
        return None
    tok = _hyphenated_head(analysis, m, tok)
    # "Islamic State fighters stormed": the group is a modifier of the subject
    x = tok
    while x.dep_ in ("compound", "poss", "amod", "nmod") and x.head.i != x.i:
        x = x.head
    last = analysis.doc[span_end_token(analysis, m) - 1]
    after = analysis.doc[last.i + 1] if last.i + 1 < len(analysis.doc) else None
    if x.i == tok.i and after is not None and after.lemma_.lower() in data["member_nouns"] and (
            after.dep_ in ("nsubj", "nsubjpass", "pobj")):
        x = after  # the parser broke "X terrorists killed" apart; the words stay together
    if x.dep_ == "pobj" and x.head.lower_ == "of" and x.head.head.lemma_.lower() in data["member_nouns"]:
        x = x.head.head
    if is_country(m) and (x.i != tok.i or not _names_the_state(tok)):
        return None  # "Pakistan's deadliest attack", "Iran's proxies": a place, an owner
    if x.i == tok.i:  # "Hamas and Islamic Jihad carried out": both are the subject
        tok = x = first_conjunct(x)
    statement = _claiming_statement(tok)
    if statement is not None:
        return Perpetrator(m, "claim", statement)
    if x.i != tok.i and x.lemma_.lower() not in data["member_nouns"] and (
            x.lemma_.lower() not in data["attack_nouns"]) and (
            x.lemma_.lower() not in data["group_references"]) and not (
            is_weapon(x) and x.dep_ in ("nsubj", "pobj")):
        return None  # "the group's regional affiliate", "suspected IS-K hideouts"
    if any(c.dep_ == "relcl" and c.lemma_.lower() in data["deny_verbs"]
           for c in [*tok.children, *x.children]):
        return Perpetrator(m, "deny", x)  # "blamed the Taliban, who denied any role"
    if x.lower_ in data["suspect_words"] or any(c.lower_ in data["suspect_words"]
                                                 for c in [*x.children, *tok.children]):
        return Perpetrator(m, "suspect", x)
    if x.i != tok.i and tok.dep_ in ("compound", "poss") and trigger_kind(x) == "attack":
        return Perpetrator(m, "perform", x)  # "an FMLN attack", "the Taliban's ambush"
    rel, verb = x.dep_, x.head
    raised = rel == "dobj" and verb.lemma_.lower() in data["report_verbs"]  # "reported the
    # armed forces killed 203 persons", parsed with the forces as the object of "reported"
    if (x.lemma_.lower() in data["member_nouns"] and (rel in ("ROOT", "nsubj") or raised)) or (
            x.i == tok.i):
        # "ISIS-WA militants killed eight soldiers" parsed as a noun with a reduced
        # relative, and a chronology's "June 2025: the militias attacked three bases" with
        # the group hung on the date: a participle with its own direct object is the
        # finite verb, and the group its subject
        for c in x.children:
            if c.dep_ == "acl" and c.i > x.i and trigger_kind(c) in ("attack", "kill", "injure") and any(
                    g.dep_ == "dobj" for g in c.children):
                return Perpetrator(m, "perform", c)
    if rel == "nsubj" and verb.lemma_ == "be" and any(
            c.dep_ == "acomp" and c.lower_ == "responsible" for c in verb.children):
        resp = next(c for c in verb.children if c.lower_ == "responsible")
        return Perpetrator(m, "blame", resp)  # "ISIL was responsible for the attacks"
    if rel == "nsubjpass" and verb.lower_ == "involved" and any(
            c.dep_ == "prep" and c.lower_ == "in" and any(
                trigger_kind(g) == "attack" for g in c.children) for c in verb.children):
        return Perpetrator(m, "perform", verb)  # "he was involved in the 2012 bombing"
    if rel == "pobj" and verb.dep_ in ("agent", "prep"):
        prep, verb = verb, verb.head
        lemma = verb.lemma_.lower()
        tie = _affiliated_doer(prep, verb)
        if tie is not None:
            return Perpetrator(m, tie[0], tie[1])
        if prep.lower_ == "on" and lemma in data["blame_verbs"]:
            return Perpetrator(m, "blame", verb)
        if prep.dep_ == "agent" or prep.lower_ == "by":
            if verb.pos_ == "NOUN" and _agent_of_passive(prep):
                return None
            if lemma in data["responsibility_verbs"]:
                return Perpetrator(m, "claim", verb)
            if lemma in data["blame_verbs"]:
                return Perpetrator(m, "blame", verb)
            if lemma in data["suspect_words"]:
                return Perpetrator(m, "suspect", verb)
            if lemma in data["perform_verbs"] or trigger_kind(verb) in ("attack", "kill") or (
                    verb.lemma_.lower() in data["attack_nouns"]):
                return Perpetrator(m, "perform", verb)
        return None
    lemma = verb.lemma_.lower()
    if rel == "nsubj":
        if lemma in data["deny_verbs"] and _denies_an_act(verb):
            return Perpetrator(m, "deny", verb)
        if lemma in data["responsibility_verbs"]:
            return Perpetrator(m, "claim", verb) if _claims_an_act(verb) else None
        if lemma in data["perform_verbs"] or trigger_kind(verb) in ("attack", "kill", "injure"):
            return Perpetrator(m, "perform", verb)  # the active subject of wounding too
        if lemma in data["light_verbs"] and any(
                c.dep_ == "dobj" and trigger_kind(c) == "attack" for c in verb.children):
            return Perpetrator(m, "perform", verb)  # "the clan held an armed strike"
        if lemma in ("be",) and any(c.lower_ in data["suspect_words"] for c in verb.children):
            return Perpetrator(m, "suspect", verb)
        act = _subject_carries(verb)
        if act is not None:
            return Perpetrator(m, "perform", act)
    if rel == "nsubjpass" and lemma in data["report_verbs"]:
        act = _subject_carries(verb)
        if act is not None:  # "AMISOM troops were reported to have killed five civilians"
            return Perpetrator(m, "perform", act)
    if rel == "nsubjpass" and lemma in data["suspect_words"]:
        return Perpetrator(m, "suspect", verb)
    if rel == "nsubjpass" and lemma in data["blame_verbs"]:
        return Perpetrator(m, "blame", verb)
    if rel == "dobj" and lemma in data["blame_verbs"]:
        return Perpetrator(m, "blame", verb)
    if rel == "dobj" and lemma in data["suspect_words"]:
        return Perpetrator(m, "suspect", verb)
    return None


def is_country(m: Mention) -> bool:
    """A country's name: a perpetrator only as the doer ("Iran launched", "strikes by
    Pakistan"), where the state acts; as a modifier it is where ("Pakistan's attack")."""
    return m.type == "location" and m.place is not None and m.place.kind == "country"


def _names_the_state(tok: Token) -> bool:
    """"Iran", not "Russians": a people ("Russians shot into a fair") is not its state."""
    return tok.ent_type_ == "GPE" or tok.pos_ == "PROPN" and tok.ent_type_ != "NORP"


def first_conjunct(tok: Token) -> Token:
    """The first of a row of conjoined nouns ("Hamas and Islamic Jihad", "Iran and its
    proxies"): each one stands where the first stands, as the subject, the agent or the
    object of the same verb."""
    x = tok
    while x.dep_ == "conj" and x.head.i != x.i and x.head.pos_ in ("PROPN", "NOUN", "PRON"):
        x = x.head
    return x


def _claiming_statement(tok: Token) -> Token | None:
    """"A document signed by the Che Guevara Front of the ELN claiming responsibility for
    the action", "a statement from the group claiming the attack": the group that issued
    a statement claiming the act claims it. Returns the claiming verb."""
    x, steps = tok, 0
    while x.head.i != x.i and steps < 8:
        x, steps = x.head, steps + 1
        if x.pos_ in ("NOUN", "PROPN"):
            for c in x.children:
                if c.dep_ == "acl" and c.lemma_.lower() in cues()["responsibility_verbs"] and (
                        c.i > tok.i and _claims_an_act(c)):
                    return c
        if x.pos_ == "VERB" and x.dep_ not in ("acl",):
            break
    return None


def _subject_carries(verb: Token) -> Token | None:
    """The act a subject carries out through a verb that is no trigger of its own:
    "forces opened fire on civilians, killing two persons" (a participle clause with no
    subject of its own), "a soldier began shooting" (the verb's complement)."""
    for c in verb.children:
        if trigger_kind(c) not in ("attack", "kill"):
            continue
        own_subject = any(g.dep_ in _SUBJ for g in c.children)
        if c.dep_ == "xcomp" or (c.dep_ == "advcl" and c.tag_ == "VBG" and not own_subject):
            return c
    # "fighters detained, tortured, and killed persons": a verb later in a chain of
    # conjoined verbs shares the first verb's subject
    chain = [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"]
    while chain:
        c = chain.pop(0)
        if any(g.dep_ in _SUBJ for g in c.children):
            continue
        if trigger_kind(c) in ("attack", "kill"):
            return c
        chain.extend(g for g in c.children if g.dep_ == "conj" and g.pos_ == "VERB")
    return None


def _affiliated_doer(prep: Token, verb: Token) -> tuple[str, Token] | None:
    """"A suicide bomber linked to Hamas killed 20 people", "a dozen men affiliated with
    the Quds Force killed five soldiers": the group the doers are tied to is the
    perpetrator, asserted when they belong to it, probable when they are only linked.
    Returns the mode and the verb the doers are the subject of."""
    ties = cues()["affiliation_verbs"]
    lemma = verb.lemma_.lower()
    if prep.lower_ not in ("to", "with") or lemma not in ties or verb.dep_ != "acl":
        return None
    doers = verb.head
    if doers.lemma_.lower() not in {*cues()["member_nouns"], *cues()["attacker_nouns"],
                                    *cues()["doer_nouns"]}:
        return None
    if doers.dep_ == "nsubj" and trigger_kind(doers.head) in ("attack", "kill"):
        return ties[lemma], doers.head
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
        out.append(Casualty(kind, total, items[0].anchor, all(c.one_group for c in items)))
    return out


# --- "the group", "its fighters" ----------------------------------------------------

TOPIC_WINDOW = 3  # sentences back in which the one group "the group" can stand for is sought


def _antecedent_group(analysis: Analysis, sent: Span) -> str | None:
    """The one armed group the last few sentences (and this one, before the phrase) name.

    Written behind one function so the reading layer's document topic
    (``Analysis.topic_at``) replaces it when it exists; until then a group counts only
    when it is the only one named in the window, so "the group" is never a guess.
    """
    topic_at = getattr(analysis, "topic_at", None)
    if callable(topic_at):
        key = topic_at(sent.start_char)
        return key if isinstance(key, str) else None
    sents = [s for s in analysis.sentences if s.end <= sent.start_char][-TOPIC_WINDOW:]
    start = sents[0].start if sents else sent.start_char
    keys = {m.key for m in analysis.mentions
            if m.type == "armed_group" and start <= m.start < sent.end_char}
    return keys.pop() if len(keys) == 1 else None


def topic_group(analysis: Analysis, sent: Span) -> Perpetrator | None:
    """"The group claimed responsibility", "its fighters stormed", "the militants
    attacked": a perpetrator named by reference to the group the passage is about."""
    from watchfloor.records import Mention

    data = cues()
    words, members = set(data["group_references"]), set(data["member_nouns"])
    # the sentence's own mentions (bisection), not all the document's, per sentence
    taken = [(m.start, m.end) for m in context.mentions_in(analysis, sent)]
    for tok in sent:
        lower = tok.lower_
        by_name = lower in words and any(c.dep_ == "det" and c.lower_ == "the"
                                         for c in tok.children)
        by_its = tok.lemma_.lower() in members and any(
            c.dep_ == "poss" and c.lower_ in ("its", "their") for c in tok.children)
        if not (by_name or by_its) or any(a <= tok.idx < b for a, b in taken):
            continue
        key = _antecedent_group(analysis, sent)
        if key is None:
            return None
        m = Mention(tok.idx, tok.idx + len(tok), tok.text, "armed_group", key, "topic")
        role = perpetrator_role(analysis, m)
        if role is not None and role.mode in ("perform", "claim"):
            return role
    return None
