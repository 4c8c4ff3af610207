"""Find number expressions (fighter strengths, casualty counts, budgets) as ranges.

Reports hedge their numbers ("up to 3,000", "approaching 4,000", "hundreds"); the store
keeps a number as ``low``/``high`` plus the hedge (``qualifier``) so a later reader can
compare claims without re-reading the sentence. Pure regex, no spaCy.

Readings (one rule per qualifier, so analysts can predict the output):

* exact "150" -> 150/150; approximately ("some", "around", "about", "roughly", "an
  estimated", "approximately", "or so") -> value/value.
* at_least ("at least", "no fewer than", "or more") -> value/None; more_than ("more than",
  "over", "upwards of", "in excess of") -> value/None too: ``low`` keeps the number the
  source gave and the qualifier says the bound is strict, because "more than 50" is read as
  ">50", not as "51".
* up_to ("up to", "as many as"), at_most ("no more than", "at most"), less_than ("fewer
  than", "less than", "under") and approaching ("approaching", "nearly", "almost", "close
  to") -> None/value.
* range "1,000-2,200", "1,000 to 2,200", "between 1,000 and 2,200", "two or three".
* vague words: "Ns" of a magnitude N run from 2N to 10N-1 ("hundreds" 200-999, "thousands"
  2,000-9,999, "tens of thousands" 20,000-99,999), "dozens" 24-99, "scores" 40-99,
  "several" = 3-9 and "a few" = 2-4 of a unit ("several thousand" 3,000-9,999), "the
  low/mid/high Ns" = the first 40% / middle 30% / last 30% of the N..next-N band ("the low
  10,000s" 10,000-13,999).

Not quantities: ordinals ("second", "2nd"), anything the time reader sees as a date or year
("in 2015", "8 October"), clock times, numbers glued to letters or slashes ("AK-47", "9/11"),
document numbers ("Resolution 2254"), and bare "one" unless a noun follows or it is hedged
("at least one"), because "one of the attackers" is a pronoun, not a count.
"""

from __future__ import annotations

import re

from watchfloor.read.timex import time_spans
from watchfloor.records import Quantity

__all__ = ["find_money", "find_quantities", "parse_number", "parse_quantity"]

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_WTOK = r"(?:" + "|".join(sorted([*_UNITS, *_SCALES, "dozen"], key=len, reverse=True)) + r")(?![a-z])"
_WORDS = (
    rf"(?:half\s+a\s+(?:million|billion)|(?:a\s+(?=(?:hundred|thousand|million|billion|dozen)))?{_WTOK}"
    rf"(?:(?:\s*-\s*|\s+|(?:(?<=hundred)|(?<=thousand)|(?<=million))\s+and\s+){_WTOK})*)"
)
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s+(?:hundred|thousand|million|billion)(?![a-z]))?"
NUMBER = rf"(?:{_DIGITS}|{_WORDS})"

_PREFIXES = {
    "at_least": ["at least", "a minimum of", "no fewer than", "no less than", "not less than",
                 "not fewer than", "a minimum of"],
    "more_than": ["more than", "over", "upwards of", "in excess of", "greater than", "above",
                  "well over", "well above", "well in excess of"],
    "up_to": ["up to", "as many as", "as much as", "as high as"],
    "at_most": ["no more than", "at most", "a maximum of", "not more than"],
    "less_than": ["fewer than", "less than", "under", "below", "well under", "well below"],
    "approximately": ["some", "around", "about", "roughly", "an estimated", "estimated",
                      "approximately", "approx.", "circa", "an approximate", "about some",
                      "something like", "an average of"],
    "approaching": ["approaching", "nearly", "almost", "close to", "just under", "just shy of",
                    "just below", "not quite"],
}  # fmt: skip
_PREFIX_OF = {p: q for q, ps in _PREFIXES.items() for p in ps}
_PREFIX_RE = "|".join(
    re.escape(p).replace(r"\ ", r"\s+") for p in sorted(_PREFIX_OF, key=len, reverse=True)
)

# a hedge on one bound of a range ("between about 40 and 60", "from 46 to about 100"):
# the range stands, its bounds are the numbers
_BOUND_HEDGE = r"(?:about|around|roughly|approximately|some|perhaps|nearly|almost)"

_QUANT_RE = re.compile(
    rf"(?<![\w.,/-])(?:(?P<pre>{_PREFIX_RE})\s+|(?P<opener>between|from)\s+(?:{_BOUND_HEDGE}\s+)?)?"
    rf"(?P<num>{NUMBER})(?!\w)"
    rf"(?:\s*(?P<sep>[-–—]|to|and|or)\s*(?(opener)(?:{_BOUND_HEDGE}\s+)?)(?P<num2>{NUMBER})(?!\w))?"
    r"(?P<post>\s+or\s+(?:more|so)(?![a-z])|\s*\+|-plus(?![a-z]))?"
    r"(?![\w/:])(?![.,]\d)",
    re.IGNORECASE,
)

_VAGUE_RE = re.compile(
    r"(?<![\w-])(?:(?P<band>the\s+(?P<pos>low|mid|high|upper)[\s-]+)(?P<bandnum>\d{1,3}(?:,\d{3})*'?s|hundreds|thousands)"
    r"|(?P<mult>several|a\s+few|a\s+couple\s+of|a\s+handful\s+of)\s+(?P<unit>hundred|thousand|million|dozen)(?![a-z])"
    r"|(?P<phrase>tens\s+of\s+thousands|hundreds\s+of\s+thousands|tens\s+of\s+millions|"
    r"hundreds\s+of\s+millions|millions|thousands|hundreds|dozens|scores(?=\s+of)|a\s+handful))(?![\w])",
    re.IGNORECASE,
)
_VAGUE_PHRASES = {
    "tens of thousands": (20_000, 99_999), "hundreds of thousands": (200_000, 999_999),
    "tens of millions": (20_000_000, 99_999_999), "hundreds of millions": (200_000_000, 999_999_999),
    "millions": (2_000_000, 9_999_999), "thousands": (2_000, 9_999), "hundreds": (200, 999),
    "dozens": (24, 99), "scores": (40, 99), "a handful": (2, 5),
}  # fmt: skip
_MULT = {"several": (3, 9), "a few": (2, 4), "a couple of": (2, 2), "a handful of": (2, 5)}
_NOT_A_COUNT_BEFORE = {
    "resolution", "no", "no.", "number", "article", "route", "highway", "flight", "page",
    "pp", "p", "chapter", "section", "paragraph", "annex", "table", "figure", "rule", "law",
    "decree", "brigade", "division", "battalion", "regiment", "unit", "district", "zone",
    "sector", "camp", "km", "kilometre", "mile", "grade", "level", "phase", "version",
}  # fmt: skip
_ONE_STOP = {
    "of", "another", "or", "and", "who", "which", "that", "by", "in", "on", "at", "to", "is",
    "was", "has", "had", "would", "could", "may", "might", "will", "can", "the", "a", "an",
    "such", "point", "time", "way", "day", "thing", "side", "hand", "after", "more", "too",
    "for", "with", "from", "as", "than", "reason",
}  # fmt: skip
_CLOCK_AFTER = re.compile(r"\s*(?:a\.?m\.?|p\.?m\.?|o'clock|GMT|UTC|hrs\b|h\b)", re.IGNORECASE)


# Larger than any count, strength or budget a report gives: a longer digit string is an
# identifier or junk, and beyond ~1e308 a float is infinity, which JSON cannot hold.
MAX_NUMBER = 1e15


def parse_number(expr: str) -> float | None:
    """A number written in digits, words or both: "2,200", "forty-six", "1.5 million".

    None for what is not a number, and for values over ``MAX_NUMBER`` (a 400-digit run, or
    "hundred hundred ..."), so no reader downstream meets an infinity or an overflow.
    """
    value = _parse_number(expr)
    return value if value is not None and value <= MAX_NUMBER else None


def _parse_number(expr: str) -> float | None:
    text = re.sub(r"\s+", " ", expr.strip().lower())
    m = re.fullmatch(r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?: (\w+))?", text)
    if m:
        digits = m.group(1).replace(",", "")
        if len(digits.split(".")[0]) > 16:
            return None  # float() would round it, or give infinity
        value = float(digits)
        if m.group(2):
            if m.group(2) not in _SCALES:
                return None
            value *= _SCALES[m.group(2)]
        return value
    half = re.fullmatch(r"half a (million|billion)", text)
    if half:
        return _SCALES[half.group(1)] / 2
    tokens = [t for t in re.split(r"[\s-]+", text) if t and t != "and"]
    if tokens and tokens[0] == "a":
        tokens[0] = "one"
    total, current, seen = 0.0, 0.0, False
    for tok in tokens:
        if tok in _UNITS:
            current += _UNITS[tok]
        elif tok == "dozen":
            current = (current or 1.0) * 12
        elif tok == "hundred":
            current = (current or 1.0) * 100
        elif tok in _SCALES:
            total += (current or 1.0) * _SCALES[tok]
            current = 0.0
        else:
            return None
        seen = True
        if total + current > MAX_NUMBER:
            return None  # "hundred hundred hundred ...": no report counts like that
    return total + current if seen else None


def find_quantities(text: str, *, offset: int = 0) -> list[Quantity]:
    """Every number expression in ``text`` with its range and qualifier, in text order."""
    # Dates and numbers already read are marked on a per-character mask, so checking an
    # overlap costs the length of the span, not a scan of every earlier match.
    taken = _Mask(len(text))
    for a, b in time_spans(text):
        taken.take(a, b)
    found: list[Quantity] = []
    for m in _VAGUE_RE.finditer(text):
        q = _vague(m)
        if q and taken.free(m.start(), m.end()):
            taken.take(m.start(), m.end())
            found.append(_shift(q, text, m.start(), m.end(), offset))
    for m in _QUANT_RE.finditer(text):
        read = _quantity(m, text)
        if read is None:
            continue
        start, end, low, high, qualifier = read
        if not taken.free(start, end):
            continue
        taken.take(start, end)
        found.append(Quantity(text[start:end], start + offset, end + offset, low, high, qualifier))
    return sorted(found, key=lambda q: q.start)


class _Mask:
    """Which characters of a text are already read as something."""

    def __init__(self, length: int) -> None:
        self.marks = bytearray(length + 1)

    def free(self, start: int, end: int) -> bool:
        return self.marks.find(1, start, end) < 0

    def take(self, start: int, end: int) -> None:
        self.marks[start:end] = b"\x01" * (end - start)


def parse_quantity(expr: str) -> Quantity | None:
    """Read one number expression (the longest found in ``expr``), or None."""
    found = find_quantities(expr)
    return max(found, key=lambda q: q.end - q.start, default=None)


_CURRENCY_SYMBOL = {"us$": "USD", "$": "USD", "usd": "USD", "£": "GBP", "gbp": "GBP",
                    "€": "EUR", "eur": "EUR"}  # fmt: skip
_CURRENCY_WORD = {"dollars": "USD", "us dollars": "USD", "euros": "EUR", "pounds": "GBP",
                  "pounds sterling": "GBP", "dinars": "IQD", "riyals": "SAR", "rupees": "INR",
                  "naira": "NGN", "shillings": "KES"}  # fmt: skip
_SUFFIX = {"m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000, "b": 1_000_000_000, "k": 1_000}
_MONEY_SYMBOL_RE = re.compile(
    rf"(?<![\w])(?:(?P<pre>{_PREFIX_RE})\s+)?(?P<cur>US\$|\$|USD|£|GBP|€|EUR)\s?"
    rf"(?P<num>{_DIGITS})(?P<suf>mn|bn|m|b|k)?(?![\w])(?![.,]\d)",
    re.IGNORECASE,
)
# Word amounts ("five hundred dollars") are read in two steps, a number run and then the
# currency word after it: one pattern for both backtracks through every shorter run at
# every word of a long run of number words that no currency follows (quadratic).
_NUMBER_RUN_RE = re.compile(rf"(?<![\w.,])(?P<num>{NUMBER})", re.IGNORECASE)
_CURRENCY_AFTER_RE = re.compile(
    r"\s+(?P<curw>(?:US\s+)?dollars|euros|pounds(?:\s+sterling)?|dinars|riyals|rupees|naira"
    r"|shillings)(?![\w])",
    re.IGNORECASE,
)
_PREFIX_BEFORE_RE = re.compile(rf"(?<![\w.,])(?P<pre>{_PREFIX_RE})\s+\Z", re.IGNORECASE)


def find_money(text: str, offset: int = 0) -> list[tuple[Quantity, str]]:
    """Money amounts as (quantity, ISO 4217 code); the span includes the currency marker.

    The number itself follows :func:`find_quantities` rules, so a caller can treat the
    amount like any count and keep the unit apart.
    """
    out: list[tuple[Quantity, str]] = []
    taken = _Mask(len(text))
    for m in _MONEY_SYMBOL_RE.finditer(text):
        value = parse_number(m.group("num"))
        if value is None:
            continue
        if m.group("suf"):
            value *= _SUFFIX[m.group("suf").lower()]
        code = _CURRENCY_SYMBOL[m.group("cur").lower()]
        out.append((_money_quantity(m.group("pre"), text, m.start(), m.end(), value, offset),
                    code))
        taken.take(m.start(), m.end())
    for m in _NUMBER_RUN_RE.finditer(text):
        cur = _CURRENCY_AFTER_RE.match(text, m.end())
        if cur is None:
            continue
        pre = _PREFIX_BEFORE_RE.search(text, max(0, m.start() - 40), m.start())
        start = pre.start() if pre else m.start()
        value = parse_number(m.group("num"))
        if value is None or not taken.free(start, cur.end()):
            continue
        word = re.sub(r"\s+", " ", cur.group("curw").lower()).removeprefix("us ")
        out.append((_money_quantity(pre.group("pre") if pre else None, text, start, cur.end(),
                                    value, offset), _CURRENCY_WORD[word]))
    return sorted(out, key=lambda x: x[0].start)


def _money_quantity(pre: str | None, text: str, start: int, end: int, value: float,
                    offset: int) -> Quantity:
    qualifier = _PREFIX_OF.get(_norm(pre or ""), "exact")
    low, high = _bounds(qualifier, value)
    return Quantity(text[start:end], start + offset, end + offset, low, high, qualifier)


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.strip().lower())


def _bounds(qualifier: str, value: float) -> tuple[float | None, float | None]:
    if qualifier in ("at_least", "more_than"):
        return value, None
    if qualifier in ("up_to", "at_most", "less_than", "approaching"):
        return None, value
    return value, value


def _shift(q: Quantity, text: str, start: int, end: int, offset: int) -> Quantity:
    return Quantity(text[start:end], start + offset, end + offset, q.low, q.high, q.qualifier)


def _vague(m: re.Match[str]) -> Quantity | None:
    if m.group("band"):
        word = m.group("bandnum").lower()
        if word in ("hundreds", "thousands"):
            base, step = (100, 900) if word == "hundreds" else (1_000, 9_000)
        else:
            base = int(word.rstrip("s").rstrip("'’").replace(",", ""))
            if base < 10 or base > MAX_NUMBER:
                return None  # "the low 5s" is no band of tens; a band must be a range
            step = 10 ** (len(str(base)) - 1)
        lo_frac, hi_frac = {"low": (0, 0.4), "mid": (0.4, 0.7)}.get(m.group("pos").lower(), (0.7, 1.0))
        low = base + lo_frac * step
        high = base + hi_frac * step - 1
        return Quantity(m.group(0), 0, 0, float(low), float(high), "vague")
    if m.group("mult"):
        lo, hi = _MULT[_norm(m.group("mult"))]
        unit = 12 if m.group("unit").lower() == "dozen" else _SCALES[m.group("unit").lower()]
        high = hi * unit if unit == 12 else (hi + 1) * unit - 1
        return Quantity(m.group(0), 0, 0, float(lo * unit), float(high), "vague")
    low, high = _VAGUE_PHRASES[_norm(m.group("phrase"))]
    return Quantity(m.group(0), 0, 0, float(low), float(high), "vague")


def _quantity(
    m: re.Match[str], text: str
) -> tuple[int, int, float | None, float | None, str] | None:
    start, end = m.start(), m.end()
    num_text = m.group("num")
    value = parse_number(num_text)
    if value is None:
        return None
    before = text[max(0, start - 20) : start]
    prev = re.search(r"([A-Za-z.]+)\s*$", before)
    if prev and prev.group(1).lower().rstrip(".") in _NOT_A_COUNT_BEFORE and not m.group("pre"):
        return None
    if before.endswith("#") or _CLOCK_AFTER.match(text, m.end("num")) and not m.group("num2"):
        return None
    pre = _norm(m.group("pre") or "")
    qualifier = _PREFIX_OF.get(pre, "exact")
    opener = (m.group("opener") or "").lower()
    sep = (m.group("sep") or "").lower()
    if m.group("num2"):
        second = parse_number(m.group("num2"))
        valid = second is not None and (
            (sep == "and" and opener == "between")
            or (sep == "to" and opener != "between")
            or (sep in ("-", "–", "—", "or") and opener != "between")
        )
        if valid and second is not None:
            first = value
            scale = re.search(r"(hundred|thousand|million|billion)\s*$", m.group("num2").lower())
            if scale and not re.search(r"[a-z]\s*$", num_text.lower()) and first * _SCALES[scale.group(1)] <= second:
                first *= _SCALES[scale.group(1)]
            if first < second and not pre:
                if opener and sep not in ("and", "to"):
                    start = m.start("num")  # "from 1,000-2,200": the dash makes the range
                return start, end, first, second, "range"
        # not a range: keep only the first number
        end = m.end("num")
        if opener:
            start = m.start("num")
    elif opener:
        start = m.start("num")
    post = _norm(m.group("post") or "") if end == m.end() else ""
    if post in ("or more", "+", "-plus"):
        qualifier = "at_least"
    elif post == "or so":
        qualifier = "approximately"
    elif post and not pre:
        end = m.end("num")
    if _norm(num_text) == "one" and qualifier == "exact":
        nxt = re.match(r"\s+([a-z]+)", text[m.end("num") :])
        if not nxt or nxt.group(1) in _ONE_STOP:
            return None
    low, high = _bounds(qualifier, value)
    return start, end, low, high, qualifier
