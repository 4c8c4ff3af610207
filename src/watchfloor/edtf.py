"""Reading EDTF strings back into date bounds, for ordering and overlap tests.

The extractors write time as EDTF (``2021-10-08``, ``2015-11~``, ``2014-07/2014-12``,
``2021-08/..``, ``199X``); the store, the timeline and the conflict finder need the
earliest and latest calendar day each value allows. Approximate (``~``) and uncertain
(``?``) markers widen nothing here: they are shown to the analyst, not computed with.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from functools import lru_cache

_DATE = re.compile(r"^(-?\d{3}[\dX])(?:-(\d\d))?(?:-(\d\d))?$")
_SEASONS = {"21": (3, 5), "22": (6, 8), "23": (9, 11), "24": (12, 12)}


def _strip(value: str) -> str:
    return value.strip().rstrip("~?%").replace("~", "").replace("?", "").replace("%", "")


def _one(value: str, *, end: bool) -> str | None:
    """Earliest (or latest, with ``end``) ISO day of a single EDTF date; None if open."""
    value = _strip(value)
    if value in ("", ".."):
        return None
    m = _DATE.match(value)
    if not m:
        return None
    year_s, month_s, day_s = m.groups()
    if "X" in year_s:
        year = int(year_s.replace("X", "9" if end else "0"))
    else:
        year = int(year_s)
    if month_s in _SEASONS:
        first, last = _SEASONS[month_s]
        month = last if end else first
        day = calendar.monthrange(year, month)[1] if end else 1
        return f"{year:04d}-{month:02d}-{day:02d}"
    if month_s is None:
        return f"{year:04d}-12-31" if end else f"{year:04d}-01-01"
    month = int(month_s)
    if not 1 <= month <= 12:
        return None
    if day_s is None:
        day = calendar.monthrange(year, month)[1] if end else 1
    else:
        day = int(day_s)
    return f"{year:04d}-{month:02d}-{day:02d}"


@lru_cache(maxsize=65536)
def bounds(edtf: str | None) -> tuple[str | None, str | None]:
    """(earliest, latest) ISO days for an EDTF date or interval; (None, None) if unknown.
    Cached: the same few thousand values recur across a large knowledge base."""
    if not edtf:
        return None, None
    if "/" in edtf:
        left, right = edtf.split("/", 1)
        return _one(left, end=False), _one(right, end=True)
    return _one(edtf, end=False), _one(edtf, end=True)


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
