"""Scale: documents per second of ``ingest`` sequentially and on Dask with 1 and 2 local
workers, on the same batch of documents.

Why: the Dask engine (``watchfloor ingest --engine dask``) is only worth its processes if it
turns more cores into more documents per second; this prints the ratios, and checks that
every run gave the same claim ids (the engines must not change the knowledge base).

The batch (default 200 documents) is the bundled samples/ cycled: each copy is the
sample's cleaned text with one closing line naming the copy (so no two copies share a
document id), in a .txt file with the sample's metadata sidecar, written to a temporary
folder. Each run ingests the whole batch into a fresh knowledge base through the real
pipeline and store (the client writes, one transaction per document). Start-up (loading
the model here, or starting the cluster and loading the model on every worker) is timed
apart from the ingest itself. Times are wall-clock: the point is the elapsed time, so on a
shared machine the load average is printed with each run. The CPU time of this process (the
client: reading files, writing the base; with a local cluster also the scheduler) bounds
what more workers can give: it is the part that does not spread.

    .venv/bin/python bench/scale.py
    .venv/bin/python bench/scale.py --docs 50 --workers 1,2,4
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"


def build_batch(folder: Path, count: int) -> list[Path]:
    """``count`` documents made by cycling the samples, each with a distinct text."""
    from watchfloor.ingest import iter_sources, load_document
    from watchfloor.settings import load_settings

    settings = load_settings()
    samples = [load_document(p, settings) for p in iter_sources([SAMPLES])
               if isinstance(p, Path)]
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        sample = samples[n % len(samples)]
        stem = Path(sample.path or f"sample-{n % len(samples)}").stem
        path = folder / f"{n:03d}-{stem}.txt"
        path.write_text(f"{sample.text}\n\nFiled as copy {n} of the scale benchmark.\n",
                        encoding="utf-8")
        meta = {"title": sample.title, "publisher": sample.publisher,
                "published": sample.published}
        (folder / f"{n:03d}-{stem}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
        paths.append(path)
    return paths


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.2f}/{five:.2f} on {os.cpu_count()} CPUs"


def run(label: str, folder: Path, db: Path, engine: Any, startup: float) -> dict[str, Any]:
    from watchfloor.pipeline import ingest_paths
    from watchfloor.settings import load_settings
    from watchfloor.store.base import ClaimFilter
    from watchfloor.store.sqlite import SQLiteKnowledgeBase

    settings = load_settings({"db": str(db)})
    before = load()
    kb = SQLiteKnowledgeBase(db)
    with kb:
        started, cpu = time.perf_counter(), time.process_time()
        report = ingest_paths([folder], kb, settings, engine=engine)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        claims = sorted(c["id"] for c in kb.claims(ClaimFilter(include_rejected=True)))
    if report.failed or report.stopped:
        raise SystemExit(f"{label}: {len(report.failed)} failed: {report.failed[:3]}")
    result = {"label": label, "docs": len(report.added), "seconds": seconds,
              "startup": startup, "claims": claims, "load": f"{before} → {load()}"}
    print(f"  {label:<18} {len(report.added)} docs in {seconds:6.1f} s"
          f" = {len(report.added) / seconds:5.2f} docs/s; this process's CPU {cpu:5.1f} s;"
          f" start-up {startup:4.1f} s; {result['load']}", flush=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--workers", default="1,2", help="local Dask cluster sizes to time")
    args = parser.parse_args()

    from watchfloor.engine import SequentialEngine
    from watchfloor.engine.cluster import DaskEngine
    from watchfloor.pipeline import reference_for
    from watchfloor.settings import load_settings

    settings = load_settings()
    work = Path(tempfile.mkdtemp(prefix="watchfloor-scale-"))
    try:
        folder = work / "docs"
        build_batch(folder, args.docs)
        size = sum(p.stat().st_size for p in folder.glob("*.txt")) / 1e6
        print(f"{args.docs} documents ({size:.1f} MB of text) from samples/;"
              f" {load()}; model {settings['spacy_model']}", flush=True)
        started = time.perf_counter()
        reference = reference_for(settings)
        results = [run("sequential", folder, work / "seq.db",
                       SequentialEngine(settings, reference), time.perf_counter() - started)]
        for workers in (int(w) for w in args.workers.split(",")):
            started = time.perf_counter()
            with DaskEngine(settings, workers=workers) as engine:
                startup = time.perf_counter() - started
                results.append(run(f"dask, {workers} worker{'s' * (workers > 1)}", folder,
                                   work / f"dask-{workers}.db", engine, startup))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    base = results[0]
    rate = base["docs"] / base["seconds"]
    print("\nratios of documents per second to the sequential run (ingest only; with"
          " start-up in brackets):")
    for r in results[1:]:
        with_startup = (r["docs"] / (r["seconds"] + r["startup"])) / (
            base["docs"] / (base["seconds"] + base["startup"]))
        print(f"  {r['label']:<18} {r['docs'] / r['seconds'] / rate:4.2f}x"
              f" ({with_startup:4.2f}x)")
    same = all(r["claims"] == base["claims"] for r in results)
    print(f"same claim ids in every run: {'yes' if same else 'NO'}"
          f" ({len(base['claims'])} claims)")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
