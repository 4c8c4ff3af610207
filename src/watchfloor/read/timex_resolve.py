"""Turning matched expressions into EDTF values for :mod:`watchfloor.read.timex`.

Split from the public module to keep each file readable; the conventions (thirds for
early/mid/late, year inference, anaphora) are documented in :mod:`watchfloor.read.timex`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from watchfloor.read.timex_calendar import Point, Value, parse_edtf_point, point_from_date, truncate
from watchfloor.read.timex_patterns import (
    BASE_KINDS,
    FUTURE_CUE,
    MONTHS,
    SEASONS,
    SMALL_NUMBERS,
    WEEKDAYS,
)


class Ctx:
    """Resolution context: the anchor (publication date), the running reference and text."""

    def __init__(
        self, anchor: Point | None, ref: Point | None, before: str = "", ref_near: bool = False,
        period: int | None = None,
    ) -> None:
        self.anchor = anchor
        # the one year a report covers ("during the year" in an annual report), or None
        self.period = period
        self.ref = ref
        self.future = bool(FUTURE_CUE.search(before[-60:]))
        # a year named earlier in the same sentence ("That year, in June") beats the anchor
        self.ref_near = ref_near and ref is not None



def kind_of(m: re.Match[str], s: str) -> str | None:
    """Which BASE alternative matched (suffix ``s`` is "a" or "b")."""
    for kind in BASE_KINDS:
        if m.group(kind + s) is not None:
            return kind
    return None


def _num(word: str) -> int | None:
    word = re.sub(r"\s+", " ", word.lower())
    if word.isdigit():
        return int(word)
    return SMALL_NUMBERS.get(word)


def _month(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _day(word: str) -> int:
    return int(re.match(r"\d+", word).group(0))  # type: ignore[union-attr]


def _safe_point(year: int, month: int | None = None, day: int | None = None) -> Point | None:
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        return None
    return Point(year, month, day)


def _infer_year(month: int, day: int | None, ctx: Ctx, hint: int | None) -> int | None:
    """Year for a month/day the text gave without one (see module docstring)."""
    if hint is not None:
        return hint
    if ctx.ref_near and ctx.ref is not None:
        return ctx.ref.year
    a = ctx.anchor
    if a is None:
        return None
    if a.month is None:
        return a.year
    anchor_index = a.year * 12 + a.month
    if ctx.future:
        return a.year if month >= a.month else a.year + 1
    return a.year if a.year * 12 + month <= anchor_index + 1 else a.year - 1


def _anchor_day(ctx: Ctx) -> date | None:
    a = ctx.anchor
    if a is None or a.unit != "day":
        return None
    return a.first()


def resolve_base(
    m: re.Match[str], s: str, ctx: Ctx, year_hint: int | None = None
) -> Value | None:
    kind = kind_of(m, s)
    g = lambda name: m.group(name + s)  # noqa: E731
    if kind == "iso":
        return _point(parse_edtf_point(g("iso")))
    if kind in ("mdy", "dmy"):
        return _point(_safe_point(int(g(kind + "_y")), _month(g(kind + "_m")), _day(g(kind + "_d"))))
    if kind in ("md", "dm"):
        month, day = _month(g(kind + "_m")), _day(g(kind + "_d"))
        year = _infer_year(month, day, ctx, year_hint)
        return None if year is None else _point(_safe_point(year, month, day))
    if kind in ("dr", "mdr"):
        month = _month(g(kind + "_m"))
        year = int(g(kind + "_y")) if g(kind + "_y") else _infer_year(month, None, ctx, year_hint)
        if year is None:
            return None
        a, b = _safe_point(year, month, _day(g(kind + "_a"))), _safe_point(year, month, _day(g(kind + "_b")))
        if a is None or b is None or a.first() >= b.first():
            return None
        return Value(a, b, b)
    if kind == "my":
        return _point(_safe_point(int(g("my_y")), _month(g("my_m"))))
    if kind == "sy":
        return _point(Point(int(g("sy_y")), season=SEASONS[g("sy_s").lower()]))
    if kind in ("qq", "qy"):
        return _quarter(m, s, ctx)
    if kind == "dec":
        year = int(g("dec_y")) if g("dec_y") else 1900 + int(g("dec_s"))
        return _point(Point(year, unit_name="decade"))
    if kind == "cent":
        return _point(Point((int(g("cent_n")) - 1) * 100, unit_name="century"))
    if kind == "yr":
        return _point(Point(int(g("yr"))))
    if kind == "yr2":
        first_year = int(g("yr2_a"))
        b_text = g("yr2_b")
        last_year = int(b_text) if len(b_text) == 4 else first_year // 100 * 100 + int(b_text)
        if not 0 < last_year - first_year <= 30:
            return None
        return Value(Point(first_year), Point(last_year), Point(last_year))
    if kind == "mon":
        month = _month(g("mon"))
        year = _infer_year(month, None, ctx, year_hint)
        return None if year is None else _point(Point(year, month))
    if kind == "sea":
        return _season(SEASONS[g("sea").lower().split()[-1]], ctx, year_hint, "in")
    if kind == "wd":
        return _weekday(g("wd"), "on", ctx)
    if kind == "ty":
        if ctx.period is not None:
            return _point(Point(ctx.period))
        base = ctx.anchor
        return None if base is None else _point(Point(base.year))
    if kind == "fm":
        return _first_months(m, s, ctx)
    if kind in ("rel", "win", "ago", "deic", "tod"):
        return _deictic(kind, m, s, ctx)
    if kind in ("ana", "anb", "rl"):
        return _anaphoric(kind, m, s, ctx)
    if kind == "pres":
        today = ctx.anchor
        return None if today is None else Value(today, today, None, "PRESENT_REF")
    if kind == "pref":
        today = ctx.anchor
        if today is None:
            return None
        if g("fref"):
            return Value(today, None, None, "FUTURE_REF")
        return Value(None, today, None, "PAST_REF")
    return None


def _point(p: Point | None) -> Value | None:
    return None if p is None else Value.point(p)


def _quarter(m: re.Match[str], s: str, ctx: Ctx) -> Value | None:
    g = lambda name: m.group(name + s)  # noqa: E731
    if g("qq"):
        unit = "half" if g("qq_u").upper() == "H" else "quarter"
        n, year = int(g("qq_n")), int(g("qq_y"))
    else:
        unit = g("qy_u").lower()
        word = g("qy_n").lower()
        n = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}.get(word, 4)
        if word == "final":
            n = 2 if unit == "half" else 4
        rel = (g("qy_rel") or "").lower()
        if g("qy_y"):
            year = int(g("qy_y"))
        elif rel == "that":
            if ctx.ref is None:
                return None
            year = ctx.ref.year
        elif ctx.anchor is not None:
            year = ctx.anchor.year + {"last": -1, "next": 1}.get(rel, 0)
        else:
            return None
    size = 6 if unit == "half" else 3
    if n * size > 12:
        return None
    first = (n - 1) * size + 1
    return Value(Point(year, first), Point(year, first + size - 1), Point(year))


def _first_months(m: re.Match[str], s: str, ctx: Ctx) -> Value | None:
    """"the first six months of the year", "the last two months of 2016"."""
    g = lambda name: m.group(name + s)  # noqa: E731
    n = _num(g("fm_n"))
    rel = (g("fm_rel") or "").lower()
    if g("fm_y"):
        year = int(g("fm_y"))
    elif rel == "that":
        if ctx.ref is None:
            return None
        year = ctx.ref.year
    elif rel == "the" and ctx.period is not None:
        year = ctx.period
    elif ctx.anchor is not None:
        year = ctx.anchor.year - (rel == "last")
    else:
        return None
    if n is None or not 1 <= n <= 12:
        return None
    if g("fm_w").lower() == "first":
        return Value(Point(year, 1), Point(year, n), Point(year))
    return Value(Point(year, 13 - n), Point(year, 12), Point(year))


def _season(code: int, ctx: Ctx, hint: int | None, word: str) -> Value | None:
    if hint is not None:
        return _point(Point(hint, season=code))
    day = _anchor_day(ctx) or (ctx.anchor.first() if ctx.anchor else None)
    if day is None:
        return None
    this = Point(day.year, season=code)
    if word in ("in", "this"):
        if word == "in" and this.first() > day + timedelta(days=31) and not ctx.future:
            this = Point(day.year - 1, season=code)
        return _point(this)
    if word == "last":
        return _point(this if this.last() < day else Point(day.year - 1, season=code))
    if word == "next":
        return _point(this if this.first() > day else Point(day.year + 1, season=code))
    return None


def _weekday(name: str, word: str, ctx: Ctx) -> Value | None:
    day = _anchor_day(ctx)
    if day is None:
        return None
    target = WEEKDAYS.index(name.lower())
    back = (day.weekday() - target) % 7
    ahead = (target - day.weekday()) % 7
    if word == "last":
        d = day - timedelta(days=back or 7)
    elif word == "next":
        d = day + timedelta(days=ahead or 7)
    elif word == "this" or ctx.future:
        d = day + timedelta(days=ahead)
    else:
        d = day - timedelta(days=back)
    return _point(point_from_date(d))


def _window(n: int, unit: str, day: Point, forward: bool) -> Value | None:
    other = day.shift(n if forward else -n, unit)
    if other is None:
        return None
    return Value(day, other, None) if forward else Value(other, day, None)


def _deictic(kind: str, m: re.Match[str], s: str, ctx: Ctx) -> Value | None:
    """Expressions counted from the anchor: last year, yesterday, two weeks ago, ..."""
    g = lambda name: m.group(name + s)  # noqa: E731
    a = ctx.anchor
    if a is None:
        return None
    day = _anchor_day(ctx)
    if kind == "deic" or kind == "tod":
        word = (g("deic") or g("tod_w")).lower()
        if day is None:
            return None
        delta = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
        if kind == "tod" and word == "last":
            delta = -1 if (g("tod_p") or "").lower() == "night" else 0
        return _point(point_from_date(day + timedelta(days=delta)))
    if kind == "ago":
        n, unit = _num(g("ago_n")), g("ago_u").lower()
        base = _unit_truncate(a, unit)
        p = base.shift(-n, unit) if n is not None else None
        return _point(p)
    if kind == "win":
        n, unit = _num(g("win_n")), g("win_u").lower()
        word = g("win_w").lower()
        if n is None:
            return None
        return _window(n, unit, a, word in ("next", "coming"))
    # rel: last/this/next/past/coming + unit
    word, unit = g("rel_w").lower(), g("rel_u")
    low_unit = unit.lower()
    if word in ("past", "coming") or (word == "last" and low_unit == "decade"):
        return _window(1, "decade" if low_unit == "decade" else low_unit, a, word == "coming") if low_unit in ("year", "month", "week", "day", "decade") else None
    if g("rel_the") and word in ("next", "previous"):
        return _anaphoric_shift(ctx, low_unit, 1 if word == "next" else -1)
    if word == "previous":
        word = "last"
    delta = {"last": -1, "this": 0, "next": 1}[word]
    if low_unit == "year":
        return _point(Point(a.year + delta))
    if low_unit == "month":
        return _point(Point(a.year, a.month).shift(delta) if a.month else None)
    if low_unit in ("week", "weekend"):
        if day is None:
            return None
        monday = day - timedelta(days=day.weekday()) + timedelta(weeks=delta)
        if low_unit == "weekend":
            sat = monday + timedelta(days=5)
            return Value(point_from_date(sat), point_from_date(sat + timedelta(days=1)), None)
        return Value(point_from_date(monday), point_from_date(monday + timedelta(days=6)), None)
    if low_unit == "quarter":
        if a.month is None:
            return None
        q0 = (a.year * 4 + (a.month - 1) // 3) + delta
        year, q = divmod(q0, 4)
        return Value(Point(year, q * 3 + 1), Point(year, q * 3 + 3), Point(year))
    if low_unit in SEASONS:
        return _season(SEASONS[low_unit], ctx, None, word)
    if low_unit in WEEKDAYS:
        return _weekday(unit, word, ctx)
    if low_unit.rstrip(".") in MONTHS:
        month = _month(unit)
        if a.month is None:
            return _point(Point(a.year + delta, month))
        if word == "last":
            year = a.year if month < a.month else a.year - 1
        elif word == "next":
            year = a.year if month > a.month else a.year + 1
        else:
            year = a.year
        return _point(Point(year, month))
    return None


def _unit_truncate(p: Point, unit: str) -> Point:
    if unit in ("year", "decade"):
        return truncate(p, "year")
    if unit == "month" and p.unit == "day":
        return truncate(p, "month")
    return p


def _anaphoric_shift(ctx: Ctx, unit: str, n: int) -> Value | None:
    ref = ctx.ref
    if ref is None:
        return None
    if unit == "week":
        if ref.unit != "day":
            return None
        monday = ref.first() - timedelta(days=ref.first().weekday()) + timedelta(weeks=n)
        return Value(point_from_date(monday), point_from_date(monday + timedelta(days=6)), None)
    if unit in SEASONS:
        return _point(Point(ref.year, season=SEASONS[unit]))
    if unit in ("morning", "afternoon", "evening", "night"):
        unit = "day"
    base = _unit_truncate(ref, unit)
    if unit == "day" and base.unit != "day":
        return None
    if unit == "month" and base.unit not in ("month",):
        return None
    return _point(base.shift(n, unit))


def _anaphoric(kind: str, m: re.Match[str], s: str, ctx: Ctx) -> Value | None:
    """Expressions counted from the last time mentioned: that year, two days later, ..."""
    g = lambda name: m.group(name + s)  # noqa: E731
    if kind == "ana":
        unit = g("ana_u").lower()
        word = (g("ana_w") or "that").lower()
        n = {"following": 1, "next": 1, "subsequent": 1, "previous": -1, "preceding": -1}.get(word, 0)
        return _anaphoric_shift(ctx, unit, n)
    if kind == "anb":
        return _anaphoric_shift(ctx, g("anb_u").lower(), 1 if g("anb_w").lower() == "after" else -1)
    count, unit = _num(g("rl_n")), g("rl_u").lower()
    if count is None or ctx.ref is None:
        return None
    word = (g("rl_w") or g("rl_p")).lower()
    sign = -1 if word in ("earlier", "before") else 1
    base = _unit_truncate(ctx.ref, unit)
    return _point(base.shift(sign * count, unit))


def apply_mod(mod: str | None, v: Value, ctx: Ctx, kind: str | None = None) -> Value:
    """early/mid/late and start/middle/end of: approximate thirds of the unit."""
    if not mod or not v.is_point or v.start is None:
        return v
    word = re.sub(r"^the\s+|\s+of$", "", mod.lower())
    p = v.start
    if word in ("earlier", "later") and kind in ("rel", "ana"):
        pivot = _anchor_day(ctx) if kind == "rel" else (ctx.ref.first() if ctx.ref and ctx.ref.unit == "day" else None)
        if pivot is not None and p.first() <= pivot <= p.last():
            piv = point_from_date(pivot)
            first, last = point_from_date(p.first()), point_from_date(p.last())
            return Value(first, piv, v.ref) if word == "earlier" else Value(piv, last, v.ref)
    third = {"early": 0, "earlier": 0, "start": 0, "beginning": 0, "mid": 1, "middle": 1,
             "late": 2, "later": 2, "end": 2}.get(word)  # fmt: skip
    if third is None:
        return v
    unit = p.unit
    if unit == "year":
        bounds = [(1, 4), (5, 8), (9, 12)][third]
        a, b = Point(p.year, bounds[0], approx=True), Point(p.year, bounds[1], approx=True)
    elif unit == "month":
        month_end = p.last().day
        days = [(1, 10), (11, 20), (21, month_end)][third]
        a = Point(p.year, p.month, days[0], approx=True)
        b = Point(p.year, p.month, days[1], approx=True)
    elif unit == "decade":
        bounds = [(0, 3), (4, 6), (7, 9)][third]
        a, b = Point(p.year + bounds[0], approx=True), Point(p.year + bounds[1], approx=True)
    else:
        return v
    return Value(a, b, v.ref)


def _edge(mod: str | None, v: Value, which: str) -> Point | None:
    """Endpoint used by a signal; "the end/start of X" gives X's exact last/first sub-unit."""
    p = v.start if which == "start" else v.end
    word = re.sub(r"^the\s+|\s+of$", "", (mod or "").lower())
    if p is not None and word in ("end", "start", "beginning") and p.approx:
        return replace(p, approx=False)
    return p


def apply_signal(sig: str, onwards: bool, mod: str | None, v: Value) -> Value | None:
    if sig == "since" or (onwards and sig in ("", "from")):
        return Value(_edge(mod, v, "start"), None, v.ref, v.kind)
    if sig == "after":
        end = v.end
        if end is None:
            return None
        nxt = end if end.approx else end.shift(1)
        return Value(nxt, None, v.ref, v.kind)
    if sig in ("by", "until", "till"):
        return Value(None, _edge(mod, v, "end"), v.ref, v.kind)
    if sig in ("before", "prior to"):
        start = v.start
        if start is None:
            return None
        prev = start if start.approx else start.shift(-1)
        return Value(None, prev, v.ref, v.kind)
    return v
