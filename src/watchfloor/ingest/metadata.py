"""Document metadata: what the file says about itself, overridden by a sidecar.

Why a sidecar wins: in-document metadata is often wrong (a PDF's Title is the name of the
Word template, its CreationDate the day it was exported), while a ``NAME.meta.json`` next
to the file is written by the analyst who collected it. Both sidecar names are accepted:
``report.meta.json`` (stem) and ``report.pdf.meta.json`` (full name); the stem form wins
when both exist because it is the documented one.

``Document`` has no author field; an author found in the document becomes the publisher
only when nothing better names one, because report "authors" in PDF info dictionaries
are usually the issuing organisation.

A plain wire story carries its metadata in its first lines: a headline, then a dateline
("KABUL, Oct 9 (Reuters) -", "KUNDUZ, Afghanistan, 8 October 2021 —"). Without those the
document has no date and "on Saturday" resolves against nothing, so the headline becomes
the title and the dateline gives the date (only when it names a year: a day without one
is not guessed) and the agency in parentheses the publisher. ``report_year`` reads the
period a report covers from its title ("2021 Country Reports on Human Rights Practices"),
the year its dates without a year belong to.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from watchfloor.exceptions import CorruptDocumentError
from watchfloor.ingest.dates import normalise_date

SIDECAR_SUFFIX = ".meta.json"

# Keys accepted in sidecars and text header blocks, mapped onto Metadata fields.
_KEYS = {
    "title": "title",
    "publisher": "publisher",
    "source": "publisher",
    "sitename": "publisher",
    "author": "author",
    "published": "published",
    "date": "published",
    "url": "url",
    "link": "url",
}
_HEADER_LINE = re.compile(r"^([A-Za-z]+)\s*:\s*(.+?)\s*$")
_MARKDOWN_TITLE = re.compile(r"^#\s+(.+?)\s*#*\s*$")
# "KABUL, Oct 9 (Reuters) -", "MOGADISHU, Somalia —", "KUNDUZ, Afghanistan, 8 October 2021 —"
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z'.\-]+(?:\s[A-Z][A-Z'.\-]+)*)"
    r"(?:,\s*(?P<region>[A-Z][A-Za-z'.\-]+(?:\s[A-Z][A-Za-z'.\-]+)*))?"
    r"(?:,?\s+(?P<date>(?:\d{1,2}\s+[A-Z][a-z]+\.?|[A-Z][a-z]+\.?\s+\d{1,2})(?:,?\s+\d{4})?))?"
    r"\s*(?:\((?P<agency>[A-Z][A-Za-z .&]{1,30})\))?\s*[-—–]+\s+")
_HEADLINE_MAX_WORDS = 20
_TITLE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


@dataclass(frozen=True)
class Metadata:
    """Descriptive fields of a document; any may be unknown (None)."""

    title: str | None = None
    publisher: str | None = None
    published: str | None = None  # EDTF
    url: str | None = None
    author: str | None = None

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> Metadata:
        """Build from loose keys (date/published, source/publisher...); blanks are unknown."""
        values: dict[str, str] = {}
        for key, raw in data.items():
            name = _KEYS.get(str(key).strip().lower())
            if name is None or raw is None or name in values:
                continue
            text = " ".join(str(raw).split())
            if not text:
                continue
            if name == "published":
                date = normalise_date(text)
                if date is None:
                    continue
                text = date
            values[name] = text
        return cls(**values)

    def over(self, base: Metadata) -> Metadata:
        """These values where known, else those of ``base`` (self wins)."""
        known = {f.name: getattr(self, f.name) for f in fields(self)}
        return replace(base, **{k: v for k, v in known.items() if v is not None})

    @property
    def publisher_or_author(self) -> str | None:
        return self.publisher or self.author


def sidecar_paths(path: Path) -> list[Path]:
    """Sidecar candidates for ``path``, strongest first: stem form, then full-name form."""
    return [
        path.with_name(path.stem + SIDECAR_SUFFIX),
        path.with_name(path.name + SIDECAR_SUFFIX),
    ]


def read_sidecar(path: Path) -> Metadata:
    """Metadata from the sidecars of ``path`` (none → empty Metadata).

    A sidecar that exists but is not a JSON object is an error, not ignored: the analyst
    wrote it on purpose and would otherwise lose the metadata without noticing.
    """
    result = Metadata()
    for sidecar in reversed(sidecar_paths(path)):
        if not sidecar.is_file():
            continue
        try:
            data = json.loads(sidecar.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CorruptDocumentError(
                sidecar, f"sidecar is not valid JSON ({exc})", "fix or remove the sidecar file"
            ) from exc
        if not isinstance(data, dict):
            raise CorruptDocumentError(
                sidecar,
                "sidecar must hold a JSON object",
                'write e.g. {"title": "...", "published": "2021-10-08"}',
            )
        result = Metadata.from_mapping(data).over(result)
    return result


def split_text_header(text: str) -> tuple[Metadata, str]:
    """Metadata from the head of a text or markdown file, and the text without it.

    Recognised heads, tried in order:
    * YAML-style front matter between ``---`` lines with ``key: value`` lines;
    * a block of ``Key: value`` lines at the very top, ended by a blank line, where every
      key is a known one (so an opening sentence with a colon is not eaten);
    * a first markdown heading ``# Title`` (kept in the text, used as title).
    """
    lines = text.split("\n")
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start < len(lines) and lines[start].strip() == "---":
        for end in range(start + 1, len(lines)):
            if lines[end].strip() == "---":
                pairs = [_HEADER_LINE.match(line) for line in lines[start + 1 : end]]
                data = {m[1]: m[2].strip("'\"") for m in pairs if m}
                return Metadata.from_mapping(data), "\n".join(lines[end + 1 :])
    block: dict[str, str] = {}
    end = start
    while end < len(lines) and lines[end].strip():
        m = _HEADER_LINE.match(lines[end].strip())
        if not m or m[1].lower() not in _KEYS:
            block = {}
            break
        block[m[1]] = m[2]
        end += 1
    if block and (end == len(lines) or not lines[end].strip()):
        return Metadata.from_mapping(block), "\n".join(lines[end:])
    if start < len(lines) and (m := _MARKDOWN_TITLE.match(lines[start].strip())):
        return Metadata(title=m[1]), text
    return headline_and_dateline(lines[start:]), text


def dateline(paragraph: str) -> tuple[str | None, str | None, str | None] | None:
    """(place, EDTF date or None, agency or None) of a dateline opening ``paragraph``."""
    m = _DATELINE.match(paragraph)
    if m is None or len(m["place"]) < 3:
        return None
    published = normalise_date(m["date"].replace(".", "")) if m["date"] else None
    return m["place"], published, m["agency"]


def headline_and_dateline(lines: list[str]) -> Metadata:
    """Title from a headline line followed by a blank line; date and agency from the
    dateline of the paragraph after it (or of the first line itself)."""
    if not lines:
        return Metadata()
    first = lines[0].strip()
    title = None
    body = lines
    if (len(lines) > 1 and not lines[1].strip() and first[-1:] not in ".:;,"
            and 2 <= len(first.split()) <= _HEADLINE_MAX_WORDS):
        title = first
        body = [ln for ln in lines[1:] if ln.strip()][:1]
    found = dateline(body[0].strip()) if body else None
    if found is None:
        return Metadata(title=title)
    _, published, agency = found
    return Metadata(title=title, published=published, publisher=agency)


def report_year(title: str | None, published: str | None) -> int | None:
    """The one year a report's title says it covers, when that is before it was published.

    "Nigeria — 2021 Country Reports on Human Rights Practices" (published 2022) covers
    2021, so its "On May 19" is 19 May 2021 and "during the year" is 2021. A title with
    no year, or with two, or with the publication year itself, says nothing more.
    """
    if not title:
        return None
    years = {int(y) for y in _TITLE_YEAR.findall(title)}
    if len(years) != 1:
        return None
    year = years.pop()
    if published and published[:4].isdigit() and year >= int(published[:4]):
        return None
    return year
