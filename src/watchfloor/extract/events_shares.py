"""Shares of a total: "the Taliban were responsible for 840 of these attacks and 645 of
the fatalities, followed by ISIS-K with 30 attacks with 85 fatalities".

Why: monitoring reports (ACLED counts in a human-rights report, a UN mission's quarterly
figures) break a period's attacks and deaths down by actor. Each actor's share is a record
of its own — who, how many attacks, how many dead, over which period — and an analyst
compares them across reports; read as one attack, or as figures of the total before them,
they would give the whole period's dead to the first group named. A share is an aggregate
attack event: the actor as perpetrator, its deaths as the toll, the sentence's period (or
the passage's, "these attacks") as the date, no place.

A share needs all three: a counted plural attack noun ("840 of these attacks", "30
attacks"), a count of deaths in the same phrase ("and 645 of the fatalities", "with 85
fatalities") and a named actor it is attributed to ("X was responsible for", "followed by
X with", "X, with"). Anything less is left to the sentence's other readings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from watchfloor.extract import context
from watchfloor.extract.events_roles import Casualty, Perpetrator, cues

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from watchfloor.read.analysis import Analysis
    from watchfloor.records import Mention, Quantity, TimeExpr


def _count_of(noun: Token) -> Token | None:
    """The number that counts a plural noun: "30 attacks", "840 of these attacks"."""
    for c in noun.children:
        if c.dep_ == "nummod" and c.pos_ == "NUM":
            return c
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NUM":
        return noun.head.head
    return None


def _deaths_near(attacks: Token, count: Token) -> Token | None:
    """The number of deaths counted right after the attacks, in the same phrase: "30
    attacks with 85 fatalities", "840 of these attacks and 645 of the fatalities". The
    parser hangs the second count on either noun or number, so it is read off the words:
    a death noun within the phrase of the attacks or of their count, and the number
    closest before it, after the attacks."""
    deaths = set(cues()["death_nouns"])
    phrase = {t.i for t in attacks.subtree} | {t.i for t in count.subtree}
    doc = attacks.doc
    for i in sorted(phrase):
        word = doc[i]
        if i <= attacks.i or word.pos_ != "NOUN" or word.lemma_.lower() not in deaths:
            continue
        between = doc[attacks.i + 1:i]
        if any(t.lemma_.lower() in cues()["attack_nouns"] for t in between):
            return None
        numbers = [t for t in between if t.pos_ == "NUM" and t.i in phrase]
        return numbers[-1] if numbers and i - numbers[-1].i <= 4 else None
    return None


def _actor(attacks: Token, count: Token, heads: dict[int, Mention]) -> tuple[Mention, str] | None:
    """Who the counted attacks are attributed to, and how."""
    x: Token = count if count.i != attacks.i and count.head.i != attacks.i else attacks
    via_with = False
    for _ in range(6):
        if x.lower_ == "with":
            via_with = True
        if x.lower_ == "responsible":
            subj = next((c for c in x.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            m = heads.get(subj.i) if subj is not None else None
            return (m, "blame") if m is not None else None
        if x.pos_ == "VERB":
            agent = next((c for c in x.children if c.dep_ == "agent"), None)
            doer = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent else None
            m = heads.get(doer.i) if doer is not None else None
            return (m, "perform") if m is not None and via_with else None
        if via_with and x.i in heads:
            return heads[x.i], "perform"  # "ISIS-K, with 30 attacks with 85 fatalities"
        if x.head.i == x.i:
            return None
        x = x.head
    return None


def aggregate_shares(analysis: Analysis, sent: Span, date: TimeExpr | None,
                     perpetrators: Iterable[Mention],
                     quantity_at: Callable[[Token], Quantity | None]) -> list[tuple[
                         Token, Casualty, Perpetrator]]:
    """Each actor's share of a period's attacks in ``sent``: the attacks noun, the toll
    and the perpetrator. ``date`` is the period the share counts over; without one there
    is no share (a count of attacks with no period is a record, not an event)."""
    if date is None:
        return []
    from watchfloor.extract.attribution import span_root

    heads: dict[int, Mention] = {}
    for m in perpetrators:
        h = span_root(analysis.doc, m.start, m.end)
        if h is not None:
            heads[h.i] = m
    attack_nouns = set(cues()["attack_nouns"])
    out = []
    for tok in sent:
        if tok.lemma_.lower() not in attack_nouns or tok.tag_ not in ("NNS", "NNPS"):
            continue
        count = _count_of(tok)
        if count is None:
            continue
        dead = _deaths_near(tok, count)
        if dead is None:
            continue
        actor, q = _actor(tok, count, heads), quantity_at(dead)
        if actor is None or q is None:
            continue
        out.append((tok, Casualty("killed", q, dead),
                    Perpetrator(actor[0], actor[1], tok)))
    return out


def quantity_finder(analysis: Analysis, sent: Span) -> Callable[[Token], Quantity | None]:
    """The sentence's quantity that covers a token (the number a share's deaths are)."""
    found = context.quantities_in(analysis, sent)

    def at(tok: Token) -> Quantity | None:
        return next((q for q in found if q.start <= tok.idx < q.end), None)
    return at
