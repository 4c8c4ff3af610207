"""TempEval-3 platinum benchmark for :func:`watchfloor.read.timex.find_times`.

Usage: ``.venv/bin/python bench/tempeval.py [--verbose]``

Reads the 20 gold TimeML files in ``../shared/data/tempeval3-platinum/gold`` (never copied
into the repo). The text is the gold ``<TEXT>`` with tags stripped (identical to the
``input/`` files, see the data README), so gold offsets come from the stripping and the
input/gold filename mismatch (sarkozy/sarcozy) does not matter. The DCT is the anchor.

Scoring rules:
* Gold = TIMEX3 of type DATE and TIME inside ``<TEXT>`` (the DCT is not in the text).
* A prediction that overlaps a gold DURATION or SET timex (and no DATE/TIME) is ignored,
  not counted as a false positive: we do not model durations/sets, and several of our
  readings ("the past six months") are durations in TimeML.
* Strict: identical (start, end). Relaxed: any overlap, one-to-one (greedy, text order).
* Value accuracy = relaxed matches whose ``to_timex3_value`` equals the gold value, over
  relaxed matches. Value F1 counts only those as true positives.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from watchfloor.read.timex import find_times, to_timex3_value

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "tempeval3-platinum"
_TAG = re.compile(r"<(/?)(\w+)([^>]*?)(/?)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass
class Gold:
    start: int
    end: int
    text: str
    type: str
    value: str


def load(path: Path) -> tuple[str, str, list[Gold]]:
    """(text, dct, timexes) with offsets into the tag-stripped TEXT."""
    raw = path.read_text(encoding="utf-8")
    dct_tag = re.search(r"<DCT>.*?<TIMEX3([^>]*)>", raw, re.S)
    if dct_tag is None:
        raise ValueError(f"{path.name}: no DCT")
    dct = dict(_ATTR.findall(dct_tag.group(1)))["value"]
    body = re.search(r"<TEXT>(.*?)</TEXT>", raw, re.S)
    if body is None:
        raise ValueError(f"{path.name}: no TEXT")
    src = body.group(1)
    out: list[str] = []
    pos = 0
    length = 0
    open_timex: list[tuple[int, dict[str, str]]] = []
    golds: list[Gold] = []
    for m in _TAG.finditer(src):
        chunk = html.unescape(src[pos : m.start()])
        out.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name, attrs = m.group(1), m.group(2), m.group(3)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex.append((length, dict(_ATTR.findall(attrs))))
        else:
            start, a = open_timex.pop()
            golds.append(Gold(start, length, "", a.get("type", ""), a.get("value", "")))
    out.append(html.unescape(src[pos:]))
    text = "".join(out)
    for g in golds:
        g.text = text[g.start : g.end]
    return text, dct, golds


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="per-document counts and errors")
    args = parser.parse_args(argv)
    gold_dir = DATA / "gold"
    if not gold_dir.is_dir():
        print(f"TempEval-3 platinum data not found at {gold_dir}; see bench/README.md", file=sys.stderr)
        return 2
    totals = {"pred": 0, "gold": 0, "strict": 0, "relaxed": 0, "value": 0, "ignored": 0}
    started = time.perf_counter()
    for path in sorted(gold_dir.glob("*.tml")):
        text, dct, golds = load(path)
        scored = [g for g in golds if g.type in ("DATE", "TIME")]
        other = [g for g in golds if g.type not in ("DATE", "TIME")]
        preds = []
        ignored = 0
        for t in find_times(text, dct):
            span = (t.start, t.end)
            hits_scored = any(_overlap(span, (g.start, g.end)) for g in scored)
            if not hits_scored and any(_overlap(span, (g.start, g.end)) for g in other):
                ignored += 1
                continue
            preds.append(t)
        strict = sum(1 for t in preds if any((t.start, t.end) == (g.start, g.end) for g in scored))
        used: set[int] = set()
        relaxed = value = 0
        errors = []
        for t in preds:
            match = next(
                (i for i, g in enumerate(scored) if i not in used and _overlap((t.start, t.end), (g.start, g.end))),
                None,
            )
            if match is None:
                errors.append(f"  FP  {t.text!r} -> {to_timex3_value(t)}")
                continue
            used.add(match)
            relaxed += 1
            got = to_timex3_value(t)
            if got == scored[match].value:
                value += 1
            else:
                errors.append(f"  VAL {t.text!r} -> {got} (gold {scored[match].text!r} {scored[match].value})")
        errors += [f"  FN  {g.text!r} {g.value}" for i, g in enumerate(scored) if i not in used]
        for key, n in (("pred", len(preds)), ("gold", len(scored)), ("strict", strict),
                       ("relaxed", relaxed), ("value", value), ("ignored", ignored)):  # fmt: skip
            totals[key] += n
        if args.verbose:
            print(f"{path.name:40s} gold={len(scored):3d} pred={len(preds):3d} strict={strict:3d} "
                  f"relaxed={relaxed:3d} value={value:3d} ignored={ignored}")  # fmt: skip
            for line in errors:
                print(line)
    elapsed = time.perf_counter() - started
    n_pred, n_gold = totals["pred"], totals["gold"]
    print(f"TempEval-3 platinum: {n_gold} gold DATE/TIME timexes, {n_pred} predictions "
          f"({totals['ignored']} ignored: overlap gold DURATION/SET), {elapsed:.2f}s")  # fmt: skip
    for name in ("strict", "relaxed", "value"):
        p, r, f = _prf(totals[name], n_pred, n_gold)
        print(f"{name:8s} P={p:.3f} R={r:.3f} F1={f:.3f}")
    acc = totals["value"] / totals["relaxed"] if totals["relaxed"] else 0.0
    print(f"value accuracy (over relaxed matches) = {acc:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
