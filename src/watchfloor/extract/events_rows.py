"""Rows of conjoined verbs and nouns in one sentence: what they share, where they part.

Why a module of its own: a row of conjoined words is read twice by the events reader,
once when triggers are grouped into occurrences (a killing verb with victims of its own
ends one killing: "beheaded four civilians and shot and killed a family" is two) and once
when roles are handed out (what is said of the first of conjoined attack nouns is said of
all: "claimed the March bombing and the May attack"). Both walk the same ``conj`` edges.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from watchfloor.extract.events_roles import trigger_kind

if TYPE_CHECKING:
    from spacy.tokens import Token

    from watchfloor.extract.events_reading import Occurrence


def two_killings(a: tuple[Token, str], b: tuple[Token, str]) -> bool:
    """"Beheaded four civilians in Baghlan and shot and killed a family": in a row of
    conjoined verbs, a killing verb with victims of its own ends one killing, and the
    verbs after it are another when they name victims of their own ("shot and killed a
    family"). "Killed 12 soldiers and wounded 30" stays one attack: what follows names
    no other killing."""
    def chain_of(v: Token) -> list[Token]:
        root = v
        while root.dep_ == "conj" and root.head.pos_ == "VERB":
            root = root.head
        out, todo = [], [root]
        while todo:
            t = todo.pop()
            out.append(t)
            todo.extend(c for c in t.children if c.dep_ == "conj" and c.pos_ == "VERB")
        return sorted(out, key=lambda t: t.i)

    x, y = a[0], b[0]
    if x.pos_ != "VERB" or y.pos_ != "VERB":
        return False
    chain = chain_of(x)
    if y not in chain:
        return False

    def kills(v: Token) -> bool:
        return trigger_kind(v) == "kill" and any(c.dep_ == "dobj" for c in v.children)

    segment, seg = {}, 0
    for v in chain:
        segment[v.i] = seg
        if kills(v):
            seg += 1
    sx, sy = segment[x.i], segment[y.i]
    if sx == sy:
        return False
    return any(kills(v) for v in chain if segment[v.i] == sx) and any(
        kills(v) for v in chain if segment[v.i] == sy)


def conjoined(occurrences: list[Occurrence], owner: Occurrence | None) -> list[Occurrence]:
    """The other occurrences named by nouns conjoined with the owner's ("the November 2008
    attacks ..., and the July 2006 bombings"): what is said of the first is said of all."""
    if owner is None:
        return []
    nouns = {t.i for t, _ in owner.triggers if t.pos_ in ("NOUN", "PROPN")}
    out = []
    for occ in occurrences:
        if occ is owner:
            continue
        for t, _ in occ.triggers:
            x = t
            while x.dep_ == "conj" and x.head.i != x.i and x.i not in nouns:
                x = x.head
            if t.pos_ in ("NOUN", "PROPN") and x.i in nouns and x.i != t.i:
                out.append(occ)
                break
    return out
