"""PDF files: the text of each page and the info dictionary, via pypdf.

Why per page: running headers, footers and page numbers can only be recognised by
comparing pages, so the page structure must survive until the cleaner has run.
Why the plain (not "layout") extraction mode: layout mode interleaves the lines of
multi-column reports; plain mode follows the content stream, which keeps columns apart.
Paragraph breaks, which plain mode loses, are rebuilt by the cleaner.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PdfReadError, PyPdfError

from watchfloor.exceptions import (
    CorruptDocumentError,
    EmptyDocumentError,
    EncryptedDocumentError,
)
from watchfloor.ingest.metadata import Metadata

_CORRUPT_HINT = "re-download the file or repair it, e.g. qpdf in.pdf repaired.pdf"


@dataclass(frozen=True)
class PdfContent:
    """Raw page texts (unclean) and what the info dictionary says."""

    pages: list[str]
    metadata: Metadata


def _open(path: Path) -> PdfReader:
    """A reader with any empty-password encryption removed, or an InputError.

    Many published PDFs are "encrypted" only to forbid printing, with an empty user
    password; those open fine, so only a real password is refused.
    """
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise EncryptedDocumentError(
                path,
                "PDF is encrypted with a password",
                "decrypt it first, e.g. qpdf --decrypt --password=... in.pdf out.pdf",
            )
        len(reader.pages)  # forces the page tree to be read, where corruption shows
    except (EncryptedDocumentError, EmptyDocumentError, PermissionError, FileNotFoundError):
        raise  # the last two: the file cannot be read at all, which is not corruption
    except FileNotDecryptedError as exc:
        raise EncryptedDocumentError(
            path, "PDF is encrypted with a password", "decrypt it first, e.g. qpdf --decrypt"
        ) from exc
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise CorruptDocumentError(path, f"PDF cannot be parsed ({exc})", _CORRUPT_HINT) from exc
    return reader


def _info(reader: PdfReader) -> Metadata:
    """Title, Author and CreationDate from the info dictionary; unreadable → unknown."""
    try:
        info = reader.metadata
    except (PyPdfError, ValueError, KeyError, TypeError):
        return Metadata()
    if not info:
        return Metadata()
    data = {
        "title": info.get("/Title"),
        "author": info.get("/Author"),
        "date": info.get("/CreationDate"),
    }
    return Metadata.from_mapping({k: str(v) for k, v in data.items() if v is not None})


def read_pdf(path: Path) -> PdfContent:
    """Page texts and info metadata of a PDF.

    Raises EncryptedDocumentError (real password), CorruptDocumentError (unparseable) and
    EmptyDocumentError when no page has extractable text: a scanned PDF holds images of
    text, which only OCR can read.
    """
    reader = _open(path)
    pages: list[str] = []
    # pypdf logs a warning for every recoverable oddity; they say nothing to an analyst.
    pypdf_logger = logging.getLogger("pypdf")
    previous = pypdf_logger.level
    pypdf_logger.setLevel(logging.ERROR)
    try:
        for page in reader.pages:
            pages.append(page.extract_text() or "")
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError) as exc:
        raise CorruptDocumentError(
            path, f"PDF page {len(pages) + 1} cannot be read ({exc})", _CORRUPT_HINT
        ) from exc
    finally:
        pypdf_logger.setLevel(previous)
    if not any(text.strip() for text in pages):
        raise EmptyDocumentError(
            path,
            f"PDF has no extractable text in {len(pages)} page(s) (scanned images?)",
            "run OCR first, e.g. ocrmypdf in.pdf out.pdf, then ingest the output",
        )
    return PdfContent(pages=pages, metadata=_info(reader))
