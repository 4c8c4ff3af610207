from __future__ import annotations

from pathlib import Path

import pytest
from ingest_factories import ENGLISH, ENGLISH_2, encrypt_pdf, make_blank_pdf, make_pdf

from watchfloor.exceptions import (
    CorruptDocumentError,
    EmptyDocumentError,
    EncryptedDocumentError,
    InputError,
)
from watchfloor.ingest.metadata import Metadata
from watchfloor.ingest.pdf import read_pdf


def test_pdf_reads_pages_and_info(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "r.pdf", [[ENGLISH], [ENGLISH_2]], title="Mosul", author="ICG")
    content = read_pdf(path)
    assert len(content.pages) == 2
    assert "Security forces" in content.pages[1]
    assert content.metadata == Metadata(title="Mosul", author="ICG", published="2021-10-08")


def test_pdf_empty_user_password_opens(tmp_path: Path) -> None:
    plain = make_pdf(tmp_path / "plain.pdf", [[ENGLISH]])
    locked = encrypt_pdf(plain, tmp_path / "nopw.pdf", "")
    assert "Mosul" in read_pdf(locked).pages[0]


def _garbage(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.4\n" + b"\x93garbage\x00" * 50)
    return path


def _truncated(path: Path) -> Path:
    make_pdf(path, [[ENGLISH]])
    path.write_bytes(path.read_bytes()[:200])
    return path


def _not_pdf(path: Path) -> Path:
    path.write_text("just text named .pdf", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("build", "error", "hint"),
    [
        (
            lambda p: encrypt_pdf(make_pdf(p.with_suffix(".src"), [[ENGLISH]]), p, "secret"),
            EncryptedDocumentError,
            "qpdf --decrypt",
        ),
        (make_blank_pdf, EmptyDocumentError, "OCR"),
        (_garbage, CorruptDocumentError, "repair"),
        (_truncated, CorruptDocumentError, "repair"),
        (_not_pdf, CorruptDocumentError, "repair"),
    ],
)
def test_pdf_errors(tmp_path: Path, build, error: type[InputError], hint: str) -> None:  # type: ignore[no-untyped-def]
    path = build(tmp_path / "bad.pdf")
    with pytest.raises(error) as caught:
        read_pdf(path)
    assert "bad.pdf" in str(caught.value)
    assert hint in caught.value.hint
    assert "\n" not in str(caught.value)
