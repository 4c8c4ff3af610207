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

from watchfloor.edtf import overlaps, span_days
from watchfloor.extract import context
from watchfloor.extract.attribution import Qualifier, qualify
from watchfloor.extract.base import Stage, StageOutput
from watchfloor.extract.events_arguments import arguments_for_trigger
from watchfloor.extract.events_clock import heading_times, on_document_clock
from watchfloor.extract.events_other import other_events
from watchfloor.extract.events_reading import (
    AGGREGATE_DAYS,
    PLACE_RANK,
    Occurrence,
    last_period,
    read_sentence,
)
from watchfloor.extract.events_retold import merge_retold
from watchfloor.extract.events_roles import (
    Casualty,
    Perpetrator,
    casualty_of,
    cues,
    toll_bounds,
)
from watchfloor.ontology import load_ontology
from watchfloor.read.nlp import text_of
from watchfloor.records import Claim, Event

if TYPE_CHECKING:
    from spacy.tokens import Span

    from watchfloor.read.analysis import Analysis
    from watchfloor.read.reference import Reference
    from watchfloor.records import Document, Mention, TimeExpr

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
    time_start: int | None = None  # where the date was read (one period, one total)
    place: Mention | None = None
    method: str | None = None
    target: str | None = None
    aggregate: bool = False
    tolls: dict[str, list[_Toll]] = field(default_factory=dict)
    perps: list[tuple[str, str, Claim, str]] = field(default_factory=list)  # key, certainty,
    # claim, how named (claim, blame, suspect, perform)
    denied: set[str] = field(default_factory=set)


def _compatible(draft: _Draft, date: str | None, place: Mention | None) -> bool:
    """May an occurrence with this date and place report the draft's event?"""
    if date and draft.date and not overlaps(date, draft.date):
        return False
    if place is None or draft.place is None or place.key == draft.place.key:
        return True
    return _one_within_other(place, draft.place)


def _one_within_other(a: Mention, b: Mention) -> bool:
    """Can two place mentions name where one attack happened: a town and the province or
    country that holds it ("Kunduz" and "Afghanistan"), never two towns, two provinces or
    two countries ("beheaded four civilians in Baghlan" is not the Panjshir killings)."""
    ka, kb = _kind_of(a), _kind_of(b)
    ra, rb = PLACE_RANK.get(ka, 1), PLACE_RANK.get(kb, 1)
    if ra == rb:
        return False
    coarse, fine = (a, b) if ra > rb else (b, a)
    cp, fp = coarse.place, fine.place
    if cp is None or fp is None or not cp.country or not fp.country:
        return _kind_of(coarse) not in _FINE_PLACES  # unknown: as before, a coarse one fits
    if cp.country != fp.country:
        return False
    if cp.kind == "province" and cp.admin1 and fp.admin1:
        return cp.admin1 == fp.admin1
    return True


def _kind_of(m: Mention) -> str | None:
    return m.place.kind if m.place else m.kind


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
        draft.perps.append((m.key, certainty, claim, role.mode))


def _take(draft: _Draft, occ: Occurrence) -> None:
    """The occurrence's date, place, method and target, where the draft has none yet."""
    if draft.date is None and occ.time is not None:
        draft.date, draft.time_text = occ.time.edtf, occ.time.text
        draft.time_start = occ.time.start
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
    then the first reported, unless a later exact count lies within that first bound
    ("166" after the "more than 160" a summary gave); every toll stays a claim of its own."""
    if not tolls:
        return None

    first = min(enumerate(tolls), key=lambda nt: (nt[1].vague, nt[1].in_title, nt[0]))[1]
    lo, hi = first.claim.low, first.claim.high
    if lo is not None and lo == hi:
        return first.claim
    # "more than 160" first, "166" later: the exact count the bound allows
    within = [t for t in tolls if not t.vague and t.in_title == first.in_title
              and t.claim.low is not None and t.claim.low == t.claim.high
              and (lo is None or t.claim.low >= lo) and (hi is None or t.claim.low <= hi)]
    return within[0].claim if within else first.claim


def _finish(document: Document, draft: _Draft, etype: str) -> tuple[Event, list[Claim]]:
    claims: list[Claim] = []
    perps: list[str] = []
    certainty: str | None = None
    rank = {lvl: i for i, lvl in enumerate(cues()["perpetrator_certainty"].values())}
    for key, level, claim, _mode in draft.perps:
        if key in draft.denied and not _accusation_stands(draft, key):
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
        killed_claim=killed.id if killed else None,
        injured_claim=injured.id if injured else None,
    )
    return event, claims


def _accusation_stands(draft: _Draft, key: str) -> bool:
    """A group a source holds responsible keeps its place beside its denial ("the
    Attorney General said IPOB was responsible; IPOB denied it"), unless the event has
    another named doer ("officials blamed the Taliban, who denied any role; Islamic State
    claimed the attack") or the group was only suspected."""
    modes = {mode for k, _, _, mode in draft.perps if k == key}
    others = {k for k, _, _, mode in draft.perps if k != key and mode in ("claim", "perform")}
    return "blame" in modes and not others


def _other_doers(draft: _Draft | None, occ: Occurrence) -> bool:
    """A fresh report whose doers are not the current event's is another event ("Their
    fighters have raided hideouts" after a bombing the other side claimed)."""
    if draft is None or occ.definite:
        return False
    mine = {p.mention.key for p in occ.perps if p.mode == "perform"}
    theirs = {key for key, _, _, _ in draft.perps}
    return bool(mine and theirs and not mine & theirs)


def _narrow_in_wide(a: str | None, b: str | None) -> bool:
    """One date a day or a month, the other a period or an open interval ("Last Sunday a
    bomb killed several people" after raids "in recent weeks"): a fresh report so dated
    is another event, not the period's."""
    if not a or not b:
        return False
    return (span_days(a) > AGGREGATE_DAYS) != (span_days(b) > AGGREGATE_DAYS)


def _referent(drafts: list[_Draft], date: str | None, occ: Occurrence) -> _Draft | None:
    """The earlier event a definite reference points back to when the last one cannot be
    it ("the bombing" in Kunduz after a paragraph on the Kabul airport attack): the latest
    draft with a compatible date and the same place."""
    if occ.place is None:
        return None
    for draft in reversed(drafts):
        if not draft.aggregate and draft.place is not None and (
                draft.place.key == occ.place.key) and _compatible(draft, date, occ.place):
            return draft
    return None


def _same_total(draft: _Draft | None, occ: Occurrence) -> bool:
    """A total over a period lists its parts in one sentence: "between January and
    June, 90 incidents led to the deaths of four workers, injury to nine and the abduction
    of 13" is one record, dated by one period."""
    return (draft is not None and draft.aggregate and occ.sent in draft.sentences
            and occ.time is not None and draft.time_start == occ.time.start
            and not _other_doers(draft, occ))


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
    skip = {idx for _, _, idx in taken.events} - taken.also_attacks
    headings = heading_times(document, analysis)
    gazetteer = getattr(reference, "gazetteer", None)
    country_of = gazetteer.country_of if gazetteer is not None else None
    drafts: list[_Draft] = []
    current: _Draft | None = None
    period: TimeExpr | None = None  # the last period the text named ("during that period")
    prev_end = 0
    last = -2
    for n, sent in enumerate(analysis.doc.sents):
        if "\n" in text_of(analysis.doc)[prev_end:sent.start_char]:
            period = None  # a period named in one paragraph dates nothing in the next
        prev_end = sent.end_char
        if n in skip:
            continue
        reading = read_sentence(analysis, sent, headings, country_of, period)
        period = last_period(analysis, sent) or period
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
            own_date = date if not occ.definite or occ.dated_itself else None
            fits = current is not None and not current.aggregate and not occ.aggregate and (
                _compatible(current, own_date, occ.place)) and (
                occ.definite or not _narrow_in_wide(current.date, own_date)) and (
                occ.definite or date is None or current.date is not None
                or _is_title(document, current.sentences[0]))
            joins = fits and (occ.definite or not occ.marked_new) and not (
                _other_doers(current, occ)) or _same_total(current, occ)
            if not joins and occ.definite:
                earlier = _referent(drafts, own_date, occ)
                if earlier is not None:
                    current, joins = earlier, True
            if not joins or current is None:
                # keyed by content (the type, and the character offsets of the sentence
                # and of the trigger in the text), never by a count of events, so an event
                # found earlier by a new version moves no other event's id
                key = f"event:attack-{sent.start_char}-{occ.anchor.idx}"
                if any(d.key == key for d in drafts) and occ.place is not None:
                    key += f"-{occ.place.start}"  # one attack per place ("bases in Syria
                    # and bases in Iraq")
                current = _Draft(key=key)
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
    out.events, out.claims = merge_retold(out.events, out.claims)
    return out


STAGE = Stage(name="events", version=VERSION, run=run,
              doc="attacks, leaders killed, appointments, territory, prison breaks")
