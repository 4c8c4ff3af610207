"""Document metadata: what the file says about itself, overridden by a sidecar.

Why a sidecar wins: in-document metadata is often wrong (a PDF's Title is the name of the
Word template, its CreationDate the day it was exported), while a ``NAME.meta.json`` next
to the file is written by the analyst who collected it. Both sidecar names are accepted:
``report.meta.json`` (stem) and ``report.pdf.meta.json`` (full name); the stem form wins
when both exist because it is the documented one.

``Document`` has no author field; an author found in the document becomes the publisher
only when nothing better names one, because report "authors" in PDF info dictionaries
are usually the issuing organisation.
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
    return Metadata(), text
