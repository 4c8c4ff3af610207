"""Scale: documents per second of ``ingest`` sequentially and on Dask with 1 and 2 local
workers, on the same batch of documents; and 4 concurrent writers into PostgreSQL against 1.

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

PostgreSQL (``--only postgres`` for this part alone): the same batch is ingested into a
fresh PostgreSQL database by one ``watchfloor ingest`` process, then split in 4 shards
ingested by 4 processes at once into another fresh database (each process loads the model
and writes its own documents; writes queue behind the store's write lock, extraction runs
in parallel). Times are from starting the processes to the last one's exit, model loading
included, the same for both. Then the store's part alone: the batch is extracted once in
this process, and the extractions are written by 1 process and by 4 at once (no model in
the writers). The server is ``--postgres URL`` (databases are created on it and dropped),
else a throwaway local cluster (``store.pg_cluster``).

    .venv/bin/python bench/scale.py
    .venv/bin/python bench/scale.py --docs 50 --workers 1,2,4
    .venv/bin/python bench/scale.py --only postgres --docs 100
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
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


def _ingest_processes(folders: list[Path], url: str) -> float:
    """Seconds from starting one ``watchfloor ingest`` per folder at once to the last exit."""
    code = "from watchfloor.cli.main import main; main()"
    started = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-c", code, "ingest", str(f), "--db", url, "-q"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for f in folders]
    errors = [p.communicate()[1] for p in procs]
    if any(p.returncode for p in procs):
        raise SystemExit(f"an ingest process failed: {[e[-300:] for e in errors if e]}")
    return time.perf_counter() - started


def _claim_ids(url: str) -> list[str]:
    from watchfloor.store.base import ClaimFilter
    from watchfloor.store.opening import open_knowledge_base

    with open_knowledge_base(url, readonly=True) as kb:
        return sorted(c["id"] for c in kb.claims(ClaimFilter(include_rejected=True)))


_WRITE = """
import pickle, sys
from watchfloor.store.opening import open_knowledge_base
with open(sys.argv[2], "rb") as f:
    extractions = pickle.load(f)
with open_knowledge_base(sys.argv[1]) as kb:
    for ex in extractions:
        kb.write_extraction(ex, model="bench")
"""


def _write_processes(shards: list[Path], url: str) -> float:
    """Seconds for one process per pickled shard of extractions to write it, all at once."""
    started = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-c", _WRITE, url, str(shard)],
                              stderr=subprocess.PIPE, text=True) for shard in shards]
    errors = [p.communicate()[1] for p in procs]
    if any(p.returncode for p in procs):
        raise SystemExit(f"a writer failed: {[e[-300:] for e in errors if e]}")
    return time.perf_counter() - started


def postgres_writes_only(folder: Path, work: Path, server: str, writers: int = 4) -> None:
    """The store's part alone: the batch extracted once here, then written by 1 process and
    by ``writers`` processes at once (each its shard), no model in the writers."""
    import pickle

    from watchfloor.ingest import iter_sources, load_document
    from watchfloor.pipeline import extract_document, reference_for
    from watchfloor.settings import load_settings
    from watchfloor.store.pg_cluster import create_database, drop_database

    settings = load_settings()
    reference = reference_for(settings)
    extractions = [extract_document(load_document(p, settings), reference)
                   for p in iter_sources([folder]) if isinstance(p, Path)]
    whole = work / "all.pickle"
    whole.write_bytes(pickle.dumps(extractions))
    shards = [work / f"shard-{n}.pickle" for n in range(writers)]
    for n, shard in enumerate(shards):
        shard.write_bytes(pickle.dumps(extractions[n::writers]))
    timings = {}
    for label, parts in (("1 writer", [whole]), (f"{writers} writers", shards)):
        url = create_database(server, "wf_bench")
        try:
            timings[label] = seconds = _write_processes(parts, url)
        finally:
            drop_database(server, url)
        print(f"  writes only, {label:<10} {len(extractions)} docs in {seconds:6.2f} s ="
              f" {len(extractions) / seconds:6.1f} docs/s", flush=True)
    one, many = timings.values()
    print(f"  writes only: {writers} writers take {many / one:4.2f}x the time of 1")


def postgres_writers(folder: Path, work: Path, server: str | None, writers: int = 4) -> bool:
    """One writer against ``writers`` concurrent ones, on PostgreSQL; same claim ids?"""
    from watchfloor.store.pg_cluster import Cluster, create_database, drop_database

    cluster = None if server else Cluster()
    server = server or (cluster.server_url if cluster else "")
    shards = [work / f"shard-{n}" for n in range(writers)]
    for n, path in enumerate(sorted(folder.glob("*.txt"))):
        shard = shards[n % writers]
        shard.mkdir(exist_ok=True)
        for part in (path, path.with_suffix(".meta.json")):
            if part.exists():
                shutil.copy(part, shard / part.name)
    docs = len(list(folder.glob("*.txt")))
    urls = []
    try:
        print(f"PostgreSQL: {docs} documents; {load()}", flush=True)
        timings = {}
        for label, folders in (("1 writer", [folder]), (f"{writers} writers", shards)):
            url = create_database(server, "wf_bench")
            urls.append(url)
            seconds = timings[label] = _ingest_processes(folders, url)
            print(f"  {label:<18} {docs} docs in {seconds:6.1f} s = {docs / seconds:5.2f} docs/s"
                  f" (model loading included); {load()}", flush=True)
        one, many = timings.values()
        print(f"  {writers} writers take {many / one:4.2f}x the time of 1"
              f" ({one / many:4.2f}x the documents per second)")
        same = _claim_ids(urls[0]) == _claim_ids(urls[1])
        postgres_writes_only(folder, work, server, writers)
        print(f"same claim ids with 1 and {writers} writers: {'yes' if same else 'NO'}")
        return same
    finally:
        for url in urls:
            drop_database(server, url)
        if cluster:
            cluster.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--workers", default="1,2", help="local Dask cluster sizes to time")
    parser.add_argument("--only", choices=("all", "engines", "postgres"), default="all")
    parser.add_argument("--postgres", default=None, metavar="URL",
                        help="a server to create the benchmark's databases on (default: a"
                        " throwaway local cluster)")
    args = parser.parse_args()
    if args.only == "postgres":
        work = Path(tempfile.mkdtemp(prefix="watchfloor-scale-"))
        try:
            build_batch(work / "docs", args.docs)
            return 0 if postgres_writers(work / "docs", work, args.postgres) else 1
        finally:
            shutil.rmtree(work, ignore_errors=True)

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
        same_pg = args.only == "engines" or postgres_writers(folder, work, args.postgres)
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
    return 0 if same and same_pg else 1


if __name__ == "__main__":
    sys.exit(main())
