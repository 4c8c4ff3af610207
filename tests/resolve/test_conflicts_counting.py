"""Figure conflicts are counted, not compared pair by pair: the same claims clash."""

from __future__ import annotations

import random
from itertools import combinations

import pytest

from watchfloor.edtf import overlaps
from watchfloor.resolve.conflicts import _clashing, _source_key

TIMES = [None, "2015", "2015-06", "2016", "2015/2016", "2014..", "..2015-03", "2017-02-01"]


def _pairwise(rows):
    """The definition: a pair of claims of different sources, different ranges and
    times that can overlap; both clash."""
    out = {}
    for a, b in combinations(rows, 2):
        if _source_key(a) == _source_key(b) or (a["low"], a["high"]) == (b["low"], b["high"]):
            continue
        if overlaps(a.get("time"), b.get("time")):
            out[id(a)] = a
            out[id(b)] = b
    position = {id(r): i for i, r in enumerate(rows)}
    return sorted(out.values(), key=lambda r: position[id(r)])


@pytest.mark.parametrize("seed", range(40))
def test_conflicts_counting_finds_the_pairs_clashing(seed: int) -> None:
    rng = random.Random(seed)
    rows = [{"document": rng.choice("abc"), "attributed_to": rng.choice([None, "UN"]),
             "low": float(rng.choice([100, 200])), "high": rng.choice([None, 300.0]),
             "time": rng.choice(TIMES)} for _ in range(rng.randint(0, 12))]
    assert [id(r) for r in _clashing(rows)] == [id(r) for r in _pairwise(rows)]
