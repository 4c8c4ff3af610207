"""What the fuzz tests (``tests/*/test_fuzz_*.py``, with hypothesis) and ``bench/fuzz.py``
(10^5 inputs) feed the readers, and the invariants every answer must keep.

Inputs are sequences of tokens the readers react to (number words, hedges, dates, month
names, bands, currency, markup, controls) mixed with random characters, so the generator
reaches the rules' corners rather than random noise the first regex rejects. Invariants:
spans reproduce the text; ranges have low <= high, finite; times are valid EDTF with
earliest <= latest; cleaning returns text; nothing raises but the library's own errors.
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Callable, Sequence
from typing import Any

TOKENS = (
    # numbers and hedges
    "0", "1", "5", "12", "46", "183", "1,000", "2,200", "10,000", "1.5", "3.14", "2015",
    "9999", "0001", "1" * 30, "7" * 400, "one", "two", "forty-six", "hundred", "thousand",
    "million", "billion", "dozen", "dozens", "hundreds", "thousands", "tens of thousands",
    "a few", "several", "a couple of", "half a million", "at least", "more than", "up to",
    "about", "nearly", "approaching", "fewer than", "no more than", "between", "and", "or",
    "to", "from", "-", "–", "or more", "or so", "+", "-plus", "the low", "the mid",
    "the high", "5s", "20s", "10,000s", "1,000's",
    # money
    "$", "US$", "€", "£", "dollars", "euros", "pounds sterling", "5m", "2bn", "300k",
    # time
    "in", "on", "since", "until", "by", "the end of", "early", "mid", "late", "January",
    "Feb.", "March", "May", "September", "December", "spring", "winter", "2021", "1990s",
    "8 October 2021", "October 8, 2021", "2021-10-08", "10/8/2021", "last year",
    "next year", "this month", "last Friday", "on Monday", "yesterday", "tomorrow",
    "two years ago", "900 years ago", "the following day", "a week later", "that year",
    "the previous month", "the first half of", "quarter", "century", "decade",
    # words around claims
    "fighters", "killed", "people", "attack", "the group", "ISKP", "Al-Shabaab",
    # structure, markup and hostile characters
    ".", ",", ";", ":", "(", ")", "\n", "\n\n", "\f", "\t", "\u00ad", "\u200b", "\ufeff",
    "[/bold]", "[link=x]", "<script>", "&amp;", "# Title", "**", "`", "\x1b[2J", "\x00",
    "\udcff", "Page 3 of 9", "- 4 -", "Title: Note", "Published: 2021-10-08", "---",
)

_EDTF_DATE = re.compile(r"^(-?)(\d{2}[\dX]{2})(?:-(\d\d)(?:-(\d\d))?)?([~?%]?)$")


def texts(separators: Sequence[str], noise: int = 4) -> Any:
    """A hypothesis strategy: up to 40 tokens or bits of random text, joined by some of
    ``separators`` (hypothesis is imported here, so bench/fuzz.py does not need it)."""
    from hypothesis import strategies as st

    return st.builds(join, st.lists(st.sampled_from(TOKENS) | st.text(max_size=noise),
                                    max_size=40),
                     st.lists(st.sampled_from(list(separators)), min_size=1, max_size=3))


def fuzz_settings() -> Any:
    """Bounded examples and a deadline per example, so the suite stays fast."""
    from hypothesis import HealthCheck, settings

    return settings(max_examples=200, deadline=2000,
                    suppress_health_check=[HealthCheck.too_slow])


def join(tokens: Sequence[str], separators: Sequence[str]) -> str:
    out = []
    for i, token in enumerate(tokens):
        out.append(token)
        out.append(separators[i % len(separators)] if separators else " ")
    return "".join(out)


def valid_edtf_date(value: str) -> bool:
    """A single EDTF date of the kinds watchfloor writes: year (with X digits), year-month
    or season (21-24), or a real calendar day, with an optional ~ ? % qualifier."""
    m = _EDTF_DATE.match(value)
    if m is None:
        return False
    _sign, year, month, day, _q = m.groups()
    if month is None:
        return True
    if "X" in year:
        return day is None and 1 <= int(month) <= 12
    if day is None:
        return 1 <= int(month) <= 12 or 21 <= int(month) <= 24
    if not 1 <= int(month) <= 12:
        return False
    return 1 <= int(day) <= calendar.monthrange(max(1, int(year)), int(month))[1]


def valid_edtf(value: str) -> bool:
    """An EDTF date, or an interval of two (either end open, ``..``, or unknown, empty)."""
    if "/" not in value:
        return valid_edtf_date(value)
    left, _, right = value.partition("/")
    if "/" in right or (left in ("", "..") and right in ("", "..")):
        return False
    return all(side in ("", "..") or valid_edtf_date(side) for side in (left, right))


def quantity_problems(text: str, found: Sequence[Any], offset: int = 0) -> list[str]:
    problems = []
    for q in found:
        if text[q.start - offset:q.end - offset] != q.text:
            problems.append(f"span {q.start}-{q.end} does not reproduce {q.text!r}")
        for bound in (q.low, q.high):
            if bound is not None and (not math.isfinite(bound) or bound < 0):
                problems.append(f"bound {bound!r} in {q.text!r}")
        if q.low is not None and q.high is not None and q.low > q.high:
            problems.append(f"low {q.low} > high {q.high} in {q.text!r}")
    return problems


def time_problems(text: str, found: Sequence[Any], offset: int = 0) -> list[str]:
    from watchfloor.edtf import bounds

    problems = []
    for t in found:
        if text[t.start - offset:t.end - offset] != t.text:
            problems.append(f"span {t.start}-{t.end} does not reproduce {t.text!r}")
        if not valid_edtf(t.edtf):
            problems.append(f"invalid EDTF {t.edtf!r} for {t.text!r}")
            continue
        low, high = bounds(t.edtf)
        if low and high and low > high:
            problems.append(f"EDTF {t.edtf!r} for {t.text!r} ends before it starts")
        if t.earliest and t.latest and t.earliest > t.latest:
            problems.append(f"earliest {t.earliest} > latest {t.latest} for {t.text!r}")
    return problems


def date_problems(value: str | None) -> list[str]:
    if value is None or valid_edtf_date(value) and not value.endswith(("~", "?", "%")):
        return []
    return [f"normalise_date gave {value!r}"]


def clean_problems(result: tuple[list[str], list[Any]]) -> list[str]:
    paragraphs, dropped = result
    problems = [f"paragraph {p!r} is not clean text" for p in paragraphs
                if not isinstance(p, str) or not p.strip() or "\u00ad" in p]
    problems += [f"dropped {d!r} has no reason" for d in dropped if not d.reason]
    return problems


Check = Callable[[str], list[str]]
# publication dates the time reader counts from, the calendar's ends among them
ANCHORS = (None, "2021-10-08", "9999-12-31", "0001-01-01", "2020", "1999-02")


def readers() -> dict[str, Check]:
    """Each reader under test, run on one input and checked: name -> problems found."""
    from watchfloor.ingest.clean import clean
    from watchfloor.ingest.dates import normalise_date
    from watchfloor.ingest.metadata import split_text_header
    from watchfloor.ingest.text import decode_text, strip_markdown
    from watchfloor.read.quantities import find_money, find_quantities, parse_number
    from watchfloor.read.timex import find_times, normalise_time, time_spans

    def numbers(text: str) -> list[str]:
        found = find_quantities(text, offset=7)
        problems = quantity_problems(text, found, offset=7)
        problems += quantity_problems(text, [q for q, _ in find_money(text)])
        value = parse_number(text)
        if value is not None and not (math.isfinite(value) and value >= 0):
            problems.append(f"parse_number gave {value!r}")
        return problems

    def times(text: str) -> list[str]:
        anchor = ANCHORS[len(text) % len(ANCHORS)]
        problems = time_problems(text, find_times(text, anchor=anchor, offset=3), offset=3)
        one = normalise_time(text, anchor=anchor, reference="2019-05")
        if one is not None:
            problems += time_problems(text, [one])
        problems += [f"time span {a}-{b} outside the text" for a, b in time_spans(text)
                     if not 0 <= a < b <= len(text)]
        return problems

    def dates(text: str) -> list[str]:
        return date_problems(normalise_date(text))

    def cleaning(text: str) -> list[str]:
        from watchfloor.exceptions import BinaryContentError

        problems = []
        for layout in ("pdf", "text", "html"):
            problems += clean_problems(clean(text.split("\f"), layout))  # type: ignore[arg-type]
        strip_markdown(text)
        split_text_header(text)
        try:
            decoded = decode_text(text.encode("utf-8", "surrogateescape"), "fuzz.txt")
        except BinaryContentError:
            decoded = ""
        if "\x00" in decoded:
            problems.append("decoded text holds a NUL")
        return problems

    return {"numbers": numbers, "times": times, "dates": dates, "cleaning": cleaning}
