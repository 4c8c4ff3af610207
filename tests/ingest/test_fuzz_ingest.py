"""Fuzzing the date and cleaning readers (hypothesis, bounded): metadata dates are None or
a real EDTF date; cleaning, markdown stripping, header splitting and decoding never raise
anything but the library's own errors and return clean text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fuzzing import fuzz_settings, readers, texts

TEXTS = texts([" ", "", "\n", "\n\n", "-\n", "\f"], noise=6)
FUZZ = fuzz_settings()
CHECKS = readers()


@FUZZ
@given(TEXTS | st.text(max_size=30))
def test_fuzz_dates_are_none_or_real_dates(text: str) -> None:
    assert CHECKS["dates"](text) == []


@FUZZ
@given(TEXTS)
def test_fuzz_cleaning_returns_clean_text(text: str) -> None:
    assert CHECKS["cleaning"](text) == []
