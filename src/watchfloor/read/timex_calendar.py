"""Calendar arithmetic and EDTF formatting behind :mod:`watchfloor.read.timex`.

Kept apart from the patterns so the date maths (unit shifts, interval bounds, EDTF strings)
can be read and tested on its own, and so the pattern module stays under one screen of rules.

A :class:`Point` is one calendar unit at its own granularity (a day, a month, a season, a
year, a decade or a century); a :class:`Value` is a point or an interval of points, open on
either side. Seasons use EDTF level-1 codes (21 spring, 22 summer, 23 autumn, 24 winter)
because they keep what the source said; their ISO bounds assume northern-hemisphere
meteorological seasons (spring = March-May, winter = December to February of the next
year), which is what the wire services covering our regions mean. The season table, EDTF
formatting and EDTF parsing are :mod:`watchfloor.edtf`'s, so the reader that writes a value
and the store that orders it read it the same way.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta

from watchfloor import edtf
from watchfloor.exceptions import DateError


@dataclass(frozen=True)
class Point:
    """One calendar unit; ``unit`` is day, month, season, year, decade or century."""

    year: int
    month: int | None = None
    day: int | None = None
    season: int | None = None
    unit_name: str | None = None  # "decade" or "century" when coarser than a year
    approx: bool = False

    @property
    def unit(self) -> str:
        if self.unit_name:
            return self.unit_name
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        if self.season is not None:
            return "season"
        return "year"

    def first(self) -> date:
        """First day covered, so intervals can be compared without re-parsing EDTF."""
        if self.unit == "season":
            return edtf.season_days(self.year, self.season or 21)[0]
        return date(self.year, self.month or 1, self.day or 1)

    def last(self) -> date:
        """Last day covered (inclusive)."""
        unit = self.unit
        if unit == "day":
            return date(self.year, self.month or 1, self.day or 1)
        if unit == "month":
            month = self.month or 1
            return date(self.year, month, calendar.monthrange(self.year, month)[1])
        if unit == "season":
            return edtf.season_days(self.year, self.season or 21)[1]
        if unit == "decade":
            return date(self.year + 9, 12, 31)
        if unit == "century":
            return date(self.year + 99, 12, 31)
        return date(self.year, 12, 31)

    def edtf(self) -> str:
        """EDTF for this unit: 2021-10-08, 2021-10, 2016-21 (season), 2021, 199X, 19XX."""
        unit = self.unit
        return edtf.format_date(
            self.year, self.month if unit in ("day", "month") else None,
            self.day if unit == "day" else None, season=self.season if unit == "season" else None,
            precision=unit if unit in ("decade", "century") else None, approximate=self.approx)

    def shift(self, n: int, unit: str | None = None) -> Point | None:
        """Move by ``n`` units (default: the point's own unit), keeping its granularity.

        Returns None when asked to move by a unit finer than the point ("two days after
        2015"), because the result would claim a precision the text does not have.
        """
        unit = unit or self.unit
        order = ["day", "week", "month", "season", "year", "decade", "century"]
        mine = self.unit
        if order.index(unit) < order.index(mine) and not (unit == "week" and mine == "day"):
            return None
        try:
            if unit in ("day", "week"):
                days = n * (7 if unit == "week" else 1)
                d = self.first() + timedelta(days=days)
                return replace(self, year=d.year, month=d.month, day=d.day)
            if unit in ("month", "season"):
                months = n * (3 if unit == "season" else 1)
                if self.unit == "season":
                    return _shift_season(self, months // 3)
                total = self.year * 12 + (self.month or 1) - 1 + months
                year, month0 = divmod(total, 12)
                day = self.day
                if day is not None:
                    day = min(day, calendar.monthrange(year, month0 + 1)[1])
                return replace(self, year=year, month=month0 + 1, day=day)
            years = n * {"year": 1, "decade": 10, "century": 100}[unit]
            year = self.year + years
            day = self.day
            if day is not None and self.month is not None:
                day = min(day, calendar.monthrange(year, self.month)[1])
            return replace(self, year=year, day=day)
        except (ValueError, OverflowError):
            return None


def _shift_season(p: Point, n: int) -> Point:
    index = p.year * 4 + (p.season or 21) - 21 + n
    year, s = divmod(index, 4)
    return replace(p, year=year, season=21 + s)


def point_from_date(d: date, approx: bool = False) -> Point:
    return Point(d.year, d.month, d.day, approx=approx)


@dataclass(frozen=True)
class Value:
    """A resolved expression: a point (start is end) or an interval, open where None.

    ``ref`` is what later anaphoric expressions ("the following year") count from; None
    when this expression should not become the reference (open intervals, "now").
    ``kind`` marks TIMEX3-only readings (PRESENT_REF, PAST_REF, FUTURE_REF) that EDTF cannot
    say on its own.
    """

    start: Point | None
    end: Point | None
    ref: Point | None = None
    kind: str | None = None

    @classmethod
    def point(cls, p: Point, ref: bool = True) -> Value:
        return cls(p, p, p if ref else None)

    @property
    def is_point(self) -> bool:
        return self.start is not None and self.start == self.end

    def edtf(self) -> str:
        if self.is_point and self.start is not None:
            return self.start.edtf()
        left = self.start.edtf() if self.start else ".."
        right = self.end.edtf() if self.end else ".."
        return f"{left}/{right}"

    def earliest(self) -> str | None:
        return self.start.first().isoformat() if self.start else None

    def latest(self) -> str | None:
        return self.end.last().isoformat() if self.end else None


def parse_edtf_point(text: str) -> Point | None:
    """Parse one EDTF date (YYYY, YYYY-MM, YYYY-MM-DD, season, 199X, 19XX) to a Point, or
    None when it is no single date. Used for the ``anchor`` and ``reference`` arguments,
    which callers pass as strings (an ISO timestamp's time of day is dropped)."""
    try:
        value = edtf.parse(text.strip().split("T")[0])
    except DateError:
        return None
    d = value.start
    if value.interval or d is None:
        return None
    first = d.first
    if d.precision == "day":
        return Point(first.year, first.month, first.day)
    if d.precision == "month":
        return Point(first.year, first.month)
    if d.precision == "season":
        code = next(c for c, (_, month) in edtf.SEASONS.items() if month == first.month)
        return Point(first.year, season=code)
    if d.precision in ("decade", "century"):
        return Point(first.year, unit_name=d.precision)
    return Point(first.year)


def truncate(p: Point, unit: str) -> Point:
    """The point coarsened to ``unit`` (a day of 2015 -> 2015 for unit year)."""
    if unit == "year":
        return Point(p.year)
    if unit == "month":
        return Point(p.year, p.month or 1)
    return replace(p, approx=False)


def iso_week(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year:04d}-W{week:02d}"
