from __future__ import annotations

import pytest

from watchfloor.exceptions import BinaryContentError
from watchfloor.ingest.text import decode_text, strip_markdown


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Café attack".encode(), "Café attack"),
        ("\ufeffWith BOM".encode(), "With BOM"),
        ("“Quoted” – dash".encode("cp1252"), "“Quoted” – dash"),
        ("UTF-16 text".encode("utf-16"), "UTF-16 text"),
        (b"tab\tand\fform feed\r\n", "tab\tand\fform feed\r\n"),
        # mixed: UTF-8 with a paragraph pasted from a Windows tool keeps both right
        ("Café ’quoted’, ".encode() + b"then \x93Windows\x94 \x96 caf\xe9.",
         "Café ’quoted’, then “Windows” – café."),
        ("naïve ".encode() + b"\x92s " + "Zürich".encode(), "naïve ’s Zürich"),
    ],
)
def test_text_decodes(data: bytes, expected: str) -> None:
    assert decode_text(data, "f.txt") == expected


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"text\x00with a NUL", "NUL"),
        (b"abc\x81\x8d\x8f\x90", "cannot be decoded"),
        (b"ok text " + bytes(range(1, 9)) * 3, "control characters"),
    ],
)
def test_text_refuses_binary(data: bytes, message: str) -> None:
    with pytest.raises(BinaryContentError, match=message):
        decode_text(data, "junk.txt")


def test_text_allows_a_few_control_characters() -> None:
    data = b"x" * 95 + b"\x01" * 5  # 5%: under the 10% rule
    assert decode_text(data, "f.txt").startswith("x")


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        ("# Heading\n\nText", "Heading\n\nText"),
        ("## Sub ##", "Sub"),
        ("**bold** and __strong__", "bold and strong"),
        ("*em* and _em_ but snake_case_name", "em and em but snake_case_name"),
        ("[ICG](https://x.org) and ![map](m.png)", "ICG and map"),
        ("> quoted", "quoted"),
        ("use `code` here", "use code here"),
        ("Title\n=====", "Title\n"),
    ],
)
def test_text_strip_markdown(markdown: str, plain: str) -> None:
    assert strip_markdown(markdown) == plain
