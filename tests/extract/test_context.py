"""The span lookups every extractor shares: which mentions, times and numbers lie in a
sentence (found by bisection over spans in text order)."""

from __future__ import annotations

import pytest

from watchfloor.extract.context import _inside
from watchfloor.records import Mention

SPANS = [(0, 4), (2, 9), (5, 7), (5, 12), (10, 11), (12, 20), (13, 14)]
ITEMS = [Mention(s, e, "x" * (e - s), "armed_group", f"k{i}", "ner") for i, (s, e) in
         enumerate(SPANS)]


@pytest.mark.parametrize("window", [(0, 4), (0, 20), (5, 12), (2, 9), (6, 13), (12, 14),
                                    (20, 30), (3, 3), (0, 0)])
def test_context_inside_matches_a_full_scan(window: tuple[int, int]) -> None:
    start, end = window
    expected = [m for m in ITEMS if m.start >= start and m.end <= end]
    assert _inside(ITEMS, start, end) == expected


def test_context_inside_excludes_spans_crossing_the_window() -> None:
    keys = [m.key for m in _inside(ITEMS, 5, 11)]
    assert keys == ["k2", "k4"]  # (2, 9) starts before, (5, 12) ends after
