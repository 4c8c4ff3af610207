"""Fuzzing the date and cleaning readers (hypothesis, bounded): metadata dates are None or
a real EDTF date; cleaning, markdown stripping, header splitting and decoding never raise
anything but the library's own errors and return clean text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzzing import TOKENS, join, readers

TEXTS = st.builds(
    join,
    st.lists(st.sampled_from(TOKENS) | st.text(max_size=6), max_size=40),
    st.lists(st.sampled_from([" ", "", "\n", "\n\n", "-\n", "\f"]), min_size=1, max_size=3),
)
FUZZ = settings(max_examples=200, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
CHECKS = readers()


@FUZZ
@given(TEXTS | st.text(max_size=30))
def test_fuzz_dates_are_none_or_real_dates(text: str) -> None:
    assert CHECKS["dates"](text) == []


@FUZZ
@given(TEXTS)
def test_fuzz_cleaning_returns_clean_text(text: str) -> None:
    assert CHECKS["cleaning"](text) == []
