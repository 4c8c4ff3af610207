"""Plain helpers (not fixtures: fixtures live only in tests/conftest.py) for the Dask
engine's tests: a real ``dask scheduler`` and ``dask worker`` processes on 127.0.0.1,
a folder of small documents written by the test, and a comparable snapshot of a base."""

from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from watchfloor.store.base import ClaimFilter
from watchfloor.store.opening import open_knowledge_base

GROUPS = ("ISKP", "al-Shabaab", "JNIM", "Boko Haram", "the Taliban")
PLACES = ("Kunduz", "Mogadishu", "Gao", "Maiduguri", "Jalalabad", "Baidoa")
MONTHS = ("January", "March", "May", "July", "September", "November")
# uncatalogued groups, named in full with their acronym in some documents and by the acronym
# alone in others: resolved by alias across documents, the case where a base written in
# another order than the sequential run's has been seen to get other claim ids
INVENTED = (("Harakat Kamal al-Islamiya", "HKI"), ("Jabhat Nur al-Sahel", "JNS"),
            ("Liwa Tarik al-Fajr", "LTF"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    address: str
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    logs: Path | None = None

    def worker_pids(self) -> set[int]:
        return {p.pid for p in self.workers if p.poll() is None}

    def log_text(self) -> str:
        """What the processes wrote, to explain a failure."""
        if self.logs is None:
            return ""
        return "\n".join(f"== {p.name}\n{p.read_text(errors='replace')[-3000:]}"
                         for p in sorted(self.logs.glob("*.log")))


def _spawn(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen([sys.executable, "-m", "dask", *args], stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)


@contextlib.contextmanager
def dask_cluster(logs: Path, workers: int = 2, timeout: float = 60.0) -> Iterator[Cluster]:
    """A scheduler on a free port and ``workers`` single-threaded worker processes without
    nannies (so killing one removes it), all stopped on exit."""
    from distributed import Client

    logs.mkdir(parents=True, exist_ok=True)
    address = f"tcp://127.0.0.1:{free_port()}"
    procs = [_spawn(["scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
                     "--no-dashboard"], logs / "scheduler.log")]
    cluster = Cluster(address, logs=logs)
    try:
        for n in range(workers):
            worker = _spawn(["worker", address, "--nthreads", "1", "--no-nanny",
                             "--host", "127.0.0.1", "--no-dashboard", "--name", f"w{n}",
                             "--memory-limit", "0"], logs / f"worker-{n}.log")
            procs.append(worker)
            cluster.workers.append(worker)
        with Client(address, timeout=timeout) as client:
            client.wait_for_workers(workers, timeout=timeout)
        yield cluster
    finally:
        for proc in reversed(procs):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 10
        for proc in procs:
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def write_documents(folder: Path, count: int, sentences: int = 6) -> Path:
    """``count`` short reports (our own sentences), with groups and places repeated across
    them so entity resolution across documents matters, plus a duplicate and two bad files."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        lines = []
        for k in range(sentences):
            group = GROUPS[(n + k) % len(GROUPS)]
            place = PLACES[(n * 3 + k) % len(PLACES)]
            month = MONTHS[(n + 2 * k) % len(MONTHS)]
            lines.append(
                f"On {1 + (n + k) % 27} {month} 202{n % 4}, {group} fighters attacked a police"
                f" post in {place}, killing {2 + (n * k) % 19} officers, local officials said."
            )
            lines.append(f"The UN estimated that {group} had about {100 * (n + k + 3)}"
                         f" fighters near {place} at the time.")
        full, acronym = INVENTED[n % len(INVENTED)]
        named = f"{full} ({acronym})" if n % 4 == 3 else acronym
        lines.append(f"{named} fighters attacked a checkpoint in {PLACES[n % len(PLACES)]} on"
                     f" {1 + n % 27} {MONTHS[n % len(MONTHS)]} 2022, killing {3 + n} soldiers,"
                     " officials said.")
        (folder / f"report-{n:03d}.txt").write_text(" ".join(lines) + "\n", encoding="utf-8")
    first = (folder / "report-000.txt").read_text(encoding="utf-8")
    (folder / "report-copy.txt").write_text(first, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "junk.txt").write_bytes(bytes(range(256)) * 40)
    return folder


def snapshot(db: Path | str) -> dict[str, Any]:
    """What must be equal between two runs: claim, event and entity ids and names, and per
    document what was written (a half-written document would differ here). ``db`` is a
    file or a ``postgresql://`` URL."""
    kb = open_knowledge_base(db, readonly=True)
    try:
        assert kb.integrity_check() == "ok"
        every = ClaimFilter(include_rejected=True)
        return {
            "claims": sorted(c["id"] for c in kb.claims(every)),
            "events": sorted(e["id"] for e in kb.events()),
            "entities": sorted((e["id"], e["name"]) for e in kb.entities()),
            "documents": {
                d["id"]: (len(kb.claims(ClaimFilter(document=d["id"], include_rejected=True))),
                          len(kb.events(d["id"])))
                for d in kb.documents()
            },
        }
    finally:
        kb.close()
