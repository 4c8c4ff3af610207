"""Plain-text and markdown files: decode the bytes, refuse binary junk, strip markup.

The binary rule, in order (the first that applies decides):

1. a UTF-16/UTF-32 byte-order mark → decode with that codec (these files contain NULs);
2. any NUL byte → binary (no text format we accept contains one);
3. decode as UTF-8 (a UTF-8 BOM is dropped); the byte sequences that are not UTF-8 are
   read as cp1252 (the usual encoding of text saved by Windows tools), each on its own, so
   a UTF-8 file with one pasted Windows quote keeps its other characters; a byte cp1252
   leaves undefined becomes U+FFFD;
4. more than 10% of the decoded characters are control characters other than tab,
   newline, carriage return and form feed, or U+FFFD replacement marks → binary.

Why cp1252 rather than latin-1 as the fallback: cp1252 maps the 0x80–0x9F range to the
curly quotes and dashes such files really contain, where latin-1 has invisible controls.
Why per sequence rather than the whole file: a report assembled from several sources is
often mostly UTF-8 with a paragraph pasted from a Windows tool; decoding all of it as
cp1252 would turn every other accented letter and quote into mojibake ("â€™").
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from watchfloor.exceptions import BinaryContentError

MAX_CONTROL_SHARE = 0.10
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f"}
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_BINARY_HINT = "this does not look like text; check the file or give it its real extension"


def _control_share(text: str) -> float:
    """Share of characters that never occur in real prose (controls, U+FFFD)."""
    if not text:
        return 0.0
    bad = sum(
        1
        for ch in text
        if ch == "\ufffd" or (ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc")
    )
    return bad / len(text)


def repair_surrogates(text: str) -> str:
    """Text from the operating system as real Unicode: a file name whose bytes are not
    UTF-8 arrives with surrogate escapes, which cannot be stored or printed; those bytes
    become U+FFFD."""
    if not any("\udc80" <= ch <= "\udcff" for ch in text):
        return text
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: the bytes that are not UTF-8, read as cp1252."""
    assert isinstance(exc, UnicodeDecodeError)
    bad = exc.object[exc.start : exc.end]
    return bad.decode("cp1252", errors="replace"), exc.end


_CP1252_FALLBACK = "watchfloor-cp1252"
codecs.register_error(_CP1252_FALLBACK, _cp1252_fallback)


def decode_text(data: bytes, path: Path | str) -> str:
    """The text of a .txt/.md file's bytes, or BinaryContentError (rule in module doc)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise BinaryContentError(path, f"not valid {codec} text", _BINARY_HINT) from exc
            break
    else:
        if b"\x00" in data:
            raise BinaryContentError(path, "contains NUL bytes (binary data)", _BINARY_HINT)
        text = data.decode("utf-8-sig", errors=_CP1252_FALLBACK)
    share = _control_share(text)
    if share > MAX_CONTROL_SHARE:
        what = ("cannot be decoded as UTF-8 or cp1252"
                if text.count("\ufffd") * 2 > share * len(text) else "are control characters")
        raise BinaryContentError(path, f"{share:.0%} of its characters {what}", _BINARY_HINT)
    return text


# Markdown: stripped lightly, so the prose reads as prose and offsets stay meaningful.
_MD_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^```.*$", re.M), ""),  # code fences (the code itself is kept)
    (re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$", re.M), r"\1"),  # ATX headings
    (re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$", re.M), ""),  # setext underlines
    (re.compile(r"^ {0,3}>[ \t]?", re.M), ""),  # block quotes
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images → alt text
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links → link text
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # strong
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),  # *emphasis*
    (re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])"), r"\1"),  # _emphasis_
    (re.compile(r"`([^`]+)`"), r"\1"),  # inline code
)


def strip_markdown(text: str) -> str:
    """Markdown to plain prose: heading markers, emphasis, link syntax and quotes removed.

    Deliberately light: list markers, tables and line structure are left alone, because
    the cleaner and the sentence splitter cope with them and a heavier converter would
    need a dependency for little gain.
    """
    for pattern, replacement in _MD_RULES:
        text = pattern.sub(replacement, text)
    return text
