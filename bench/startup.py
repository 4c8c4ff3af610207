"""Time a fresh ``watchfloor`` process: start-up and imports, then a reading command.

Usage:
    .venv/bin/python bench/startup.py [--db /tmp/big.db] [--runs 15]

Each command runs as its own process (as an analyst's shell runs it) ``--runs`` times;
the median and the fastest wall time are printed. ``--db`` adds ``entities`` on that base
(``bench/big_kb.py`` builds a large one). The first ``entities`` on a base changed since
its last page check pays for ``PRAGMA quick_check`` (reading the whole file) and is not
counted: one warm-up run precedes the timed ones.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

WATCHFLOOR = [sys.executable, "-m", "watchfloor.cli.main"]


def timed(cmd: list[str], runs: int) -> tuple[float, float]:
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), min(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=None, help="a base to time `entities` on")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "import watchfloor.cli.main": [sys.executable, "-c", "import watchfloor.cli.main"],
        "watchfloor --help": [*WATCHFLOOR, "--help"],
        "watchfloor entities --help": [*WATCHFLOOR, "entities", "--help"],
    }
    if args.db:
        commands["watchfloor entities"] = [*WATCHFLOOR, "entities", "--db", args.db]
    for name, cmd in commands.items():
        median, fastest = timed(cmd, args.runs)
        print(f"{name:<30} median {median * 1000:6.0f} ms   fastest {fastest * 1000:6.0f} ms")


if __name__ == "__main__":
    main()
