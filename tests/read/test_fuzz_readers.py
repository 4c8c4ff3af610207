"""Fuzzing the number and time readers (hypothesis; bounded examples and deadlines so the
suite stays fast; ``bench/fuzz.py`` runs 10^5 inputs): no exception, no range with low
above high or an infinity, only valid EDTF, spans that reproduce the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fuzzing import fuzz_settings, readers, texts

TEXTS = texts([" ", "", "\n", ", ", "-", " of "])
FUZZ = fuzz_settings()
CHECKS = readers()


@FUZZ
@given(TEXTS)
def test_fuzz_numbers_keep_their_invariants(text: str) -> None:
    assert CHECKS["numbers"](text) == []


@FUZZ
@given(TEXTS)
def test_fuzz_times_are_valid_edtf(text: str) -> None:
    assert CHECKS["times"](text) == []


@settings(max_examples=30, deadline=5000)
@given(st.sampled_from(["hundred ", "forty ", "2015 ", "the low 5 ", "1,000-", "8 October "]),
       st.integers(min_value=50, max_value=600))
def test_fuzz_long_runs_of_one_token(token: str, n: int) -> None:
    text = token * n
    assert CHECKS["numbers"](text) == []
    assert CHECKS["times"](text) == []
