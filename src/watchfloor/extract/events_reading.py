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

from dataclasses import dataclass, field
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
    is_weapon,
    method_in,
    perpetrator_role,
    sum_conjoined,
    topic_group,
    trigger_kind,
    victim_counts,
    violent_subject,
    zero_casualties,
)
from watchfloor.read.nlp import text_of

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from watchfloor.read.analysis import Analysis
    from watchfloor.records import Mention, TimeExpr

_DEFINITE = frozenset({"the", "this", "that", "its", "their"})
_PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "on", "across", "into",
                          "around", "of"})
_PLACE_RANK = {"facility": 0, "city": 1, None: 1, "district": 2, "province": 3, "region": 4,
               "country": 5}
_OPEN_SIGNALS = ("since", "until", "by", "before", "after", "from", "between")
AGGREGATE_DAYS = 31  # a toll dated by a period longer than this is a total, not one attack


@dataclass
class Occurrence:
    """One attack as one sentence reports it."""

    sent: Span
    triggers: list[tuple[Token, str]]
    time: TimeExpr | None = None
    time_how: str | None = None  # "clause", "sentence" or "heading"
    place: Mention | None = None
    method: str | None = None
    target: str | None = None
    tolls: list[Casualty] = field(default_factory=list)
    perps: list[Perpetrator] = field(default_factory=list)

    @property
    def anchor(self) -> Token:
        return min((t for t, _ in self.triggers), key=_depth)

    @property
    def definite(self) -> bool:
        """Every trigger refers back ("the attack", "the bombing"): no new occurrence."""
        return all(_definite(t) for t, _ in self.triggers)

    @property
    def marked_new(self) -> bool:
        """"another attack", "a second explosion", "a week later the group attacked"."""
        return any(_new_marker(t) for t, _ in self.triggers)

    @property
    def aggregate(self) -> bool:
        """A toll over a period ("1,505 civilians were killed in the first six months"):
        its own event, never an attack's toll."""
        return bool(self.tolls) and self.time is not None and "/" in self.time.edtf and (
            span_days(self.time.edtf) > AGGREGATE_DAYS)


@dataclass
class SentenceReading:
    occurrences: list[Occurrence]
    loose_tolls: list[Casualty]  # figures of a sentence with no trigger of its own
    loose_perps: list[Perpetrator]  # roles that hang on no trigger ("...; X claimed it")


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


def _nonviolent(verb: Token) -> bool:
    """"Cholera killed 200 people": a casualty verb whose subject is no act of violence."""
    causes = set(cues()["nonviolent_causes"])
    return any(c.dep_ in ("nsubj", "agent") and any(t.lemma_.lower() in causes
                                                    for t in c.subtree)
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
                if _nonviolent(tok):
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
    """Is one token in the other's subtree (they describe one occurrence)?"""
    return a.i in {t.i for t in b.subtree} or b.i in {t.i for t in a.subtree}


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
    for i in range(n):
        for j in range(i + 1, n):
            a, b = triggers[i][0], triggers[j][0]
            if not _linked(a, b):
                continue
            ta, tb = own[i], own[j]
            if (_conj_between(a, b) and ta is not None and tb is not None
                    and ta.start != tb.start and not overlaps(ta.edtf, tb.edtf)):
                continue
            parent[find(j)] = find(i)
    groups: dict[int, list[tuple[Token, str]]] = {}
    for i, trig in enumerate(triggers):
        groups.setdefault(find(i), []).append(trig)
    return sorted(groups.values(), key=lambda g: min(t.i for t, _ in g))


def _point_like(t: TimeExpr) -> bool:
    return ".." not in t.edtf and t.text.lower().split()[0] not in _OPEN_SIGNALS


def _sentence_date(analysis: Analysis, sent: Span) -> TimeExpr | None:
    """The first point-like date of a sentence that reports one occurrence ("on 14 July
    2016" hanging on the wrong verb), never an open interval ("since 2015")."""
    for t in context.times_in(analysis, sent):
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
        if x.dep_ == "compound" and trigger_kind(x.head) == "attack":
            return x  # "the Saint Petersburg metro bombing", "the Kunduz attack"
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
    ranked = [(_PLACE_RANK.get(_place_kind(m), 1), n, m) for n, m in enumerate(candidates)
              if place_argument(analysis, m) is not None and not _is_dateline(analysis, m)]
    ranked.sort(key=lambda r: (r[0], r[1]))
    return ranked[0][2] if ranked else None


def _places_of(analysis: Analysis, occ: Occurrence, single: bool) -> Mention | None:
    sent = occ.sent
    places = [m for m in context.mentions_in(analysis, sent) if m.type == "location"]
    attached: list[Mention] = []
    for tok, _ in occ.triggers:
        for m in context.attached(analysis, tok, places):
            if m not in attached:
                attached.append(m)  # type: ignore[arg-type]
    best = _best_place(analysis, attached)
    if best is None and single:
        best = _best_place(analysis, places)
    return best


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
    """Groups, and state or international forces, that may be named as attackers."""
    kinds = set(cues()["perpetrator_org_kinds"])
    return [m for m in context.mentions_in(analysis, sent)
            if m.type == "armed_group" or (m.type == "organization" and m.kind in kinds)]


def read_sentence(analysis: Analysis, sent: Span,
                  headings: dict[int, TimeExpr]) -> SentenceReading:
    triggers = sentence_triggers(analysis, sent)
    occurrences = [Occurrence(sent, g) for g in _group(analysis, triggers)] if triggers else []
    single = len(occurrences) == 1 and not _generic(occurrences[0].triggers)
    for occ in occurrences:
        for tok, _ in sorted(occ.triggers, key=lambda tk: _depth(tk[0])):
            t = context.time_for(analysis, tok)
            if t is not None:
                occ.time, occ.time_how = t, "clause"
                break
        if occ.time is None and single:
            t = _sentence_date(analysis, sent)
            if t is not None:
                occ.time, occ.time_how = t, "sentence"
        if occ.time is None:
            t = heading_for(headings, sent)
            if t is not None:
                occ.time, occ.time_how = t, "heading"
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
    for m in _perpetrator_mentions(analysis, sent):
        role = perpetrator_role(analysis, m)
        if role is None or (m.type == "organization" and role.mode not in ("perform",)):
            continue
        owner = _owner(occurrences, role.anchor)
        (owner.perps if owner else loose_perps).append(role)
    topic = topic_group(analysis, sent)
    if topic is not None:
        owner = _owner(occurrences, topic.anchor)
        (owner.perps if owner else loose_perps).append(topic)
    kept = [occ for occ in occurrences
            if (occ.time is not None or occ.tolls or not _generic(occ.triggers))
            and (occ.time is not None or not all(_counted_deaths(t) for t, _ in occ.triggers))]
    return SentenceReading(kept, loose_tolls, loose_perps)


def _generic(triggers: list[tuple[Token, str]]) -> bool:
    """"Al-Shabaab attacked state security forces along main supply routes": verbs whose
    objects are bare plurals report a pattern, not one occurrence (unless dated or
    counted, which the caller checks)."""
    verbs = [t for t, _ in triggers if t.pos_ == "VERB"]
    if not verbs or len(verbs) != len(triggers):
        return False
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
