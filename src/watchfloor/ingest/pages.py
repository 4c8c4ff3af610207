"""Page furniture: page numbers, running headers and running footers.

Why only at page edges: furniture lives in the top and bottom margins, and the body of a
report is full of short numeric lines (table cells, figure labels) that must survive.
So, per page, only the first and last ``EDGE_LINES`` non-blank lines are candidates.

Rules:
* a page number is a candidate line that is only a number ("3", "iv") or a labelled one
  ("Page 3", "p. 3", "Page 3 of 12", "3 / 12", "3 of 12", "- 3 -"). Labelled forms are
  unambiguous as whole lines, so they are removed anywhere on the page;
* a running header (footer) is the outermost line at the top (bottom) whose form, with
  digits replaced and case and spacing ignored, is the outermost line there on at least
  half of the pages, and on at least two; then the next line in is tested the same way,
  up to EDGE_LINES deep. Alternating even/odd headers each reach half and go too.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from watchfloor.records import Dropped

EDGE_LINES = 2
_BARE = re.compile(r"^(?:\d{1,4}|[ivxlc]{1,7})$")
_LABELLED = re.compile(
    r"^(?:"
    r"(?:page|p\.|pp\.|seite|s\.|pág\.|página)\s*\d{1,4}(?:\s*(?:of|/|von|de|sur)\s*\d{1,4})?"
    r"|\d{1,4}\s*(?:/|of|von)\s*\d{1,4}"
    r"|[-–—]\s*\d{1,4}\s*[-–—]"
    r"|\[\s*\d{1,4}\s*\]"
    r")$",
    re.IGNORECASE,
)


def is_page_number(line: str, *, at_edge: bool) -> bool:
    """Whether a line is only a page number (bare numbers count only at a page edge)."""
    text = line.strip()
    if _LABELLED.match(text):
        return True
    return at_edge and bool(_BARE.match(text))


def _edges(lines: list[str]) -> tuple[list[int], list[int]]:
    """Indexes of the first and last EDGE_LINES non-blank lines of a page."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return filled[:EDGE_LINES], filled[-EDGE_LINES:][::-1]


def _key(line: str) -> str:
    return " ".join(re.sub(r"\d+", "#", line).casefold().split())


def _outermost(lines: list[str], side: int) -> int | None:
    """Index of the first (side 0) or last (side 1) non-blank line, None if none."""
    order = range(len(lines)) if side == 0 else range(len(lines) - 1, -1, -1)
    return next((i for i in order if lines[i].strip()), None)


def _running(pages: list[list[str]], side: int, reason: str, dropped: list[Dropped]) -> None:
    """Peel lines repeated at one edge (side 0 = top, 1 = bottom) on enough pages.

    Peeling, one layer at a time up to EDGE_LINES, means a second line is only looked at
    once the line outside it was furniture: a two-line header goes, while a body line
    that happens to repeat next to a unique edge line stays.
    """
    if len(pages) < 2:
        return
    needed = max(2, math.ceil(len(pages) / 2))
    for _ in range(EDGE_LINES):
        edges = [_outermost(lines, side) for lines in pages]
        counts = Counter(
            _key(lines[i]) for lines, i in zip(pages, edges, strict=True) if i is not None
        )
        frequent = {key for key, count in counts.items() if count >= needed}
        if not frequent:
            return
        for lines, i in zip(pages, edges, strict=True):
            if i is not None and _key(lines[i]) in frequent:
                dropped.append(Dropped(reason, lines[i].strip()))
                del lines[i]


def strip_page_furniture(pages: list[list[str]]) -> tuple[list[list[str]], list[Dropped]]:
    """Pages (as lines) without page numbers and running headers/footers, and what went.

    Page numbers go first so that a footer "Page 3 of 12" is reported as a page number,
    and so that a header line under a number is still seen at the edge.
    """
    dropped: list[Dropped] = []
    result: list[list[str]] = []
    for lines in pages:
        top, bottom = _edges(lines)
        edge = set(top) | set(bottom)
        kept: list[str] = []
        for i, line in enumerate(lines):
            if line.strip() and is_page_number(line, at_edge=i in edge):
                dropped.append(Dropped("page_number", line.strip()))
            else:
                kept.append(line)
        result.append(kept)
    _running(result, 0, "running_header", dropped)
    _running(result, 1, "running_footer", dropped)
    return result, dropped
