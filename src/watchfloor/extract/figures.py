"""The figures stage: how many fighters, attacks, recruits, defectors, escaped prisoners and
dollars a group has, each figure as its own sourced, dated claim.

Why a number is read through the parse and not by proximity: analysts quote strength
estimates side by side ("most estimates put ISKP's strength as high as 4,000, although the
US military put it at up to 3,000"), and each estimate must keep its own source, hedge and
date. So every number the reading layer found (``analysis.quantities``, plus US-dollar
amounts) is read on its own:

* **what it counts** — ``figures_reading`` (the noun it counts, the verb it is an
  argument of, a strength noun above it, or the figure before it);
* **whose it is** — a possessive or compound on that noun ("ISKP's strength", "al-Shabaab
  fighters"), "of X", the subject of the verb ("X has / numbers / fields"), the object of
  "join", the recipient of money ("Iran gave *it* $100 million"), including back-reference
  mentions ("the group") the reading layer resolved; "it"/"its" take the subject of the
  figure before it, or of the sentence, or the group the previous sentence was about;
  failing all that, the one armed group the sentence names, at lower confidence;
* **who says so and how surely** — ``attribution.qualify`` on the number, so "while a UN
  report suggested it could be approaching 4,000" is the report's, and possible;
* **when** — ``context.time_for`` on the number's clause, else the date of an "after/when"
  clause under it ("800 inmates escaped after ISWAP stormed the prison in July 2022").

Precision first: a number with no group, no attribute, under a victim or loss verb ("killed
19 soldiers", "lost 150 fighters"), or negated ("does not have 20,000 fighters") makes no
claim. Killed and injured tolls are the events stage's.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import TYPE_CHECKING

from watchfloor.extract import context
from watchfloor.extract.attribution import qualify, span_root
from watchfloor.extract.base import Stage, StageOutput
from watchfloor.extract.figures_reading import (
    attribute_of,
    candidates,
    counted_noun,
    cues,
    governor,
    number_token,
)
from watchfloor.ontology import load_ontology
from watchfloor.read.analysis import document_period
from watchfloor.records import Claim, Quantity, TimeExpr

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from watchfloor.read.analysis import Analysis
    from watchfloor.read.reference import Reference
    from watchfloor.records import Document, Mention

VERSION = 1
EXTRACTOR = f"figures.v{VERSION}"
_OWNER_EDGES = frozenset({"poss", "compound", "nmod", "amod"})
_SUBJECT_CLIMB = frozenset({"xcomp", "conj", "auxpass", "aux", "pcomp", "prep"})
# Prepositions whose object is not the owner of a figure ("50 raids against Boko Haram").
_NOT_OWNER_PREPS = frozenset({"against", "on", "by", "with", "from", "to", "into", "near"})
# Where the one group of a sentence must sit to be taken as a figure's owner by default.
_TOPIC_EDGES = frozenset({"nsubj", "nsubjpass", "compound", "poss", "ROOT", "dep"})
_OWN_CLAUSE_EDGES = frozenset({"relcl", "appos"})
_WHEN_MARKS = frozenset({"after", "when", "as", "once", "while"})
_PRONOUNS = frozenset({"it", "its", "they", "their", "them"})


# --- whose figure it is --------------------------------------------------------------


def _mention_at(analysis: Analysis, token: Token, groups: list[Mention]) -> Mention | None:
    start, end = token.idx, token.idx + len(token.text)
    for m in groups:
        if m.start <= start and end <= m.end:
            return m
    return None


def _owner(analysis: Analysis, noun: Token, groups: list[Mention]) -> Mention | None:
    """ "ISKP's strength", "al-Shabaab fighters", "the strength of ISKP", "ISIS-K with 30
    attacks", "the attacks carried out by the ELN" -> the group."""
    inside = _mention_at(analysis, noun, groups)  # "800 FARC dissidents", "2,000 Taliban"
    if inside is not None:
        return inside
    if noun.dep_ == "pobj" and noun.head.lower_ == "with":
        holder = noun.head.head
        m = _mention_at(analysis, holder, groups)
        if m is not None:
            return m
        for agent in holder.children:  # "followed by ISIS-K with 30 attacks"
            if agent.dep_ == "agent":
                for obj in agent.children:
                    m = _mention_at(analysis, obj, groups) if obj.dep_ == "pobj" else None
                    if m is not None:
                        return m
    for child in noun.children:
        if child.dep_ in ("acl", "relcl"):
            for agent in child.subtree:
                if agent.dep_ == "agent" or (agent.dep_ == "prep" and agent.lower_ == "by"):
                    for obj in agent.children:
                        m = _mention_at(analysis, obj, groups) if obj.dep_ == "pobj" else None
                        if m is not None:
                            return m
        if child.dep_ in _OWNER_EDGES:
            m = _mention_at(analysis, child, groups)
            if m is not None:
                return m
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                m = _mention_at(analysis, obj, groups) if obj.dep_ == "pobj" else None
                if m is not None:
                    return m
    return None


_IN_PARENS = re.compile(r"\(\s*$")
_FROM_GROUP = re.compile(r"^\s+from\s+(?:the\s+)?")


def _listed(analysis: Analysis, text: str, q: Quantity, sent: Span) -> tuple[str, str] | None:
    """A count in a list broken down by party: "recruited ..., including by al-Shabaab
    (1,091), the SNA (169)" or "(375 from the FARC, 179 from the ELN)". The party is the
    group or state body the count sits beside; what is counted is what the sentence is
    about (``list_context`` words: recruitment, demobilisation, attacks)."""
    party: Mention | None = None
    if _IN_PARENS.search(text, max(sent.start_char, q.start - 3), q.start) and \
            text[q.end:q.end + 3].lstrip().startswith(")"):
        before = text.rfind("(", sent.start_char, q.start)
        party = next((m for m in context.mentions_in(analysis, sent)
                      if m.end <= before and text[m.end:before].strip() == ""), None)
    else:
        lead = _FROM_GROUP.match(text[q.end:q.end + 12])
        if lead:
            at = q.end + lead.end()
            party = next((m for m in context.mentions_in(analysis, sent) if m.start == at), None)
    if party is None or party.type not in ("armed_group", "organization"):
        return None
    words = {t.lemma_.lower() for t in sent}
    for attribute, cue_words in cues()["list_context"].items():
        if words & cue_words:
            return attribute, party.key
    return None


def _partitive(num: Token) -> bool:
    """ "thousands of its fighters", "2,000 of the group's men": a part of a force."""
    for c in num.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for p in c.children:
                if p.dep_ == "pobj" and any(d.dep_ == "poss" or d.lower_ in ("the", "these")
                                            for d in p.children):
                    return True
    return False


def _counts_others(named: Token) -> bool:
    """A strength noun whose "of" names victims or others ("the number of abductees")."""
    block = cues()["block"]
    return any(p.lemma_.lower() in block for c in named.children
               if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj")


def _subject_count(num: Token, noun: Token | None) -> bool:
    """The figure is the subject of its clause, so a negation there is about what the
    counted people did, not how many there are."""
    head = noun if noun is not None else num
    return head.dep_ in ("nsubj", "nsubjpass")


def _verb_subject(verb: Token) -> Token | None:
    """The subject of the verb, through "is thought to have", "attacked ... and freed"."""
    token = verb
    for _ in range(4):
        for child in token.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
        if token.dep_ in _SUBJECT_CLIMB and token.head.i != token.i:
            token = token.head
            continue
        return None
    return None


def _subject(analysis: Analysis, num: Token, noun: Token | None, named: Token | None,
             verb: Token | None, groups: list[Mention], previous: str | None,
             money: bool = False) -> tuple[str, float] | None:
    """The mention key of the group the figure is about, with how sure the reading is."""
    for holder in (noun, named):
        if holder is not None:
            m = _owner(analysis, holder, groups)
            if m is not None:
                return m.key, 0.9
            if any(c.dep_ == "poss" and c.lower_ in _PRONOUNS for c in holder.children) or (
                    holder is named
                    and holder.lemma_.lower() in cues()["strength"] | cues()["generic"]
                    and any(c.dep_ == "det" and c.lower_ == "the" for c in holder.children)):
                # "its members", "their fighters", "put the peak at": the group the text
                # is about, or nothing
                return (previous, 0.7) if previous is not None else None
    if noun is not None:  # "fighters from 110 countries travelled to join the Islamic State"
        for t in noun.subtree:
            if t.lemma_.lower() in cues()["object_owner"] and t.pos_ == "VERB":
                m = _object_group(analysis, t, groups)
                if m is not None:
                    return m.key, 0.8
    if money and verb is not None and verb.lemma_.lower() in cues()["recipient"]:
        return _recipient(analysis, num, verb, groups, previous)
    # the strength noun may sit beside the number under the verb ("put X's strength at")
    if verb is not None:
        for child in verb.children:
            if (child.dep_ in ("dobj", "nsubj", "nsubjpass")
                    and child.lemma_.lower() in cues()["strength"] | cues()["generic"]):
                m = _owner(analysis, child, groups)
                if m is not None:
                    return m.key, 0.9
        subj = _verb_subject(verb)
        if subj is not None:
            m = _mention_at(analysis, subj, groups)
            if m is not None:
                return m.key, 0.85
            if subj.lower_ in _PRONOUNS and previous is not None:
                return previous, 0.7
        if verb.lemma_.lower() in cues()["object_owner"]:
            m = _object_group(analysis, verb, groups)
            if m is not None:
                return m.key, 0.8
        if previous is not None and any(
                c.dep_ == "dobj" and c.lower_ in _PRONOUNS for c in verb.children):
            return previous, 0.7  # "the US military put it at up to 3,000"
    if noun is not None and noun.lower_ in _PRONOUNS and previous is not None:
        return previous, 0.7
    return _only_group(analysis, num, groups)


def _object_group(analysis: Analysis, verb: Token, groups: list[Mention]) -> Mention | None:
    for obj in verb.children:
        m = _mention_at(analysis, obj, groups) if obj.dep_ == "dobj" else None
        if m is not None:
            return m
    return None


def _recipient(analysis: Analysis, num: Token, verb: Token, groups: list[Mention],
               previous: str | None) -> tuple[str, float] | None:
    """Money given to a group belongs to the recipient, never to the donor."""
    inside = {t.i for t in num.subtree}
    for child in verb.children:
        target = child
        if child.dep_ == "prep" and child.lower_ == "to":
            target = next((c for c in child.children if c.dep_ == "pobj"), child)
        elif child.dep_ not in ("dative", "dobj") or child.i in inside:
            continue
        m = _mention_at(analysis, target, groups)
        if m is not None:
            return m.key, 0.85
        if target.lower_ in _PRONOUNS and previous is not None:
            return previous, 0.7
    return None


def _only_group(analysis: Analysis, num: Token, groups: list[Mention]) -> tuple[str, float] | None:
    """The one armed group a sentence names, when the parse gave no owner (a tagger that
    reads "HTS numbers 10,000 fighters" with "numbers" as a noun); lower confidence."""
    keys = {m.key for m in groups}
    if len(keys) != 1:
        return None
    for m in groups:
        head = span_root(analysis.doc, m.start, m.end)
        if head is None or head.sent != num.sent:
            return None
        if head.dep_ == "pobj" and head.head.lower_ in _NOT_OWNER_PREPS:
            return None
        if head.dep_ not in _TOPIC_EDGES and not (head.dep_ == "pobj" and head.head.lower_ == "of"):
            return None
    return groups[0].key, 0.6


# --- the stage -----------------------------------------------------------------------


def _own_time(analysis: Analysis, num: Token, when: TimeExpr | None) -> TimeExpr | None:
    """A figure in a relative clause or apposition keeps only its own clause's date:
    "Al-Shabaab, which has 10,000 fighters, was founded in 2006" is not dated 2006; nor
    is the earlier value of a change ("grew *from 2,200* to 4,000 by 2022")."""
    if when is None:
        return None
    edge = next((t for t in (num, *num.ancestors) if t.dep_ in _OWN_CLAUSE_EDGES
                 or (t.dep_ == "prep" and t.lower_ == "from")), None)
    head = context.head_of(analysis, when)
    if edge is None or head is None:
        return when
    if head.i in {t.i for t in edge.subtree}:
        return when
    if edge.dep_ == "prep":  # "grew from 20,000 fighters *in 2010* to 60,000"
        upto = next((t.i for t in edge.head.children if t.dep_ == "prep" and t.lower_ == "to"
                     and t.i > edge.i), None)
        if upto is not None and edge.i < head.i < upto:
            return when
    return None


def counted_bounds(q: Quantity, money: bool) -> tuple[float | None, float | None]:
    """A count's bounds as whole numbers: "more than 50" people is at least 51 and "fewer
    than 20" at most 19 (the strict bound the source gave); amounts of money keep theirs."""
    low, high = q.low, q.high
    if money:
        return low, high
    if q.qualifier == "more_than" and low is not None and float(low).is_integer():
        low += 1
    if q.qualifier == "less_than" and high is not None and float(high).is_integer():
        high -= 1
    return low, high


def _time_of_event_clause(analysis: Analysis, verb: Token | None) -> TimeExpr | None:
    """With no date on its own clause, a figure takes the date of the clause that says when
    it happened: "800 inmates escaped after ISWAP fighters stormed the prison in July 2022"."""
    if verb is None:
        return None
    for clause in verb.children:
        if clause.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in _WHEN_MARKS for c in clause.children):
            for t in context.times_in(analysis, verb.sent):
                head = context.head_of(analysis, t)
                if head is not None and head.i in {x.i for x in clause.subtree}:
                    return t
    return None


def _sentence_figures(document: Document, analysis: Analysis, sent: Span,
                      numbers: list[tuple[Quantity, bool]], carry: str | None) -> list[Claim]:
    onto = load_ontology()
    groups = [m for m in context.mentions_in(analysis, sent) if m.type in cues()["owner_types"]]
    claims: list[Claim] = []
    prev_attr: str | None = None
    prev_subject: str | None = _topic(analysis, sent) or carry
    for q, money in numbers:
        num = number_token(analysis, q)
        if num is None:
            continue
        noun = counted_noun(num)
        verb = governor(noun if noun is not None else num)
        listed = None if money else _listed(analysis, document.text, q, sent)
        who: tuple[str, float] | None
        if listed is not None:
            attribute, who, named = listed[0], (listed[1], 0.75), None
        else:
            found = attribute_of(num, noun, verb, money, prev_attr)
            if found is None:
                continue
            attribute, named = found
            who = _subject(analysis, num, noun, named, verb, groups, prev_subject, money)
        if who is None:
            continue
        subject, sure = who
        if (attribute == cues()["strength_attribute"] and noun is not None and verb is not None
                and sure < 0.9
                and verb.lemma_.lower() not in cues()["strength_verbs"]):
            continue
        qual = qualify(analysis.doc, sent, [num])
        prev_attr, prev_subject = attribute, subject
        if attribute == cues()["strength_attribute"] and _partitive(num):
            continue  # "sent thousands of its fighters": some of them, not its strength
        if named is not None and _counts_others(named):
            continue  # "the number of abductees at more than 2,000"
        if qual.negated and not _subject_count(num, noun):
            continue  # "does not have 20,000 fighters"; but "An estimated 800 X did not ..."
        when = _own_time(analysis, num, context.time_for(analysis, num)) or \
            _time_of_event_clause(analysis, verb)
        low, high = counted_bounds(q, money)
        period = None if when else document_period(document)
        claims.append(Claim(
            subject=subject, predicate=attribute,
            evidence=context.sentence_evidence(document, sent),
            value=q.text, low=low, high=high, unit=onto.quantities[attribute].unit,
            time=when.edtf if when else period,
            time_text=when.text if when else ("(the document's period)" if period else None),
            attributed_to=qual.attributed_to, certainty=qual.certainty,
            confidence=round(sure if qual.certainty != "denied" else sure * 0.8, 2),
            extractor=EXTRACTOR,
        ))
    return claims


def run(document: Document, analysis: Analysis, reference: Reference) -> StageOutput:
    out = StageOutput()
    numbers = candidates(document, analysis)  # in text order
    starts = [n[0].start for n in numbers]
    carry: str | None = None
    for sent in analysis.doc.sents:
        # the sentence's numbers by bisection: a scan of all of them per sentence is
        # quadratic on a long report
        first, last = bisect_left(starts, sent.start_char), bisect_left(starts, sent.end_char)
        here = [n for n in numbers[first:last] if n[0].end <= sent.end_char]
        if sent.text.rstrip().endswith("?"):
            here = []  # a question asserts no figure
        if not here:
            carry = _topic(analysis, sent)
            continue
        claims = _sentence_figures(document, analysis, sent, here, carry)
        out.claims.extend(claims)
        carry = claims[-1].subject if claims else _topic(analysis, sent)
    return out


def _topic(analysis: Analysis, sent: Span) -> str | None:
    """The armed group a sentence is about (its main subject), which an "it" in the next
    sentence most likely means."""
    groups = [m for m in context.mentions_in(analysis, sent) if m.type in cues()["owner_types"]]
    root = sent.root
    # "X has ..., officials said": the reported clause's subject is the topic
    for clause in (root, *(c for c in root.children if c.dep_ == "ccomp")):
        subj = _verb_subject(clause) if clause.pos_ in ("VERB", "AUX") else None
        m = _mention_at(analysis, subj, groups) if subj is not None else None
        if m is not None:
            return m.key
    return None


STAGE = Stage(name="figures", version=VERSION, run=run,
              doc="group strength, attacks, recruits, defectors, escaped prisoners, funding")
