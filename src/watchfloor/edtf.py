"""The one EDTF codec: reading and writing Extended Date/Time Format values (ISO 8601-2).

The extractors write time as EDTF (``2021-10-08``, ``2015-11~``, ``2014-07/2014-12``,
``2021-08/..``, ``199X``, ``2016-24``); the store, the timeline, the conflict finder and
the merging of events need the earliest and latest calendar day each value allows, and the
review command must refuse a value that is no EDTF. One module does all of it, so the
reader that writes "winter 2016" and the store that orders it agree on what it covers.

What is understood (EDTF level 0 and the parts of level 1 the sources need):

* a year, a month or a day: ``2021``, ``2021-10``, ``2021-10-08``;
* unspecified digits: ``199X`` (a decade), ``19XX`` (a century), ``2021-XX``;
* seasons, codes 21-24: spring (March-May), summer (June-August), autumn
  (September-November) and winter (December to February *of the next year*), the northern
  meteorological seasons the wire services covering our regions mean;
* qualifiers ``~`` (approximate), ``?`` (uncertain) and ``%`` (both), kept as flags: they
  are shown to the analyst and widen no bound;
* intervals ``A/B``, open (``..``) or unknown (empty) on either side.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from watchfloor.exceptions import DateError

#: EDTF season code -> (name, first month); each season lasts three months, so winter
#: (from December) ends in February of the next year.
SEASONS: dict[int, tuple[str, int]] = {
    21: ("spring", 3), 22: ("summer", 6), 23: ("autumn", 9), 24: ("winter", 12),
}
_PART = re.compile(r"^(\d{2}[\dX]{2})(?:-([\dX]{2}))?(?:-([\dX]{2}))?$")
_QUALIFIERS = "~?%"
_HINT = "write e.g. 2021-10-08, 2021-10, 2021, 2016-24 (winter), 2021-08/.., 2015-11~"


@dataclass(frozen=True)
class EDTFDate:
    """One EDTF date at its own precision, with the first and last day it covers."""

    text: str  # canonical, qualifiers included
    first: date
    last: date
    precision: str  # day, month, season, year, decade or century
    approximate: bool = False
    uncertain: bool = False


@dataclass(frozen=True)
class EDTF:
    """A date or an interval. ``start``/``end`` are None when that side is open (``..``)
    or unknown (empty); a single date is both start and end."""

    start: EDTFDate | None
    end: EDTFDate | None
    interval: bool = False
    open_start: bool = False  # ".." before the slash: no lower bound at all
    open_end: bool = False

    @property
    def earliest(self) -> str | None:
        return self.start.first.isoformat() if self.start else None

    @property
    def latest(self) -> str | None:
        return self.end.last.isoformat() if self.end else None

    def __str__(self) -> str:
        if not self.interval and self.start is not None:
            return self.start.text
        left = self.start.text if self.start else (".." if self.open_start else "")
        right = self.end.text if self.end else (".." if self.open_end else "")
        return f"{left}/{right}"


def season_days(year: int, code: int) -> tuple[date, date]:
    """First and last day of season ``code`` (21-24) of ``year``; winter spans the year
    boundary (2016-24 is December 2016 to February 2017)."""
    if code not in SEASONS:
        raise DateError(f"no season code {code}", "seasons are 21 spring, 22 summer,"
                        " 23 autumn, 24 winter")
    first_month = SEASONS[code][1]
    last_month = first_month + 2
    last_year = year + (last_month - 1) // 12
    last_month = (last_month - 1) % 12 + 1
    return (date(year, first_month, 1),
            date(last_year, last_month, calendar.monthrange(last_year, last_month)[1]))


def format_date(year: int, month: int | None = None, day: int | None = None, *,
                season: int | None = None, precision: str | None = None,
                approximate: bool = False, uncertain: bool = False) -> str:
    """EDTF for one calendar unit: 2021-10-08, 2021-10, 2016-24, 2021, 199X, 19XX."""
    if precision == "century":
        text = f"{year // 100:02d}XX"
    elif precision == "decade":
        text = f"{year // 10:03d}X"
    elif season is not None:
        text = f"{year:04d}-{season:02d}"
    elif month is None:
        text = f"{year:04d}"
    elif day is None:
        text = f"{year:04d}-{month:02d}"
    else:
        text = f"{year:04d}-{month:02d}-{day:02d}"
    return text + ("%" if approximate and uncertain else "~" if approximate
                   else "?" if uncertain else "")


def _date(text: str) -> EDTFDate:
    """One EDTF date (no slash), or DateError naming it."""
    approximate = uncertain = False
    core = text
    for q in _QUALIFIERS:
        if q in core:
            approximate = approximate or q in "~%"
            uncertain = uncertain or q in "?%"
            core = core.replace(q, "")
    m = _PART.match(core)
    if not m:
        raise DateError(f"{text!r} is not an EDTF date", _HINT)
    year_s, month_s, day_s = m.groups()
    try:
        if "X" in year_s:
            if month_s or day_s or not re.fullmatch(r"\d{2,3}X+", year_s):
                raise ValueError
            lo, hi = int(year_s.replace("X", "0")), int(year_s.replace("X", "9"))
            first, last = date(max(lo, 1), 1, 1), date(hi, 12, 31)
            precision = "decade" if year_s.count("X") == 1 else "century"
        else:
            year = int(year_s)
            if month_s is None or month_s == "XX" and day_s in (None, "XX"):
                first, last, precision = date(year, 1, 1), date(year, 12, 31), "year"
            elif month_s.isdigit() and int(month_s) in SEASONS:
                if day_s is not None:
                    raise ValueError
                first, last = season_days(year, int(month_s))
                precision = "season"
            elif day_s is None or day_s == "XX":
                month = int(month_s)
                first = date(year, month, 1)
                last = date(year, month, calendar.monthrange(year, month)[1])
                precision = "month"
            else:
                first = last = date(year, int(month_s), int(day_s))
                precision = "day"
    except ValueError:
        raise DateError(f"{text!r} is not a calendar date", _HINT) from None
    return EDTFDate(text, first, last, precision, approximate, uncertain)


def parse(text: str) -> EDTF:
    """The EDTF value ``text`` stands for; DateError (quoting it) when it is none."""
    value = text.strip()
    if not value:
        raise DateError("an empty date is no EDTF value", _HINT)
    if "/" not in value:
        one = _date(value)
        return EDTF(one, one)
    left, _, right = value.partition("/")
    if "/" in right or not (left or right) or left == right == "..":
        raise DateError(f"{text!r} is not an EDTF interval", _HINT)
    start = None if left in ("", "..") else _date(left)
    end = None if right in ("", "..") else _date(right)
    if start is not None and end is not None and start.first > end.last:
        raise DateError(f"{text!r} ends before it starts", "put the earlier date first")
    return EDTF(start, end, True, left == "..", right == "..")


def is_valid(text: str | None) -> bool:
    if not text:
        return False
    try:
        parse(text)
    except DateError:
        return False
    return True


@lru_cache(maxsize=65536)
def bounds(edtf: str | None) -> tuple[str | None, str | None]:
    """(earliest, latest) ISO days for an EDTF date or interval; None for an open side,
    (None, None) for no value or one this codec cannot read (stored data is never
    refused here: the review command refuses bad values before they are stored).
    Cached: the same few thousand values recur across a large knowledge base."""
    if not edtf:
        return None, None
    try:
        value = parse(edtf)
    except DateError:
        return None, None
    return value.earliest, value.latest


def overlaps(a: str | None, b: str | None) -> bool:
    """True when two EDTF values can refer to the same day (unknown overlaps anything)."""
    a0, a1 = bounds(a)
    b0, b1 = bounds(b)
    if a0 is None and a1 is None or b0 is None and b1 is None:
        return True
    return (a0 or "0000") <= (b1 or "9999") and (b0 or "0000") <= (a1 or "9999")


def span_days(edtf: str | None) -> int:
    """Days between an EDTF value's earliest and latest day (huge when open or unknown)."""
    lo, hi = bounds(edtf)
    if lo is None or hi is None:
        return 10**6
    return (date.fromisoformat(hi) - date.fromisoformat(lo)).days
