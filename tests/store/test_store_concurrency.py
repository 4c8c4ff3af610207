"""Many processes on one base, on each backend (a SQLite file, a PostgreSQL database):
writers wait for each other and retry, each document is added exactly once and reported
truthfully, a reviewer's judgements are all kept, readers always see a consistent base,
and opening a new base from many processes at once migrates it once.

Real processes (``subprocess``), a real file or server; no timing asserts, only outcomes.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from watchfloor.store.opening import open_knowledge_base

TESTS = Path(__file__).resolve().parent.parent

WRITER = """
import json, random, sys
sys.path.insert(0, {tests!r})
from conftest import make_extraction
from watchfloor.store.opening import open_knowledge_base

path, seed, shared, own = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
texts = [f"Report {{i}}: ISKP had {{100 + i}} fighters in 2017." for i in range(shared)]
texts += [f"Writer {{seed}} note {{i}}: ISKP had {{500 + i}} fighters in 2018." for i in range(own)]
random.Random(seed).shuffle(texts)
created, unchanged = [], []
with open_knowledge_base(path, lock_timeout=120) as kb:
    for text in texts:
        ex = make_extraction(text, [("iskp", "armed_group", "ISKP")],
                             [("iskp", "fighters", None, text, {{"low": 1.0, "high": 1.0}})])
        result = kb.write_extraction(ex, model="m")
        (created if result.created else unchanged).append(result.document)
print(json.dumps({{"created": created, "unchanged": unchanged}}))
"""

READER = """
import sys, time
from pathlib import Path
from watchfloor.store.opening import open_knowledge_base

path, stop = sys.argv[1], Path(sys.argv[2])
reads = 0
while not stop.exists() or reads == 0:
    with open_knowledge_base(path, readonly=True) as kb:
        stats = kb.stats()
        docs = {d["id"] for d in kb.documents()}
        claims = kb.claims()
        # one snapshot: every claim's document and evidence are there, one claim each
        assert stats["documents"] == len(docs), (stats, len(docs))
        assert stats["claims"] == len(claims) == len(docs), (stats, len(claims))
        for c in claims:
            assert c["document"] in docs and len(c["evidence"]) == 1
    reads += 1
print(reads)
"""

# holds the write lock through the store's own write path, whatever the backend
HOLDER = """
import sys, time
from watchfloor.store.opening import open_knowledge_base

with open_knowledge_base(sys.argv[1]) as kb:
    kb._write(lambda: (print("holding", flush=True), time.sleep(float(sys.argv[2]))))
"""

REVIEWER = """
import sys
from watchfloor.store.opening import open_knowledge_base

with open_knowledge_base(sys.argv[1], lock_timeout=120) as kb:
    for i in range(int(sys.argv[2])):
        kb.log_judgements([("claim", f"clm-{i:04d}", "accept", {}, "reviewer", None)])
"""


def _start(code: str, *args: object) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", code, *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(proc: subprocess.Popen[str], timeout: float = 240) -> str:
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, err
    return out


def test_store_four_writers_a_reviewer_and_two_readers_on_one_base(kb_url: str,
                                                                   tmp_path: Path) -> None:
    path = kb_url
    open_knowledge_base(path).close()
    stop = tmp_path / "stop"
    holder = _start(HOLDER, path, 1.5)  # a writer that keeps the lock a while first
    assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
    shared, own = 25, 5
    writers = [_start(WRITER.format(tests=str(TESTS)), path, seed, shared, own)
               for seed in range(4)]
    reviewer = _start(REVIEWER, path, 40)
    readers = [_start(READER, path, stop) for _ in range(2)]
    results = [json.loads(_finish(w)) for w in writers]
    _finish(reviewer)
    stop.touch()
    _finish(holder)
    reads = [int(_finish(r)) for r in readers]

    created = [doc for r in results for doc in r["created"]]
    unchanged = [doc for r in results for doc in r["unchanged"]]
    assert len(created) == len(set(created)) == shared + 4 * own  # each added exactly once
    assert set(unchanged) <= set(created)
    assert len(created) + len(unchanged) == 4 * (shared + own)  # every write reported
    assert all(n >= 1 for n in reads)
    with open_knowledge_base(path, readonly=True) as kb:
        assert {d["id"] for d in kb.documents()} == set(created)
        assert kb.stats()["claims"] == len(created)
        assert len(kb.entities()) == 1  # every writer's ISKP resolved to the one entity
        assert [j["target"] for j in kb.judgements()] == [f"clm-{i:04d}" for i in range(40)]
        assert kb.integrity_check() == "ok"


def test_store_six_processes_create_one_new_base_at_once(kb_url: str) -> None:
    path = kb_url
    start = time.time() + 1.0
    code = ("import sys, time\n"
            "from watchfloor.store.opening import open_knowledge_base\n"
            "time.sleep(max(0.0, float(sys.argv[2]) - time.time()))\n"
            "open_knowledge_base(sys.argv[1]).close()\n")
    procs = [_start(code, path, start) for _ in range(6)]
    for p in procs:
        _finish(p)
    from watchfloor.store.schema import MIGRATIONS

    with open_knowledge_base(path) as kb:  # the same numbers and names on both backends
        assert [tuple(r) for r in kb.conn.execute(
            "SELECT id, name FROM migrations ORDER BY id").fetchall()] == [
            (number, name) for number, name, _ in MIGRATIONS]


def test_store_lock_held_past_the_timeout_is_one_clear_error(kb_url: str) -> None:
    from watchfloor.exceptions import StoreError

    from conftest import make_extraction

    path = kb_url
    open_knowledge_base(path).close()
    holder = _start(HOLDER, path, 3)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
    with open_knowledge_base(path, lock_timeout=0.5) as kb:
        text = "ISKP had 100 fighters in 2017."
        with pytest.raises(StoreError, match="stayed locked by another process"):
            kb.write_extraction(make_extraction(text, [("iskp", "armed_group", "ISKP")]),
                                model="m")
    _finish(holder)
    with open_knowledge_base(path, lock_timeout=5) as kb:  # after the holder: it goes in
        assert kb.write_extraction(
            make_extraction(text, [("iskp", "armed_group", "ISKP")]), model="m").created


@pytest.mark.slow
def test_store_three_ingest_commands_on_one_folder_add_each_document_once(
        kb_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    texts = [
        "Al-Shabaab gunmen stormed a hotel in Mogadishu on Friday, killing 12 people.",
        "Islamic State Khorasan Province had about 4,000 fighters in 2022, a UN report said.",
        "Boko Haram fighters abducted 30 villagers in Borno State on Monday, officials said.",
        "JNIM attacked an army post near Gao in March 2022, killing 11 soldiers.",
    ]
    for i, text in enumerate(texts):
        (folder / f"r{i}.txt").write_text(text + "\n", encoding="utf-8")
    db = kb_url
    code = "from watchfloor.cli.main import main; main()"
    procs = [subprocess.Popen([sys.executable, "-c", code, "ingest", str(folder), "--db", str(db),
                               "-q"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(3)]
    outputs = [_finish(p) for p in procs]
    added = [line.split()[1] for out in outputs for line in out.splitlines()
             if line.startswith("added")]
    unchanged = [line.split()[1] for out in outputs for line in out.splitlines()
                 if line.startswith("unchanged")]
    assert sorted(added) == sorted(str(p) for p in folder.iterdir())  # each once, truthfully
    assert len(unchanged) == 2 * len(texts)
    with open_knowledge_base(db, readonly=True) as kb:
        assert len(kb.documents()) == len(texts)
        assert kb.integrity_check() == "ok"
