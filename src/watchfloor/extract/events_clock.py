"""The document's own clock for events: which year undated days belong to, and which
heading dates a paragraph.

Why the events stage reads the clock itself: an event's date decides what it merges with
and where it sits on the timeline, and two genres get it wrong when times are read against
the publication date alone.

* An annual report ("Nigeria — 2021 Country Reports on Human Rights Practices", published
  in 2022) says "On May 19" and "In February" of the year it covers, and "during the
  year" means that year. When the title names such a year (``ingest.metadata.report_year``)
  the document's times are read again against the last day of that year, with that year
  as "the year".
* A dated list ("- April 1983: ... carried out a suicide car bombing ...") puts the date
  of each item at its head, where the parser makes it a sentence of its own. A time that
  opens a paragraph and is followed by a colon or a dash dates the events of that
  paragraph that carry no date of their own.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from watchfloor.ingest.metadata import report_year
from watchfloor.read.timex import find_times

if TYPE_CHECKING:
    from spacy.tokens import Span

    from watchfloor.read.analysis import Analysis
    from watchfloor.records import Document, TimeExpr

_HEAD_PREFIX = re.compile(r"[\s\-–—•*·]*")
_HEAD_SUFFIX = re.compile(r"\s*[:–—-]")


def on_document_clock(document: Document, analysis: Analysis) -> Analysis:
    """The analysis with its times read on the report's year when the title names one."""
    year = report_year(document.title, document.published)
    if year is None:
        return analysis
    times = find_times(document.text, anchor=f"{year}-12-31", period=year)
    return replace(analysis, times=times)


def heading_times(document: Document, analysis: Analysis) -> dict[int, TimeExpr]:
    """Sentence start offset -> the time heading its paragraph ("- April 1983: ...")."""
    text = document.text
    by_start = {t.start: t for t in analysis.times}
    out: dict[int, TimeExpr] = {}
    heading: TimeExpr | None = None
    paragraph_end = -1
    for sent in analysis.doc.sents:
        if sent.start_char > paragraph_end:
            heading = None
            nl = text.find("\n", sent.start_char)
            paragraph_end = len(text) if nl < 0 else nl
            lead = _HEAD_PREFIX.match(text, sent.start_char)
            t = by_start.get(lead.end()) if lead else None
            if t is not None and ".." not in t.edtf and _HEAD_SUFFIX.match(text, t.end):
                heading = t
        if heading is not None:
            out[sent.start_char] = heading
    return out


def heading_for(headings: dict[int, TimeExpr], sent: Span) -> TimeExpr | None:
    return headings.get(sent.start_char)
