"""Plain-text and markdown files: decode the bytes, refuse binary junk, strip markup.

The binary rule, in order (the first that applies decides):

1. a UTF-16/UTF-32 byte-order mark → decode with that codec (these files contain NULs);
2. any NUL byte → binary (no text format we accept contains one);
3. decode as UTF-8 (a UTF-8 BOM is dropped); if that fails, as cp1252 (the usual
   encoding of text saved by Windows tools); if both fail → binary;
4. more than 10% of the decoded characters are control characters other than tab,
   newline, carriage return and form feed, or U+FFFD replacement marks → binary.

Why cp1252 rather than latin-1 as the fallback: latin-1 decodes every byte sequence, so
it would never reject anything, while cp1252 leaves five bytes undefined and maps the
0x80–0x9F range to the curly quotes and dashes such files really contain.
"""

from __future__ import annotations

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
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError as exc:
                raise BinaryContentError(
                    path, "cannot be decoded as UTF-8 or cp1252", _BINARY_HINT
                ) from exc
    share = _control_share(text)
    if share > MAX_CONTROL_SHARE:
        raise BinaryContentError(
            path, f"{share:.0%} of its characters are control characters", _BINARY_HINT
        )
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
