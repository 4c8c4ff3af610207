"""Find temporal expressions and normalise them to EDTF intervals.

Every claim in the knowledge base carries a time, so this runs over every sentence: it is
pure regex plus ``datetime`` (no spaCy), see :mod:`watchfloor.read.timex_patterns` for the
grammar and :mod:`watchfloor.read.timex_calendar` for the date maths.

Conventions (so intervals compare the same way everywhere):

* Points keep the granularity the text gives: "2021-10-08", "2021-08", "2021".
* "early/mid/late X" are approximate thirds of X: a year splits into months 01-04, 05-08,
  09-12 ("early 2022" -> ``2022-01~/2022-04~``); a month into days 1-10, 11-20, 21-end; a
  decade into years 0-3, 4-6, 7-9. "the start/beginning/middle/end of X" read the same.
* Seasons are EDTF season codes (21 spring, 22 summer, 23 autumn, 24 winter):
  "spring 2016" -> ``2016-21``; ``earliest``/``latest`` use northern meteorological seasons.
* Open intervals include the unit named: "since August 2021" -> ``2021-08/..``, "after 2016"
  -> ``2017/..``, "by 2016"/"until 2016" -> ``../2016``, "before 2016" -> ``../2015``.
  "the end of X" (and "the start of X") as an endpoint is X's last (first) sub-unit, exact:
  "by the end of 2016" -> ``../2016-12``, "since the start of 2017" -> ``2017-01/..``.
  Signal words that change the value (since, by, until, before, after, between, from ... to,
  onwards) are part of the span; plain prepositions (in, on, during) are not.
* Month or day without a year takes the anchor's year, or the year before when that would be
  more than a month after the anchor (news mostly looks back, but "elections in April" in a
  March story is April this year). A future cue ("will", "scheduled", "due") before it picks
  the next occurrence instead. Weekday names likewise: the latest such day on or before the
  anchor, or the next one after a future cue.
* Anaphoric expressions ("the following year", "that month", "two days later", "nine days
  before the attacks") count from the last point-like time mentioned earlier in the text;
  with no such reference they are not returned (``normalise_time`` gives None), because
  guessing the publication date would put facts in the wrong year.
* "the past six months" is a rolling window ending at the anchor; "last year"/"last week"
  are the previous calendar unit.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from watchfloor.read.timex_calendar import Point, Value, iso_week, parse_edtf_point
from watchfloor.read.timex_patterns import COUNT_NOUNS, LICENCE, RANGE_RE, SINGLE_RE
from watchfloor.read.timex_resolve import Ctx, apply_mod, apply_signal, kind_of, resolve_base
from watchfloor.records import TimeExpr

__all__ = ["find_times", "normalise_time", "time_spans", "to_timex3_value"]

_NEEDS_LICENCE = {"yr", "mon", "sea"}
_LICENCE_WORD = re.compile(r"([A-Za-z]+)[\s,]*$")
# words that follow a noun, never the noun a date modifies: "the March was long"
_NOT_MODIFIED = frozenset({"was", "is", "were", "are", "has", "had", "and", "or", "of", "to",
                           "in", "on", "at", "for", "by", "with", "from", "that", "which"})
_SENTENCE_END = re.compile(r"[.!?]\s+[A-Z\"“]|\n\s*\n")


# ---------------------------------------------------------------- public API


def find_times(text: str, anchor: str | None = None, *, offset: int = 0,
               period: int | None = None) -> list[TimeExpr]:
    """All temporal expressions in ``text`` that can be normalised, in text order.

    ``anchor`` is the publication date. The last point-like time found so far is the
    reference for anaphoric expressions, so pass a whole document (or call per sentence in
    order and accept that references do not cross calls). ``period`` is the one year an
    annual report covers: "during the year" and "the first six months of the year" are
    that year (see ``ingest.metadata.report_year``).
    """
    anchor_point = parse_edtf_point(anchor) if anchor else None
    ref: Point | None = None
    ref_end = 0
    out: list[TimeExpr] = []
    for m, is_range in _candidates(text):
        near = ref is not None and not _SENTENCE_END.search(text, ref_end, m.start())
        ctx = Ctx(anchor_point, ref, text[max(0, m.start() - 80) : m.start()], near, period)
        try:
            found = _resolve_match(m, is_range, ctx, text)
            if found is None:
                continue
            start, end, value = found
            record = _to_record(text[start:end], start + offset, end + offset, value)
        except _OUT_OF_CALENDAR:
            continue
        if value.ref is not None:
            ref = replace(value.ref, approx=False)
            ref_end = end
        out.append(record)
    return out


# Date arithmetic past year 1 or 9999 ("next year" in a report dated 9999-12-31, "900
# years ago"): the expression is left unresolved rather than failing the document.
_OUT_OF_CALENDAR = (ValueError, OverflowError)


def normalise_time(
    expr: str, anchor: str | None = None, reference: str | None = None
) -> TimeExpr | None:
    """Normalise one expression (the longest one found in ``expr``), or None.

    ``reference`` is the time anaphoric expressions count from (defaults to none). Bare
    years and month names are accepted here without a preposition because the caller has
    already decided this is a time.
    """
    anchor_point = parse_edtf_point(anchor) if anchor else None
    ref_point = parse_edtf_point(reference) if reference else None
    best: tuple[int, int, Value] | None = None
    for m, is_range in _candidates(expr):
        ctx = Ctx(anchor_point, ref_point, expr[: m.start()])
        try:
            found = _resolve_match(m, is_range, ctx, expr, licensed=True)
            if found:
                _to_record(expr[found[0]:found[1]], found[0], found[1], found[2])
        except _OUT_OF_CALENDAR:
            continue
        if found and (best is None or found[1] - found[0] > best[1] - best[0]):
            best = found
    if best is None:
        return None
    start, end, value = best
    return _to_record(expr[start:end], start, end, value)


def time_spans(text: str) -> list[tuple[int, int]]:
    """Spans that look like times whether or not they can be resolved (no anchor needed).

    The quantity reader uses this to keep "8 October" and "in 2015" out of the numbers.
    """
    spans = []
    for m, is_range in _candidates(text):
        kind = kind_of(m, "a")
        if not is_range and kind in _NEEDS_LICENCE and not _licensed(m, text):
            continue
        spans.append(_span(m, is_range))
    return spans


_PART_CODE = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
_SEASON_CODE = {21: "SP", 22: "SU", 23: "FA", 24: "WI"}


def to_timex3_value(t: TimeExpr) -> str | None:
    """A TIMEX3 ``value`` for benchmark comparison (TempEval-3 conventions).

    Derived from the EDTF plus a few words of the text (EDTF cannot say "morning" or
    PRESENT_REF). Modified points ("early 2022") give the unit they modify ("2022", as
    TIMEX3 puts early/late in ``mod``); open intervals give their closed end; exact
    halves/quarters/weeks give H/Q/W codes; other multi-year intervals give None.
    """
    low = t.text.lower()
    if re.search(r"\b(now|current|currently|present|moment|these days|nowadays)\b", low):
        return "PRESENT_REF"
    if re.search(r"\b(future|coming)\b", low) and t.edtf.endswith("/.."):
        return "FUTURE_REF"
    if re.search(r"\b(recent|recently|the past)\b", low) and not re.search(r"\d|\bpast \w+ (day|week|month|year)", low) and t.edtf.startswith("../"):
        return "PAST_REF"
    if "/" not in t.edtf:
        return _timex_point(t.edtf, low)
    left, right = t.edtf.split("/")
    if left == "..":
        shift = 1 if re.match(r"(before|prior to)\b", low) else 0
        return _timex_point(right, low, shift)
    if right == "..":
        return _timex_point(left, low, -1 if low.startswith("after") else 0)
    a, b = parse_edtf_point(left), parse_edtf_point(right)
    if a is None or b is None:
        return None
    exact = "~" not in t.edtf
    if exact and a.unit == b.unit == "month" and a.year == b.year:
        span = (a.month, b.month)
        halves = {(1, 6): "H1", (7, 12): "H2", (1, 3): "Q1", (4, 6): "Q2", (7, 9): "Q3", (10, 12): "Q4"}
        if span in halves:
            return f"{a.year}-{halves[span]}"
    if exact and a.unit == b.unit == "day":
        da, db = a.first(), b.first()
        if "weekend" in low and da.weekday() == 5 and db - da == timedelta(days=1):
            return iso_week(da) + "-WE"
        if "week" in low and da.weekday() == 0 and db - da == timedelta(days=6):
            return iso_week(da)
    if a.year == b.year:
        if a.month is not None and a.month == b.month:
            return f"{a.year:04d}-{a.month:02d}"
        return f"{a.year:04d}"
    if a.year // 10 == b.year // 10 and "s" in low and "~" in t.edtf:
        return f"{a.year // 10:03d}"
    return None


def _timex_point(edtf: str, low: str, shift: int = 0) -> str | None:
    p = parse_edtf_point(edtf)
    if p is None:
        return None
    if shift and "~" not in edtf:
        p = p.shift(shift) or p
        edtf = p.edtf()
    if edtf.endswith("~") and p.unit in ("month", "day"):
        # an endpoint of "early 2017" or "late May" stands for the unit it modifies
        return f"{p.year:04d}" if p.unit == "month" else f"{p.year:04d}-{p.month:02d}"
    unit = p.unit
    if unit == "season":
        return f"{p.year:04d}-{_SEASON_CODE[p.season or 21]}"
    if unit == "decade":
        return f"{p.year // 10:03d}"
    if unit == "century":
        return f"{p.year // 100:02d}"
    value = edtf.rstrip("~")
    if unit == "day":
        if "tonight" in low:
            return value + "TNI"
        for word, code in _PART_CODE.items():
            if word in low:
                return value + "T" + code
    return value


# ---------------------------------------------------------------- matching


_LAST_CANDIDATES: list[tuple[str, list[tuple[re.Match[str], bool]]]] = []


def _candidates(text: str) -> list[tuple[re.Match[str], bool]]:
    """Leftmost-longest non-overlapping matches of the single and range grammars.

    The last text's matches are kept: the reader (``find_times``) and the number reader
    (``time_spans``) scan the same document one after the other, and on a long report the
    scan costs seconds.
    """
    if _LAST_CANDIDATES and _LAST_CANDIDATES[0][0] is text:
        return _LAST_CANDIDATES[0][1]
    chosen = _scan(text)
    _LAST_CANDIDATES[:] = [(text, chosen)]
    return chosen


def _scan(text: str) -> list[tuple[re.Match[str], bool]]:
    found = [(m, False) for m in SINGLE_RE.finditer(text)]
    found += [(m, True) for m in RANGE_RE.finditer(text)]
    found.sort(key=lambda x: (x[0].start(), -(x[0].end() - x[0].start())))
    chosen: list[tuple[re.Match[str], bool]] = []
    last_end = -1
    for m, is_range in found:
        if m.start() >= last_end:
            chosen.append((m, is_range))
            last_end = m.end()
        elif is_range and chosen and m.end() > last_end and chosen[-1][0].start() >= m.start():
            chosen[-1] = (m, is_range)
            last_end = m.end()
    return chosen


def _span(m: re.Match[str], is_range: bool) -> tuple[int, int]:
    if is_range:
        return m.start(), m.end()
    sig = (m.group("sig") or "").lower()
    if sig in ("from", "as of") and not m.group("onw"):
        return m.start("core"), m.end("core")
    return m.start(), m.end()


def _licensed(m: re.Match[str], text: str) -> bool:
    """Bare years, months and seasons count only after a preposition or as a modifier
    ("the 2019 offensive", "the March attack": a determiner, then a word that is not a
    count noun, so "the 2019 fighters" stays a number)."""
    kind = kind_of(m, "a")
    start = m.start("core")
    before = text[max(0, start - 30) : start]
    word = _LICENCE_WORD.search(before)
    prev = word.group(1).lower() if word else ""
    if prev in LICENCE:
        return True
    if kind == "sea" and m.group(0).lower().startswith("the"):
        return False
    if re.search(r"(?:1[89]|20)\d\d\s*,\s*$|(?:(?:1[89]|20)\d\d|[A-Z][a-z]+),?\s+(?:and|or)\s*$", before):
        return True  # a list: "in 2014, 2015 and 2016", "in March and April"
    if kind == "yr" and m.group("yr_posa"):
        return True
    if kind in ("yr", "mon"):
        # a modifier after a determiner: "the 2019 offensive", "the March attack"
        after = text[m.end() : m.end() + 25]
        nxt = re.match(r"\s+([A-Za-z][a-z-]+)", after)
        if prev in ("the", "a", "its", "their", "his", "her", "this") and nxt:
            # "the 2013 Nairobi mall attack": a name between the year and the noun
            following = nxt.group(1)
            return following[0].isupper() or (
                following not in COUNT_NOUNS and following not in _NOT_MODIFIED)
    return False


# ---------------------------------------------------------------- resolution


def _resolve_match(
    m: re.Match[str], is_range: bool, ctx: Ctx, text: str, licensed: bool = False
) -> tuple[int, int, Value] | None:
    start, end = _span(m, is_range)
    if is_range:
        if (m.group("opener").lower() == "between") != (m.group("join").lower() == "and"):
            return None
        b = resolve_base(m, "b", ctx)
        if b is None or b.end is None:
            return None
        b = apply_mod(m.group("modb"), b, ctx)
        a = resolve_base(m, "a", ctx, year_hint=b.start.year if b.start else None)
        if a is None or a.start is None:
            return None
        a = apply_mod(m.group("moda"), a, ctx)
        if a.start is None or b.end is None or a.start.first() > b.end.last():
            return None
        return start, end, Value(a.start, b.end, b.ref)
    kind = kind_of(m, "a")
    sig = (m.group("sig") or "").lower()
    mod = m.group("moda")
    if (
        kind in _NEEDS_LICENCE
        and not licensed
        and not mod
        and sig in ("", "from", "as of")
        and not _licensed(m, text)
    ):
        return None
    if kind == "ty" and not mod and (ctx.period is None or not _licensed(m, text)):
        return None
    value = resolve_base(m, "a", ctx)
    if value is None:
        return None
    value = apply_mod(mod, value, ctx, kind)
    value = apply_signal(sig, bool(m.group("onw")), mod, value)
    if value is None:
        return None
    return start, end, value


def _to_record(text: str, start: int, end: int, v: Value) -> TimeExpr:
    return TimeExpr(text, start, end, v.edtf(), v.earliest(), v.latest())


