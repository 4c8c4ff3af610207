from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from ingest_factories import ENGLISH, ENGLISH_2, GERMAN, encrypt_pdf, make_blank_pdf, make_pdf

from watchfloor.exceptions import (
    BinaryContentError,
    CorruptDocumentError,
    EmptyDocumentError,
    EncryptedDocumentError,
    InputError,
    MissingPathError,
    TooLargeError,
    UnsupportedTypeError,
)
from watchfloor.ingest import load_document

SETTINGS = {"max_file_mb": 50.0, "min_english_share": 0.5}


def _write(name: str, data: bytes | str) -> Callable[[Path], Path]:
    def build(root: Path) -> Path:
        path = root / name
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
        return path

    return build


def _big(root: Path) -> Path:
    path = root / "big.txt"
    with path.open("wb") as handle:  # sparse: large by stat, never read
        handle.truncate(2 * 1024 * 1024)
    return path


ERRORS = [
    (lambda root: root / "absent.txt", MissingPathError, "check the path"),
    (_write("sheet.xlsx", "x"), UnsupportedTypeError, "supported types"),
    (lambda root: root, UnsupportedTypeError, "batch"),
    (_write("empty.txt", b""), EmptyDocumentError, "check the download"),
    (_write("blank.txt", " \n\t\n "), EmptyDocumentError, "check the download"),
    (
        _write("junk.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        BinaryContentError,
        "real extension",
    ),
    (_write("junk2.txt", bytes(range(1, 32)) * 10), BinaryContentError, "real extension"),
    (_write("broken.pdf", b"%PDF-1.7 not really"), CorruptDocumentError, "repair"),
    (lambda root: make_blank_pdf(root / "scan.pdf"), EmptyDocumentError, "OCR"),
    (
        lambda root: encrypt_pdf(make_pdf(root / "p.pdf", [[ENGLISH]]), root / "locked.pdf", "pw"),
        EncryptedDocumentError,
        "qpdf --decrypt",
    ),
    (_big, TooLargeError, "max_file_mb".upper()),
    (_write("german.txt", f"{GERMAN}\n\n{GERMAN}"), EmptyDocumentError, "English"),
]


@pytest.mark.parametrize(("build", "error", "hint"), ERRORS)
def test_loader_errors_name_file_and_hint(
    tmp_path: Path, build: Callable[[Path], Path], error: type[InputError], hint: str
) -> None:
    path = build(tmp_path)
    settings = dict(SETTINGS, max_file_mb=1.0)
    with pytest.raises(error) as caught:
        load_document(path, settings)
    message = str(caught.value)
    assert str(path) in message
    assert hint in caught.value.hint
    assert "\n" not in message


def test_loader_size_checked_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _big(tmp_path)

    def fail(*_args: object) -> bytes:
        raise AssertionError("file was read")

    monkeypatch.setattr(Path, "read_bytes", fail)
    with pytest.raises(TooLargeError):
        load_document(path, dict(SETTINGS, max_file_mb=1.0))


def test_loader_pdf_document(tmp_path: Path) -> None:
    # bodies differ per page: identical lines at a page edge would be running headers
    bodies = [ENGLISH, ENGLISH_2, ENGLISH.replace("Mosul", "Kirkuk")]
    pages = [[f"Conflict Brief {n}", body] for n, body in enumerate(bodies)]
    pages[0].append(GERMAN)
    pages[1].append("All rights reserved.")
    path = make_pdf(tmp_path / "brief.pdf", pages, title="Brief", author="ICG")
    doc = load_document(path, SETTINGS)
    assert doc.text == "\n\n".join(bodies)
    assert (doc.title, doc.publisher, doc.published) == ("Brief", "ICG", "2021-10-08")
    assert doc.media_type == "application/pdf"
    assert doc.path == str(path)
    assert {d.reason for d in doc.dropped} == {"running_header", "licence", "not_english"}


def test_loader_sidecar_wins_over_document(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "brief.pdf", [[ENGLISH]], title="Word template", author="ICG")
    (tmp_path / "brief.meta.json").write_text(
        json.dumps({"title": "Real title", "date": "8 October 2021", "url": "https://x.org/b"}),
        encoding="utf-8",
    )
    doc = load_document(path, SETTINGS)
    assert (doc.title, doc.publisher, doc.published, doc.url) == (
        "Real title",
        "ICG",
        "2021-10-08",
        "https://x.org/b",
    )


@pytest.mark.parametrize(
    ("name", "content", "text", "title", "media_type"),
    [
        (
            "note.txt",
            f"Title: Mosul note\nDate: 2021-10\n\n{ENGLISH}\n\n{ENGLISH_2}\n",
            f"{ENGLISH}\n\n{ENGLISH_2}",
            "Mosul note",
            "text/plain",
        ),
        (
            "note.md",
            f"# Mosul note\n\n**{ENGLISH}**\n\n\n\n{ENGLISH_2}",
            f"Mosul note\n\n{ENGLISH}\n\n{ENGLISH_2}",
            "Mosul note",
            "text/markdown",
        ),
        (
            "page.html",
            f"<html><head><title>Mosul page</title></head><body><article><p>{ENGLISH}</p>"
            f"<p>{ENGLISH_2}</p><p>{GERMAN}</p></article></body></html>",
            f"{ENGLISH}\n\n{ENGLISH_2}",
            "Mosul page",
            "text/html",
        ),
    ],
)
def test_loader_text_markdown_html(
    tmp_path: Path, name: str, content: str, text: str, title: str, media_type: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    doc = load_document(path, SETTINGS)
    assert (doc.text, doc.title, doc.media_type) == (text, title, media_type)


def test_loader_same_file_same_id(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "r.pdf", [[ENGLISH, ENGLISH_2], [ENGLISH_2, ENGLISH]])
    first = load_document(path, SETTINGS)
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(path.read_bytes())
    assert load_document(copy, SETTINGS).id == first.id
    assert load_document(path, SETTINGS) == first


def test_loader_fifty_page_pdf_is_fast(tmp_path: Path) -> None:
    pages = [
        [f"Annual report {n}", ENGLISH, ENGLISH_2, ENGLISH, f"Page {n} of 50"] for n in range(50)
    ]
    path = make_pdf(tmp_path / "long.pdf", pages)
    load_document(path, SETTINGS)  # warm: loads the language model once
    start = time.perf_counter()
    doc = load_document(path, SETTINGS)
    assert time.perf_counter() - start < 3.0
    assert doc.text.count("Security forces") == 50


def test_loader_keeps_a_one_line_wire_item(tmp_path: Path) -> None:
    path = tmp_path / "wire.txt"
    path.write_text("Al-Shabaab gunmen stormed a Mogadishu hotel, killing 12.\n", encoding="utf-8")
    assert load_document(path, SETTINGS).text.startswith("Al-Shabaab gunmen")


def test_loader_file_name_with_a_non_utf8_byte(tmp_path: Path) -> None:
    import os

    path = Path(os.fsdecode(bytes(tmp_path) + b"/r\xe9port.txt"))
    path.write_text(ENGLISH, encoding="utf-8")
    doc = load_document(path, SETTINGS)
    assert doc.path is not None and doc.path.endswith("r\ufffdport.txt")
    doc.path.encode("utf-8")  # storable and printable
