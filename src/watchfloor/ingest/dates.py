"""Normalise the dates found in metadata to EDTF day, month or year strings.

Why its own module: dates arrive in many shapes (ISO timestamps from HTML meta tags,
``D:20211008120000+02'00'`` from PDF info dictionaries, "8 October 2021" from sidecars
typed by hand) and ``Document.published`` must hold one comparable form. We keep only
the precision the source gives ("2021-10" stays a month) and never guess a day-month
order from ambiguous numeric forms such as "08/10/2021": a wrong date is worse than none.
"""

from __future__ import annotations

import calendar
import re

_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
_MONTHS["sept"] = 9

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ]\d.*)?$")
_PDF = re.compile(r"^D:(\d{4})(\d{2})?(\d{2})?")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})$")
_MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")
_MONTH_YEAR = re.compile(r"^([A-Za-z]+)\.?,?\s+(\d{4})$")


def _edtf(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """Format a checked date at the precision given; None for impossible dates."""
    if not 1000 <= year <= 9999:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _month(name: str) -> int | None:
    return _MONTHS.get(name.lower())


def normalise_date(value: object) -> str | None:
    """EDTF date ("2021-10-08", "2021-10" or "2021") for a date in a known form, else None.

    Known forms: ISO dates and timestamps, PDF ``D:YYYYMMDD...``, compact ``YYYYMMDD``,
    "8 October 2021", "October 8, 2021", "Oct 2021" and a bare year. Anything else,
    including day/month orders we cannot tell apart, gives None rather than a guess.
    """
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    if m := _PDF.match(text):
        year, month, day = m.groups()
        return _edtf(int(year), int(month) if month else None, int(day) if day else None)
    if m := _COMPACT.match(text):
        return _edtf(int(m[1]), int(m[2]), int(m[3]))
    if m := _ISO.match(text):
        year, month, day = m.groups()
        return _edtf(int(year), int(month) if month else None, int(day) if day else None)
    if (m := _DAY_MONTH_YEAR.match(text)) and (month := _month(m[2])):
        return _edtf(int(m[3]), month, int(m[1]))
    if (m := _MONTH_DAY_YEAR.match(text)) and (month := _month(m[1])):
        return _edtf(int(m[3]), month, int(m[2]))
    if (m := _MONTH_YEAR.match(text)) and (month := _month(m[1])):
        return _edtf(int(m[2]), month)
    return None
