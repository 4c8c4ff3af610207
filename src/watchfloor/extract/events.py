"""The events stage: attacks, leaders killed, appointments, territory taken or lost, prison
breaks, each as one ``Event`` per reported occurrence with the claims it is assembled from.

Why occurrences grouped across sentences: a wire story says "a suicide bomber killed at
least 40 worshippers in Kunduz" and then "Islamic State claimed the attack"; the analyst
wants one attack with its toll and its claimed perpetrator, each figure still clickable to
its own sentence. So each sentence is read into occurrences (``events_reading``), and an
occurrence joins the document's current event unless it opens a new one: an indefinite
trigger with another date or place, "another"/"a second" attack, or a total over a
period ("1,505 civilians were killed in the first six months"), which is an event of its
own and never an attack's toll. Definite back-references ("the attack", "the blast", "the
death toll") join unless they name another place.

Tolls an analyst would sign: killed and injured apart, "killed or injured" and
"casualties" a third figure (``casualties``) never shown as killed; a figure under
"including" is a subset; attackers who died are not the toll; a vague word ("dozens")
counts only when no number is given; "more than 120" is at least 121; a count of one
group of victims ("17 Americans") is a lower bound. A toll keeps the document (or the
reported source) as its source, never the group that claimed the attack; a denial is
never a perpetrator. Generic, planned, threatened, foiled or negated attacks make no event.

Dates come from the document's clock (``events_clock``): a report's own year for days
without one, the heading of a dated list item; how each was found is kept on the claims
(``time_text``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from watchfloor.edtf import overlaps
from watchfloor.extract import context
from watchfloor.extract.attribution import Qualifier, qualify
from watchfloor.extract.base import Stage, StageOutput
from watchfloor.extract.events_arguments import arguments_for_trigger
from watchfloor.extract.events_clock import heading_times, on_document_clock
from watchfloor.extract.events_other import other_events
from watchfloor.extract.events_reading import Occurrence, read_sentence
from watchfloor.extract.events_roles import (
    Casualty,
    Perpetrator,
    casualty_of,
    cues,
    toll_bounds,
)
from watchfloor.ontology import load_ontology
from watchfloor.records import Claim, Event

if TYPE_CHECKING:
    from spacy.tokens import Span

    from watchfloor.read.analysis import Analysis
    from watchfloor.read.reference import Reference
    from watchfloor.records import Document, Mention

__all__ = ["STAGE", "arguments_for_trigger", "run"]

VERSION = 2
EXTRACTOR = f"events.v{VERSION}"
_FINE_PLACES = ("city", "district", "facility", None)


@dataclass
class _Toll:
    claim: Claim
    vague: bool
    in_title: bool


@dataclass
class _Draft:
    key: str
    sentences: list[Span] = field(default_factory=list)
    date: str | None = None
    time_text: str | None = None
    place: Mention | None = None
    method: str | None = None
    target: str | None = None
    aggregate: bool = False
    tolls: dict[str, list[_Toll]] = field(default_factory=dict)
    perps: list[tuple[str, str, Claim]] = field(default_factory=list)  # key, certainty, claim
    denied: set[str] = field(default_factory=set)


def _compatible(draft: _Draft, date: str | None, place: Mention | None) -> bool:
    """May an occurrence with this date and place report the draft's event?"""
    if date and draft.date and not overlaps(date, draft.date):
        return False
    if place is None or draft.place is None or place.key == draft.place.key:
        return True
    kinds = (place.place.kind if place.place else place.kind,
             draft.place.place.kind if draft.place.place else draft.place.kind)
    return not all(k in _FINE_PLACES for k in kinds)


def _claim(document: Document, sent: Span, subject: str, predicate: str, key: str,
           **kw: object) -> Claim:
    return Claim(subject=subject, predicate=predicate, evidence=context.sentence_evidence(
        document, sent), event=key, extractor=EXTRACTOR, **kw)  # type: ignore[arg-type]


def _is_title(document: Document, sent: Span) -> bool:
    title = (document.title or "").strip()
    return bool(title) and sent.start_char < 5 and sent.text.strip().startswith(title[:40])


def _add_tolls(document: Document, analysis: Analysis, draft: _Draft, sent: Span,
               tolls: list[Casualty]) -> None:
    onto = load_ontology()
    for cas in tolls:
        qual: Qualifier = qualify(analysis.doc, sent, [cas.anchor])
        if qual.negated:
            continue
        low, high = toll_bounds(cas)
        claim = _claim(document, sent, draft.key, cas.kind, draft.key, low=low, high=high,
                       unit=onto.quantities[cas.kind].unit, value=cas.quantity.text,
                       time=draft.date, time_text=draft.time_text,
                       place=draft.place.key if draft.place else None,
                       attributed_to=qual.attributed_to, certainty=qual.certainty,
                       confidence=0.8 if qual.certainty == "asserted" else 0.7)
        draft.tolls.setdefault(cas.kind, []).append(
            _Toll(claim, cas.quantity.qualifier == "vague", _is_title(document, sent)))


def _add_perps(document: Document, analysis: Analysis, draft: _Draft, sent: Span,
               roles: list[Perpetrator]) -> None:
    levels = cues()["perpetrator_certainty"]
    for role in roles:
        m = role.mention
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


def _take(draft: _Draft, occ: Occurrence) -> None:
    """The occurrence's date, place, method and target, where the draft has none yet."""
    if draft.date is None and occ.time is not None:
        draft.date, draft.time_text = occ.time.edtf, occ.time.text
    if draft.place is None and occ.place is not None:
        draft.place = occ.place
    order = cues()["method_order"]
    if occ.method and (draft.method is None
                       or order.index(occ.method) < order.index(draft.method)):
        draft.method = occ.method
    if draft.target is None and occ.target:
        draft.target = occ.target
    draft.aggregate = draft.aggregate or occ.aggregate


def _chosen(tolls: list[_Toll]) -> Claim | None:
    """The toll the event shows: a number over a vague word, the body over the headline,
    then the first reported (every toll stays a claim of its own)."""
    if not tolls:
        return None
    return min(enumerate(tolls), key=lambda nt: (nt[1].vague, nt[1].in_title, nt[0]))[1].claim


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
    killed = _chosen(draft.tolls.get("killed", []))
    injured = _chosen(draft.tolls.get("injured", []))
    for tolls in draft.tolls.values():
        claims.extend(t.claim for t in tolls)
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


def _other_doers(draft: _Draft | None, occ: Occurrence) -> bool:
    """A fresh report whose doers are not the current event's is another event ("Their
    fighters have raided hideouts" after a bombing the other side claimed)."""
    if draft is None or occ.definite:
        return False
    mine = {p.mention.key for p in occ.perps if p.mode == "perform"}
    theirs = {key for key, _, _ in draft.perps}
    return bool(mine and theirs and not mine & theirs)


def _worth_keeping(event: Event) -> bool:
    """An attack with nothing but its trigger (no date, place, perpetrator or toll) tells
    an analyst nothing and cannot be merged or mapped."""
    return bool(event.date or event.location or event.perpetrators or event.killed
                or event.injured)


def _toll_only(analysis: Analysis, sent: Span, reading: object, follows: bool) -> bool:
    """A sentence without a trigger that still adds to the current event: "the death toll
    rose to 63", "Jundallah claimed responsibility", or figures right after its report."""
    from watchfloor.extract.events_reading import SentenceReading

    assert isinstance(reading, SentenceReading)
    if any(t.lemma_.lower() == "toll" for t in sent):
        return True
    if any(p.mode != "perform" for p in reading.loose_perps):
        return True
    return follows and any(casualty_of(analysis, q) for q in context.quantities_in(analysis, sent))


def run(document: Document, analysis: Analysis, reference: Reference) -> StageOutput:
    analysis = on_document_clock(document, analysis)
    out = StageOutput()
    taken = other_events(document, analysis)
    for ev, claims, _sent_index in taken.events:
        out.events.append(ev)
        out.claims.extend(claims)
    skip = {idx for _, _, idx in taken.events}
    headings = heading_times(document, analysis)
    drafts: list[_Draft] = []
    current: _Draft | None = None
    last = -2
    for n, sent in enumerate(analysis.doc.sents):
        if n in skip:
            continue
        reading = read_sentence(analysis, sent, headings)
        if not reading.occurrences:
            if current is None or current.aggregate or not _toll_only(
                    analysis, sent, reading, last == n - 1):
                continue
            place = None
            if not _compatible(current, None, place):
                continue
            current.sentences.append(sent)
            _add_tolls(document, analysis, current, sent, reading.loose_tolls)
            _add_perps(document, analysis, current, sent, reading.loose_perps)
            last = n
            continue
        for occ in reading.occurrences:
            date = occ.time.edtf if occ.time else None
            # a fresh report with a date of its own is another event unless the current
            # one has the same date: "On May 19 ..." after an undated generality
            fits = current is not None and not current.aggregate and not occ.aggregate and (
                _compatible(current, None if occ.definite else date, occ.place)) and (
                occ.definite or date is None or current.date is not None
                or _is_title(document, current.sentences[0]))
            joins = fits and (occ.definite or not occ.marked_new) and not (
                _other_doers(current, occ))
            if not joins or current is None:
                current = _Draft(key=f"event:attack-{sent.start_char}-{occ.anchor.idx}")
                drafts.append(current)
            if sent not in current.sentences:
                current.sentences.append(sent)
            _take(current, occ)
            _add_tolls(document, analysis, current, sent, occ.tolls)
            _add_perps(document, analysis, current, sent, occ.perps)
        # roles that hang on no trigger ("...; Islamic State claimed the attack") belong to
        # the last occurrence the sentence reported
        if current is not None:
            _add_tolls(document, analysis, current, sent, reading.loose_tolls)
            _add_perps(document, analysis, current, sent, reading.loose_perps)
        last = n
    for draft in drafts:
        event, claims = _finish(document, draft, "attack")
        if _worth_keeping(event):
            out.events.append(event)
            out.claims.extend(claims)
    return out


STAGE = Stage(name="events", version=VERSION, run=run,
              doc="attacks, leaders killed, appointments, territory, prison breaks")
