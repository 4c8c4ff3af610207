"""load_document: one file in, one clean ``Document`` out, or one clear InputError.

The steps, and why in this order:
1. path checks (exists, is a supported file) -- cheapest, and the commonest mistakes;
2. size from ``stat`` before reading, so a 4 GB file is refused without touching it;
3. read and extract by type (PDF pages, HTML main text, decoded text or markdown);
4. clean (``clean``), then keep English paragraphs (``language``);
5. metadata: in-document values, overridden by the sidecar.

The text is what ``Document.id`` hashes, so every step is deterministic: the same file
always gives the same id, and a re-ingest is a no-op.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from watchfloor.exceptions import EmptyDocumentError, TooLargeError, UnreadableError
from watchfloor.ingest.clean import Layout, clean
from watchfloor.ingest.html import read_html
from watchfloor.ingest.language import keep_english
from watchfloor.ingest.metadata import (
    Metadata,
    dated_in_year_of,
    read_sidecar,
    split_text_header,
)
from watchfloor.ingest.paths import MEDIA_TYPES, check_path, suffix_of
from watchfloor.ingest.pdf import read_pdf
from watchfloor.ingest.text import decode_text, repair_surrogates, strip_markdown
from watchfloor.records import Document

_MB = 1024 * 1024


def _check_size(path: Path, max_mb: float) -> int:
    size = path.stat().st_size
    if size > max_mb * _MB:
        raise TooLargeError(
            path,
            f"file is {size / _MB:.1f} MB, over the {max_mb:g} MB limit",
            "split the file, or raise the limit with WATCHFLOOR_MAX_FILE_MB",
        )
    if size == 0:
        raise EmptyDocumentError(path, "file is empty (0 bytes)", "check the download or copy")
    return size


def _extract(path: Path, suffix: str) -> tuple[list[str], Layout, Metadata]:
    """Raw page texts, their layout and the metadata the document carries."""
    if suffix == ".pdf":
        pdf = read_pdf(path)
        return pdf.pages, "pdf", pdf.metadata
    data = path.read_bytes()
    if suffix in (".html", ".htm"):
        page = read_html(data, path)
        return [page.text], "html", page.metadata
    metadata, text = split_text_header(decode_text(data, path))
    if suffix == ".md":
        text = strip_markdown(text)
    return text.split("\f"), "text", metadata


def load_document(path: Path, settings: Mapping[str, Any]) -> Document:
    """Read, check and clean one file into a Document with its metadata.

    Raises an InputError subclass (one line naming the file, with a hint) for a missing
    path, an unsupported type, a file over ``settings["max_file_mb"]``, an empty,
    corrupt, encrypted or binary file, a scanned PDF without text, and a document with
    no English text left after cleaning.
    """
    path = Path(path)
    error = check_path(path)
    if error is not None:
        raise error
    try:
        _check_size(path, float(settings["max_file_mb"]))
        suffix = suffix_of(path)
        pages, layout, found = _extract(path, suffix)
        sidecar = read_sidecar(path)
    except OSError as exc:  # permissions, a vanished file, an I/O error on the disk
        raise UnreadableError(exc.filename or path, f"cannot be read ({exc.strerror})",
                              "check the file's permissions; the rest of the batch goes on"
                              ) from exc
    if not any(page.strip() for page in pages):
        raise EmptyDocumentError(path, "file holds only whitespace", "check the download or copy")
    paragraphs, dropped = clean(pages, layout)
    english, not_english = keep_english(paragraphs, float(settings["min_english_share"]))
    dropped += not_english
    if not english:
        raise EmptyDocumentError(
            path,
            "no English text left after cleaning "
            f"({len(dropped)} piece(s) dropped: {_reasons(dropped)})",
            "watchfloor reads English only; translate the document, or lower "
            "min_english_share if English text was dropped",
        )
    metadata = sidecar.over(found)
    if found.published and found.published.startswith("XXXX"):
        # the dateline's day, in the year the sidecar or the page gives
        metadata = replace(metadata, published=dated_in_year_of(
            found.published, sidecar.published))
    return Document(
        text="\n\n".join(english),
        title=metadata.title,
        publisher=metadata.publisher_or_author,
        published=metadata.published,
        url=metadata.url,
        path=repair_surrogates(str(path)),
        media_type=MEDIA_TYPES[suffix],
        dropped=dropped,
    )


def _reasons(dropped: list[Any]) -> str:
    """ "licence ×2, not_english ×5" -- a short account for the empty-document error."""
    counts: dict[str, int] = {}
    for item in dropped:
        counts[item.reason] = counts.get(item.reason, 0) + 1
    return ", ".join(f"{reason} ×{count}" for reason, count in sorted(counts.items())) or "none"
