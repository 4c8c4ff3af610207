"""From raw page texts to clean paragraphs: the structural cleaning rules in one place.

Order matters and is fixed, so the same input always gives the same text and id:

1. characters: NFC; soft hyphens (U+00AD) and zero-width characters removed; no-break
   and other spaces become plain spaces; line ends become ``\\n``; trailing spaces go;
2. page furniture: page numbers, running headers and footers (see ``pages``);
3. hyphenation across line breaks (see ``dehyphenate``);
4. paragraphs, by layout (see ``paragraphs``): blank lines always separate paragraphs;
   for PDF, line breaks are layout, so lines are re-flowed into paragraphs;
5. licence and boilerplate paragraphs (see ``boilerplate``).

Language filtering is not here: it needs a model, and this module stays a pure function
of its input so every rule can be tested on strings.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from watchfloor.ingest.boilerplate import boilerplate_reason, drop_boilerplate
from watchfloor.ingest.pages import strip_page_furniture
from watchfloor.records import Dropped

Layout = Literal["pdf", "text", "html"]

# Prefixes that take a real hyphen; "al-" and "el-" are Arabic articles in group names.
KEEP_HYPHEN_PREFIXES = frozenset(
    {"al", "el", "self", "anti", "co", "ex", "non", "post", "pre", "pro", "so"}
)
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_SPACES = re.compile(r"[^\S\n]+")  # any whitespace except newline
_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_END = re.compile(r"[.!?:;…\"'”’)\]]$")
_BULLET = re.compile(r"^(?:[•▪◦●■–—*-]|\d{1,2}[.)])\s")
FULL_LINE = 0.8  # a line this share of the typical width or more runs on
SHORT_LINE = 0.6  # a line shorter than this is a heading or a block's last line


def normalise_characters(text: str) -> str:
    """Rule 1: one canonical form of the characters, so equal text hashes equal."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines)


def dehyphenate(lines: list[str], known_words: set[str]) -> tuple[list[str], list[Dropped]]:
    """Rule 3: join words broken across a line break.

    When a line ends in ``fragment-`` and the next line starts with a letter, the first
    word of the next line moves up. The hyphen is removed (reason "hyphenation") only
    when the fragment is a lowercase word piece and the next word starts in lowercase:
    "con-/tinued" → "continued". It is kept when the next word is capitalised
    ("al-/Qaeda"), the fragment is not all lowercase ("ISIS-/linked"), already holds a
    hyphen ("state-of-the-/art"), or is a prefix in ``KEEP_HYPHEN_PREFIXES`` ("non-/state",
    "self-/styled") -- unless the joined word occurs unhyphenated elsewhere in the same
    document ("pre-/vious" where "previous" occurs), which is evidence it is one word.
    A blank line between the two is a paragraph end and is never joined across.
    """
    out = list(lines)
    dropped: list[Dropped] = []
    for i in range(len(out) - 1):
        line, following = out[i], out[i + 1]
        if not line.endswith("-") or not following[:1].isalpha():
            continue
        token = line.rsplit(" ", 1)[-1][:-1].lstrip("(\"'“‘[")
        if not token or not token.replace("-", "").isalpha():
            continue
        head, _, rest = following.partition(" ")
        word = _WORD.match(head)
        assert word is not None  # following starts with a letter
        joined = token + word.group()
        one_word = (
            "-" not in token
            and token.islower()
            and head[0].islower()
            and (token not in KEEP_HYPHEN_PREFIXES or joined.lower() in known_words)
        )
        if one_word:
            out[i] = line[:-1] + head
            dropped.append(Dropped("hyphenation", f"{token}-\n{word.group()}"))
        else:
            out[i] = line + head
        out[i + 1] = rest
    # a line emptied by the move must not become a paragraph break
    return [line for line, before in zip(out, lines, strict=True) if line or not before], dropped


def _typical_width(lines: list[str]) -> int:
    """The width of a full line: the 90th percentile of line lengths (robust to outliers)."""
    lengths = sorted(len(line) for line in lines if line)
    return lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0


def _ends_paragraph(line: str, following: str, width: int) -> bool:
    """Whether a PDF line ends a paragraph: a short line that ends a sentence, a short
    line (a heading) followed by a capitalised line, a line before a bullet, or a
    sentence end before a licence or boilerplate line (so that the body paragraph above
    is not swallowed into, and dropped with, a copyright notice)."""
    if _BULLET.match(following):
        return True
    if _SENTENCE_END.search(line) and boilerplate_reason(following):
        return True
    if len(line) >= FULL_LINE * width:
        return False
    if _SENTENCE_END.search(line):
        return True
    starts_block = following[:1].isupper() or following[:1].isdigit()
    return len(line) < SHORT_LINE * width and starts_block and not line.endswith((",", "-"))


def paragraphs(lines: list[str], layout: Layout) -> list[str]:
    """Rule 4: group lines into paragraphs.

    * "html": the extractor already puts one paragraph per line;
    * "text": blank lines separate paragraphs; line breaks inside are kept, since in a
      text file they may be meaningful (lists, addresses, tables);
    * "pdf": blank lines and ``_ends_paragraph`` separate paragraphs; lines inside one are
      joined with single spaces, since PDF line breaks are only where the page was full.
    """
    if layout == "html":
        return [line for line in lines if line]
    width = _typical_width(lines)
    result: list[str] = []
    current: list[str] = []
    for i, line in enumerate(lines):
        if line:
            current.append(line)
        following = lines[i + 1] if i + 1 < len(lines) else ""
        ends = not line or not following
        if layout == "pdf" and line and following:
            ends = _ends_paragraph(line, following, width)
        if ends and current:
            result.append(("\n" if layout == "text" else " ").join(current))
            current = []
    return result


def clean(pages: list[str], layout: Layout) -> tuple[list[str], list[Dropped]]:
    """Clean paragraphs of a document given as page texts, and what was dropped (in
    rule order). Pages of text and HTML input are separate paragraphs; PDF pages run on,
    because a paragraph often continues over a page break."""
    page_lines = [normalise_characters(page).split("\n") for page in pages]
    page_lines, dropped = strip_page_furniture(page_lines)
    lines: list[str] = []
    for number, page in enumerate(page_lines):
        if number and layout != "pdf":
            lines.append("")
        lines.extend(page)
    known_words = {w.lower() for line in lines for w in _WORD.findall(line)}
    lines, hyphens = dehyphenate(lines, known_words)
    kept, boilerplate = drop_boilerplate(paragraphs(lines, layout))
    return kept, dropped + hyphens + boilerplate
