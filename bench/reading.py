"""Reading layer on the hand-written gold sentences in tests/eval/reading/*.yaml.

Why: mentions, their resolution keys, times and numbers are what every claim is built from;
this prints how often the reader gets them right, per part (dev is tuned against, heldout
is not), so a change to the catalogue, the patterns or coref shows its cost at once.

Scoring (format of the gold files: see the comment at the top of dev.yaml):
- mentions: a predicted mention matches a gold one with the same surface text (each used
  once). Same text and type is a true positive for that type; a matched text with another
  type counts as a miss for the gold type and a false positive for the predicted one.
  P/R/F1 per entity type and overall;
- resolution accuracy: among text-matched mentions whose gold key is not null, the share
  with the gold key;
- times and quantities: a gold expression is found when a predicted one overlaps its text
  in the sentence; value accuracy is the share of gold expressions found with the right
  EDTF (times) or the right low/high/qualifier (quantities), over all gold expressions.

    .venv/bin/python bench/reading.py [-v] [files...]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "tests" / "eval" / "reading"


@dataclass
class Scores:
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    resolved: int = 0
    resolvable: int = 0
    times: int = 0
    times_found: int = 0
    times_right: int = 0
    quantities: int = 0
    quantities_found: int = 0
    quantities_right: int = 0
    errors: list[str] = field(default_factory=list)
    by_source: Counter[str] = field(default_factory=Counter)  # resolvable, per source
    right_by_source: Counter[str] = field(default_factory=Counter)

    def prf(self, etype: str | None = None) -> tuple[float, float, float]:
        tp = sum(self.tp.values()) if etype is None else self.tp[etype]
        fp = sum(self.fp.values()) if etype is None else self.fp[etype]
        fn = sum(self.fn.values()) if etype is None else self.fn[etype]
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    @property
    def resolution(self) -> float:
        return self.resolved / self.resolvable if self.resolvable else 1.0

    @property
    def time_accuracy(self) -> float:
        return self.times_right / self.times if self.times else 1.0

    @property
    def quantity_accuracy(self) -> float:
        return self.quantities_right / self.quantities if self.quantities else 1.0


def load_cases(path: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text("utf-8"))
    default = data.get("published")
    cases = data["cases"]
    for case in cases:
        case.setdefault("published", default)
    return cases


def _score_mentions(case: dict[str, Any], predicted: list[Any], s: Scores) -> None:
    # pronouns and topic references are resolutions the gold does not annotate ("he", "its")
    pool = [m for m in predicted if m.source not in ("pronoun", "topic")]
    for text, etype, key in case["m"]:
        match = next((m for m in pool if m.text == text), None)
        if match is None:
            s.fn[etype] += 1
            s.errors.append(f"{case['id']}: missed {text!r} ({etype})")
            continue
        pool.remove(match)
        if match.type == etype:
            s.tp[etype] += 1
        else:
            s.fn[etype] += 1
            s.fp[match.type] += 1
            s.errors.append(f"{case['id']}: {text!r} typed {match.type}, gold {etype}")
        if key is not None:
            s.resolvable += 1
            s.by_source[match.source] += 1
            if match.key == key:
                s.resolved += 1
                s.right_by_source[match.source] += 1
            else:
                s.errors.append(f"{case['id']}: {text!r} resolved {match.key}, gold {key}")
    for m in pool:
        s.fp[m.type] += 1
        s.errors.append(f"{case['id']}: spurious {m.text!r} ({m.type}, {m.key}, {m.source})")


def _overlapping(text: str, gold: str, predicted: list[Any]) -> Any:
    start = text.find(gold)
    if start < 0:
        return None
    end = start + len(gold)
    return next((p for p in predicted if p.start < end and p.end > start), None)


def _score_times(case: dict[str, Any], times: list[Any], s: Scores) -> None:
    for gold_text, edtf in case.get("t") or []:
        s.times += 1
        found = _overlapping(case["text"], gold_text, times)
        if found is None:
            s.errors.append(f"{case['id']}: time {gold_text!r} not found")
            continue
        s.times_found += 1
        if found.edtf == edtf:
            s.times_right += 1
        else:
            s.errors.append(f"{case['id']}: time {gold_text!r} -> {found.edtf}, gold {edtf}")


def _score_quantities(case: dict[str, Any], quantities: list[Any], s: Scores) -> None:
    for gold_text, low, high, qualifier in case.get("q") or []:
        s.quantities += 1
        found = _overlapping(case["text"], gold_text, quantities)
        if found is None:
            s.errors.append(f"{case['id']}: quantity {gold_text!r} not found")
            continue
        s.quantities_found += 1
        got = (found.low, found.high, found.qualifier)
        if got == (low, high, qualifier):
            s.quantities_right += 1
        else:
            s.errors.append(f"{case['id']}: quantity {gold_text!r} -> {got}, "
                            f"gold {(low, high, qualifier)}")


def evaluate_file(path: Path, reference: Any) -> Scores:
    """Score the reader on one gold file."""
    from watchfloor.read.analysis import analyse
    from watchfloor.records import Document

    scores = Scores()
    for case in load_cases(path):
        analysis = analyse(Document(text=case["text"], published=case["published"]), reference)
        if "m" in case:
            _score_mentions(case, analysis.mentions, scores)
        _score_times(case, analysis.times, scores)
        _score_quantities(case, analysis.quantities, scores)
    return scores


def report(name: str, s: Scores, verbose: bool) -> None:
    print(f"== {name}")
    types = sorted(set(s.tp) | set(s.fp) | set(s.fn))
    for etype in [*types, None]:
        p, r, f = s.prf(etype)
        n = (s.tp[etype] + s.fn[etype]) if etype else sum(s.tp.values()) + sum(s.fn.values())
        print(f"  {etype or 'ALL':<14} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (gold {n})")
    print(f"  resolution accuracy   {s.resolution:.3f}  ({s.resolved}/{s.resolvable})")
    print("    by source: " + ", ".join(f"{src} {s.right_by_source[src]}/{n}"
                                      for src, n in sorted(s.by_source.items())))
    print(f"  times: found {s.times_found}/{s.times}, value accuracy {s.time_accuracy:.3f}")
    print(f"  quantities: found {s.quantities_found}/{s.quantities}, "
          f"value accuracy {s.quantity_accuracy:.3f}")
    if verbose:
        for line in s.errors:
            print("   -", line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true", help="list every error")
    args = parser.parse_args()
    from watchfloor.read.reference import load_reference
    from watchfloor.settings import load_settings

    reference = load_reference(load_settings()["spacy_model"])
    for path in args.files or sorted(GOLD.glob("*.yaml")):
        report(path.name, evaluate_file(path, reference), args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
