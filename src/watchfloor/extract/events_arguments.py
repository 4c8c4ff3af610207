"""Arguments of one event trigger: Attacker, Target, Victim, Place and Instrument spans.

Why a function of its own: the WikiEvents bench scores argument finding *given gold
triggers* (the setting the papers report), so the role reading must be callable on any
trigger token, apart from the grouping of sentences into events. The events stage uses
it for an attack's target. Read from the dependency parse only (no model of its own), so
it is fast and predictable; its limits are the parser's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from watchfloor.extract.events_roles import cues, is_weapon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from watchfloor.read.analysis import Analysis

ROLES = ("Attacker", "Target", "Victim", "Place", "Instrument")
_NP_DROP = frozenset({"relcl", "acl", "appos", "punct", "cc", "conj", "prep", "advcl"})


def np_span(tok: Token) -> tuple[int, int]:
    """Token span [start, end) of a noun phrase without its clauses and tails."""
    keep = [tok]
    stack = [c for c in tok.children if c.dep_ not in _NP_DROP]
    while stack:
        t = stack.pop()
        keep.append(t)
        stack.extend(c for c in t.children if c.dep_ not in _NP_DROP)
    return min(t.i for t in keep), max(t.i for t in keep) + 1


def _with_conj(tok: Token) -> list[Token]:
    return [tok, *[c for c in tok.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")]]




def _place_tokens(analysis: Analysis | None, tok: Token) -> list[Token]:
    out = []
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "at", "near", "outside", "inside",
                                                    "into"):
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    out.append(obj)
    return out


def _gpe_like(tok: Token) -> bool:
    return tok.ent_type_ in ("GPE", "LOC", "FAC") or (
        tok.pos_ == "PROPN" and tok.ent_type_ not in ("PERSON", "ORG", "NORP", "DATE")
    ) or tok.lemma_.lower() in cues()["place_nouns"]


def _antecedent(tok: Token) -> Token | None:
    """A relative pronoun stands for the noun its clause modifies ("people who died")."""
    if tok.lower_ in ("who", "which", "that", "whom"):
        clause = tok.head
        while clause.dep_ not in ("relcl", "acl") and clause.head.i != clause.i:
            clause = clause.head
        if clause.dep_ in ("relcl", "acl"):
            head = clause.head
            return None if head.lemma_.lower() in cues()["attack_nouns"] else head
        return None
    return tok


def arguments_for_trigger(doc: Doc, analysis: Analysis | None,
                          trigger_token_index: int) -> dict[str, list[tuple[int, int]]]:
    """Attacker, Target, Victim, Place and Instrument spans (token [start, end)) of a trigger.

    Read from the dependency parse around the trigger: active subjects are attackers
    unless they are weapons ("a bomb killed" -> Instrument), objects of attack verbs are
    targets and of casualty verbs victims, "on"/"against" objects of attack nouns are
    targets, "in/at" objects that look like places are places, "with" objects are
    instruments, and "by" agents attackers. ``analysis`` may be None (spaCy parse only).
    """
    tok = doc[trigger_token_index]
    lemma = tok.lemma_.lower()
    data = cues()
    casualty = lemma in data["kill_verbs"] or lemma in data["injure_verbs"] or lemma in (
        "death", "dead", "injury", "wound", "injure", "wounded", "injured", "killed", "die")
    obj_role = "Victim" if casualty else "Target"
    found: dict[str, list[tuple[int, int]]] = {r: [] for r in ROLES}

    def add(role: str, t: Token) -> None:
        for c in _with_conj(t):
            span = np_span(c)
            if span not in found[role]:
                found[role].append(span)

    anchors = [tok]
    # an attack noun as object or subject of a light verb: read the verb's arguments too
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj"):
        head = tok.head if tok.dep_ != "pobj" else tok.head.head
        if head.pos_ == "VERB":
            anchors.append(head)
    unaccusative = lemma in ("die", "explode", "detonate", "perish", "go", "erupt") and not any(
        c.dep_ == "dobj" for c in tok.children)
    # "left 11 people dead", "11 people injured": the adjective's noun is the victim
    add_first: Token | None
    if tok.dep_ in ("amod", "acl") and casualty and tok.head.pos_ in ("NOUN", "PROPN", "NUM"):
        add_first = tok.head
    elif tok.dep_ in ("oprd", "acomp", "xcomp", "ccomp") and casualty:
        add_first = next((c for c in tok.head.children if c.dep_ == "dobj"), None)
    else:
        add_first = None
    if add_first is not None:
        add("Victim", add_first)
    for a in anchors:
        subjects = [c for c in a.children if c.dep_ == "nsubj"]
        if not subjects and a.pos_ == "VERB" and a.dep_ in ("conj", "advcl", "xcomp"):
            subjects = [c for c in a.head.children if c.dep_ == "nsubj"]
        for subject in subjects:
            found_c = _antecedent(subject)
            if found_c is None or found_c.ent_type_ in ("DATE", "TIME") or found_c.i == tok.i:
                continue
            c = found_c
            if a.pos_ not in ("VERB", "AUX"):
                continue
            if unaccusative and a is tok:
                add("Victim" if lemma in ("die", "perish") else "Instrument", c)
            elif is_weapon(c):
                add("Instrument", c)
            elif c.pos_ not in ("NOUN", "PROPN", "PRON") or (
                    _gpe_like(c) and c.ent_type_ not in ("ORG", "NORP")):
                continue
            elif c.lemma_.lower() not in data["attack_nouns"] and (
                    a is tok or a.lemma_.lower() in data["perform_verbs"]
                    or a.lemma_.lower() in ("claim", "launch")):
                add("Attacker", c)
        for c in a.children:
            if c.dep_ in ("nsubjpass", "dobj") and a is tok:
                c2 = _antecedent(c)
                if c2 is None or c2.ent_type_ in ("DATE", "TIME") or c2.tag_ == "PRP" and \
                        c2.lower_.endswith(("self", "selves")):
                    continue
                add("Instrument" if is_weapon(c2) and c.dep_ == "dobj" else obj_role, c2)
            elif c.dep_ in ("agent",) or (c.dep_ == "prep" and c.lower_ == "by"):
                for o in c.children:
                    if o.dep_ == "pobj":
                        add("Instrument" if is_weapon(o) else "Attacker", o)
            elif c.dep_ == "prep" and a is tok and (
                    c.lower_ in ("on", "against", "targeting")
                    or (c.lower_ == "of" and tok.pos_ == "NOUN")):
                for o in c.children:
                    if o.dep_ == "pobj" and o.ent_type_ not in ("DATE", "TIME"):
                        add(obj_role, o)
            elif c.dep_ == "prep" and c.lower_ == "with":
                for o in c.children:
                    if o.dep_ == "pobj" and is_weapon(o):
                        add("Instrument", o)
            elif c.dep_ in ("poss",) and a is tok and c.lower_ not in ("its", "their"):
                add("Attacker", c)
            elif c.dep_ == "compound" and a is tok and is_weapon(c) and c.lower_ != "suicide":
                add("Instrument", c)
        for p in _place_tokens(analysis, a):
            if _gpe_like(p):
                add("Place", p)
                for pp in _place_tokens(analysis, p):
                    if pp.ent_type_ in ("GPE", "LOC", "FAC"):
                        add("Place", pp)
    return {r: v for r, v in found.items() if v}
