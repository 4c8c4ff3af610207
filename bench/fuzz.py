"""Fuzz the number, time, date and cleaning readers with 10^5 inputs.

Prints, per reader, the inputs run, exceptions, invariant violations (low <= high and
finite, valid EDTF with earliest <= latest, spans reproducing the text, clean text) and
calls over one second, with the first few of each kind. The goal (issue 12) is 0, 0, 0.
Inputs come from the token grammar in ``tests/fuzzing.py`` (the same one the hypothesis
tests use), mixed with random characters; 3% are long (up to ~25 KB) runs of a few
tokens, where quadratic rules show. The time reader counts from a different anchor per
input, the calendar's ends among them. Seeded, so a run can be repeated.

    .venv/bin/python bench/fuzz.py                # 100000 inputs
    .venv/bin/python bench/fuzz.py --inputs 5000 --seed 7
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from fuzzing import TOKENS, join, readers  # noqa: E402

SLOW = 1.0
SEPARATORS = (" ", "", "\n", ", ", "-", " of ", "\n\n", "\f", "-\n")


def random_chars(rng: random.Random, n: int) -> str:
    pools = ("abcxyzABCXYZ ", "0123456789,.-/", "éüñ’“”–—…", "\x00\x07\x1b\u200b\ufeff",
             "\u0627\u0644\u0645", "\U0001f600")
    return "".join(rng.choice(rng.choice(pools)) for _ in range(n))


def one_input(rng: random.Random) -> str:
    if rng.random() < 0.03:  # a long run of a few tokens
        tokens = rng.sample(TOKENS, rng.randint(1, 3))
        n = rng.randint(100, 2000)
        return join([rng.choice(tokens) for _ in range(n)], [rng.choice(SEPARATORS)])
    parts = []
    for _ in range(rng.randint(0, 40)):
        parts.append(rng.choice(TOKENS) if rng.random() < 0.8 else random_chars(rng, rng.randint(1, 6)))
    return join(parts, [rng.choice(SEPARATORS) for _ in range(rng.randint(1, 3))])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--show", type=int, default=3, help="examples shown per kind")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    checks = readers()
    stats = {name: {"runs": 0, "exceptions": 0, "violations": 0, "slow": 0, "seconds": 0.0}
             for name in checks}
    examples: dict[tuple[str, str], list[str]] = {}
    started = time.perf_counter()
    for i in range(args.inputs):
        text = one_input(rng)
        for name, check in checks.items():
            row = stats[name]
            row["runs"] += 1
            t0 = time.perf_counter()
            try:
                problems = check(text)
                failure = None
            except Exception:  # noqa: BLE001 - counting them is the point
                problems, failure = [], traceback.format_exc(limit=3).strip().splitlines()[-1]
            took = time.perf_counter() - t0
            row["seconds"] += took
            kinds = []
            if failure:
                row["exceptions"] += 1
                kinds.append(("exception", failure))
            if problems:
                row["violations"] += 1
                kinds.append(("violation", problems[0]))
            if took > SLOW:
                row["slow"] += 1
                kinds.append(("slow", f"{took:.1f} s"))
            for kind, detail in kinds:
                shown = examples.setdefault((name, kind), [])
                if len(shown) < args.show:
                    shown.append(f"{detail} on {text[:120]!r}{'...' if len(text) > 120 else ''}"
                                 f" ({len(text)} chars)")
        if (i + 1) % 10_000 == 0:
            print(f"  {i + 1:,} inputs, {time.perf_counter() - started:.0f} s", file=sys.stderr)

    print(f"{args.inputs:,} inputs (seed {args.seed}), {time.perf_counter() - started:.0f} s")
    print(f"{'reader':<10} {'runs':>8} {'exceptions':>11} {'violations':>11} {'over 1 s':>9}"
          f" {'mean ms':>8}")
    for name, row in stats.items():
        print(f"{name:<10} {row['runs']:>8,} {row['exceptions']:>11} {row['violations']:>11}"
              f" {row['slow']:>9} {1000 * row['seconds'] / max(1, row['runs']):>8.2f}")
    for (name, kind), shown in examples.items():
        print(f"\n{name} {kind}:")
        for line in shown:
            print(f"  {line}")
    bad = sum(r["exceptions"] + r["violations"] + r["slow"] for r in stats.values())
    print("\nOK: 0 exceptions, 0 violations, 0 calls over 1 s" if not bad else
          f"\nNOT OK: {bad} bad runs")
    return 0 if not bad else 1


if __name__ == "__main__":
    sys.exit(main())
