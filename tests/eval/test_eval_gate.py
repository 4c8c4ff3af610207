"""The quality gate: extraction on the gold cases must stay at or above the pinned floors.

Floors live in ``floors.toml`` beside this file; a drop below one fails the suite, so a
change that costs precision or recall is seen in review (trafilatura's eval gate).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from eval.families import FAMILIES, family_files, family_scope
from watchfloor.evaluate import load_cases, score_cases

FLOORS = tomllib.loads((Path(__file__).parent / "floors.toml").read_text(encoding="utf-8"))

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("family", FAMILIES)
def test_eval_gate_family_meets_its_floors(family: str, reference) -> None:
    files = family_files(family)
    if not files:
        pytest.skip(f"no gold cases for {family} yet")
    cases = load_cases(files)
    report = score_cases(cases, reference, family_scope(family), with_events=family == "events")
    counts = report.slots.get("event") if family == "events" else report.total()
    assert counts is not None
    floor = FLOORS[family]
    detail = "\n".join(report.lines() + report.errors[:40])
    assert counts.precision >= floor["precision"], detail
    assert counts.recall >= floor["recall"], detail
