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
    cooperation_proposals,
    hostility_proposals,
    locative_proposals,
    modifier_proposals,
    part_proposals,
    role_proposals,
    support_proposals,
    title_proposals,
)
from watchfloor.extract.relations_roles import (
    Filler,
    fillers,
    object_tokens,
    subject_tokens,
)
from watchfloor.names import normalise_alias
from watchfloor.ontology import Predicate, load_ontology
from watchfloor.read.mentions import REFERENCE_SOURCES
from watchfloor.read.nlp import text_of
from watchfloor.records import Claim, EntityRecord, Mention

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from watchfloor.read.analysis import Analysis
    from watchfloor.read.reference import Reference
    from watchfloor.records import Document

VERSION = 2
EXTRACTOR = f"relations.v{VERSION}"
DEPUTY = "deputy_leader_of"
LEADER = "leader_of"
_TIMED_DEPS = frozenset({"attr", "dobj", "oprd", "acomp"})
_DESCRIPTION_DEPS = frozenset({"appos", "compound", "nmod", "amod", "poss"})
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
                      by_token: dict[int, Mention], governments: dict[str, EntityRecord],
                      reference: Reference) -> list[Claim]:
    pred = load_ontology().predicate(match.cue.predicate)
    pairs = _pairs(match, pred, by_token)
    if pred.name == LEADER:  # "commanded members of X" leads the members, not X
        pairs = [(s, o) for s, o in pairs if not o.via_member and o.hops == 0]
    if not pairs or _portfolio_head(match.anchor, pred.name, by_token):
        return []
    return _claims(document, analysis, sent, list(match.tokens), pred.name,
                   [(s.mention, o.mention, match.cue.strength - 0.1 * max(0, s.hops + o.hops - 1))
                    for s, o in pairs], governments, reference)


_STATES = "\x00states"  # the governments dict's entry listing the states a text names as such
_GOVERNMENT_WORDS = ("government", "regime", "authorities", "administration", "state")


def _named_states(analysis: Analysis) -> set[str]:
    """ISO codes of the countries whose state the document names as a party ("the Iranian
    regime", "Government of Iran", "Iran's government"): only those countries' actions
    are read as their government's; elsewhere the country stays a place."""
    text = text_of(analysis.doc).casefold()
    out: set[str] = set()
    republic: dict[str, bool] = {}  # one scan of the text per country name, not per mention
    for m in analysis.mentions:
        if m.type == "location" and m.kind == "country" and m.place and m.place.country:
            if m.place.country in out:
                continue
            name = m.place.name.casefold()
            around = text[max(0, m.start - 30):m.end + 30]
            if name not in republic:
                republic[name] = f"republic of {name}" in text
            if any(w in around for w in _GOVERNMENT_WORDS) or republic[name]:
                out.add(m.place.country)
        if m.type == "organization" and m.kind == "state_actor" and m.place:
            out.add(m.place.country or "")
    return out


_STATE_PARTY = frozenset({"hostile_to", "allied_with", "cooperates_with", "supported_by",
                          "leader_of", "member_of", "founder_of", "part_of"})


def _government(m: Mention, predicate: str, reference: Reference,
                governments: dict[str, EntityRecord]) -> Mention:
    """A country acting as a party ("Iran-backed", "attacks against Pakistani interests",
    "Saudi Arabia co-chairs") is its state: the catalogue's government actor when listed,
    else "Government of <country>", with the country's name and surface as aliases."""
    if m.type != "location" or m.kind != "country" or m.place is None or \
            predicate not in _STATE_PARTY or m.place.country not in governments.get(
                _STATES, EntityRecord("", "", "")).aliases:
        return m
    name = f"Government of {m.place.name}"
    entry = reference.catalogue.resolve(name) if reference.catalogue is not None else None
    key = entry.id if entry is not None and entry.type == "organization" else \
        f"organization:{normalise_alias(name)}"
    record = governments.setdefault(key, EntityRecord(
        key, "organization", entry.name if entry is not None else name,
        kind="state_actor", catalogue_id=entry.id if entry is not None else None))
    record.aliases.update({m.place.name} | ({m.text} if m.source != "demonym" else set()))
    return Mention(m.start, m.end, m.text, "organization", key, "derived", "state_actor",
                   confidence=m.confidence)


def _claims(document: Document, analysis: Analysis, sent: Span, anchor_tokens: list[Token],
            predicate: str, pairs: list[tuple[Mention, Mention, float]],
            governments: dict[str, EntityRecord] | None = None,
            reference: Reference | None = None) -> list[Claim]:
    """Claims for (subject, object, strength) pairs read from one cue or frame: qualified
    (source, certainty; negated, denied and hypothetical cues give nothing), dated by the
    cue's own clause, with confidence the strength times the weaker mention's. A country
    acting as a party becomes its government (``_government``)."""
    pred = load_ontology().predicate(predicate)
    if governments is not None and reference is not None:
        pairs = [(_government(s, predicate, reference, governments),
                  _government(o, predicate, reference, governments), w) for s, o, w in pairs]
    pairs = [(s, o, w) for s, o, w in pairs
             if s.type in pred.domain and o.type in pred.range and s.key != o.key
             and not _place_as_actor(s, pred.domain) and not _place_as_actor(o, pred.range)]
    if not pairs:
        return []
    anchor = anchor_tokens[0]
    qual = qualify(analysis.doc, sent, anchor_tokens)
    # a description inside a noun phrase ("Zawahiri, the leader of al-Qaeda") holds
    # whatever the clause around it says ("would still maintain allegiance to ...")
    described = anchor.pos_ in ("NOUN", "PROPN") and anchor.dep_ in _DESCRIPTION_DEPS
    if not described and (qual.negated or _non_factual(anchor) or qual.certainty == "denied"):
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
                  by_token: dict[int, Mention], governments: dict[str, EntityRecord],
                  reference: Reference, first: dict[str, Mention]) -> list[Claim]:
    publisher = _publisher(document, analysis)
    topic_key = analysis.topic_at(sent.start_char)
    topic = first.get(topic_key) if topic_key is not None else None
    proposals = [*role_proposals(sent, by_token), *modifier_proposals(sent, by_token),
                 *locative_proposals(sent, by_token),
                 *hostility_proposals(sent, by_token, topic), *part_proposals(sent, by_token),
                 *support_proposals(sent, by_token), *cooperation_proposals(sent, by_token),
                 *title_proposals(sent, by_token, publisher)]
    claims: list[Claim] = []
    for p in proposals:
        claims += _claims(document, analysis, sent, list(p.anchor), p.predicate,
                          [(p.subject, p.object, p.strength)], governments, reference)
    return claims


def _prefix_parents(document: Document, analysis: Analysis, reference: Reference,
                    extra: dict[str, EntityRecord]) -> list[Claim]:
    """A body named after the organisation it belongs to ("UN Mine Action Service", "SNA
    Child Protection Unit", "ATMIS Civilian Casualty Tracking ... Cell") is part of it: the
    name's first words resolve, on their own, to another organisation."""
    claims: list[Claim] = []
    catalogue = reference.catalogue
    seen: set[str] = set()
    for m in analysis.mentions:
        words = m.text.split()
        if m.type not in ("organization", "armed_group") or m.key in seen or len(words) < 3 \
                or m.source in REFERENCE_SOURCES:
            continue
        seen.add(m.key)
        for n in (1, 2):
            head = " ".join(words[:n])
            if not (head.replace(".", "").isupper() or head == "United Nations"):
                continue  # an acronym or "United Nations" prefixes its bodies' names
            entry = catalogue.resolve(head) if catalogue is not None else None
            if entry is None or entry.id == m.key or entry.type != "organization":
                continue
            parent = next((x for x in analysis.mentions if x.key == entry.id), None)
            if parent is None:
                extra.setdefault(entry.id, EntityRecord(entry.id, entry.type, entry.name,
                                                        kind=entry.kind, catalogue_id=entry.id))
                parent = Mention(m.start, m.start, words[0], entry.type, entry.id, "derived",
                                 entry.kind)
            span = analysis.doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                claims += _claims(document, analysis, span.sent, [span.root], "part_of",
                                  [(m, parent, 0.8)])
            break
    return claims


def _publisher(document: Document, analysis: Analysis) -> Mention | None:
    """The organisation that published the document, when the text names it: a government
    release quotes its own officials by title alone."""
    if not document.publisher:
        return None
    wanted = normalise_alias(document.publisher.split(",")[0])
    for m in analysis.mentions:
        if m.type != "organization" or m.source in REFERENCE_SOURCES:
            continue
        record = analysis.entities.get(m.key)
        names = {normalise_alias(a) for a in (record.aliases | {record.name})} if record else set()
        if wanted in names or any(n and (n in wanted or wanted in n) and len(n) > 8
                                  for n in names):
            return m
    return None


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
    governments: dict[str, EntityRecord] = {
        _STATES: EntityRecord(_STATES, "organization", "", aliases=_named_states(analysis))}
    publisher = _publisher(document, analysis)
    first: dict[str, Mention] = {}  # each key's first mention, found once, not per sentence
    for m in analysis.mentions:
        first.setdefault(m.key, m)
    for sent in analysis.doc.sents:
        by_token = _token_index(analysis, sent)
        if len({m.key for m in by_token.values()}) < 2:
            if publisher is not None and by_token:  # an official quoted by title alone
                for p in title_proposals(sent, by_token, publisher):
                    claims += _claims(document, analysis, sent, list(p.anchor), p.predicate,
                                      [(p.subject, p.object, p.strength)], governments,
                                      reference)
            continue
        for match in matches_in(sent):
            claims.extend(_claims_for_match(document, analysis, sent, match, by_token,
                                            governments, reference))
        claims.extend(_frame_claims(document, analysis, sent, by_token, governments,
                                    reference, first))
    claims.extend(_unit_claims(document, analysis))
    claims.extend(_prefix_parents(document, analysis, reference, governments))
    claims = _implied_away(_dedupe(_resolve_deputies(claims, analysis)))
    used = {k for c in claims for k in (c.subject, c.object)}
    return StageOutput(claims=claims,
                       entities={k: v for k, v in governments.items()
                                 if k in used and k != _STATES})


def _implied_away(claims: list[Claim]) -> list[Claim]:
    """A leader or deputy of a group is a member of it: a ``member_of`` claim the same
    document also states as leadership adds nothing an analyst would record; nor does a
    ``supported_by`` from one of the group's own members."""
    leads = {(c.subject, c.object) for c in claims
             if c.predicate in (LEADER, DEPUTY, "founder_of")}
    members = leads | {(c.subject, c.object) for c in claims if c.predicate == "member_of"}
    # a member's work for the group is not outside support ("smuggled arms on behalf of LET")
    return [c for c in claims if not (c.predicate == "member_of"
                                      and (c.subject, c.object) in leads)
            and not (c.predicate == "supported_by" and (c.object, c.subject) in members)]


__all__ = ["STAGE", "run", "span_root"]

STAGE = Stage(name="relations", version=VERSION, run=run, min_confidence=0.4,
              doc="relation claims from lexical cues on the dependency parse")
