from __future__ import annotations

import pytest

from watchfloor.ingest.pages import is_page_number, strip_page_furniture
from watchfloor.records import Dropped

BODY = "Fighters attacked the checkpoint at dawn and withdrew before noon."
BODIES = [
    "Fighters attacked the checkpoint at dawn and withdrew before noon.",
    "The army said it had retaken the town after a week of fighting.",
    "Local elders negotiated the release of the hostages in March.",
    "A splinter faction announced its own leader in a video statement.",
]


@pytest.mark.parametrize(
    ("line", "at_edge", "expected"),
    [
        ("3", True, True),
        ("3", False, False),
        ("iv", True, True),
        ("Page 3", False, True),
        ("page 3 of 12", False, True),
        ("3 / 12", False, True),
        ("- 3 -", False, True),
        ("– 12 –", False, True),
        ("Seite 4 von 9", False, True),
        ("2021", False, False),
        ("Page three", True, False),
        ("3 killed", True, False),
    ],
)
def test_pages_is_page_number(line: str, at_edge: bool, expected: bool) -> None:
    assert is_page_number(line, at_edge=at_edge) is expected


def test_pages_page_numbers_removed_only_at_edges() -> None:
    pages = [["7", BODY, "12", BODY, "Page 7 of 9"]]
    kept, dropped = strip_page_furniture(pages)
    assert kept == [[BODY, "12", BODY]]
    assert dropped == [Dropped("page_number", "7"), Dropped("page_number", "Page 7 of 9")]


def test_pages_running_header_and_footer_removed() -> None:
    pages = [
        [f"Crisis Group Report No. {n}", body, "Confidential draft", "© ICG 2021 p"]
        for n, body in enumerate(BODIES)
    ]
    pages[3][0] = "Annex"  # a header on 3 of 4 pages still counts (≥ 50%)
    kept, dropped = strip_page_furniture(pages)
    assert kept[0] == [BODIES[0]]
    assert kept[3] == ["Annex", BODIES[3]]
    reasons = [d.reason for d in dropped]
    assert reasons.count("running_header") == 3
    assert reasons.count("running_footer") == 8


@pytest.mark.parametrize(
    ("pages", "expected_kept"),
    [
        # one page: nothing can repeat
        ([["Header", BODY]], [["Header", BODY]]),
        # repeated on 1 of 3 pages: under half
        ([["Header", BODY], ["Other", BODY + "."], ["Third", BODY + "!"]], None),
        # repeated, but in the middle of the page, not at an edge
        ([["A", "B", "Same line", "C", "D"], ["E", "F", "Same line", "G", "H"]], None),
    ],
)
def test_pages_running_lines_need_edges_and_repeats(
    pages: list[list[str]], expected_kept: list[list[str]] | None
) -> None:
    original = [list(page) for page in pages]
    kept, dropped = strip_page_furniture(pages)
    assert kept == (expected_kept or original)
    assert dropped == []


def test_pages_header_digits_normalised() -> None:
    pages = [[f"Report 2021 — page section {n}", BODIES[n]] for n in range(1, 4)]
    kept, dropped = strip_page_furniture(pages)
    assert [d.reason for d in dropped] == ["running_header"] * 3
    assert kept == [[BODIES[n]] for n in range(1, 4)]
