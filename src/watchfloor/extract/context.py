"""Where a claim sits in the document: its sentence, its evidence, and the mentions, times,
numbers and places that belong to it.

Every extractor (relations, figures, events) needs the same answers — which sentence is
the evidence, which mentions lie in it, which token a mention hangs on in the parse, which
time expression dates a clause — so they are answered once here, the same way for all.
A time or place attaches to a claim only when it sits on the claim's clause chain (see
``attribution.clause_chain``), never merely because it is in the same sentence: in "US
officials put it at 3,000 in 2015, while a UN report in early 2022 suggested 4,000" each
figure keeps its own date.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, TypeVar

from watchfloor.extract.attribution import clause_chain, path_length, span_root
from watchfloor.records import Document, Evidence, Mention, Quantity, Sentence, TimeExpr

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from watchfloor.read.analysis import Analysis


def sentence_at(analysis: Analysis, char: int) -> Sentence | None:
    """The sentence holding character offset ``char``."""
    starts = [s.start for s in analysis.sentences]
    i = bisect_right(starts, char) - 1
    if i < 0:
        return None
    sent = analysis.sentences[i]
    return sent if sent.start <= char < sent.end else None


def evidence_for(document: Document, start: int, end: int) -> Evidence:
    """Evidence for the character span [start, end): the stored text reproduces it."""
    return Evidence(document.id, start, end, document.text[start:end])


def sentence_evidence(document: Document, sent: Span | Sentence) -> Evidence:
    """The whole sentence as evidence (what an analyst clicks through to)."""
    start = sent.start_char if hasattr(sent, "start_char") else sent.start
    end = sent.end_char if hasattr(sent, "end_char") else sent.end
    text = document.text[start:end]
    trimmed = text.rstrip()
    return Evidence(document.id, start, start + len(trimmed), trimmed)


_Span = TypeVar("_Span", Mention, TimeExpr, Quantity)


def _inside(items: Sequence[_Span], start: int, end: int) -> list[_Span]:
    """Items whose span lies inside [start, end).

    The readers return mentions, times and numbers in text order (sorted by start), so the
    first candidate is found by bisection: a long document costs one lookup per sentence,
    not a scan of every mention for every sentence.
    """
    i = bisect_left(items, start, key=lambda x: x.start)
    out = []
    while i < len(items) and items[i].start < end:
        if items[i].end <= end:
            out.append(items[i])
        i += 1
    return out


def mentions_in(analysis: Analysis, sent: Span) -> list[Mention]:
    return _inside(analysis.mentions, sent.start_char, sent.end_char)


def times_in(analysis: Analysis, sent: Span) -> list[TimeExpr]:
    return _inside(analysis.times, sent.start_char, sent.end_char)


def quantities_in(analysis: Analysis, sent: Span) -> list[Quantity]:
    return _inside(analysis.quantities, sent.start_char, sent.end_char)


def head_of(analysis: Analysis, item: Mention | TimeExpr | Quantity) -> Token | None:
    """The syntactic head token of a mention, time or number span."""
    return span_root(analysis.doc, item.start, item.end)


def attached(analysis: Analysis, anchor: Token,
             items: Iterable[TimeExpr | Mention]) -> list[TimeExpr | Mention]:
    """Items whose head lies in a clause on ``anchor``'s clause chain, nearest first.

    An item attaches to the innermost clause it sits in; it qualifies the anchor when that
    clause is the anchor's own clause or one it is embedded in.
    """
    chain = [t.i for t in clause_chain(anchor)] or [anchor.sent.root.i]
    found: list[tuple[int, int, TimeExpr | Mention]] = []
    for item in items:
        head = head_of(analysis, item)
        if head is None or head.sent != anchor.sent:
            continue
        own = clause_chain(head)
        clause = own[0].i if own else head.sent.root.i
        if clause in chain:
            found.append((chain.index(clause), path_length(head, anchor), item))
    found.sort(key=lambda f: (f[0], f[1]))
    return [f[2] for f in found]


def time_for(analysis: Analysis, anchor: Token) -> TimeExpr | None:
    """The time expression that dates the clause of ``anchor``, or None."""
    sent = anchor.sent
    hits = attached(analysis, anchor, times_in(analysis, sent))
    return hits[0] if hits else None  # type: ignore[return-value]


def place_for(analysis: Analysis, anchor: Token) -> Mention | None:
    """The location mention on ``anchor``'s clause chain, or None. A place that is the
    clause's subject acts there ("the US killed its leader in Syria" is in Syria)."""
    sent = anchor.sent
    places = [m for m in mentions_in(analysis, sent) if m.type == "location"
              and not ((h := head_of(analysis, m)) is not None and h.dep_ == "nsubj")]
    hits = attached(analysis, anchor, places)
    return hits[0] if hits else None  # type: ignore[return-value]
