"""Relation frames beyond verb and noun cues: roles, hyphenated modifiers, activity in a
place, hostility and possessive parts.

Why: real reports state most relations not with a relation verb but with the shape of a
noun phrase. A designation notice writes "Taliban leader Hibatullah Akhundzada", "X, a
senior member of LET", "X served as ISIL's governor for Raqqah", "the Houthis' Oman-based
spokesman"; a country report writes "Iran-backed militias", "Houthi-controlled areas of
Yemen", "ELN attacks on security forces", "Boko Haram operations in Borno State". Each
frame below is one such English construction, read from the dependency parse:

* **role**: a role noun (``role_nouns``) tied to a person (copula attribute, apposition,
  a title before the name, "served as ...") and to a group (possessive, compound, "of/in/
  with/within/for"). Leader nouns give ``leader_of`` when definite and unqualified ("the
  leader of", "X's leader", a bare title), ``member_of`` when indefinite or qualified ("a
  senior leader", "a regional commander") or when they head a portfolio ("head of foreign
  affairs"); a deputy gives ``deputy_leader_of``; supporter nouns ("financier",
  "facilitator") give group ``supported_by`` person. A place tied to the role ("leader in
  Aden", "governor for Raqqah") says where the group operates (or what it controls);
* **modifier**: "<X>-based/-backed/-aligned/-affiliated/-controlled/-led ..." on a noun;
* **locative**: a group acting, or an activity of a group, "in/across/throughout" a place;
* **hostility**: an attack or threat verb or noun with an actor on each side; the target
  may be named through a nationality ("U.S. personnel" is the United States);
* **possessive part**: "the Treasury's Office of Foreign Assets Control", "X, an LET
  weekly publication".

A frame proposes (subject, predicate, object, anchor tokens, strength); the relations
stage qualifies, dates and scores every proposal the same way as a cue match. Words are
data (``data/cues/relations.yaml``, section ``frames``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from watchfloor.extract.cues import load_cue_file
from watchfloor.extract.relations_roles import verb_subjects

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from watchfloor.records import Mention

ACTORS = ("armed_group", "organization")
LINKABLE = ("armed_group", "organization", "person")
_LINK_DEPS = frozenset({"poss", "compound", "nmod", "amod"})
_LINK_PREPS = frozenset({"of", "in", "within", "with", "for", "inside", "under"})
_PLACE_PREPS = frozenset({"in", "for", "of", "across", "throughout", "around", "along",
                          "inside", "within"})
_CLAUSES = frozenset({"relcl", "acl", "ccomp", "advcl", "xcomp", "parataxis"})
_INDEFINITE = frozenset({"a", "an", "one", "another", "some", "several", "many", "any"})


@dataclass(frozen=True)
class Proposal:
    subject: Mention
    predicate: str
    object: Mention
    anchor: tuple[Token, ...]  # the frame's cue first
    strength: float
    frame: str


@cache
def lexicon() -> dict[str, Any]:
    data = load_cue_file("relations")["frames"]
    return {k: (frozenset(v) if isinstance(v, list) else v) for k, v in data.items()}


def _lemma(t: Token) -> str:
    return t.lemma_.lower()


def _mention(t: Token, by_token: dict[int, Mention]) -> Mention | None:
    return by_token.get(t.i)


def _conj(t: Token) -> list[Token]:
    out = [t]
    for c in t.children:
        if c.dep_ == "conj":
            out.extend(_conj(c))
    return out


# --- role ---------------------------------------------------------------------------


def _role_holders(role: Token, by_token: dict[int, Mention], seen: int = 0) -> list[Mention]:
    """Who holds the role: the subject of a copula, the noun in apposition, the name the
    role is a title of, the subject of "served as"."""
    if seen > 3:
        return []
    out: list[Mention] = []

    def add(t: Token) -> None:
        for x in _conj(t):
            m = _mention(x, by_token)
            if m is not None and m not in out:
                out.append(m)

    if role.dep_ in ("attr", "acomp", "oprd"):
        for s in verb_subjects(role.head):
            add(s)
    if role.dep_ == "appos":
        add(role.head)
    for c in role.children:
        if c.dep_ == "appos":
            add(c)
        # "the leader of al-Nusra, Abu Mohammad al-Golani": the parser hangs the name on
        # the group; a person apposed there is the role's holder
        if c.dep_ == "prep" and c.lower_ == "of":
            for p in c.children:
                for a in p.children:
                    if a.dep_ == "appos" and a.i in by_token and by_token[a.i].type == "person":
                        add(a)
    if role.dep_ in ("compound", "amod", "nmod") and role.head.i in by_token:
        add(role.head)
    if role.dep_ == "pobj" and role.head.lower_ == "as" and role.head.head.pos_ in ("VERB", "AUX"):
        verb = role.head.head
        objects = [c for c in verb.children if c.dep_ in ("dobj",) and c.i in by_token]
        for o in objects:
            add(o)
        # "appointed X as emir": X; "succeeded X as leader": both, one after the other
        if not objects or _lemma(verb) in lexicon()["succession_verbs"]:
            for s in verb_subjects(verb):
                add(s)
    if role.dep_ == "conj" and not out:
        out.extend(_role_holders(role.head, by_token, seen + 1))
    if not out and role.dep_ == "pobj" and role.head.lower_ == "of" and \
            _lemma(role.head.head) in lexicon()["partitive_nouns"]:
        out.extend(_role_holders(role.head.head, by_token, seen + 1))  # "part of X's leadership"
    if not out and role.dep_ == "dobj" and _lemma(role.head) in lexicon()["holding_verbs"]:
        for s in verb_subjects(role.head):  # "held several leadership positions"
            add(s)
    if not out:
        out.extend(_listed_after_colon(role, by_token))
    if not out and role.i + 1 < len(role.doc) and role.i + 1 in by_token \
            and by_token[role.i + 1].type == "person" and role.i + 1 not in \
            {c.i for c in role.children if c.dep_ == "prep"}:
        out.append(by_token[role.i + 1])  # a title before the name the parser missed
    return out


def _listed_after_colon(role: Token, by_token: dict[int, Mention]) -> list[Mention]:
    """ "the following ISIL officials: A, B and C", "TFTC member states: the Kingdom of
    Bahrain, ...": the names listed after a colon that follows the role noun's phrase."""
    head = role.head if role.dep_ == "compound" and role.head.tag_ in ("NNS", "NNPS") else role
    if head.tag_ not in ("NNS", "NNPS"):
        return []
    doc = role.doc
    i = max(t.i for t in head.subtree) + 1
    if i >= len(doc) or doc[i].text != ":":
        return []
    out: list[Mention] = []
    for t in doc[i + 1: role.sent.end]:
        m = by_token.get(t.i)
        if m is not None and m not in out and m.type in ("person", "location", "organization"):
            out.append(m)
    return out


def _group_before(role: Token, by_token: dict[int, Mention]) -> list[tuple[int, Mention]]:
    """The group named just before a title the parser left unattached ("LET operative X",
    "ISIL oil and gas official Y"): up to four modifier words back."""
    doc = role.doc
    for j in range(role.i - 1, max(role.sent.start, role.i - 6) - 1, -1):
        m = by_token.get(j)
        if m is not None:
            return [(0, m)] if m.type in ACTORS else []
        if doc[j].pos_ not in ("ADJ", "NOUN", "CCONJ", "PUNCT", "ADV") or doc[j].text in (",", ";"):
            return []
    return []


def _linked(role: Token, by_token: dict[int, Mention], holders: set[str]
            ) -> tuple[list[tuple[int, Mention]], list[Mention], bool]:
    """(depth, mention) of groups tied to the role noun, places tied to it, and whether it
    heads a portfolio ("head *of foreign affairs*": an "of" phrase naming no entity)."""
    groups: list[tuple[int, Mention]] = []
    places: list[Mention] = []
    portfolio = False
    frontier = [(role, 0)]
    seen: set[int] = {role.i}
    while frontier:
        tok, depth = frontier.pop(0)
        if depth > 3:
            continue
        for c in tok.children:
            if c.i in seen or c.dep_ in _CLAUSES:
                continue
            seen.add(c.i)
            m = _mention(c, by_token)
            if m is not None and m is _mention(tok, by_token):
                frontier.append((c, depth))  # another token of the same name
                continue
            if c.dep_ in _LINK_DEPS and m is not None and m.key not in holders:
                if m.type in ACTORS:
                    groups.append((depth, m))
                elif m.type == "location" and depth <= 2 and c.dep_ == "compound":
                    places.append(m)  # "chief of India operations"
                frontier.append((c, depth + 1))
            elif c.dep_ in _LINK_DEPS and c.pos_ in ("ADJ", "NOUN", "PROPN", "VERB"):
                frontier.append((c, depth + 1))
            elif c.dep_ == "prep" and c.lower_ in _LINK_PREPS | _PLACE_PREPS:
                for p in c.children:
                    if p.dep_ != "pobj":
                        continue
                    for x in _conj(p):
                        mx = _mention(x, by_token)
                        if mx is None or mx.key in holders:
                            continue
                        if mx.type in ACTORS and c.lower_ in _LINK_PREPS:
                            groups.append((depth, mx))
                        elif mx.type == "location" and c.lower_ in _PLACE_PREPS:
                            places.append(mx)
                            places.extend(by_token[a.i] for a in x.children
                                          if a.dep_ == "appos" and a.i in by_token
                                          and by_token[a.i].type == "location")
                    if c.lower_ in ("of", "for") and tok is role and not any(
                            by_token[x.i].type in ACTORS for x in p.subtree if x.i in by_token) \
                            and not any(t.is_punct for t in role.doc[role.i + 1:c.i]):
                        # "head of foreign affairs", "chief of India operations"; not a
                        # phrase past an apposition ("relies on its commander, X, for arms")
                        portfolio = True
                    frontier.append((p, depth + 1))
    return groups, places, portfolio


def _qualified(role: Token, by_token: dict[int, Mention]) -> tuple[bool, bool, bool]:
    """(indefinite, qualified, deputy) from the role noun's own modifiers: "a"/"one of" or a
    plural is indefinite; an adjective such as "senior" or "regional", or a noun that
    names no entity ("operations chief", "station chief"), qualifies it. Conjoined roles
    share their first conjunct's article and adjectives ("a senior leader and commander")."""
    lex = lexicon()
    indefinite = role.tag_ in ("NNS", "NNPS") or any(
        c.dep_ in ("det", "nummod") and c.lower_ in _INDEFINITE for c in role.children)
    if role.dep_ == "pobj" and role.head.lower_ == "of" and role.head.head.lower_ in _INDEFINITE:
        indefinite = True
    mods = {_lemma(c) for c in role.children if c.dep_ in ("amod", "compound", "nmod")
            and c.i not in by_token}
    mods |= {c.lower_ for c in role.children if c.dep_ in ("amod", "compound")
             and c.i not in by_token}
    nouns = any(c.dep_ in ("compound", "nmod") and c.pos_ == "NOUN" and c.i not in by_token
                and _lemma(c) not in lex["deputy_words"] for c in role.children)
    deputy = bool(mods & lex["deputy_words"]) or _lemma(role) in lex["deputy_nouns"]
    qualified = bool(mods & lex["sub_leader_words"]) or nouns
    if role.dep_ == "conj" and role.head.pos_ in ("NOUN", "PROPN"):
        head_indef, head_qual, _ = _qualified(role.head, by_token)
        indefinite, qualified = indefinite or head_indef, qualified or head_qual
    return indefinite, qualified, deputy


def role_proposals(sent: Span, by_token: dict[int, Mention]) -> list[Proposal]:
    lex = lexicon()
    out: list[Proposal] = []
    groups_of: dict[int, list[tuple[int, Mention]]] = {}
    kinds: dict[int, str] = {}
    for role in sent:
        lemma = _lemma(role)
        kind = next((k for k in ("leader_nouns", "deputy_nouns", "member_nouns",
                                 "supporter_nouns", "founder_nouns")
                     if lemma in lex[k]), None)
        if kind is None or role.pos_ not in ("NOUN", "PROPN") or role.i in by_token:
            continue
        if role.dep_ == "conj" and role.head.i in kinds and kinds[role.head.i] in (
                "member_nouns", "supporter_nouns") and kind in ("member_nouns",
                                                               "supporter_nouns"):
            kind = kinds[role.head.i]  # "the following officials and facilitators: ..."
        kinds[role.i] = kind
        holders = _role_holders(role, by_token)
        if not holders:
            continue
        keys = {h.key for h in holders}
        groups, places, portfolio = _linked(role, by_token, keys)
        if not groups:
            groups = _group_before(role, by_token)
        if kind == "deputy_nouns":
            groups += [(0, by_token[x.i]) for c in role.children if c.dep_ == "prep"
                       and c.lower_ == "to" for p in c.children if p.dep_ == "pobj"
                       for x in _conj(p) if x.i in by_token and by_token[x.i].type == "person"
                       and by_token[x.i].key not in keys]  # "deputy to W": W's group later
        shallowest: dict[str, tuple[int, Mention]] = {}
        for d, g in groups:
            if g.key not in shallowest or d < shallowest[g.key][0]:
                shallowest[g.key] = (d, g)
        groups = sorted(shallowest.values(), key=lambda x: x[0])
        if not groups and role.dep_ == "conj":
            groups = groups_of.get(role.head.i, [])
        groups_of[role.i] = groups
        indefinite, qualified, deputy = _qualified(role, by_token)
        nearest = min((d for d, _ in groups), default=0)
        # of two names before the title ("the al-Shabaab finance office chief") the title
        # is the nearer one's: he heads the office, and belongs to the group
        before = [g for d, g in groups if d == nearest and g.end <= role.idx]
        led = max(before, key=lambda g: g.end).key if len(before) > 1 else None
        for depth, g in groups:
            if kind == "supporter_nouns":
                pred, subj_is_holder = "supported_by", False
            elif kind == "founder_nouns":
                pred, subj_is_holder = "founder_of", True
            elif kind in ("leader_nouns", "deputy_nouns") and depth == nearest and (
                    led is None or g.key == led) and not (
                    indefinite or (qualified and kind == "leader_nouns")
                    or (portfolio and kind == "leader_nouns")):
                pred, subj_is_holder = ("deputy_leader_of" if deputy else "leader_of"), True
            else:
                pred, subj_is_holder = "member_of", True
            if g.type == "person" and pred != "deputy_leader_of":
                continue
            for h in holders:
                if h.type != "person" and not (h.type == "location" and h.kind == "country"
                                                and g.type == "organization") and not (
                        kind == "supporter_nouns" and h.type in ACTORS + ("location",)):
                    continue  # a state chairs or joins a body ("Bahrain, a TFTC member")
                subject, obj = (h, g) if subj_is_holder else (g, h)
                out.append(Proposal(subject, pred, obj, (role,), 0.85, "role"))
        place_pred = "controls" if lemma in lex["governing_nouns"] else "operates_in"
        # "X is al-Qaeda's affiliate in East Africa": the place is the affiliate's
        owners = holders if lemma in lex["part_nouns"] else [g for _, g in groups]
        for g in owners:
            if g.type == "armed_group":
                for p in places:
                    out.append(Proposal(g, place_pred, p, (role,), 0.8, "role"))
    return out


# --- hyphenated modifiers ------------------------------------------------------------


def _modified(head: Token, by_token: dict[int, Mention]) -> list[Mention]:
    """The entity a modified noun stands for: itself, the holder of the role it names
    ("Beirut-based Hizballah financier X" is X), a name compounded with it, or the subject
    of the copula it is the attribute of."""
    m = _mention(head, by_token)
    if m is not None:
        return [m]
    lex = lexicon()
    if any(_lemma(head) in lex[k] for k in ("leader_nouns", "deputy_nouns", "member_nouns",
                                              "supporter_nouns", "founder_nouns")):
        return _role_holders(head, by_token)
    found = [by_token[c.i] for c in head.children
             if c.dep_ in ("compound", "appos") and c.i in by_token]
    return found or _role_holders(head, by_token)


def modifier_proposals(sent: Span, by_token: dict[int, Mention]) -> list[Proposal]:
    lex = lexicon()
    table: dict[str, str] = lex["modifiers"]
    out: list[Proposal] = []
    for tok in sent:
        pred = table.get(tok.lower_)
        if pred is None or tok.i < 2 or tok.doc[tok.i - 1].text not in ("-", "–"):
            continue
        mod = _mention(tok.doc[tok.i - 2], by_token)
        if mod is None:
            continue
        head = tok.head if tok.dep_ in ("amod", "compound", "acl", "nmod") else None
        if head is None or head.i == tok.i:
            continue
        if pred == "controls":
            places = [_mention(x, by_token) for x in [head] if x.i in by_token]
            for c in head.children:
                if c.dep_ == "prep" and c.lower_ in ("of", "in"):
                    places += [_mention(x, by_token) for p in c.children if p.dep_ == "pobj"
                               for x in _conj(p)]
            for p in places:
                if p is not None and p.type == "location" and mod.type in ACTORS:
                    out.append(Proposal(mod, "controls", p, (tok, head), 0.8, "modifier"))
            continue
        for subj in _modified(head, by_token):
            if subj.key == mod.key:
                continue
            if pred == "leader_of":
                out.append(Proposal(mod, "leader_of", subj, (tok, head), 0.8, "modifier"))
            elif pred == "allied_with" and subj.type == "person":
                out.append(Proposal(subj, "member_of", mod, (tok, head), 0.8, "modifier"))
            else:
                out.append(Proposal(subj, pred, mod, (tok, head), 0.85, "modifier"))
    return out


# --- activity in a place -------------------------------------------------------------


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _agents(verb: Token, by_token: dict[int, Mention]) -> list[Mention]:
    """Who does what the verb says: its subject (and the group modifying it, "ISIS-WA
    fighters attacked"), or in the passive only its "by" agent ("killed by an al-Shabaab
    IED"): a passive subject is the one it was done to."""
    found: list[Mention] = []
    if not _passive(verb):
        subjects = verb_subjects(verb)
        found += [by_token[s.i] for s in subjects if s.i in by_token]
        found += [by_token[x.i] for s in subjects if s.i not in by_token for x in s.children
                  if x.dep_ in ("compound", "poss", "amod", "nmod") and x.i in by_token]
    for c in verb.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by" and _passive(verb)):
            for p in c.children:
                if p.dep_ != "pobj":
                    continue
                for x in _conj(p):
                    if x.i in by_token:
                        found.append(by_token[x.i])
                    else:
                        found += [by_token[y.i] for y in x.children
                                  if y.dep_ in ("compound", "poss", "amod", "nmod")
                                  and y.i in by_token]
    return found


def _noun_owners(noun: Token, by_token: dict[int, Mention]) -> list[Mention]:
    found = [by_token[c.i] for c in noun.children
             if c.dep_ in _LINK_DEPS and c.i in by_token]
    for c in noun.children:
        if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "of"):
            found += [by_token[x.i] for p in c.children if p.dep_ == "pobj"
                      for x in _conj(p) if x.i in by_token]
    if not found and noun.dep_ in ("dobj", "attr", "nsubjpass") and noun.head.pos_ in (
            "VERB", "AUX") and _lemma(noun.head) in lexicon()["conduct_verbs"]:
        found = _agents(noun.head, by_token)
    return found


def _places_of(prep: Token, by_token: dict[int, Mention]) -> list[Mention]:
    """Places a locative preposition names: its objects and their conjuncts, an apposed
    country ("Aden Governorate, Yemen"), and places behind a transparent noun ("a rural area
    of Tame", "the outskirts of Kabul", "several districts in Galmudug")."""
    out: list[Mention] = []
    frontier = [p for p in prep.children if p.dep_ == "pobj"]
    for _ in range(3):
        nxt = []
        for p in frontier:
            for x in _conj(p):
                m = by_token.get(x.i)
                if m is not None and m.type == "location":
                    out.append(m)
                    out += [by_token[a.i] for a in x.children if a.dep_ == "appos"
                            and a.i in by_token and by_token[a.i].type == "location"]
                elif m is None and _lemma(x) in lexicon()["transparent_places"]:
                    nxt += [q for c in x.children if c.dep_ == "prep" and c.lower_ in ("of", "in")
                            for q in c.children if q.dep_ == "pobj"]
                    out += [by_token[c.i] for c in x.children if c.dep_ == "compound"
                            and c.i in by_token and by_token[c.i].type == "location"]
        frontier = nxt
    return out


def _owners_through(noun: Token, by_token: dict[int, Mention]) -> list[Mention]:
    """The groups an activity or member noun belongs to ("CODECO attacks", "operations by
    M23, Nyatura and ISIS-DRC", "Boko Haram militants", "the insurgency by the militant
    groups Boko Haram and ISIS-WA")."""
    found = []
    for m in _noun_owners(noun, by_token):
        found.append(m)
    generic = lexicon()["generic_group_nouns"]
    for c in noun.children:
        if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "of"):
            for p in c.children:
                if p.dep_ == "pobj" and p.i not in by_token and _lemma(p) in generic:
                    found += [by_token[x.i] for y in p.children if y.dep_ in ("appos",
                              "compound") for x in _conj(y) if x.i in by_token]
    return found


def _clause_groups(start: Token, by_token: dict[int, Mention]) -> list[Mention]:
    """Climb from where a place hangs to the clause's verb: the groups that own an
    activity or member noun on the way, else the verb's agents (its subject, "by" agent,
    or the owners of an activity noun that is its subject: "Operations by M23 caused ...")."""
    lex = lexicon()
    tok = start
    for _ in range(5):
        if tok.pos_ in ("VERB", "AUX"):
            if _lemma(tok) in lex["not_operating_verbs"]:
                return []
            agents = [a for a in _agents(tok, by_token)]
            for s in verb_subjects(tok):
                if s.i not in by_token and _lemma(s) in lex["activity_nouns"] | lex[
                        "generic_group_nouns"]:
                    agents += _owners_through(s, by_token)
            return agents
        if tok.pos_ in ("NOUN", "PROPN"):
            m = by_token.get(tok.i)
            if m is not None:
                if tok.dep_ in _ABOUT_DEPS or m.type == "armed_group":
                    return [m]
                return []  # a victim or a target: where it was is not where it operates
            if _lemma(tok) in lex["part_nouns"]:
                return _modified(tok, by_token)  # "ISIL-K, the organization's branch in P"
            owners = _owners_through(tok, by_token)
            if owners and (_lemma(tok) in lex["activity_nouns"] | lex["generic_group_nouns"]):
                return owners
        if (tok.dep_ in ("relcl", "advcl", "ccomp", "parataxis") or tok.head.i == tok.i) \
                and tok.pos_ not in ("VERB", "AUX"):
            return []
        tok = tok.head
    return []


def locative_proposals(sent: Span, by_token: dict[int, Mention]) -> list[Proposal]:
    lex = lexicon()
    out: list[Proposal] = []
    for tok in sent:
        if tok.dep_ != "prep" or tok.lower_ not in lex["locative_preps"]:
            continue
        places = _places_of(tok, by_token)
        if not places:
            continue
        for g in _clause_groups(tok.head, by_token):
            if not _operator(g):
                continue
            for p in places:
                out.append(Proposal(g, "operates_in", p, (tok.head,), 0.75, "locative"))
    return out


_NOMINAL = frozenset({"nsubj", "nsubjpass", "dobj", "pobj"})  # "Fighting between A and B ..."
_ABOUT_DEPS = frozenset({"nsubj", "nsubjpass", "ROOT", "appos", "attr", "conj", "compound"})


def _operator(m: Mention) -> bool:
    """Who "operates" somewhere: an armed group, or a state's or mission's armed body
    (its name says forces, army, police, mission...), not a ministry or a bank."""
    if m.type == "armed_group":
        return True
    if m.type != "organization":
        return False
    words = {w.casefold().strip(".,") for w in m.text.split()} | set(
        (m.name or "").casefold().split())
    return bool(words & lexicon()["armed_bodies"])


# --- hostility -----------------------------------------------------------------------


def _actors_of(t: Token, by_token: dict[int, Mention]) -> list[Mention]:
    """The actors a target phrase names: itself; a group or state owning it ("Boko Haram
    strongholds", "the financing methods of JNIM", "ISIL's supply chain"); a people or
    interest noun's nationality or body ("U.S. military personnel", "Pakistani interests",
    "UN staff"); the names behind a generic noun ("the armed groups CODECO and Zaire")."""
    lex = lexicon()
    out: list[Mention] = []

    def add(m: Mention | None) -> None:
        if m is not None and m not in out and (
                m.type in ACTORS or (m.type == "location" and m.kind == "country")):
            out.append(m)

    for x in _conj(t):
        m = _mention(x, by_token)
        if m is not None:
            add(_as_party(m, by_token))
            continue
        for c in x.children:
            if c.dep_ in ("poss", "compound", "nmod", "amod", "appos") and c.i in by_token:
                add(by_token[c.i])
            elif c.dep_ == "prep" and c.lower_ == "of":
                for p in c.children:
                    if p.dep_ == "pobj":
                        for y in _conj(p):
                            add(by_token.get(y.i))
        if _lemma(x) in lex["target_nouns"] or _lemma(x) in lex["generic_group_nouns"]:
            for c in x.subtree:  # not through "in/at/near": where it was, not whose
                if c.i != x.i and not any(a.dep_ == "prep" and a.lower_ in lex["locative_preps"]
                                          | {"at"} and a.i > x.i for a in c.ancestors
                                          if a.i in {t.i for t in x.subtree}):
                    add(by_token.get(c.i))
    return out


def _as_party(m: Mention, by_token: dict[int, Mention]) -> Mention:
    """A foreign state's body named by nationality ("U.S. forces", "American troops") is
    that state as a party: the country, when the document names it."""
    if m.kind != "state_actor" or m.place is None:
        return m
    for other in by_token.values():
        if other.type == "location" and other.kind == "country" and \
                other.place is not None and other.place.country == m.place.country:
            return other
    return m


def _hostile_agents(tok: Token, by_token: dict[int, Mention]) -> list[Mention]:
    """Who carries out an attack noun: its owner ("ELN attacks", "attacks by X"), the
    subject of the verb that takes it ("LET has conducted acts against ..."), of the copula
    it completes ("AQ remains a threat to ..."), or of a verb one clause up ("the United
    States is committed to disrupting ...", "Taliban efforts to defeat the group")."""
    agents = _noun_owners(tok, by_token)
    if agents:
        return agents
    head = tok.head
    if tok.dep_ in ("dobj", "pobj", "attr", "nsubj") and head.pos_ in ("VERB", "AUX"):
        return _agents(head, by_token)
    if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        return _agents(head.head, by_token)
    return []


def _upward_agents(verb: Token, by_token: dict[int, Mention]) -> list[Mention]:
    """Agents of a verb with no subject of its own, from the clause it depends on."""
    agents = _agents(verb, by_token)
    tok = verb
    for _ in range(3):
        if agents or tok.dep_ not in ("xcomp", "pcomp", "acl", "advcl", "conj"):
            break
        tok = tok.head
        if tok.dep_ == "prep":
            tok = tok.head
        if tok.pos_ in ("NOUN", "PROPN"):
            agents = _noun_owners(tok, by_token) or ([by_token[tok.i]] if tok.i in by_token
                                                     else [])
        elif tok.pos_ in ("VERB", "AUX"):
            # the doer of "accused of facilitating" is the one accused, not the accuser
            agents = [by_token[x.i] for x in verb_subjects(tok) if x.i in by_token] or \
                _agents(tok, by_token)
    return agents


def hostility_proposals(sent: Span, by_token: dict[int, Mention],
                        topic: Mention | None = None) -> list[Proposal]:
    """Hostility from attack verbs and nouns (see the module docstring); an attack noun
    with no doer in a sentence that names no group is the section's topic group's."""
    lex = lexicon()
    out: list[Proposal] = []
    named = any(m.type == "armed_group" for m in by_token.values())
    for tok in sent:
        lemma = _lemma(tok)
        agents: list[Mention] = []
        targets: list[Mention] = []
        allies: list[Mention] = []
        if tok.pos_ == "VERB" and tok.dep_ not in _NOMINAL and lemma in lex["hostile_verbs"]:
            if _sanction(tok):
                continue
            agents = _upward_agents(tok, by_token)
            if _passive(tok):
                targets += [a for s in verb_subjects(tok) for a in _actors_of(s, by_token)]
            for c in tok.children:
                if c.dep_ == "dobj":
                    targets += _actors_of(c, by_token)
                elif c.dep_ == "prep" and c.lower_ in ("against", "on", "with", "to"):
                    targets += [a for p in c.children if p.dep_ == "pobj"
                                for a in _actors_of(p, by_token)]
        elif (tok.pos_ in ("NOUN", "PROPN") or tok.dep_ in _NOMINAL) and (
                lemma in lex["hostile_nouns"] or tok.lower_ in lex["hostile_nouns"]):
            agents = _hostile_agents(tok, by_token)
            for c in tok.children:
                if c.dep_ == "prep" and (c.lower_ in ("against", "on", "to", "targeting") or (
                        c.lower_ == "of" and lemma in lex["victim_nouns"])):
                    targets += [a for p in c.children if p.dep_ == "pobj"
                                for a in _actors_of(p, by_token)]
                if c.dep_ == "prep" and c.lower_ in ("between", "among", "amongst"):
                    parties = [a for p in c.children if p.dep_ == "pobj"
                               for a in _actors_of(p, by_token)]
                    out += _between(parties, tok)
                if c.dep_ == "acl" and c.lower_ == "involving":
                    parties = [a for p in c.children if p.dep_ == "dobj"
                               for a in _actors_of(p, by_token)]
                    out += _between(parties, tok)
                if c.dep_ == "acl" and _lemma(c) in ("target", "against"):
                    targets += [a for p in c.children if p.dep_ == "dobj"
                                for a in _actors_of(p, by_token)]
            if not agents and targets and not named and topic is not None:
                agents = [topic]
        for anc in (tok, tok.head):
            for c in anc.children:
                if c.dep_ == "prep" and c.lower_ == "alongside":
                    allies += [a for p in c.children if p.dep_ == "pobj"
                               for a in _actors_of(p, by_token)]
        for a in agents:
            if a.type not in ACTORS and not (a.type == "location" and a.kind == "country"):
                continue
            for t in targets:
                if t.key != a.key and not (a.type == "location" and t.type == "location"):
                    out.append(Proposal(a, "hostile_to", t, (tok,), 0.75, "hostility"))
            for ally in allies:  # "fighting against M23 alongside the FDLR"
                if ally.key != a.key:
                    out.append(Proposal(a, "cooperates_with", ally, (tok,), 0.7, "hostility"))
                    out += [Proposal(ally, "hostile_to", t, (tok,), 0.7, "hostility")
                            for t in targets if t.key != ally.key]
    return out


def _sanction(tok: Token) -> bool:
    """ "imposed sanctions ..., targeting X": a sanction names its targets, it attacks no one."""
    words = lexicon()["sanction_words"]
    near = [tok.head, *tok.head.children, *tok.children]
    return any(_lemma(t) in words or t.lower_ in words for t in near if t.i != tok.i)


def _between(parties: list[Mention], tok: Token) -> list[Proposal]:
    """ "fighting between A, B and C": armed groups against the states and missions named
    with them, or, when only armed groups are named, each against the others."""
    armed = [p for p in parties if p.type == "armed_group"]
    others = [p for p in parties if p.type != "armed_group"]
    if not armed and len(others) == 2:
        return [Proposal(others[0], "hostile_to", others[1], (tok,), 0.7, "hostility")]
    pairs = [(a, o) for a in armed for o in others] if others else [
        (a, b) for i, a in enumerate(armed) for b in armed[i + 1:]]
    return [Proposal(a, "hostile_to", b, (tok,), 0.7, "hostility") for a, b in pairs
            if a.key != b.key]


# --- officials' titles ------------------------------------------------------------------


def _title_phrase(sent: Span, m: Mention, by_token: dict[int, Mention]) -> list[Token]:
    """The capitalised title right before a name ("Under Secretary for Terrorism and
    Financial Intelligence David S. Cohen", "Treasury Secretary Steven Mnuchin", "Russian
    President Vladimir Putin") or apposed right after it (", Acting Under Secretary ...")."""
    doc = sent.doc
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return []
    glue = {"of", "for", "the", "and", "on"}
    out: list[Token] = []
    j = span.start - 1
    while j >= sent.start and (doc[j].text[:1].isupper() or doc[j].lower_ in glue) \
            and doc[j].text not in (",", ";", ":"):
        out.insert(0, doc[j])
        j -= 1
    while out and out[0].lower_ in glue:
        out.pop(0)
    if not out and span.end + 1 < sent.end and doc[span.end].text == ",":
        k = span.end + 1
        while k < sent.end and (doc[k].text[:1].isupper() or doc[k].lower_ in glue):
            out.append(doc[k])
            k += 1
    return out


def title_proposals(sent: Span, by_token: dict[int, Mention], publisher: Mention | None
                    ) -> list[Proposal]:
    """Officials by their titles: the body the title names ("Secretary of the Treasury",
    "Treasury Secretary"), the state a nationality names ("Russian President"), else the
    publisher of a government document that quotes its own officials ("said Under
    Secretary for Terrorism and Financial Intelligence X" in a Treasury release). A
    secretary, president, director or chair unqualified leads; an under, deputy or
    assistant one, a spokesperson or an envoy is a member."""
    lex = lexicon()
    heads: dict[str, str] = lex["title_heads"]
    out: list[Proposal] = []
    seen: set[str] = set()
    for tok in sent:
        m = by_token.get(tok.i)
        if m is None or m.type != "person" or m.key in seen:
            continue
        seen.add(m.key)
        phrase = _title_phrase(sent, m, by_token)
        words = [t.lower_ for t in phrase]
        head = next((w for w in reversed(words) if w in heads), None)
        if head is None:
            continue
        body = next((by_token[t.i] for t in phrase if t.i in by_token
                     and by_token[t.i].type in ("organization", "location")
                     and by_token[t.i].key != m.key), None)
        if body is None:
            body = publisher
        if body is None:
            continue
        pred = heads[head]
        if pred == "leader_of" and set(words) & lex["title_sub_words"]:
            pred = "member_of"
        out.append(Proposal(m, pred, body, (phrase[-1],), 0.8, "title"))
    return out


# --- support and cooperation --------------------------------------------------------


def _on_behalf_of(verb: Token, by_token: dict[int, Mention]) -> list[Mention]:
    """X in "... on behalf of X" under the verb."""
    out = []
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in ("on", "in"):
            for b in c.children:
                if b.dep_ == "pobj" and b.lower_ == "behalf":
                    out += [a for q in b.children if q.dep_ == "prep" and q.lower_ == "of"
                            for p in q.children if p.dep_ == "pobj"
                            for a in _actors_of(p, by_token)]
    return out


def support_proposals(sent: Span, by_token: dict[int, Mention]) -> list[Proposal]:
    """Who supports whom: "X provided funds to Y", "X financed Y", "Y, backed by X",
    "fundraising for Y", "X procured weapons on behalf of Y" (group supported_by X);
    "X acted on behalf of Y" makes X a member of Y."""
    lex = lexicon()
    out: list[Proposal] = []
    for tok in sent:
        lemma = _lemma(tok)
        if tok.pos_ == "VERB":
            behalf = _on_behalf_of(tok, by_token)
            supporters = _upward_agents(tok, by_token)
            if behalf and lemma in lex["agency_verbs"]:
                out += [Proposal(s_, "member_of", g, (tok,), 0.8, "support")
                        for s_ in supporters for g in behalf if s_.type == "person"]
                continue
            recipients = list(behalf)
            if lemma in lex["support_verbs"] or lemma in lex["giving_verbs"]:
                for c in tok.children:
                    if c.dep_ == "prep" and c.lower_ in ("to", "for"):
                        recipients += [a for p in c.children if p.dep_ == "pobj"
                                       for a in _actors_of(p, by_token)]
                    elif c.dep_ == "dative" or (c.dep_ == "dobj" and lemma in lex["support_verbs"]):
                        recipients += _actors_of(c, by_token)
                        recipients += [a for p in c.children if p.dep_ == "pobj"
                                       for a in _actors_of(p, by_token)]  # "provided X to Y"
            if lemma in lex["support_verbs"] and _passive(tok):
                # "Y, backed by X": the passive subject or the noun the participle modifies
                heads = verb_subjects(tok) or ([tok.head] if tok.dep_ == "acl" else [])
                recipients += [a for h in heads for a in _actors_of(h, by_token)]
            for r in recipients:
                for s_ in supporters:
                    if s_.key != r.key and r.type in ACTORS:
                        out.append(Proposal(r, "supported_by", s_, (tok,), 0.8, "support"))
        elif tok.pos_ == "NOUN" and lemma in lex["support_nouns"]:
            recipients = [a for c in tok.children if c.dep_ == "prep" and c.lower_ in
                          ("for", "to") for p in c.children if p.dep_ == "pobj"
                          for a in _actors_of(p, by_token)]
            if not recipients:
                continue
            supporters = _hostile_agents(tok, by_token)
            if not supporters and tok.head.pos_ == "VERB":
                supporters = _upward_agents(tok.head, by_token)
            out += [Proposal(r, "supported_by", s_, (tok,), 0.75, "support")
                    for r in recipients for s_ in supporters if s_.key != r.key
                    and r.type in ACTORS]
    return out


def cooperation_proposals(sent: Span, by_token: dict[int, Mention]) -> list[Proposal]:
    """Cooperation: "links/ties to X" on a group's description, "cooperation between A and
    B", "A and B met", "joint operations with X"."""
    lex = lexicon()
    out: list[Proposal] = []
    for tok in sent:
        lemma = _lemma(tok)
        if tok.pos_ == "NOUN" and lemma in lex["cooperation_nouns"]:
            partners = [a for c in tok.children if c.dep_ == "prep" and c.lower_ in
                        ("to", "with") for p in c.children if p.dep_ == "pobj"
                        for a in _actors_of(p, by_token)]
            pair = [a for c in tok.children if c.dep_ == "prep" and c.lower_ == "between"
                    for p in c.children if p.dep_ == "pobj" for a in _actors_of(p, by_token)]
            if len(pair) >= 2:
                out += [Proposal(a, "cooperates_with", b, (tok,), 0.8, "cooperation")
                        for i, a in enumerate(pair) for b in pair[i + 1:] if a.key != b.key]
            if not partners:
                continue
            owners = _noun_owners(tok, by_token)
            if not owners and tok.dep_ == "pobj" and tok.head.lower_ == "with":
                owners = _modified(tok.head.head, by_token)  # "a group with links to X"
            if not owners and tok.head.pos_ in ("VERB", "AUX"):
                owners = _agents(tok.head, by_token)
            out += [Proposal(o, "cooperates_with", p, (tok,), 0.75, "cooperation")
                    for o in owners for p in partners if o.key != p.key]
        elif tok.pos_ == "VERB" and lemma in lex["meeting_verbs"]:
            subjects = [by_token[x.i] for s_ in verb_subjects(tok) for x in _conj(s_)
                        if x.i in by_token]
            subjects = list({m.key: m for m in subjects}.values())
            out += [Proposal(a, "cooperates_with", b, (tok,), 0.7, "cooperation")
                    for i, a in enumerate(subjects) for b in subjects[i + 1:]
                    if a.type == b.type]
    return out


# --- possessive parts ----------------------------------------------------------------


def part_proposals(sent: Span, by_token: dict[int, Mention]) -> list[Proposal]:
    lex = lexicon()
    out: list[Proposal] = []
    for tok in sent:
        m = _mention(tok, by_token)
        if m is None or m.type not in ACTORS:
            continue
        for c in tok.children:
            owner = _mention(c, by_token)
            if c.dep_ == "poss" and owner is not None and owner.key != m.key and (
                    owner.type in ACTORS or owner.kind == "country") and _unit_like(m):
                out.append(Proposal(m, "part_of", owner, (tok,), 0.8, "part"))
            if c.dep_ == "appos" and _lemma(c) in lex["part_nouns"] and c.i not in by_token:
                for d in c.subtree:
                    g = _mention(d, by_token)
                    if g is not None and g.key != m.key and g.type in ACTORS and d.i != c.i:
                        out.append(Proposal(m, "part_of", g, (c,), 0.8, "part"))
                        break
    return out


def _unit_like(m: Mention) -> bool:
    words = {w.casefold() for w in m.text.split()}
    return bool(words & lexicon()["unit_heads"]) or m.source == "pattern"


__all__ = ["Proposal", "cooperation_proposals", "hostility_proposals", "lexicon",
           "locative_proposals", "modifier_proposals", "part_proposals", "role_proposals",
           "support_proposals", "title_proposals"]
