"""Resolution within one document: acronyms defined in the text, short forms and spelling
variants of names seen earlier, and descriptions that refer back to a group.

Analysts read "the group claimed the attack" as a claim about a named group; the claim
extractors can only do the same if the reader has tied "the group" to that group. Wrongly
tied, the claim lands on the wrong group, which costs more than a missing claim, so every
rule here resolves only when one candidate is left and leaves the mention out otherwise:

- acronyms: "Tehrik-e Taliban Pakistan (TTP)" makes every later "TTP" that entity, even
  when the catalogue does not know it (source ``acronym``); the letters must fit the name;
- short forms: a later "Bahadur" is the earlier "Hafiz Gul Bahadur" when exactly one earlier
  person ends or starts with that word; a later "Azawad Front" is the one earlier group
  whose name contains those words (source ``coref``);
- spelling variants: one edit apart on names of six letters or more ("Bahdur"), again only
  when one earlier entity fits;
- descriptions ("the group", "the jihadists", "the offshoot", "the Hindu Kush branch",
  "the latter", "the former"): the armed groups named earlier in the same sentence, or else
  in the previous sentence, are the candidates; the description resolves only when exactly
  one (compatible) group is left. "the jihadists" skips groups the catalogue lists with
  another ideology; a branch description takes only groups with a parent.

Work is linear in the text plus the mentions: tokens are looked up by offset in a dict,
candidate windows are found by bisection.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from functools import cache
from typing import TYPE_CHECKING, Any

from watchfloor.names import normalise_alias
from watchfloor.read.nlp import text_of
from watchfloor.read.patterns import load_reading, strip_titles
from watchfloor.records import Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from watchfloor.read.reference import Reference

_ACRONYM_AFTER = re.compile(r"\s*\(\s*([A-Z][A-Za-z0-9'’&\-]{1,11})\s*\)")
_DESCRIPTION_MODIFIERS = (
    "militant|jihadist|armed|extremist|terrorist|local|regional|insurgent|Islamist|Sunni|"
    "Shia|Shiite|Salafi|Salafist|al-Qaeda-linked|al-Qaeda-affiliated|IS-linked|ISIS-linked"
)
_CAP_MODIFIER = r"[A-Z][\w'’\-]*"
_UPPER_MODIFIERS = frozenset(("Islamist", "Sunni", "Shia", "Shiite", "Salafi", "Salafist",
                              "IS-linked", "ISIS-linked"))
FUZZY_MIN = 6
RESOLVABLE = ("armed_group", "organization", "person")


@cache
def _description_re() -> re.Pattern[str]:
    backrefs = load_reading().backrefs
    alts = []
    for kind, words in backrefs.items():
        body = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        alts.append(f"(?P<{kind}>{body})")
    mods = rf"(?:(?:{_DESCRIPTION_MODIFIERS}|{_CAP_MODIFIER})\s+){{0,2}}"
    # a capitalised modifier may name another group ("the UNITA rebels"): only a branch
    # description ("the Hindu Kush branch") may carry one
    return re.compile(rf"\b[Tt]he\s+(?P<mods>{mods})(?:{'|'.join(alts)})\b(?!\s+of\b)(?!-)")


def _letters_fit(acronym: str, name: str) -> bool:
    """The acronym's capitals appear in order in the name, the first as its first letter."""
    letters = [c.casefold() for c in acronym if c.isalpha() and c.isupper()]
    name_letters = [c.casefold() for c in name if c.isalpha()]
    if len(letters) < 2 or not name_letters or letters[0] != name_letters[0]:
        return False
    i = 0
    for c in name_letters:
        if i < len(letters) and c == letters[i]:
            i += 1
    return i == len(letters)


def _edit1(a: str, b: str) -> bool:
    """True when a and b are at most one insertion, deletion or substitution apart."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + 1:] == b[i + 1:] if len(a) == len(b) else a[i:] == b[i + 1:]


def resolve_in_document(doc: Doc, mentions: list[Mention], reference: Reference,
                        parents: dict[str, str] | None = None) -> list[Mention]:
    """The mentions with acronyms, short forms, variants and descriptions resolved."""
    parents = dict(parents or {})
    mentions = _acronyms(doc, mentions)
    mentions = _short_forms_and_variants(mentions)
    mentions = [m for m in mentions if not _lone_common_name(m)]
    mentions = _surnames(doc, mentions)
    added, dropped = _descriptions(doc, mentions, reference, parents)
    mentions = [m for m in mentions if id(m) not in dropped] + added
    mentions.sort(key=lambda m: m.start)
    return mentions


_NAME_TOKEN = re.compile(r"[A-Z][\w'’]+")


def _surnames(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Later bare uses of a person's surname or given name that NER left untagged ("As of
    2011, Mujahid was ..."), as short forms of the one person named in full before.

    A word counts only when exactly one person's full name (two words or more) holds it,
    it is not an ordinary word the document also writes in lower case, and it is not a
    title before another name ("Sheikh Ahmed")."""
    from watchfloor.read.vetting import lower_words_of

    lower = lower_words_of(text_of(doc))
    owners: dict[str, set[str]] = {}
    first_at: dict[str, int] = {}
    kind: dict[str, Mention] = {}
    for m in mentions:
        if m.type != "person" or m.source in ("coref", "pronoun", "topic"):
            continue
        if len(m.text.split()) < 2:
            continue
        words = [w for w in _name_words(m) if len(w) > 2 and w not in _NAME_LINKS]
        if not words:
            continue
        for w in (words[0], words[-1]):
            owners.setdefault(w, set()).add(m.key)
        first_at.setdefault(m.key, m.start)
        kind.setdefault(m.key, m)
    if not owners:
        return mentions
    held = bytearray(len(text_of(doc)) + 1)
    for m in mentions:
        held[m.start:m.end] = b"\x01" * (m.end - m.start)
    added = []
    for tok in doc:
        if held[tok.idx] or not _NAME_TOKEN.fullmatch(tok.text):
            continue
        word = normalise_alias(tok.text)
        keys = owners.get(word)
        if not keys or len(keys) != 1 or word in lower:
            continue
        key = next(iter(keys))
        nxt = tok.nbor(1) if tok.i + 1 < len(doc) else None
        if tok.idx < first_at[key] or (nxt is not None and nxt.text[:1].isupper()
                                       and nxt.is_alpha):
            continue
        first = kind[key]
        added.append(Mention(tok.idx, tok.idx + len(tok.text), tok.text, "person", key,
                             "coref", first.kind, confidence=min(first.confidence, 0.75)))
    return sorted([*mentions, *added], key=lambda m: m.start)


def _lone_common_name(m: Mention) -> bool:
    """A one-word NER person or organisation that is an ordinary English word ("Banks",
    "Clan") and no short form of a fuller name: a capitalised noun, not a name."""
    from watchfloor.read.vetting import common_single_name

    return (m.source == "ner" and m.type in ("person", "organization")
            and (common_single_name(m.text) or m.text.casefold().endswith("jihadist")))


def _acronyms(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    text = text_of(doc)
    defined: dict[str, Mention] = {}
    defined_at: dict[str, int] = {}
    for m in mentions:
        if m.type not in ("armed_group", "organization") or m.source == "coref":
            continue
        hit = _ACRONYM_AFTER.match(text, m.end)
        if hit is None or hit.group(1) in defined or not _letters_fit(hit.group(1), m.text):
            continue
        defined[hit.group(1)] = m
        defined_at[hit.group(1)] = hit.start(1)
    if not defined:
        return mentions
    by_start = {m.start: m for m in mentions}
    out = [m for m in mentions]
    replaced: set[int] = set()
    added: list[Mention] = []
    for token in doc:
        name = defined.get(token.text)
        if name is None or token.idx < defined_at[token.text]:
            continue
        current = by_start.get(token.idx)
        if current is not None and current.key == name.key:
            continue
        if current is not None and current.end != token.idx + len(token.text):
            continue  # the acronym is part of a longer name found otherwise
        if current is not None:
            replaced.add(id(current))
        added.append(Mention(token.idx, token.idx + len(token.text), token.text, name.type,
                             name.key, "acronym", name.kind, confidence=min(name.confidence, 0.9)))
    out = [m for m in out if id(m) not in replaced] + added
    out.sort(key=lambda m: m.start)
    return out


def _name_words(m: Mention) -> list[str]:
    text = strip_titles(m.text) if m.type == "person" else m.text
    return normalise_alias(text).split()


def _short_forms_and_variants(mentions: list[Mention]) -> list[Mention]:
    """Tie a later short or misspelt form to the one earlier entity it can be."""
    seen: dict[str, tuple[str, list[str], Mention]] = {}  # key -> (type, words, first mention)
    out: list[Mention] = []
    for m in mentions:
        if m.type not in RESOLVABLE or m.source not in ("ner", "pattern") or m.name:
            out.append(m)  # a name the reader already settled ("security forces")
            continue
        if m.key in seen:
            out.append(m)
            continue
        words = _name_words(m)
        target = _earlier_entity(m, words, seen)
        if target is None:
            seen[m.key] = (m.type, words, m)
            out.append(m)
            continue
        first = seen[target][2]
        out.append(Mention(m.start, m.end, m.text, first.type, target, "coref", first.kind,
                           confidence=min(first.confidence, 0.75)))
    return out


def _compatible(etype: str, kind: str | None, earlier_type: str) -> bool:
    if etype == earlier_type:
        return True
    # NER calls many group names plain ORG, and many surnames too ("Fari used his
    # connections"): a default-kind organisation may be the earlier group or person
    return etype == "organization" and kind == "other" and earlier_type in ("armed_group",
                                                                            "person")


_NAME_LINKS = frozenset({"al", "el", "bin", "ben", "ibn", "bint", "abu", "ould", "ag", "abd"})


def _surname_like(words: list[str], earlier: list[str]) -> bool:
    """A short form of an earlier full name: a contiguous run of its words that is not only
    particles ("Fari" of "Adil Abduh Fari Uthman", "al Marfadi" of "Khalid al Marfadi")."""
    content = [w for w in words if w not in _NAME_LINKS]
    if not content or any(len(w) <= 2 for w in content) or len(words) >= len(earlier):
        return False
    return _contiguous(words, earlier)


def _earlier_entity(m: Mention, words: list[str],
                    seen: dict[str, tuple[str, list[str], Mention]]) -> str | None:
    if not words:
        return None
    joined = " ".join(words)
    short: set[str] = set()
    variant: set[str] = set()
    for key, (etype, earlier, _first) in seen.items():
        if not _compatible(m.type, m.kind, etype) or len(earlier) <= len(words):
            if (len(joined) >= FUZZY_MIN and _compatible(m.type, m.kind, etype)
                    and _edit1(joined, " ".join(earlier))):
                variant.add(key)
            continue
        if m.type == "person" or etype == "person":
            if _surname_like(words, earlier):
                short.add(key)
        elif _contiguous(words, earlier) and not set(words) <= load_reading().generic_words and (
                len(words) > 1 or len(words[0]) >= 5):
            short.add(key)
    found = short or variant
    return next(iter(found)) if len(found) == 1 else None


def _contiguous(part: list[str], whole: list[str]) -> bool:
    n = len(part)
    return any(whole[i:i + n] == part for i in range(len(whole) - n + 1))


def _descriptions(doc: Doc, mentions: list[Mention], reference: Reference,
                  parents: dict[str, str]) -> tuple[list[Mention], set[int]]:
    """Resolved descriptions, and the ids of NER mentions inside them to drop (the small
    model tags "Kush" in "the Hindu Kush branch" as a person)."""
    text = text_of(doc)
    sent_starts = [s.start_char for s in doc.sents]
    groups = sorted((m.start, m.key) for m in mentions if m.type == "armed_group")
    named = list(groups)  # "the latter" / "the former" point at names, not descriptions
    taken = sorted(((m.start, m.end, m) for m in mentions), key=lambda t: t[0])
    taken_starts = [t[0] for t in taken]
    dropped: set[int] = set()
    tokens = {t.idx: t for t in doc}
    catalogue = reference.catalogue
    out: list[Mention] = []
    for match in _description_re().finditer(text):
        start, end = match.start(), match.end()
        inside = []
        i = bisect_right(taken_starts, end - 1) - 1
        while i >= 0 and taken[i][1] > start - 200:
            if taken[i][1] > start:
                inside.append(taken[i])
            i -= 1
        if any(m.source != "ner" or s0 < start or e0 > end for s0, e0, m in inside):
            continue  # part of a name ("the Islamic State group")
        kind = match.lastgroup or "plain"
        if kind != "branch" and any(w[:1].isupper() and w not in _UPPER_MODIFIERS
                                    for w in match.group("mods").split()):
            continue
        if kind in ("latter", "former"):
            after = tokens.get(_next_token_start(text, end))
            if after is not None and after.pos_ in ("NOUN", "PROPN", "ADJ", "NUM"):
                continue  # "the former leader": an adjective, not a reference
        s = bisect_right(sent_starts, start) - 1
        own = sent_starts[s] if s >= 0 else 0
        prev = sent_starts[s - 1] if s >= 1 else own
        key = _pick(kind, named if kind in ("latter", "former") else groups, own, prev, start,
                    catalogue, parents)
        if key is None:
            continue
        etype = "armed_group"
        out.append(Mention(start, end, text[start:end], etype, key, "coref",
                           confidence=0.6 if kind in ("latter", "former") else 0.7))
        dropped.update(id(m) for _, _, m in inside)
        insort(groups, (start, key))
    return out, dropped


def _next_token_start(text: str, end: int) -> int:
    i = end
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _distinct_in(groups: list[tuple[int, str]], lo: int, hi: int, accept: Any = None,
                 limit: int = 3) -> list[str]:
    """Distinct keys of group mentions starting in [lo, hi), earliest first, read backwards
    from ``hi`` and stopping at ``limit`` keys: the rules only need to know whether one, two
    or more compete, so a 5,000-word sentence costs no more than a short one."""
    a, b = bisect_left(groups, (lo, "")), bisect_left(groups, (hi, ""))
    keys: list[str] = []
    for i in range(b - 1, a - 1, -1):
        key = groups[i][1]
        if key in keys or (accept is not None and not accept(key)):
            continue
        keys.append(key)
        if len(keys) >= limit:
            break
    return keys[::-1]


def _fits(kind: str, key: str, catalogue: Any, parents: dict[str, str]) -> bool:
    entry = catalogue.entries.get(key)
    if kind == "jihadist":
        return entry is None or entry.ideology in (None, "jihadist")
    if kind == "branch":
        return (entry is not None and entry.parent is not None) or key in parents
    return True


def _pick(kind: str, groups: list[tuple[int, str]], own: int, prev: int,
          start: int, catalogue: Any, parents: dict[str, str]) -> str | None:
    if kind in ("latter", "former"):
        keys = _distinct_in(groups, prev, start)
        if kind == "latter" and len(keys) >= 2:
            return keys[-1]
        return keys[0] if kind == "former" and len(keys) == 2 else None
    for lo, hi in ((own, start), (prev, own)):
        keys = _distinct_in(groups, lo, hi, lambda k: _fits(kind, k, catalogue, parents), 2)
        if len(keys) == 1:
            return keys[0]
        if len(keys) > 1:
            return None
    return None


__all__ = ["resolve_in_document"]
