"""Events other than attacks: leaders killed, appointments, territory taken or lost, prison
breaks.

Why apart from the attack reader: each is one clause with a clear frame (a leader as the
victim of "killed", a person as the object of "appointed ... as leader", a group as the
subject of "captured" with a place as object, a prison stormed and inmates freed), so
one sentence makes one event and no grouping across sentences is attempted. A sentence
read here is not read again as an attack: an airstrike that killed a leader is recorded
as the leader's death, the way analysts file it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from watchfloor.extract import context
from watchfloor.extract.attribution import qualify, span_root
from watchfloor.extract.events_roles import cues, method_in
from watchfloor.read.nlp import text_of
from watchfloor.records import Claim, Event

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from watchfloor.read.analysis import Analysis
    from watchfloor.records import Document, Mention, TimeExpr

EXTRACTOR = "events.v1"


@dataclass
class Found:
    events: list[tuple[Event, list[Claim], int]] = field(default_factory=list)
    # sentences whose event leaves the sentence's attack to the attack reader: "X attacked
    # the strongholds, leading to the death of its leader" reports both
    also_attacks: set[int] = field(default_factory=set)


def _is_leader(tok: Token, sent: Span) -> bool:
    """Is the person at ``tok`` described as a leader (apposition, compound, "X's leader")?"""
    words = set(cues()["leader_words"])
    near = [*tok.children, tok.head, *[g for c in tok.children for g in c.children]]
    if tok.dep_ == "appos":
        near.append(tok.head)
    return any(t.lemma_.lower() in words for t in near)


def _starting(analysis: Analysis, verb: Token) -> TimeExpr | None:
    """"Made gains in the north starting in April 2013": a participle of beginning dates
    the verb from then on (an interval open at its end)."""
    from dataclasses import replace

    for c in [*verb.children, *(g for o in verb.children if o.dep_ == "dobj"
                                for g in o.children)]:
        if c.dep_ in ("advcl", "acl") and c.lemma_.lower() in ("start", "begin"):
            own = context.times_in(analysis, c.sent)
            inside = [t for t in own if c.idx <= t.start and t.end <= c.right_edge.idx
                      + len(c.right_edge)]
            if inside and "/" not in inside[0].edtf:
                return replace(inside[0], edtf=f"{inside[0].edtf}/..")
    return None


def _territory_verb(verb: Token) -> tuple[Token, str] | None:
    """The verb by which a group takes or loses ground, and which: "seized the town",
    "took over territory", "made gains in the south"; "Having lost half its territory,
    the group regrouped" (a participle clause shares the main verb's subject)."""
    data = cues()
    take, lose = set(data["take_verbs"]), set(data["lose_verbs"])
    def participle(c: Token) -> bool:  # "seizing the town", "having lost half of it"
        return c.dep_ == "advcl" and (c.tag_ == "VBG" or c.tag_ == "VBN" and any(
            g.dep_ == "aux" and g.lower_ == "having" for g in c.children)) and not any(
            g.dep_ in ("nsubj", "nsubjpass") for g in c.children)

    for v in [verb, *(c for c in verb.children if participle(c))]:
        lemma = v.lemma_.lower()
        if lemma in take or (lemma == "make" and any(
                c.dep_ == "dobj" and c.lemma_.lower() in data["gain_nouns"] for c in v.children)):
            return v, "territory_taken"
        if lemma in lose:
            return v, "territory_lost"
    return None


def _may_act(m: Mention, head: Token) -> bool:
    """Who can kill a leader: a group, a state's or an international force, or a state by
    its name ("the US killed its leader")."""
    from watchfloor.extract.events_roles import is_country

    return m.type == "armed_group" or (
        m.type == "organization" and m.kind in cues()["perpetrator_org_kinds"]) or (
        is_country(m) and head.ent_type_ == "GPE")


def _appointed(tok: Token) -> Token | None:
    """The verb by which the person at ``tok`` takes up a post, if one does: "X appointed
    Y as emir", "Y was named its spokesman", "Y, who was nominated to be the amir", "Y
    replaced X as chief", "X was replaced as head by Y". The post must be a leading one
    (a leader word in the verb's phrase). Returns the verb."""
    data = cues()
    appoint, succeed = set(data["appointment_verbs"]), set(data["succession_verbs"])
    verb, rel = _verb_of(tok)
    lemma = verb.lemma_.lower()
    found = None
    if lemma in appoint and rel in ("nsubjpass", "dobj", "oprd"):
        found = verb  # the one appointed
    elif lemma in succeed and rel == "nsubj":
        found = verb  # "Y replaced X": Y takes the post
    elif rel == "pobj" and verb.lower_ == "by":
        up = next((a for a in verb.ancestors if a.pos_ == "VERB"), None)
        if up is not None and up.lemma_.lower() in succeed and any(
                c.dep_ == "auxpass" for c in up.children):
            found = up  # "X was replaced as head by Y"
    else:
        found = next((c for c in tok.children if c.dep_ == "relcl" and c.lemma_.lower()
                      in appoint and any(g.dep_ == "nsubjpass" for g in c.children)), None)
    if found is None:
        return None
    # the post: in the verb's phrase, or in an "as" phrase the parser hung elsewhere
    # ("the group named X as its successor", parsed with "as" under "group")
    post = [*found.subtree, *(t for a in found.sent if a.lower_ == "as" and a.dep_ == "prep"
                              for t in a.subtree)]
    return found if any(t.lemma_.lower() in data["leader_words"] for t in post) else None


def _verb_of(tok: Token) -> tuple[Token, str]:
    x = tok
    while x.dep_ in ("compound", "appos", "conj") and x.head.i != x.i:
        x = x.head
    return x.head, x.dep_


def _event(document: Document, analysis: Analysis, sent: Span, anchor: Token, etype: str,
           subject: str | None = None, perps: list[str] | None = None,
           place: Mention | None = None,
           narrative: TimeExpr | None = None) -> tuple[Event, list[Claim]]:
    """``narrative``: the time the paragraph's previous sentence gave, which an undated
    sentence continuing it shares ("In October 2019 the US killed its leader. The group
    named X as his successor.")."""
    # the key names the type and the trigger's offset (content, not the sentence's number),
    # so one more event found earlier by a new version moves no other event's id
    key = f"event:{etype}-{anchor.idx}"
    t = context.time_for(analysis, anchor) or _starting(analysis, anchor) or narrative
    place = place or context.place_for(analysis, anchor)
    ev = Event(key=key, type=etype, evidence=context.sentence_evidence(document, sent),
               date=t.edtf if t else None, location=place.key if place else None,
               perpetrators=list(perps or []),
               perpetrator_certainty="asserted" if perps else None,
               method=method_in(sent.text) if etype == "leader_killed" else None,
               subject=subject, confidence=0.75, extractor=EXTRACTOR)
    claims = [
        Claim(subject=p, predicate="perpetrator_of", object=key, event=key,
              evidence=context.sentence_evidence(document, sent), time=ev.date,
              certainty="asserted", confidence=0.75, extractor=EXTRACTOR)
        for p in perps or []
        # the loser did not "carry out" its loss, nor the appointee the appointment: the
        # appointee is the event's actor, as in the annotation of appointments
        if etype not in ("territory_lost", "appointment")
    ]
    return ev, claims


def _meeting(document: Document, analysis: Analysis, sent: Span,
             heads: list[tuple[Mention, Token]]) -> tuple[Event, list[Claim]] | None:
    """"X met Y", "X held talks with Y": a meeting, when two named parties take part.

    The ontology has no participant role yet, so the first party is the event's subject.
    """
    data = cues()
    parties = ("armed_group", "person", "organization")
    for m, h in heads:
        verb, rel = _verb_of(h)
        if m.type not in parties or rel != "nsubj":
            continue
        lemma = verb.lemma_.lower()
        talks = lemma == "hold" and any(
            c.dep_ == "dobj" and c.lemma_.lower() in data["meeting_nouns"] and not any(
                g.lower_ in data["habitual_modifiers"] for g in c.children)
            for c in verb.children)
        if lemma not in data["meeting_verbs"] and not talks:
            continue
        others = [x for x, hx in heads if x.key != m.key and x.type in parties
                  and verb.i in [a.i for a in hx.ancestors][:3]]
        if others and not qualify(analysis.doc, sent, [verb]).negated and not any(
                c.dep_ == "aux" and c.lower_ in ("will", "would", "to") for c in verb.children):
            return _event(document, analysis, sent, verb, "meeting", subject=m.key)
    return None


def other_events(document: Document, analysis: Analysis) -> Found:
    data = cues()
    found = Found()
    kills = set(data["kill_verbs"])
    narrative: TimeExpr | None = None  # the last sentence's time, within a paragraph
    prev_end = 0
    for n, sent in enumerate(analysis.doc.sents):
        if "\n" in text_of(analysis.doc)[prev_end:sent.start_char]:
            narrative = None
        prev_end = sent.end_char
        own = context.times_in(analysis, sent)
        here, narrative = narrative, (own[0] if own else None)
        ments = context.mentions_in(analysis, sent)
        heads = [(m, h) for m in ments
                 if (h := span_root(analysis.doc, m.start, m.end)) is not None]
        made = None
        text = sent.text.lower()
        # prison break
        if any(w in text for w in data["prison_words"]) and any(
                w in text for w in data["prison_break_words"]):
            anchor = next((t for t in sent if t.lemma_.lower() in ("storm", "attack", "free",
                                                                   "escape", "break", "raid")),
                          None)
            if anchor is not None and not qualify(analysis.doc, sent, [anchor]).negated:
                perps = [m.key for m, h in heads if m.type == "armed_group"
                         and h.dep_ in ("nsubj", "compound", "poss")]
                made = _event(document, analysis, sent, anchor, "prison_break",
                              perps=perps[:1])
        for m, h in heads:
            if made is not None:
                break
            verb, rel = _verb_of(h)
            lemma = verb.lemma_.lower()
            if m.type == "person" and lemma in kills and rel in ("nsubjpass", "dobj") \
                    and _is_leader(h, sent) and not qualify(analysis.doc, sent, [verb]).negated:
                by = [x.key for x, hx in heads if _may_act(x, hx) and
                      _verb_of(hx)[0].i == verb.i and _verb_of(hx)[1] in ("nsubj",)]
                made = _event(document, analysis, sent, verb, "leader_killed",
                              subject=m.key, perps=by, narrative=here)
            elif m.type == "person" and rel == "pobj" and verb.lower_ == "of" and (
                    verb.head.lemma_.lower() in data["death_nouns"]) and _is_leader(h, sent) \
                    and not qualify(analysis.doc, sent, [verb.head]).negated:
                # "..., leading to the death of Shekau, the leader of Boko Haram": those
                # who did what led to it killed him
                death = verb.head
                above = {a.i for a in death.ancestors if a.pos_ == "VERB"}
                by = [x.key for x, hx in heads if _may_act(x, hx) and x.key != m.key and (
                    _verb_of(hx)[1] == "nsubj" and _verb_of(hx)[0].i in above)]
                if by:  # a death nobody brought about is no killing ("died of illness")
                    made = _event(document, analysis, sent, death, "leader_killed",
                                  subject=m.key, perps=by, narrative=here)
                    found.also_attacks.add(n)
            elif m.type == "person" and (post := _appointed(h)) is not None:
                if not qualify(analysis.doc, sent, [post]).negated:
                    made = _event(document, analysis, sent, post, "appointment",
                                  subject=m.key, perps=[m.key], narrative=here)
            elif m.type == "armed_group" and rel == "nsubj" and (
                    ground := _territory_verb(verb)) is not None:
                verb, etype = ground
                places = [x for x, hx in heads if x.type == "location" and
                          verb.i in [a.i for a in hx.ancestors][:6]]
                if verb.lemma_.lower() == "take" and not any(
                        t.lower_ == "control" for t in verb.subtree):
                    places = []
                land = any(c.dep_ == "dobj" and c.lemma_.lower() in data["territory_nouns"]
                           for c in verb.children)
                if (places or land) and not qualify(analysis.doc, sent, [verb]).negated:
                    made = _event(document, analysis, sent, verb, etype, perps=[m.key],
                                  place=places[0] if places else None)
            elif m.type == "armed_group" and rel == "nsubjpass" and lemma in data["expel_verbs"]:
                places = [x for x, hx in heads if x.type == "location" and
                          verb.i in [a.i for a in hx.ancestors][:4]]
                if places and not qualify(analysis.doc, sent, [verb]).negated:
                    made = _event(document, analysis, sent, verb, "territory_lost",
                                  perps=[m.key], place=places[0])
        if made is None:
            made = _meeting(document, analysis, sent, heads)
        if made is not None:
            found.events.append((made[0], made[1], n))
    return found
