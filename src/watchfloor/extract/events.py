"""The events stage: attacks, leaders killed, appointments, territory taken or lost, prison
breaks, each as one ``Event`` per event per document with the claims it is assembled from.

Why grouped by document and not by sentence: a wire story says "a suicide bomber killed at
least 40 worshippers in Kunduz" and then "Islamic State claimed the attack"; the analyst
wants one attack with its toll and its claimed perpetrator, each figure still clickable to
its own sentence. So sentences are read one by one (``events_roles``) and a sentence
joins the document's current event unless it opens a new one: an indefinite trigger with
another date or place, or "another"/"a second" attack. Definite back-references ("the
attack", "the blast", "the death toll") always join.

Precision first: generic ("a wave of attacks"), planned, threatened, foiled or negated
attacks make no event; a figure under "including" is a subset, not the toll; a toll keeps
the document (or the reported source) as its source, never the group that claimed the
attack; a denial is never a perpetrator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from watchfloor.extract import context
from watchfloor.extract.attribution import Qualifier, qualify
from watchfloor.extract.base import Stage, StageOutput
from watchfloor.extract.events_arguments import arguments_for_trigger
from watchfloor.extract.events_other import other_events
from watchfloor.extract.events_roles import (
    casualty_of,
    cues,
    method_in,
    perpetrator_role,
    sum_conjoined,
    trigger_kind,
    violent_subject,
    zero_casualties,
)
from watchfloor.ontology import load_ontology
from watchfloor.records import Claim, Event

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from watchfloor.read.analysis import Analysis
    from watchfloor.read.reference import Reference
    from watchfloor.records import Document, Mention, TimeExpr

__all__ = ["STAGE", "arguments_for_trigger", "run"]

VERSION = 1
EXTRACTOR = f"events.v{VERSION}"
_DEFINITE = frozenset({"the", "this", "that", "its", "their"})


@dataclass
class _Draft:
    key: str
    sentences: list[Span] = field(default_factory=list)
    anchor: Token | None = None
    date: str | None = None
    time_text: str | None = None
    place: Mention | None = None
    method: str | None = None
    target: str | None = None
    killed: list[tuple[Claim, Qualifier]] = field(default_factory=list)
    injured: list[tuple[Claim, Qualifier]] = field(default_factory=list)
    perps: list[tuple[str, str, Claim]] = field(default_factory=list)  # key, certainty, claim
    denied: set[str] = field(default_factory=set)


def _sentence_triggers(analysis: Analysis, sent: Span) -> list[tuple[Token, str]]:
    """Attack triggers; a casualty verb counts when a weapon, an attacker, a method or an
    armed group is named with it (a death from illness is no attack)."""
    out = []
    violent = None
    for tok in sent:
        kind = trigger_kind(tok)
        if kind in ("kill", "injure") and violent is None:
            violent = method_in(sent.text) is not None or any(
                m.type == "armed_group" for m in context.mentions_in(analysis, sent))
        if kind == "attack" or (kind in ("kill", "injure") and (violent or violent_subject(tok))):
            out.append((tok, kind))
    out.sort(key=lambda tk: tk[1] != "attack")
    return out


def _is_place_argument(analysis: Analysis, m: Mention) -> bool:
    """Not a modifier: "the US embassy" names no place of the event, "in Baghdad" does."""
    from watchfloor.extract.attribution import span_root

    head = span_root(analysis.doc, m.start, m.end)
    return head is not None and head.dep_ not in ("compound", "amod", "poss", "nmod")


def _date_fallback(analysis: Analysis, sent: Span) -> TimeExpr | None:
    """The first point-like date of a sentence that reports an event ("on 14 July 2016"
    hanging on the wrong verb), never an open interval ("since 2015")."""
    for t in context.times_in(analysis, sent):
        if ".." in t.edtf or t.text.lower().split()[0] in ("since", "until", "by", "before",
                                                            "after", "from", "between"):
            continue
        return t
    return None


def _place_fallback(analysis: Analysis, sent: Span) -> Mention | None:
    """A place named with "in/at/near" anywhere in the sentence, the most specific first."""
    from watchfloor.extract.attribution import span_root

    found = []
    for m in context.mentions_in(analysis, sent):
        if m.type != "location":
            continue
        head = span_root(analysis.doc, m.start, m.end)
        x = head
        while x is not None and x.dep_ in ("compound", "conj", "appos") and x.head.i != x.i:
            x = x.head
        if x is None or x.dep_ != "pobj" or x.head.lower_ not in (
                "in", "at", "near", "outside", "inside", "on", "of", "across", "from"):
            continue
        if x.head.lower_ == "from" and x.head.head.lemma_.lower() not in ("abduct", "kidnap"):
            continue
        kind = m.place.kind if m.place else m.kind
        found.append((kind == "country", kind == "province", m.start, m))
    found.sort(key=lambda f: f[:3])
    return found[0][3] if found else None


def _names_perpetrator(analysis: Analysis, sent: Span) -> bool:
    """"Jundallah claimed responsibility", "officials blamed X": about the last attack."""
    return any(m.type == "armed_group" and (r := perpetrator_role(analysis, m)) is not None
               and r.mode != "perform" for m in context.mentions_in(analysis, sent))


def _definite(tok: Token) -> bool:
    return tok.pos_ in ("NOUN", "PROPN") and any(
        c.dep_ in ("det", "poss") and c.lower_ in _DEFINITE for c in tok.children)


def _new_marker(tok: Token) -> bool:
    """"another attack", "a second explosion", "a week later the group attacked"."""
    marks = set(cues()["new_event_markers"])
    if any(c.lower_ in marks for c in tok.children):
        return True
    verb = tok if tok.pos_ == "VERB" else tok.head
    return any(c.lower_ in ("later", "afterwards") and c.dep_ == "advmod"
               for c in verb.children)


def _compatible(draft: _Draft, date: str | None, place: Mention | None) -> bool:
    """May a sentence with this date and place report the draft's event?"""
    from watchfloor.edtf import overlaps

    if date and draft.date and not overlaps(date, draft.date):
        return False
    if place is None or draft.place is None or place.key == draft.place.key:
        return True
    fine = ("city", "district", "facility", None)
    kinds = (place.place.kind if place.place else place.kind,
             draft.place.place.kind if draft.place.place else draft.place.kind)
    return not all(k in fine for k in kinds)


def _claim(document: Document, sent: Span, subject: str, predicate: str, key: str,
           **kw: object) -> Claim:
    return Claim(subject=subject, predicate=predicate, evidence=context.sentence_evidence(
        document, sent), event=key, extractor=EXTRACTOR, **kw)  # type: ignore[arg-type]


def _read_sentence(document: Document, analysis: Analysis, sent: Span, draft: _Draft,
                   triggers: list[tuple[Token, str]]) -> None:
    onto = load_ontology()
    anchor = triggers[0][0] if triggers else sent.root
    if draft.anchor is None:
        draft.anchor = anchor
    if draft.date is None and triggers:
        for tok, _ in triggers:
            t = context.time_for(analysis, tok)
            if t is not None:
                draft.date, draft.time_text = t.edtf, t.text
                break
        else:
            t = _date_fallback(analysis, sent)
            if t is not None:
                draft.date, draft.time_text = t.edtf, t.text
    if draft.place is None:
        for tok, _ in triggers or [(anchor, "")]:
            p = context.place_for(analysis, tok)
            if p is not None and _is_place_argument(analysis, p):
                draft.place = p
                break
        else:
            draft.place = _place_fallback(analysis, sent)
    method = method_in(sent.text)
    order = cues()["method_order"]
    if method and (draft.method is None or order.index(method) < order.index(draft.method)):
        draft.method = method
    if draft.target is None:
        for tok, kind in triggers:
            args = arguments_for_trigger(analysis.doc, analysis, tok.i)
            if kind == "attack" and args.get("Target"):
                lo, hi = args["Target"][0]
                draft.target = analysis.doc[lo:hi].text
                break
    found = sum_conjoined(analysis, [cas for q in context.quantities_in(analysis, sent)
                                     if (cas := casualty_of(analysis, q)) is not None])
    for cas in [*found, *zero_casualties(sent)]:
        q = cas.quantity
        qual = qualify(analysis.doc, sent, [cas.anchor])
        if qual.negated:
            continue
        unit = onto.quantities[cas.kind].unit
        claim = _claim(document, sent, draft.key, cas.kind, draft.key, low=q.low, high=q.high,
                       unit=unit, value=q.text, time=draft.date, time_text=draft.time_text,
                       place=draft.place.key if draft.place else None,
                       attributed_to=qual.attributed_to, certainty=qual.certainty,
                       confidence=0.8 if qual.certainty == "asserted" else 0.7)
        (draft.killed if cas.kind == "killed" else draft.injured).append((claim, qual))
    levels = cues()["perpetrator_certainty"]
    for m in context.mentions_in(analysis, sent):
        if m.type != "armed_group":
            continue
        role = perpetrator_role(analysis, m)
        if role is None:
            continue
        if role.mode == "deny":
            draft.denied.add(m.key)
            continue
        qual = qualify(analysis.doc, sent, [role.anchor])
        if qual.negated:
            draft.denied.add(m.key)
            continue
        certainty = levels[role.mode]
        if role.mode == "perform" and qual.certainty != "asserted":
            certainty = qual.certainty
        predicate = ("claimed_responsibility_for" if role.mode == "claim"
                     else "perpetrator_of")
        claim = _claim(document, sent, m.key, predicate, draft.key, object=draft.key,
                       attributed_to=None if role.mode == "claim" else qual.attributed_to,
                       certainty=certainty, time=draft.date,
                       confidence=0.85 if role.mode in ("claim", "perform") else 0.7)
        draft.perps.append((m.key, certainty, claim))


def _finish(document: Document, draft: _Draft, etype: str) -> tuple[Event, list[Claim]]:
    claims: list[Claim] = []
    perps: list[str] = []
    certainty: str | None = None
    rank = {lvl: i for i, lvl in enumerate(cues()["perpetrator_certainty"].values())}
    for key, level, claim in draft.perps:
        if key in draft.denied:
            continue
        claims.append(claim)
        if key not in perps:
            perps.append(key)
        if certainty is None or rank.get(level, 9) < rank.get(certainty, 9):
            certainty = level
    killed = draft.killed[0][0] if draft.killed else None
    injured = draft.injured[0][0] if draft.injured else None
    claims.extend(c for c, _ in draft.killed + draft.injured)
    first = draft.sentences[0]
    event = Event(
        key=draft.key, type=etype, evidence=context.sentence_evidence(document, first),
        date=draft.date, location=draft.place.key if draft.place else None,
        perpetrators=perps, perpetrator_certainty=certainty, target=draft.target,
        method=draft.method,
        killed=(killed.low, killed.high) if killed else None,
        injured=(injured.low, injured.high) if injured else None,
        confidence=0.8, extractor=EXTRACTOR,
    )
    return event, claims


def _several_dates(analysis: Analysis, triggers: list[tuple[Token, str]]) -> bool:
    """Do the sentence's triggers carry dates that cannot be one event's?"""
    from watchfloor.edtf import overlaps

    dates = {t.edtf for tok, _ in triggers if (t := context.time_for(analysis, tok))}
    return any(not overlaps(a, b) for a in dates for b in dates if a < b)


def run(document: Document, analysis: Analysis, reference: Reference) -> StageOutput:
    out = StageOutput()
    drafts: list[_Draft] = []
    current: _Draft | None = None
    taken = other_events(document, analysis)
    for ev, claims, _sent_index in taken.events:
        out.events.append(ev)
        out.claims.extend(claims)
    skip = {idx for _, _, idx in taken.events}
    last = -2
    for n, sent in enumerate(analysis.doc.sents):
        if n in skip:
            continue
        triggers = _sentence_triggers(analysis, sent)
        toll_only = not triggers and current is not None and (any(
            t.lemma_.lower() == "toll" for t in sent) or _names_perpetrator(analysis, sent) or (
                last == n - 1 and any(casualty_of(analysis, q)
                                      for q in context.quantities_in(analysis, sent))))
        if not triggers and not toll_only:
            continue
        if _several_dates(analysis, triggers):
            continue  # two attacks in one sentence, "on 26 August ..., and in October ...":
            # which toll, place and date belong to which is not safe to say (precision first)
        first = triggers[0][0] if triggers else sent.root
        # A back-reference ("the bombing", a toll, a claim) joins the current event unless it
        # names another place: "ISKP also claimed the suicide bombing outside Kabul airport"
        # is definite but another attack. Its date may be the claim's ("a day later"), so
        # only a fresh trigger is held to the current event's date as well.
        t = context.time_for(analysis, first)
        place = context.place_for(analysis, first)
        back_ref = toll_only or all(_definite(t) for t, _ in triggers)
        fits = current is not None and _compatible(
            current, None if back_ref else (t.edtf if t else None), place)
        if toll_only and not fits:
            continue
        joins = fits and (back_ref or not any(_new_marker(t) for t, _ in triggers))
        if not joins or current is None:
            current = _Draft(key=f"event:attack-{len(drafts) + 1}")
            drafts.append(current)
        current.sentences.append(sent)
        last = n
        _read_sentence(document, analysis, sent, current, triggers)
    for draft in drafts:
        event, claims = _finish(document, draft, "attack")
        out.events.append(event)
        out.claims.extend(claims)
    return out


STAGE = Stage(name="events", version=VERSION, run=run,
              doc="attacks, leaders killed, appointments, territory, prison breaks")
