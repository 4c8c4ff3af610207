from __future__ import annotations

import pytest

from watchfloor.ingest.clean import clean, dehyphenate, normalise_characters, paragraphs
from watchfloor.records import Dropped

LONG = "The militia moved its fighters from the northern districts towards the river crossing"
LONG_2 = "Government troops held the bridge and the road south of it until reinforcements came"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Cafe\u0301", "Café"),  # NFC
        ("Is\u00adlamic", "Islamic"),  # soft hyphen
        ("zero\u200bwidth\ufeff", "zerowidth"),
        ("a\u00a0b\tc   d  ", "a b c d"),
        ("one\r\ntwo\rthree", "one\ntwo\nthree"),
    ],
)
def test_clean_normalise_characters(raw: str, expected: str) -> None:
    assert normalise_characters(raw) == expected


@pytest.mark.parametrize(
    ("lines", "known", "joined", "hyphen_dropped"),
    [
        (["it con-", "tinued here"], set(), ["it continued", "here"], True),
        (["led by al-", "Qaeda today"], set(), ["led by al-Qaeda", "today"], False),
        (["a non-", "state actor"], set(), ["a non-state", "actor"], False),
        (["the self-", "styled emir"], set(), ["the self-styled", "emir"], False),
        (["the pre-", "vious day"], {"previous"}, ["the previous", "day"], True),
        (["ISIS-", "linked cells"], set(), ["ISIS-linked", "cells"], False),
        (["state-of-the-", "art drones"], set(), ["state-of-the-art", "drones"], False),
        (["a (con-", "tinued) war"], set(), ["a (continued)", "war"], True),
        (["ends -", "next"], set(), ["ends -", "next"], False),
        (["ends in 2021-", "22 period"], set(), ["ends in 2021-", "22 period"], False),
        (
            ["not joined-", "", "over a blank line"],
            set(),
            ["not joined-", "", "over a blank line"],
            False,
        ),
        (["word con-", "tinued"], set(), ["word continued"], True),  # emptied line goes
    ],
)
def test_clean_dehyphenate(
    lines: list[str], known: set[str], joined: list[str], hyphen_dropped: bool
) -> None:
    out, dropped = dehyphenate(lines, known)
    assert out == joined
    assert [d.reason for d in dropped] == (["hyphenation"] if hyphen_dropped else [])


def test_clean_paragraphs_pdf_reflows_lines() -> None:
    lines = [
        "Background",
        LONG,
        LONG,
        "and crossed at night.",
        LONG,
        "ending here.",
        "",
        "• a bullet item",
        "• another item",
    ]
    assert paragraphs(lines, "pdf") == [
        "Background",
        f"{LONG} {LONG} and crossed at night.",
        f"{LONG} ending here.",
        "• a bullet item",
        "• another item",
    ]


@pytest.mark.parametrize(
    ("layout", "expected"),
    [
        ("text", ["line one\nline two", "line three"]),
        ("html", ["line one", "line two", "line three"]),
    ],
)
def test_clean_paragraphs_text_and_html(layout: str, expected: list[str]) -> None:
    assert paragraphs(["line one", "line two", "", "", "line three"], layout) == expected  # type: ignore[arg-type]


def test_clean_pdf_pages_run_on_across_page_break() -> None:
    pages = [f"{LONG}\n{LONG}", f"{LONG_2}\nand it ends."]
    kept, _ = clean(pages, "pdf")
    assert kept == [f"{LONG} {LONG} {LONG_2} and it ends."]


def test_clean_text_pages_are_separate_paragraphs() -> None:
    kept, _ = clean(["first page", "second page"], "text")
    assert kept == ["first page", "second page"]


def test_clean_records_every_rule_in_order() -> None:
    pages = [
        f"Annual Report\n{LONG} con-\ntinued.\nAll rights reserved.\n1",
        f"Annual Report\n{LONG_2} again.\n2",
    ]
    kept, dropped = clean(pages, "pdf")
    assert kept == [f"{LONG} continued.", f"{LONG_2} again."]
    assert dropped == [
        Dropped("page_number", "1"),
        Dropped("page_number", "2"),
        Dropped("running_header", "Annual Report"),
        Dropped("running_header", "Annual Report"),
        Dropped("hyphenation", "con-\ntinued"),
        Dropped("licence", "All rights reserved."),
    ]


def test_clean_is_deterministic() -> None:
    pages = [f"Header\n{LONG} one.\n3", f"Header\n{LONG} two.\n4"]
    assert clean(pages, "pdf") == clean(list(pages), "pdf")
