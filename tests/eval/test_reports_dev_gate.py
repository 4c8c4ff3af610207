"""Quality gate on real reports: the whole pipeline on ``../shared/data/reports-dev``,
scored by the data's own ``score.py``, must stay at or above the floors pinned in
``floors.toml``. Skips when the shared data are absent (they are never copied here).

The knowledge base is built and exported by ``bench/reports.py`` itself (imported, not
copied), so the gate and the bench quote the same figures.
"""

from __future__ import annotations

import importlib.util
import tempfile
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

from conftest import REPO, shared_data

FLOORS = tomllib.loads((Path(__file__).parent / "floors.toml").read_text(encoding="utf-8"))

pytestmark = pytest.mark.slow


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_reports", REPO / "bench" / "reports.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scored() -> dict:
    """The ``all`` export of every reports-dev set, scored once for this module."""
    data = shared_data("reports-dev")
    bench = _bench()
    scorer = bench.load_scorer(data)
    docs = bench.documents_of(data, list(bench.SETS))
    with tempfile.TemporaryDirectory() as tmp:
        exports, _ = bench.build_exports(docs, Path(tmp))
    golds = [bench.gold_of(p) for paths in docs.values() for p in paths]
    return scorer.score(exports["all"], golds)


def test_reports_dev_events_meet_their_floors(scored: dict) -> None:
    floor = FLOORS["reports_dev"]["events"]
    p, r, f1, counts = scored["events"]
    perp_ok, perp_n = scored["event_fields"]["perpetrator"]
    killed_ok, killed_n = scored["event_fields"]["killed"]
    detail = (f"events P={p:.3f} R={r:.3f} F1={f1:.3f} {counts}; perpetrator "
              f"{perp_ok}/{perp_n}, killed {killed_ok}/{killed_n}")
    assert p >= floor["precision"], detail
    assert r >= floor["recall"], detail
    assert f1 >= floor["f1"], detail
    assert perp_ok / perp_n >= floor["perpetrator_right"], detail
    assert killed_ok / killed_n >= floor["killed_right"], detail


@pytest.mark.parametrize("kind", ["entities", "relations", "quantities"])
def test_reports_dev_claims_meet_their_floors(scored: dict, kind: str) -> None:
    """Entities, relations and figures on prose nobody here wrote (issue 10)."""
    floor = FLOORS["reports_dev"][kind]
    p, r, f1, counts = scored[kind]
    detail = f"{kind} P={p:.3f} R={r:.3f} F1={f1:.3f} {counts}"
    assert p >= floor["precision"], detail
    assert r >= floor["recall"], detail
    assert f1 >= floor["f1"], detail
