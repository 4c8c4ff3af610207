"""One sentence, read for attacks: each reported occurrence with its own date, place,
perpetrators, tolls and method.

Why occurrences and not sentences: "The ELN bombed a pipeline in Boyaca on February 9 and
damaged power towers on February 15" reports two attacks, and "blew up a bus in
Jerusalem, killing an American" one. Triggers (attack nouns and verbs, casualty verbs)
that hang on one another in the parse are one occurrence, unless conjoined clauses give
them dates that cannot be one day. Each occurrence then takes only what is attached to
its own triggers: the time and the place on their clause chain (never a date from an
unrelated clause elsewhere in the sentence), the tolls whose verb lies under them, the
perpetrators whose verb governs them or that they govern. Only a sentence that reports a
single occurrence falls back on the sentence's first point-like date, then on the date
heading its paragraph ("- April 1983: ...").

Places: the most specific place that is an argument of a trigger ("in Lume, North Kivu
Province" is Lume; "a US strike in Somalia" is in Somalia), never a modifier ("the US
embassy", "Iran-backed militias") and never a dateline ("WASHINGTON –").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from watchfloor.edtf import overlaps, span_days
from watchfloor.extract import context
from watchfloor.extract.attribution import span_root
from watchfloor.extract.events_arguments import arguments_for_trigger
from watchfloor.extract.events_clock import heading_for
from watchfloor.extract.events_roles import (
    Casualty,
    Perpetrator,
    casualty_of,
    cues,
    is_country,
    is_weapon,
    method_in,
    nonviolent,
    own_subtree,
    perpetrator_role,
    running_total,
    sum_conjoined,
    topic_group,
    trigger_kind,
    victim_counts,
    violent_subject,
    zero_casualties,
)
from watchfloor.extract.events_rows import conjoined, two_killings
from watchfloor.read.nlp import text_of

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from watchfloor.read.analysis import Analysis
    from watchfloor.records import Mention, TimeExpr

_DEFINITE = frozenset({"the", "this", "that", "its", "their"})
_PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "on", "across", "into",
                          "around", "of"})
# how much ground a place kind covers: the most specific place of an event is the lowest
PLACE_RANK = {"facility": 0, "city": 1, None: 1, "district": 2, "province": 3,
              "region": 4, "country": 5}
_OPEN_SIGNALS = ("since", "until", "by", "before", "after", "from", "between")
AGGREGATE_DAYS = 31  # a toll dated by a period longer than this is a total, not one attack


@dataclass
class Occurrence:
    """One attack as one sentence reports it."""

    sent: Span
    triggers: list[tuple[Token, str]]
    time: TimeExpr | None = None
    time_how: str | None = None  # "clause", "sentence", "heading", "relative", ...
    dated_itself: bool = False  # the date is the act's own, not a later claim's
    place: Mention | None = None
    method: str | None = None
    target: str | None = None
    tolls: list[Casualty] = field(default_factory=list)
    perps: list[Perpetrator] = field(default_factory=list)
    share: bool = False  # one actor's share of a period's attacks (``events_shares``)
    separate: bool = False  # a second killing in a row of verbs (``events_rows``)

    @property
    def anchor(self) -> Token:
        return min((t for t, _ in self.triggers), key=_depth)

    @property
    def definite(self) -> bool:
        """The occurrence is named by reference back ("the attack", "the bombing was a
        suicide attack"): its first trigger is a definite noun phrase."""
        return _definite(min((t for t, _ in self.triggers), key=lambda t: t.i))

    @property
    def marked_new(self) -> bool:
        """"another attack", "a second explosion", "a week later the group attacked"."""
        return self.separate or any(_new_marker(t) for t, _ in self.triggers)

    @property
    def aggregate(self) -> bool:
        """A toll over a period ("1,505 civilians were killed in the first six months"):
        its own event, never an attack's toll."""
        if self.share:
            return True
        counted = bool(self.tolls) or any(_counted_object(t) for t, _ in self.triggers)
        # an open end ("../2022-06": reported in June) is a date not known exactly, not
        # a period counted over
        return counted and self.time is not None and "/" in self.time.edtf and (
            ".." not in self.time.edtf) and (
            span_days(self.time.edtf) > AGGREGATE_DAYS)


@dataclass
class SentenceReading:
    occurrences: list[Occurrence]
    loose_tolls: list[Casualty]  # figures of a sentence with no trigger of its own
    loose_perps: list[Perpetrator]  # roles that hang on no trigger ("...; X claimed it")


def _counted_object(trigger: Token) -> bool:
    """"Al-Shabaab abducted 216 persons in the first half of the year": a counted
    object makes a verb over a period a total, like a toll does."""
    return trigger.pos_ == "VERB" and any(
        c.dep_ in ("dobj", "nsubjpass") and any(g.dep_ == "nummod" for g in c.children)
        for c in trigger.children)


def _depth(tok: Token) -> int:
    n = 0
    while tok.head.i != tok.i:
        tok, n = tok.head, n + 1
    return n


def _definite(tok: Token) -> bool:
    return tok.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ in ("det", "poss") and c.lower_ in _DEFINITE for c in tok.children)


def _new_marker(tok: Token) -> bool:
    marks = set(cues()["new_event_markers"])
    if any(c.lower_ in marks for c in tok.children):
        return True
    verb = tok if tok.pos_ == "VERB" else tok.head
    return any(c.lower_ in ("later", "afterwards") and c.dep_ == "advmod"
               for c in verb.children)


def sentence_triggers(analysis: Analysis, sent: Span) -> list[tuple[Token, str]]:
    """Attack triggers. "kill" verbs name violence of themselves unless their subject is a
    disease or a disaster; "die", "perish" and injury verbs only with a weapon, an
    attacker, a method or an armed group in the sentence."""
    out = []
    violent = None
    weak = set(cues()["weak_casualty_verbs"])
    for tok in sent:
        kind = trigger_kind(tok) or ("kill" if _counted_deaths(tok) else None)
        if kind is None:
            continue
        if kind in ("kill", "injure"):
            if kind == "kill" and tok.lemma_.lower() not in weak and tok.pos_ == "VERB":
                if nonviolent(tok):
                    continue
            else:
                if violent is None:
                    violent = method_in(sent.text) is not None or any(
                        m.type == "armed_group" for m in context.mentions_in(analysis, sent))
                if not (violent or violent_subject(tok) or _counted_deaths(tok) and any(
                        t.lemma_.lower() in cues()["attack_nouns"] for t in sent)):
                    continue
        out.append((tok, kind))
    return out


def _counted_deaths(tok: Token) -> bool:
    """"880 deaths and 864 injured", "the deaths of 32 civilians", "85 fatalities": a
    counted death noun reports killings (a total, usually, dated by its period)."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in cues()["death_nouns"]:
        return False
    if any(c.dep_ == "nummod" for c in tok.children):
        return True
    return any(c.dep_ == "prep" and c.lower_ == "of" and any(
        o.dep_ == "pobj" and any(n.dep_ == "nummod" for n in o.children) for o in c.children)
        for c in tok.children)


def _linked(a: Token, b: Token) -> bool:
    """Is one token in the other's subtree, or are they the subject and the complement of
    one copula ("the bombing was a suicide attack")? Then they describe one occurrence."""
    if a.i in {t.i for t in b.subtree} or b.i in {t.i for t in a.subtree}:
        return True
    return a.head.i == b.head.i and a.head.lemma_ == "be" and {a.dep_, b.dep_} == {
        "nsubj", "attr"}


def _conj_between(a: Token, b: Token) -> bool:
    """Does the path from the lower token up to the higher pass a clause conjunction?"""
    low, high = (a, b) if _depth(a) > _depth(b) else (b, a)
    x = low
    while x.i != high.i and x.head.i != x.i:
        if x.dep_ == "conj":
            return True  # "bombed a pipeline on 9 February and damaged towers on the 15th",
            # "the April 2017 metro bombing and the August 2016 embassy bombing"
        x = x.head
    return False


def _group(analysis: Analysis, triggers: list[tuple[Token, str]]) -> list[list[tuple[Token, str]]]:
    """Triggers that hang on one another are one occurrence, unless a clause conjunction
    separates them and each has a date of its own that the other cannot share."""
    n = len(triggers)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    own = [context.time_for(analysis, t) for t, _ in triggers]
    party = [_party_of(analysis, t) for t, _ in triggers]
    for i in range(n):
        for j in range(i + 1, n):
            a, b = triggers[i][0], triggers[j][0]
            if not _linked(a, b) or party[i] != party[j]:
                continue
            ta, tb = own[i], own[j]
            if (_conj_between(a, b) and ta is not None and tb is not None
                    and ta.start != tb.start and not overlaps(ta.edtf, tb.edtf)):
                continue
            if two_killings(triggers[i], triggers[j]):
                continue
            parent[find(j)] = find(i)
    groups: dict[int, list[tuple[Token, str]]] = {}
    for i, trig in enumerate(triggers):
        groups.setdefault(find(i), []).append(trig)
    return sorted(groups.values(), key=lambda g: min(t.i for t, _ in g))


@cache
def _period_reference() -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in cues()["period_references"])
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


def _refers_to_period(text: str) -> bool:
    """"during that period", "in the same period", "these attacks": the sentence goes on
    about the period the passage just named."""
    return _period_reference().search(text) is not None


def last_period(analysis: Analysis, sent: Span) -> TimeExpr | None:
    """The last time expression of a sentence that is a period (wider than a month)."""
    found = [t for t in context.times_in(analysis, sent)
             if "/" in t.edtf and span_days(t.edtf) > AGGREGATE_DAYS or (
                 len(t.edtf) == 4 and t.edtf.isdigit())]
    return found[-1] if found else None


_UNIT_DAYS = {"day": 1, "week": 7}


def days_apart(analysis: Analysis, occ: Occurrence) -> TimeExpr | None:
    """"Families buried their dead on Saturday, a day after a suicide bombing killed 60":
    the bombing is a day before the day the sentence is dated by. The trigger sits under
    "after"/"before" with a count of days or weeks; the base is the sentence's other
    day-precision date (never one inside that phrase). The result keeps the phrase as its
    text, so the claim records how the date was found."""
    from dataclasses import replace
    from datetime import date, timedelta

    for trig, _ in occ.triggers:
        prep = trig.head if trig.dep_ == "pobj" else None
        if prep is None or prep.lower_ not in ("after", "before"):
            continue
        unit = prep.head
        n = _UNIT_DAYS.get(unit.lemma_.lower())
        if n is None:
            continue
        count = next((c for c in unit.children if c.dep_ in ("det", "nummod")), None)
        k = 1 if count is None or count.lower_ in ("a", "one", "the") else (
            _SMALL_NUMBERS.get(count.lower_) or (int(count.text) if count.text.isdigit() else 0))
        if not k:
            continue
        inside = {t.i for t in unit.subtree}
        base = next((t for t in context.times_in(analysis, occ.sent)
                     if len(t.edtf) == 10 and "/" not in t.edtf
                     and (head := span_root(analysis.doc, t.start, t.end)) is not None
                     and head.i not in inside), None)
        if base is None:
            return None
        days = k * n * (1 if prep.lower_ == "before" else -1)
        day = date.fromisoformat(base.edtf) + timedelta(days=days)
        phrase = analysis.doc[min(inside):max(inside) + 1]
        return replace(base, text=f"{phrase.text[:60]} ({base.text})", edtf=day.isoformat(),
                       earliest=day.isoformat(), latest=day.isoformat())
    return None


_SMALL_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                  "ten": 10}


def _party_of(analysis: Analysis, tok: Token) -> Mention | None:
    """The actor whose figures a parenthesis gives: "casualties attributed to the SNA (107
    deaths, 115 injured) and AMISOM (33 deaths, 60 injured)" reports one total per
    party. The parenthesis must open right after the actor's name."""
    doc, sent = tok.doc, tok.sent
    depth, j = 0, tok.i
    while j > sent.start:
        j -= 1
        if doc[j].text == ")":
            depth += 1
        elif doc[j].text == "(":
            if depth == 0:
                break
            depth -= 1
    else:
        return None
    if doc[j].text != "(" or j == 0:
        return None
    end = doc[j - 1].idx + len(doc[j - 1])
    for m in _perpetrator_mentions(analysis, sent):
        if m.end == end:
            return m
    return None


def _report_date(analysis: Analysis, trigger: Token, t: TimeExpr) -> TimeExpr | None:
    """"In May, MINUSMA reported the armed forces killed 203 persons in Moura", "On June 20,
    HRW announced that fighters had killed detainees": the time dates the report, and the
    act happened by then — an interval open at its start ("../2022-05"). None when the
    time is the act's own."""
    from dataclasses import replace

    head = span_root(analysis.doc, t.start, t.end)
    if head is None:
        return None
    verb = next((a for a in [head, *head.ancestors] if a.pos_ in ("VERB", "AUX")), None)
    if verb is None or verb.i == trigger.i or verb.lemma_.lower() not in cues()["report_verbs"]:
        return None
    complements = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp", "advcl")
                   or c.dep_ == "dobj" and trigger.pos_ == "VERB"]  # "reported the forces
    # killed ...", the parser's object with a participle; never "reported the killing"
    complements = [c for c in complements if head.i not in {x.i for x in c.subtree}]
    if not any(trigger.i in {x.i for x in c.subtree} for c in complements):
        return None
    if "/" in t.edtf:
        return None
    return replace(t, edtf=f"../{t.edtf}", earliest=None)


def _dates_the_act(analysis: Analysis, trigger: Token, t: TimeExpr) -> bool:
    """Is the time the act's own ("the 26 August suicide bombing", "on April 19, ISIS-K
    orchestrated the bombing"), not that of a verb about it ("claimed the bombing a day
    later")? A verbal trigger's clause time is its own; a noun's when the time sits under
    the noun or the noun is the object of a verb of doing."""
    if trigger.pos_ == "VERB":
        return True
    head = span_root(analysis.doc, t.start, t.end)
    if head is not None and head.i in {x.i for x in trigger.subtree}:
        return True
    return trigger.dep_ == "dobj" and trigger.head.lemma_.lower() in cues()["perform_verbs"]


def _point_like(t: TimeExpr) -> bool:
    return ".." not in t.edtf and t.text.lower().split()[0] not in _OPEN_SIGNALS


def _sentence_date(analysis: Analysis, sent: Span, occ: Occurrence) -> TimeExpr | None:
    """The first point-like date of a sentence that reports one occurrence ("on 14 July
    2016" hanging on the wrong verb), never an open interval ("since 2015") nor the date
    of a relative clause about something else ("Shining Path, which began its activities
    in May 1980, is responsible for ...")."""
    mine = {t.i for trig, _ in occ.triggers for t in trig.subtree} | {
        t.i for trig, _ in occ.triggers for t in trig.ancestors}
    for t in context.times_in(analysis, sent):
        head = span_root(analysis.doc, t.start, t.end)
        if head is not None and any(a.dep_ in ("relcl", "acl") and a.i not in mine
                                    for a in [head, *head.ancestors]):
            continue
        if _point_like(t):
            return t
    return None


def _is_dateline(analysis: Analysis, m: Mention) -> bool:
    """"WASHINGTON –", "KUNDUZ, Afghanistan, 8 October 2021 —": where the story was filed."""
    text = text_of(analysis.doc)
    line_start = text.rfind("\n", 0, m.start) + 1
    return m.text.isupper() and len(m.text) > 2 and not text[line_start:m.start].strip()


def place_argument(analysis: Analysis, m: Mention) -> Token | None:
    """The token by which a place is an argument of the event ("in Baghdad", "stormed
    Kunduz"), or None for a modifier ("the US embassy", "Iran-backed") or a subject."""
    head = span_root(analysis.doc, m.start, m.end)
    x = head
    while x is not None and x.dep_ in ("compound", "conj", "appos") and x.head.i != x.i:
        if x.dep_ == "compound" and x.head.pos_ in ("NOUN", "PROPN") and (
                x.head.ent_type_ not in ("GPE", "LOC", "FAC")):
            break  # "a Jerusalem pizzeria": a modifier, read below
        x = x.head
    if x is None:
        return None
    if x.dep_ in ("compound", "amod", "poss", "nmod"):
        # "the Hiraan Region's government headquarters", "a Tel Aviv shopping center": a
        # town or province naming the place attacked; never a country, which names an
        # actor ("the US embassy", "Iran-backed militias")
        if _place_kind(m) == "country" or x.head.i == x.i:
            return None
        if x.dep_ == "compound":
            y = x.head  # "the Kunduz attack"; "the Mumbai train bombings", through "train"
            while y.dep_ == "compound" and y.head.i != y.i and y.head.pos_ in ("NOUN", "PROPN"):
                y = y.head
            if trigger_kind(x.head) == "attack" or trigger_kind(y) == "attack":
                return x
        return place_argument_token(x.head)
    return place_argument_token(x)


def place_argument_token(x: Token) -> Token | None:
    """``x`` as the object of a locative preposition or of an attack verb, or None."""
    if x.dep_ == "pobj" and x.head.lower_ in _PLACE_PREPS:
        if x.head.lower_ == "of" and x.head.head.lemma_.lower() not in cues()["place_nouns"]:
            return None  # "the Government of Iraq", not "the town of Adakibir"
        return x
    if x.dep_ == "pobj" and x.head.lower_ == "from" and x.head.head.lemma_.lower() in (
            "abduct", "kidnap"):
        return x
    if x.dep_ in ("dobj", "nsubjpass") and trigger_kind(x.head) == "attack":
        return x  # "stormed Kunduz", "Kabul was shelled"
    return None


def _place_kind(m: Mention) -> str | None:
    return m.place.kind if m.place else m.kind


def _best_place(analysis: Analysis, candidates: list[Mention]) -> Mention | None:
    """The finest place among the candidates; at the same rank a place the gazetteer
    knows beats a name it does not ("the U.S. Embassy in Beirut", "the Hayat Hotel in
    Mogadishu" happen in Beirut and Mogadishu: a building's name alone cannot be mapped,
    and every "U.S. Embassy" would be one place)."""
    ranked = [(PLACE_RANK.get(_place_kind(m), 1), m.place is None, n, m)
              for n, m in enumerate(candidates)
              if place_argument(analysis, m) is not None and not _is_dateline(analysis, m)]
    ranked.sort(key=lambda r: (r[0], r[1], r[2]))
    return ranked[0][3] if ranked else None


def _is_place(m: Mention) -> bool:
    """A location named as such; a nationality standing for its country ("killed 46
    Americans") names the victims, never where the event happened."""
    return m.type == "location" and m.source != "demonym"


def _places_of(analysis: Analysis, occ: Occurrence, single: bool) -> Mention | None:
    sent = occ.sent
    places = [m for m in context.mentions_in(analysis, sent) if _is_place(m)]
    attached: list[Mention] = []
    for tok, _ in occ.triggers:
        for m in context.attached(analysis, tok, places):
            if m not in attached:
                attached.append(m)  # type: ignore[arg-type]
    best = _best_place(analysis, attached)
    if best is None and single:
        best = _best_place(analysis, places)
    if best is None:
        best = _place_referred_to(analysis, occ)
    return best


def _place_referred_to(analysis: Analysis, occ: Occurrence) -> Mention | None:
    """"Soldiers had raided the village in January": a definite settlement noun on the
    act ("the village", "the town") is the last town or village the paragraph named
    before it, within the three sentences before."""
    words = set(cues()["settlement_nouns"])
    if not any(t.lemma_.lower() in words and any(
            c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in t.children)
            for trig, _ in occ.triggers for t in trig.subtree if t.pos_ == "NOUN"):
        return None
    text = text_of(analysis.doc)
    sent = occ.sent
    start = sent.start
    for _ in range(3):
        if start == 0:
            break
        prev = analysis.doc[start - 1].sent
        if "\n" in text[prev.end_char:sent.start_char] or "\n" in prev.text:
            break
        start = prev.start
    window = analysis.doc[start:sent.start]
    towns = [m for m in context.mentions_in(analysis, window)
             if _is_place(m) and _place_kind(m) == "city"] if len(window) else []
    return towns[-1] if towns else None


def _owner(occurrences: list[Occurrence], tok: Token) -> Occurrence | None:
    """The occurrence a token belongs to: one of whose triggers governs it (nearest), else
    one it governs."""
    best: tuple[int, Occurrence] | None = None
    for occ in occurrences:
        for trig, _ in occ.triggers:
            if trig.i == tok.i:
                return occ
            if tok.i in {t.i for t in trig.subtree}:
                d = _depth(tok) - _depth(trig)
                if best is None or d < best[0]:
                    best = (d, occ)
    if best is not None:
        return best[1]
    for occ in occurrences:
        if any(trig.i in {t.i for t in tok.subtree} for trig, _ in occ.triggers):
            return occ
    return None


def _perpetrator_mentions(analysis: Analysis, sent: Span) -> list[Mention]:
    """Groups, state or international forces, people, and states by their country's
    name ("Iran and its proxies conducted attacks") that may be named as attackers."""
    kinds = set(cues()["perpetrator_org_kinds"])
    return [m for m in context.mentions_in(analysis, sent)
            if m.type in ("armed_group", "person")
            or (m.type == "organization" and m.kind in kinds) or is_country(m)]


def _doer_only(m: Mention, role: Perpetrator) -> bool:
    """Forces and people are perpetrators only as the doers ("AMISOM troops killed five
    civilians", "he was involved in the 2012 bombing"), never through a claim or a blame;
    a person only by name, not as the owner of the doers ("Baghdadi's men")."""
    if m.type == "armed_group":
        return True
    if role.mode != "perform":
        return False
    return m.type != "person" or not m.start <= role.anchor.idx < m.end and (
        role.anchor.lemma_.lower() not in cues()["member_nouns"])


def read_sentence(analysis: Analysis, sent: Span, headings: dict[int, TimeExpr],
                  country_of: Callable[[str], str | None] | None = None,
                  period: TimeExpr | None = None) -> SentenceReading:
    """The occurrences one sentence reports; ``country_of`` (the gazetteer's) reads
    nationality adjectives as the states that carried out an attack; ``period`` is the
    last period the passage named, which "during that period" and "these attacks" mean."""
    triggers = sentence_triggers(analysis, sent)
    occurrences = [Occurrence(sent, g) for g in _group(analysis, triggers)] if triggers else []
    for n, occ in enumerate(occurrences[1:], 1):
        occ.separate = any(two_killings(a, b) for earlier in occurrences[:n]
                           for a in earlier.triggers for b in occ.triggers)
    single = len(occurrences) == 1 and not _generic(occurrences[0].triggers)
    for occ in occurrences:
        for tok, _ in sorted(occ.triggers, key=lambda tk: _depth(tk[0])):
            t = context.time_for(analysis, tok)
            if t is not None:
                occ.time, occ.time_how = t, "clause"
                occ.dated_itself = _dates_the_act(analysis, tok, t)
                report = _report_date(analysis, tok, t)
                if report is not None:
                    occ.time, occ.time_how, occ.dated_itself = report, "by the report", False
                break
        if occ.time is None and single:
            t = _sentence_date(analysis, sent, occ)
            if t is not None:
                occ.time, occ.time_how = t, "sentence"
        if occ.time is None and period is not None and _refers_to_period(sent.text):
            occ.time, occ.time_how = period, "period referred to"
        if occ.time is None:
            t = heading_for(headings, sent)
            if t is not None:
                occ.time, occ.time_how = t, "heading"
        shifted = days_apart(analysis, occ)
        if shifted is not None:
            occ.time, occ.time_how = shifted, "relative"
        occ.place = _places_of(analysis, occ, single)
        occ.method = method_in(sent.text)
        for tok, kind in occ.triggers:
            args = arguments_for_trigger(analysis.doc, analysis, tok.i)
            if kind == "attack" and args.get("Target"):
                lo, hi = args["Target"][0]
                occ.target = analysis.doc[lo:hi].text
                break
    numbers = context.quantities_in(analysis, sent)
    raw = [cas for q in numbers if (cas := casualty_of(analysis, q)) is not None]
    taken = {t.i for cas in raw if (span := analysis.doc.char_span(
        cas.quantity.start, cas.quantity.end, alignment_mode="expand")) is not None
        for t in span}
    for occ in occurrences:
        for tok, kind in occ.triggers:
            if kind in ("kill", "injure", "attack"):
                raw.extend(victim_counts(analysis, tok, taken))
    found = sum_conjoined(analysis, raw)
    loose_tolls: list[Casualty] = []
    for cas in [*found, *zero_casualties(sent)]:
        owner = _owner(occurrences, cas.anchor) or (occurrences[-1] if occurrences else None)
        (owner.tolls if owner else loose_tolls).append(cas)
    loose_perps: list[Perpetrator] = []
    doers = _perpetrator_mentions(analysis, sent)
    for m in doers:
        role = perpetrator_role(analysis, m)
        if role is None or not _doer_only(m, role):
            continue
        owner = _owner(occurrences, role.anchor)
        (owner.perps if owner else loose_perps).append(role)
        for other in conjoined(occurrences, owner):
            other.perps.append(role)  # "responsible for the 2008 attacks and the 2006 bombings"
    for n, occ in enumerate(occurrences):
        if occ.separate and not occ.perps:  # the row of verbs shares its subject
            occ.perps = [p for earlier in occurrences[:n] for p in earlier.perps
                         if p.mode == "perform"][:1]
        occ.perps.extend(state_doers(analysis, occ, country_of))
        parties = {p.key: p for p in (_party_of(analysis, t) for t, _ in occ.triggers) if p}
        if len(parties) == 1:
            (m,) = parties.values()
            occ.perps.append(Perpetrator(m, "perform", occ.anchor))
    topic = topic_group(analysis, sent)
    if topic is not None:
        owner = _owner(occurrences, topic.anchor)
        (owner.perps if owner else loose_perps).append(topic)
    kept = [occ for occ in occurrences
            if not _statistic(analysis, occ)
            and (occ.time is not None or occ.tolls or not _generic(occ.triggers))
            and (occ.time is not None or not all(_counted_deaths(t) for t, _ in occ.triggers))]
    parts = [part for occ in kept for part in _by_place(analysis, occ)]
    shares = _shares(analysis, sent, period, doers)
    if shares:  # each actor's share is its own record; its figures and actor are no one else's
        used = {(c.quantity.start, c.quantity.end) for occ in shares for c in occ.tolls}
        actors = {p.mention.start for occ in shares for p in occ.perps}
        phrases = {i for occ in shares for c in occ.tolls
                   for i in range(occ.anchor.i, c.anchor.i + 4)}
        for occ in parts:
            occ.tolls = [c for c in occ.tolls if (c.quantity.start, c.quantity.end) not in used]
            occ.perps = [p for p in occ.perps if p.mention.start not in actors]
        # "645 of the fatalities" is the share's toll, not an occurrence of its own
        parts = [occ for occ in parts if occ.tolls or occ.perps
                 or not all(t.i in phrases for t, _ in occ.triggers)]
        loose_tolls = [c for c in loose_tolls if (c.quantity.start, c.quantity.end) not in used]
        loose_perps = [p for p in loose_perps if p.mention.start not in actors]
    return SentenceReading([*parts, *shares], loose_tolls, loose_perps)


def _shares(analysis: Analysis, sent: Span, period: TimeExpr | None,
            doers: list[Mention]) -> list[Occurrence]:
    """Actors' shares of a period's attacks and deaths (``events_shares``), dated by the
    sentence's own time or by the period the passage named ("840 of these attacks")."""
    from watchfloor.extract.events_shares import aggregate_shares, quantity_finder

    own = context.times_in(analysis, sent)
    date, how = (own[0], "sentence") if own else (
        (period, "period referred to") if period is not None and _refers_to_period(sent.text)
        else (None, None))
    return [Occurrence(sent, [(tok, "attack")], time=date, time_how=how, tolls=[toll],
                       perps=[perp], share=True)
            for tok, toll, perp in aggregate_shares(
                analysis, sent, date, doers,
                quantity_finder(analysis, sent))]


def _by_place(analysis: Analysis, occ: Occurrence) -> list[Occurrence]:
    """"Militias attacked three bases in Syria and two bases in Iraq": conjoined targets,
    each with its own place, are one attack per place. With one toll for all of them the
    toll cannot be split, so the attack stays one, with no place (the tolls' "where")."""
    from dataclasses import replace

    places = [m for m in context.mentions_in(analysis, occ.sent) if _is_place(m)
              and place_argument(analysis, m) is not None]  # "U.S. bases" names no place
    for trig, _ in occ.triggers:
        if trig.pos_ != "VERB":
            continue
        objects = [c for c in trig.children if c.dep_ == "dobj"]
        objects += [c for o in objects for c in o.children if c.dep_ == "conj"]
        if len(objects) < 2:
            continue
        own: list[Mention] = []
        for obj in objects:
            words = {t.i for t in own_subtree(obj)}
            found = [m for m in places if (h := span_root(analysis.doc, m.start, m.end))
                     is not None and h.i in words]
            if len(found) != 1:
                break
            own.append(found[0])
        else:
            if len({m.key for m in own}) < 2:
                continue
            if occ.tolls:
                return [replace(occ, place=None)]
            return [replace(occ, place=m) for m in own]
    return [occ]




def _bare_plural_participle(verb: Token) -> bool:
    """"Children abducted by AMISOM were typically released": a participle describing a
    bare plural reports what happens to such people, not one occurrence."""
    head = verb.head
    return verb.dep_ == "acl" and verb.tag_ == "VBN" and head.tag_ in ("NNS", "NNPS") and (
        not any(c.dep_ in ("det", "nummod", "poss") for c in head.children))


def state_doers(analysis: Analysis, occ: Occurrence,
                country_of: Callable[[str], str | None] | None) -> list[Perpetrator]:
    """"An Iranian drone attack", "a US airstrike", "an Iranian ballistic missile
    attack": a nationality on an attack delivered by drone, rocket, missile or aircraft
    names the state that launched it. Only such attacks: "the Kenyan mall attack" names
    where it happened, not who did it. The state is the document's own mention of the
    country (a stage adds no entities), so a country the text never names gives nothing."""
    if country_of is None:
        return []
    from watchfloor.records import Mention

    delivery = set(cues()["state_delivery"])
    out = []
    for trig, kind in occ.triggers:
        if kind != "attack" or trig.pos_ != "NOUN":
            continue
        mods = [c for c in trig.children if c.dep_ in ("amod", "compound", "nmod")]
        if trig.lemma_.lower() not in delivery and not any(
                c.lemma_.lower() in delivery for c in mods):
            continue
        countries = _country_mentions(analysis)
        for c in mods:
            iso = country_of(c.text) if c.ent_type_ in ("NORP", "GPE") else None
            country = countries.get(iso) if iso else None
            if country is not None:
                m = Mention(c.idx, c.idx + len(c), c.text, "location", country.key,
                            "nationality", kind="country", place=country.place)
                out.append(Perpetrator(m, "perform", trig))
    return out


def _country_mentions(analysis: Analysis) -> dict[str, Mention]:
    """The document's country mentions by ISO code (the last of each), built once per
    document and kept on the analysis: each occurrence asks, and a long report has
    thousands of them."""
    cached = analysis.extra.get("country_mentions")
    if cached is None:
        cached = {m.place.country: m for m in analysis.mentions
                  if m.type == "location" and m.place is not None and m.place.kind == "country"}
        analysis.extra["country_mentions"] = cached
    return cached  # type: ignore[no-any-return]


def _standing(trigger: Token) -> bool:
    """"Shining Path is responsible for the death of 12,000 people": a present-tense
    verdict on a group's record, not the report of an attack."""
    for x in [trigger, *trigger.ancestors]:
        if x.lemma_ == "be" and x.tag_ in ("VBZ", "VBP") and any(
                c.dep_ == "acomp" and c.lower_ == "responsible" for c in x.children):
            return True
    return False


def _statistic(analysis: Analysis, occ: Occurrence) -> bool:
    """A killing counted since a month or a year long past ("killed since 1980", "since
    the 2016 accord"), with a toll or without one: a running total, no event. "Since
    Monday" dates an ongoing attack."""
    dated_act = occ.time is not None and span_days(occ.time.edtf) <= AGGREGATE_DAYS
    if occ.tolls and _standing(occ.anchor) and not dated_act:
        return True  # "is responsible for the March 2011 attacks that killed 60" is one
    day_dated = occ.time is not None and len(occ.time.edtf.split("/")[0]) >= 10
    if occ.tolls and not day_dated and _aggregate_subject(occ.anchor):
        return True
    if occ.time is None or day_dated:
        return False
    head = span_root(analysis.doc, occ.time.start, occ.time.end)
    # "the 23rd delegate killed since the February election" too
    return occ.time.text.lower().startswith("since") or running_total(occ.anchor, head)


def _aggregate_subject(verb: Token) -> bool:
    """"The insurgency is estimated to have killed more than 30,000": the subject of the
    toll's verb (or of the verb it complements) is a conflict as a whole."""
    words = set(cues()["aggregate_subjects"])
    x = verb
    for _ in range(3):
        subjects = [c for c in x.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return any(s.lemma_.lower() in words or " ".join(
                [c.lower_ for c in s.children if c.dep_ in ("amod", "compound")]
                + [s.lower_]) in words for s in subjects)
        if x.dep_ not in ("xcomp", "conj", "ccomp") or x.head.i == x.i:
            return False
        x = x.head
    return False


def _generic(triggers: list[tuple[Token, str]]) -> bool:
    """"Al-Shabaab attacked state security forces along main supply routes": verbs whose
    objects are bare plurals report a pattern, not one occurrence (unless dated or
    counted, which the caller checks)."""
    verbs = [t for t, _ in triggers if t.pos_ == "VERB"]
    if not verbs or len(verbs) != len(triggers):
        return False
    if all(_bare_plural_participle(v) for v in verbs):
        return True
    for verb in verbs:
        objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")
                   and not is_weapon(c)]  # "fired missiles at a facility" is one act
        if not objects:
            return False
        for obj in objects:
            if obj.tag_ not in ("NNS", "NNPS") or any(
                    c.dep_ in ("det", "nummod", "poss") for c in obj.children):
                return False
    return True
