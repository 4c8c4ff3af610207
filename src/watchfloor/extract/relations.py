"""The relations stage: who is part of, allied with, led by, based in whom or where.

Why cues plus the parse, never co-occurrence: reports name many groups per sentence
("Delegates discussed the Houthis and Hezbollah") and the analyst must trust each edge of
the relationship graph. A claim needs a lexical cue (``data/cues/relations.yaml``, read by
``relations_cues``) and mentions in the cue's dependency roles (``relations_roles``),
whose entity types fit the predicate's domain and range in the ontology. Negated or
denied cues ("has not split away", "no evidence that", "denied") and non-factual clauses
("it is unlikely that") give nothing; hedges and sources come from
``attribution.qualify``; a time attaches only when it dates the cue's own clause.

Confidence is the cue's strength times the weaker mention's confidence, less 0.1 per noun
looked through; the Stage's ``min_confidence`` drops what falls below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from watchfloor.extract import context
from watchfloor.extract.attribution import qualify, span_root
from watchfloor.extract.base import Stage, StageOutput
from watchfloor.extract.relations_cues import Match, load_relation_cues, matches_in
from watchfloor.extract.relations_frames import (
    hostility_proposals,
    locative_proposals,
    modifier_proposals,
    part_proposals,
    role_proposals,
)
from watchfloor.extract.relations_roles import (
    Filler,
    fillers,
    object_tokens,
    subject_tokens,
)
from watchfloor.ontology import Predicate, load_ontology
from watchfloor.records import Claim

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from watchfloor.read.analysis import Analysis
    from watchfloor.read.reference import Reference
    from watchfloor.records import Document, Mention

VERSION = 2
EXTRACTOR = f"relations.v{VERSION}"
DEPUTY = "deputy_leader_of"
LEADER = "leader_of"
_TIMED_DEPS = frozenset({"attr", "dobj", "oprd", "acomp"})
_LOCATIVE = frozenset({"in", "across", "throughout", "near", "around", "at", "inside", "along"})
_ACTOR_PREDICATES = frozenset({"hostile_to", "allied_with", "cooperates_with", "supported_by",
                               "leader_of", "member_of", "founder_of", "deputy_leader_of",
                               "part_of", "pledged_allegiance_to", "members_joined_from",
                               "controls", "lost_control_of"})


def _token_index(analysis: Analysis, sent: Span) -> dict[int, Mention]:
    """Token index -> mention covering it (the mention's own tokens only)."""
    index: dict[int, Mention] = {}
    for m in context.mentions_in(analysis, sent):
        span = analysis.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None:
            for t in span:
                index.setdefault(t.i, m)
    return index


def _portfolio_head(anchor: Token, predicate: str, by_token: dict[int, Mention]) -> bool:
    """"the Taliban's head of culture and information", "chief of intelligence": the head
    of a department, not of the group; a wrong leader costs more than a missing one."""
    if predicate not in ("leader_of", DEPUTY) or anchor.pos_ not in ("NOUN", "PROPN"):
        return False
    for prep in anchor.children:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "for"):
            objects = [c for c in prep.children if c.dep_ == "pobj"]
            if objects and not any(o.i in by_token for o in objects):
                return True
    return False


def _non_factual(anchor: Token) -> bool:
    words = load_relation_cues().non_factual
    for t in [anchor, *anchor.ancestors]:
        if t.lower_ in words and t.dep_ in ("acomp", "mark", "aux", "advmod", "amod"):
            return True
        if any(c.lower_ in words and c.dep_ in ("acomp", "mark", "aux") for c in t.children):
            return True
    return False


def _left_neighbour(anchor: Token, by_token: dict[int, Mention]) -> list[Filler]:
    """A mention right before a verb cue the parser left without a subject ("Boko Haram
    swore ..." parsed with "Haram" as an object): the subject, as the word order says."""
    if anchor.pos_ not in ("VERB", "NOUN") or anchor.i == 0 or anchor.i - 1 not in by_token:
        return []
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in anchor.children):
        return []
    return [Filler(by_token[anchor.i - 1])]


def _role(match: Match, role: str, by_token: dict[int, Mention]) -> tuple[list[Filler], bool]:
    subj = [f for t in subject_tokens(match.anchor) for f in fillers(t, by_token)]
    if not subj:
        subj = _left_neighbour(match.anchor, by_token)
    left = {f.mention.key for f in subj}
    objs_t, reciprocal = object_tokens(match.tokens)
    cue_idx = {t.i for t in match.tokens}
    if len(match.tokens) > 1 and match.tokens[1].i > match.tokens[0].i + 1:
        # a gapped cue ("regard X as", "drove X out of"): the gap holds the complement
        objs_t += [match.tokens[0].doc[i] for i in range(match.tokens[0].i + 1,
                                                          match.tokens[1].i)]
    objs: list[Filler] = []
    first_place: Token | None = None
    for t in sorted(objs_t, key=lambda x: x.i):
        if t.i in cue_idx:
            continue
        for f in fillers(t, by_token):
            if f.mention.key in left or f.mention.key in {o.mention.key for o in objs}:
                continue
            if f.mention.type == "location" and t.dep_ == "pobj" and \
                    t.head.lower_ in _LOCATIVE and match.cue.predicate in _ACTOR_PREDICATES:
                continue  # "fought the Taliban in Afghanistan": where, not whom
            if f.mention.type == "location":
                # "based in Jilib, in the Middle Juba region": the first place and its
                # conjuncts, not the region that locates it
                if first_place is None:
                    first_place = t
                elif t.i not in {c.i for c in first_place.conjuncts}:
                    continue
            objs.append(f)
    if role == "subj":
        return subj, reciprocal
    if role == "obj":
        return objs, reciprocal
    return subj + objs, reciprocal


def _pairs(match: Match, pred: Predicate, by_token: dict[int, Mention],
           ) -> list[tuple[Filler, Filler]]:
    cue = match.cue
    subs, reciprocal = _role(match, cue.subject, by_token)
    objs, _ = _role(match, cue.object, by_token)
    if cue.via == "member":
        subs_or_objs = subs if cue.subject == "subj" else objs
        if not any(f.via_member for f in subs_or_objs):
            return []
        if cue.subject == "subj":
            subs = [f for f in subs if f.via_member]
        else:
            objs = [f for f in objs if f.via_member]
    if reciprocal and pred.symmetric:
        objs = subs
    out = []
    for s in subs:
        if s.mention.type not in pred.domain:
            continue
        for o in objs:
            if o.mention.type in pred.range and o.mention.key != s.mention.key:
                out.append((s, o))
    return out


def _claims_for_match(document: Document, analysis: Analysis, sent: Span, match: Match,
                      by_token: dict[int, Mention]) -> list[Claim]:
    pred = load_ontology().predicate(match.cue.predicate)
    pairs = _pairs(match, pred, by_token)
    if not pairs or _portfolio_head(match.anchor, pred.name, by_token):
        return []
    return _claims(document, analysis, sent, list(match.tokens), pred.name,
                   [(s.mention, o.mention, match.cue.strength - 0.1 * max(0, s.hops + o.hops - 1))
                    for s, o in pairs])


def _claims(document: Document, analysis: Analysis, sent: Span, anchor_tokens: list[Token],
            predicate: str, pairs: list[tuple[Mention, Mention, float]]) -> list[Claim]:
    """Claims for (subject, object, strength) pairs read from one cue or frame: qualified
    (source, certainty; negated, denied and hypothetical cues give nothing), dated by the
    cue's own clause, with confidence the strength times the weaker mention's."""
    pred = load_ontology().predicate(predicate)
    pairs = [(s, o, w) for s, o, w in pairs
             if s.type in pred.domain and o.type in pred.range and s.key != o.key
             and not _place_as_actor(s, pred.domain) and not _place_as_actor(o, pred.range)]
    if not pairs:
        return []
    anchor = anchor_tokens[0]
    qual = qualify(analysis.doc, sent, anchor_tokens)
    if qual.negated or qual.certainty == "denied" or _non_factual(anchor):
        return []
    when = None
    if anchor.pos_ in ("VERB", "AUX") or anchor.dep_ in _TIMED_DEPS:
        when = context.time_for(analysis, anchor)
    evidence = context.sentence_evidence(document, sent)
    return [Claim(
        subject=s.key, predicate=pred.name, object=o.key, evidence=evidence,
        time=when.edtf if when else None, time_text=when.text if when else None,
        attributed_to=qual.attributed_to, certainty=qual.certainty,
        confidence=round(strength * min(s.confidence, o.confidence), 3), extractor=EXTRACTOR,
    ) for s, o, strength in pairs]


def _place_as_actor(m: Mention, types: tuple[str, ...]) -> bool:
    """A place in a role that groups and organisations also fill acts only as a state: a
    country ("Saudi Arabia co-chairs the TFTC"), never a town ("founded in Kandahar")."""
    return m.type == "location" and m.kind != "country" and any(
        t in types for t in ("person", "armed_group", "organization"))


def _frame_claims(document: Document, analysis: Analysis, sent: Span,
                  by_token: dict[int, Mention], first: dict[str, Mention]) -> list[Claim]:
    topic_key = analysis.topic_at(sent.start_char)
    topic = first.get(topic_key) if topic_key is not None else None
    proposals = [*role_proposals(sent, by_token), *modifier_proposals(sent, by_token),
                 *locative_proposals(sent, by_token),
                 *hostility_proposals(sent, by_token, topic), *part_proposals(sent, by_token)]
    claims: list[Claim] = []
    for p in proposals:
        claims += _claims(document, analysis, sent, list(p.anchor), p.predicate,
                          [(p.subject, p.object, p.strength)])
    return claims


def _unit_claims(document: Document, analysis: Analysis) -> list[Claim]:
    """A unit, branch or province the reader placed under a group ("LET's air wing",
    "ISIS-Y", "Islamic State's Congo Province") is part of it, evidenced by the sentence
    of its first mention."""
    parents: dict[str, str] = analysis.extra.get("part_of") or {}
    claims = []
    first: dict[str, Mention] = {}
    for m in analysis.mentions:
        first.setdefault(m.key, m)
    for key, parent in parents.items():
        if key not in first or parent not in analysis.entities:
            continue
        sent = analysis.doc.char_span(first[key].start, first[key].end,
                                      alignment_mode="expand")
        if sent is None:
            continue
        parent_mention = next((m for m in analysis.mentions if m.key == parent),
                              None)
        if parent_mention is None:
            continue
        claims += _claims(document, analysis, sent.sent, [sent.root], "part_of",
                          [(first[key], parent_mention, 0.85)])
    return claims


def _resolve_deputies(claims: list[Claim], analysis: Analysis) -> list[Claim]:
    """"Deputy to W": the deputy leads the group W leads, if the document says which."""
    from dataclasses import replace

    types = {m.key: m.type for m in analysis.mentions}
    leads = {c.subject: c.object for c in claims if c.predicate == LEADER}
    out = []
    for c in claims:
        if c.predicate == DEPUTY and types.get(c.object or "") == "person":
            group = leads.get(c.object or "")
            if group is None:
                continue
            c = replace(c, object=group)
        out.append(c)
    return out


def _dedupe(claims: list[Claim]) -> list[Claim]:
    """One claim per (sentence, subject, predicate, object), the most confident; a
    symmetric pair counts once whichever way round it was read."""
    onto = load_ontology()
    best: dict[tuple, Claim] = {}
    for c in claims:
        ends = (c.subject, c.object)
        if onto.predicate(c.predicate).symmetric:
            ends = tuple(sorted(ends, key=str))  # type: ignore[assignment]
        key = (c.evidence.start, c.predicate, *ends)
        if key not in best or c.confidence > best[key].confidence:
            best[key] = c
    return list(best.values())


def run(document: Document, analysis: Analysis, reference: Reference) -> StageOutput:
    claims: list[Claim] = []
    first: dict[str, Mention] = {}  # each key's first mention, found once, not per sentence
    for m in analysis.mentions:
        first.setdefault(m.key, m)
    for sent in analysis.doc.sents:
        by_token = _token_index(analysis, sent)
        if len({m.key for m in by_token.values()}) < 2:
            continue
        for match in matches_in(sent):
            claims.extend(_claims_for_match(document, analysis, sent, match, by_token))
        claims.extend(_frame_claims(document, analysis, sent, by_token, first))
    claims.extend(_unit_claims(document, analysis))
    return StageOutput(claims=_implied_away(_dedupe(_resolve_deputies(claims, analysis))))


def _implied_away(claims: list[Claim]) -> list[Claim]:
    """A leader or deputy of a group is a member of it: a ``member_of`` claim the same
    document also states as leadership adds nothing an analyst would record."""
    leads = {(c.subject, c.object) for c in claims
             if c.predicate in (LEADER, DEPUTY, "founder_of")}
    return [c for c in claims if not (c.predicate == "member_of"
                                      and (c.subject, c.object) in leads)]


__all__ = ["STAGE", "run", "span_root"]

STAGE = Stage(name="relations", version=VERSION, run=run, min_confidence=0.5,
              doc="relation claims from lexical cues on the dependency parse")
