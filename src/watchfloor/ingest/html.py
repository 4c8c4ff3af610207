"""HTML pages: the main text without navigation, plus the page's own metadata.

Why trafilatura: news and think-tank pages wrap a few paragraphs of report in menus,
share bars, related-article lists and comment threads; its boilerplate removal keeps the
article body. Comments are excluded (they are not the publisher's claims). Its output
puts one paragraph per line, which the cleaner's "html" layout relies on.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from watchfloor.exceptions import EmptyDocumentError
from watchfloor.ingest.metadata import Metadata

_EMPTY_HINT = "check that the page holds an article, e.g. open it in a browser; save the text as .txt if needed"


@dataclass(frozen=True)
class HtmlContent:
    """Main text (one paragraph per line) and metadata from meta tags."""

    text: str
    metadata: Metadata


def read_html(data: bytes, path: Path) -> HtmlContent:
    """Main text and metadata (title, author, site name, date, canonical url) of a page.

    Raises EmptyDocumentError when no main text is found (an index page, a login wall).
    """
    # trafilatura logs every page it finds too small; the error below says it once.
    trafilatura_logger = logging.getLogger("trafilatura")
    previous = trafilatura_logger.level
    trafilatura_logger.setLevel(logging.CRITICAL)
    try:
        result = trafilatura.bare_extraction(
            data,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
        )
    finally:
        trafilatura_logger.setLevel(previous)
    text = (getattr(result, "text", None) or "") if result is not None else ""
    if not text.strip():
        raise EmptyDocumentError(path, "no main text found in the HTML page", _EMPTY_HINT)
    metadata = Metadata.from_mapping(
        {
            "title": getattr(result, "title", None),
            "sitename": getattr(result, "sitename", None),
            "author": getattr(result, "author", None),
            "date": getattr(result, "date", None),
            "url": getattr(result, "url", None),
        }
    )
    return HtmlContent(text=text, metadata=metadata)
