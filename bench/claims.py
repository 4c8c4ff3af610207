"""Precision and recall of claim and event extraction on the project's own gold cases.

The cases are the quality-gate files under ``tests/eval/claims/`` (sentences and short
documents written by the team, each with the claims an analyst would record). Matching
rules are in :mod:`watchfloor.evaluate`.

    .venv/bin/python bench/claims.py                 # every family
    .venv/bin/python bench/claims.py relations -v    # one family, with every miss listed
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))


def main() -> int:
    from eval.families import FAMILIES, family_files, family_scope
    from watchfloor.evaluate import load_cases, score_cases
    from watchfloor.read.reference import load_reference
    from watchfloor.settings import load_settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("families", nargs="*", default=list(FAMILIES))
    parser.add_argument("-v", "--verbose", action="store_true", help="list every error")
    args = parser.parse_args()
    reference = load_reference(load_settings()["spacy_model"])
    for family in args.families:
        cases = load_cases(family_files(family))
        report = score_cases(cases, reference, family_scope(family),
                             with_events=family == "events")
        gold = sum(len(c.get("claims") or []) + len(c.get("events") or []) for c in cases)
        print(f"\n== {family}: {len(cases)} cases, {gold} gold claims/events")
        print("\n".join(report.lines()))
        if args.verbose:
            print("\n".join(report.errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
