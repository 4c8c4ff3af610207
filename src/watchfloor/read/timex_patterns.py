"""Regular expressions that find temporal expressions for :mod:`watchfloor.read.timex`.

Pure regex (no spaCy) so the reader can run over every sentence cheaply. The grammar is
``[signal] [modifier] BASE [onwards]`` for one expression and ``between/from A and/to B``
for ranges. Month and weekday names are matched case-sensitively (``(?-i:...)``) so the
verbs "may" and "march" are never read as months; everything else is case-insensitive.
The same BASE template is instantiated twice (suffix ``a`` and ``b``) because Python's
``re`` forbids repeating a group name.
"""

from __future__ import annotations

import re

MONTHS: dict[str, int] = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
SEASONS = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}
SMALL_NUMBERS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "a couple of": 2, "a couple": 2,
}  # fmt: skip

MONTH = (
    r"(?-i:(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)(?![A-Za-z])|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?:\.|(?![A-Za-z])))"
)
WEEKDAY = r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?![A-Za-z])"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:])"
YEAR = r"(?<![\d$£€.,])(?:1[89]|20)\d\d(?!\d)(?!,\d)(?!\s*(?:%|per\s*cent|percent))"
SEASON = r"(?:spring|summer|autumn|fall|winter)(?![a-z])"
PART = r"(?:morning|afternoon|evening|night)"
NUMW = (
    r"(?:\d{1,3}|a\s+couple(?:\s+of)?|an?|one|two|three|four|five|six|seven|eight|nine|ten"
    r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty"
    r"|thirty|forty|fifty)"
)
UNIT = r"(?:day|week|month|year|decade)"

_BASE = [
    r"(?P<iso§>(?:19|20)\d\d-[01]\d-[0-3]\d)(?!\d)",
    rf"(?P<mdy§>(?:{WEEKDAY},?\s+)?(?P<mdy_m§>{MONTH})\s*(?P<mdy_d§>{DAY}),?\s+(?P<mdy_y§>{YEAR}))",
    rf"(?P<dmy§>(?:{WEEKDAY},?\s+)?(?:the\s+)?(?P<dmy_d§>{DAY})\s+(?:of\s+)?(?P<dmy_m§>{MONTH}),?\s+(?P<dmy_y§>{YEAR}))",
    rf"(?P<dr§>(?P<dr_a§>{DAY})\s*[-–]\s*(?P<dr_b§>{DAY})\s+(?P<dr_m§>{MONTH})(?:,?\s+(?P<dr_y§>{YEAR}))?)",
    rf"(?P<mdr§>(?P<mdr_m§>{MONTH})\s*(?P<mdr_a§>{DAY})\s*[-–]\s*(?P<mdr_b§>{DAY})(?:,?\s+(?P<mdr_y§>{YEAR}))?)",
    rf"(?P<my§>(?P<my_m§>{MONTH}),?\s+(?:of\s+)?(?P<my_y§>{YEAR}))",
    rf"(?P<sy§>(?:the\s+)?(?P<sy_s§>{SEASON})\s+(?:of\s+)?(?P<sy_y§>{YEAR}))",
    rf"(?P<qq§>(?-i:(?P<qq_u§>[QH]))(?P<qq_n§>[1-4])\s+(?P<qq_y§>{YEAR}))",
    rf"(?P<fm§>(?:the\s+)?(?P<fm_w§>first|last)\s+(?P<fm_n§>{NUMW})\s+months\s+of\s+"
    rf"(?:(?P<fm_y§>{YEAR})|(?P<fm_rel§>this|last|the|that)\s+year))",
    r"(?P<qy§>(?:the\s+)?(?P<qy_n§>first|second|third|fourth|final|1st|2nd|3rd|4th)\s+"
    rf"(?P<qy_u§>quarter|half)(?:\s+of\s+(?:(?P<qy_y§>{YEAR})|(?P<qy_rel§>this|last|next|the|that)\s+year))?)",
    rf"(?P<md§>(?:{WEEKDAY},?\s+)?(?P<md_m§>{MONTH})\s*(?P<md_d§>{DAY}))",
    rf"(?P<dm§>(?:{WEEKDAY},?\s+)?(?:the\s+)?(?P<dm_d§>{DAY})\s+(?:of\s+)?(?P<dm_m§>{MONTH}))",
    r"(?P<dec§>(?:the\s+)?(?P<dec_y§>(?:1[89]|20)\d0)'?s|the\s+'?(?P<dec_s§>\d0)'?s)(?![A-Za-z])",
    r"(?P<cent§>the\s+(?P<cent_n§>1[5-9]|2[01])(?:st|nd|rd|th)\s+century)",
    rf"(?P<win§>the\s+(?P<win_w§>past|last|previous|next|coming)\s+(?P<win_n§>{NUMW})\s+(?P<win_u§>{UNIT})s?)",
    r"(?P<ana§>(?:the\s+(?P<ana_w§>following|next|previous|preceding|subsequent|same)|(?P<ana_that§>that))\s+"
    rf"(?P<ana_u§>year|month|week|day|{SEASON}|{PART}))",
    r"(?P<anb§>the\s+(?P<anb_u§>year|month|week|day)\s+(?P<anb_w§>before|after)(?!\s+(?:the|his|her|its|their|\d)))",
    rf"(?P<rl§>(?P<rl_n§>{NUMW})\s+(?P<rl_u§>{UNIT})s?\s+(?:(?P<rl_w§>later|earlier|afterwards?|on)(?![a-z])"
    r"|(?P<rl_p§>before|after)\s+(?:the|his|her|their|its)\s+[a-z]+))",
    rf"(?P<ago§>(?P<ago_n§>{NUMW})\s+(?P<ago_u§>{UNIT})s?\s+ago)",
    rf"(?P<tod§>(?P<tod_w§>this|last|tomorrow|yesterday)\s+(?P<tod_p§>{PART}))",
    r"(?P<rel§>(?:(?P<rel_the§>the)\s+)?(?P<rel_w§>last|this|next|past|coming|previous)\s+"
    rf"(?P<rel_u§>year|month|weekend|week|quarter|decade|{SEASON}|{MONTH}|{WEEKDAY}))",
    r"(?P<deic§>yesterday|today|tomorrow|tonight)(?![a-z])",
    r"(?P<pres§>now|currently|at\s+present|at\s+the\s+moment|these\s+days|nowadays|the\s+present\s+day)(?![a-z-])",
    r"(?P<pref§>recently|recent\s+(?:years|months|weeks|days|times)|the\s+past"
    r"(?!\s+(?:\w+\s+)?(?:days?|weeks?|months?|years?|decades?|centur|few|several))"
    r"|(?P<fref§>the\s+future|the\s+coming\s+(?:days|weeks|months|years)))(?![a-z])",
    rf"(?P<yr2§>(?P<yr2_a§>{YEAR})\s*[-–—/]\s*(?P<yr2_b§>(?:1[89]|20)\d\d|\d\d)(?![\d%]))",
    rf"(?P<yr§>{YEAR})(?P<yr_pos§>'s)?",
    rf"(?P<mon§>{MONTH})",
    rf"(?P<sea§>(?:the\s+)?{SEASON})(?!\s+of\b)",
    rf"(?P<wd§>{WEEKDAY})(?:\s+(?P<wd_p§>{PART}))?",
    r"(?P<ty§>the\s+year)(?![a-z])",
]
BASE_KINDS = [re.match(r"\(\?P<(\w+)§>", b).group(1) for b in _BASE]  # type: ignore[union-attr]


def base(s: str) -> str:
    return "(?:" + "|".join(b.replace("§", s) for b in _BASE) + ")"


def modifier(s: str) -> str:
    return (
        r"(?:(?P<mod§>(?:the\s+)?(?:early|mid|late)|earlier|later|(?:the\s+)?(?:start|beginning|middle|end)\s+of)"
        r"(?:\s*-\s*|\s+)(?:in\s+)?)?"
    ).replace("§", s)


SIGNAL = r"(?P<sig>since|by|until|till|before|after|prior\s+to|as\s+of|from)\s+"
ONWARDS = r"(?P<onw>\s+(?:onwards?|on|and\s+(?:beyond|after))(?![a-z]))?"

SINGLE_RE = re.compile(
    rf"(?<![\w-])(?:{SIGNAL})?(?P<core>{modifier('a')}{base('a')}){ONWARDS}(?![\w])",
    re.IGNORECASE,
)
RANGE_RE = re.compile(
    rf"(?<![\w-])(?P<opener>between|from)\s+{modifier('a')}{base('a')}"
    rf"\s+(?P<join>and|to|until|till|through|thru)\s+{modifier('b')}{base('b')}(?![\w])",
    re.IGNORECASE,
)

#: Words that, right before a bare year, month or season, make it a time ("in 2015").
LICENCE = {
    "in", "during", "of", "since", "by", "until", "till", "from", "through", "throughout",
    "before", "after", "for", "over", "around", "circa", "between", "across", "within",
    "year", "early", "late", "mid", "summer", "spring", "autumn", "fall", "winter",
}  # fmt: skip
#: Nouns that make "the 2015 fighters" a count rather than a year.
COUNT_NOUNS = {
    "fighters", "troops", "soldiers", "people", "militants", "members", "men", "women",
    "civilians", "refugees", "families", "children", "recruits", "personnel", "police",
    "officers", "killed", "dead", "deaths", "casualties", "victims", "prisoners", "hostages",
    "displaced", "households", "villages", "attacks", "incidents", "rounds", "vehicles",
}  # fmt: skip
FUTURE_CUE = re.compile(
    r"\b(?:will|shall|'ll|due|scheduled|upcoming|expected\s+to|set\s+to|plans?\s+to|to\s+be\s+held)\b",
    re.IGNORECASE,
)
