"""The Dask engine on a real scheduler and real worker processes: the knowledge base equals
the sequential run's claim id for claim id, bad files are reported as sequentially, and a
worker killed mid-batch loses no document and leaves none half-written. Dask writes into
each backend (``kb_url``); the sequential run it is compared with is a SQLite file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from dask_processes import dask_cluster, free_port, snapshot, write_documents
from distributed import Client

from watchfloor.cli.main import cli
from watchfloor.engine.cluster import DaskEngine
from watchfloor.exceptions import StoreError
from watchfloor.pipeline import ingest_paths
from watchfloor.read.reference import load_reference
from watchfloor.settings import load_settings
from watchfloor.store.opening import open_knowledge_base

pytestmark = pytest.mark.slow


def ingest(folder: Path, db: Path | str, *options: str) -> list[str]:
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(db), "--quiet",
                                      *options])
    assert "Traceback" not in result.output, result.output
    assert result.exit_code == 1, result.output  # the two bad files
    return sorted(result.output.splitlines()[:-1])  # the summary names the base


def test_engine_dask_equals_the_sequential_run_and_reports_bad_files_alike(
        tmp_path, kb_url) -> None:
    folder = write_documents(tmp_path / "in", 12)
    lines = ingest(folder, tmp_path / "seq.db")
    with dask_cluster(tmp_path / "logs") as cluster:
        dask_lines = ingest(folder, kb_url, "--engine", "dask",
                            "--scheduler", cluster.address)
        with Client(cluster.address) as client:  # each worker loaded the model once
            loads = client.run(lambda: load_reference.cache_info().misses)
    assert sorted(loads.values()) == [1, 1], loads
    assert dask_lines == lines
    assert sum(line.startswith("failed") for line in lines) == 2
    assert sum(line.startswith("unchanged") for line in lines) == 1  # the copy
    expected = snapshot(tmp_path / "seq.db")
    assert len(expected["documents"]) == 12 and len(expected["claims"]) > 12
    assert snapshot(kb_url) == expected


def test_engine_dask_worker_killed_mid_batch_loses_no_document(tmp_path, kb_url) -> None:
    folder = write_documents(tmp_path / "in", 16, sentences=10)
    ingest(folder, tmp_path / "seq.db")
    settings = load_settings({"db": kb_url})
    killed: list[int] = []
    retried: list[str] = []
    with dask_cluster(tmp_path / "logs") as cluster, DaskEngine(
        settings, scheduler=cluster.address
    ) as engine:
        client = engine.start()

        def kill_a_busy_worker(path: str) -> None:
            """Once a few documents are in flight, SIGKILL a worker that is running one."""
            if killed or not path.endswith("report-004.txt"):
                return
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                busy = [w for w, keys in client.processing().items() if keys]
                if busy:
                    break
                time.sleep(0.02)
            pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
            assert pid in cluster.worker_pids()  # one of ours, never another process
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)
            while time.monotonic() < deadline and len(client.scheduler_info()["workers"]) > 1:
                time.sleep(0.02)

            def suspicious(dask_scheduler):  # type: ignore[no-untyped-def]
                return [str(k) for k, ts in dask_scheduler.tasks.items() if ts.suspicious]

            retried.extend(client.run_on_scheduler(suspicious))

        kb = open_knowledge_base(kb_url)
        with kb:
            report = ingest_paths([folder], kb, settings, progress=kill_a_busy_worker,
                                  engine=engine)
        assert killed, cluster.log_text()
        assert len(client.scheduler_info()["workers"]) == 1  # the other did the rest
    assert retried, "the killed worker was running no task: nothing was retried"
    assert len(report.added) == 16 and len(report.unchanged) == 1, report
    assert [p for p, _ in report.failed] == [str(folder / "empty.txt"), str(folder / "junk.txt")]
    assert snapshot(kb_url) == snapshot(tmp_path / "seq.db")


def test_engine_dask_local_cluster_equals_the_sequential_run(tmp_path, kb_url) -> None:
    """Dask writing into each backend gives the sequential run's SQLite base."""
    folder = write_documents(tmp_path / "in", 3)
    ingest(folder, tmp_path / "seq.db")
    ingest(folder, kb_url, "--engine", "dask", "--workers", "1")
    assert snapshot(kb_url) == snapshot(tmp_path / "seq.db")


def test_engine_dask_scheduler_not_answering_is_one_line(tmp_path, kb_url, monkeypatch) -> None:
    monkeypatch.setattr("watchfloor.engine.cluster.CONNECT_TIMEOUT", 1.0)
    folder = write_documents(tmp_path / "in", 1)
    address = f"tcp://127.0.0.1:{free_port()}"
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", kb_url,
                                      "--quiet", "--engine", "dask", "--scheduler", address])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"cannot use the Dask scheduler at {address}" in result.output
    assert "docs/scale.md" in result.output


@pytest.mark.parametrize("options, message", [
    (["--workers", "2"], "--scheduler and --workers need --engine dask"),
    (["--engine", "dask", "--workers", "2", "--scheduler", "tcp://127.0.0.1:1"],
     "not both"),
    (["--engine", "dask", "--workers", "0"], "dask_workers"),
])
def test_engine_dask_options_are_checked(tmp_path, kb_url, options, message) -> None:
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path), "--db", kb_url, *options])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output


def test_engine_dask_worker_without_the_model_is_one_line(tmp_path, kb_url, monkeypatch) -> None:
    monkeypatch.setenv("WATCHFLOOR_SPACY_MODEL", "no_such_model")
    folder = write_documents(tmp_path / "in", 1)
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", kb_url,
                                      "--quiet", "--engine", "dask", "--workers", "1"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "cannot load the reference data" in result.output
    assert "no_such_model" in result.output
    kb = open_knowledge_base(kb_url)
    with kb:
        assert kb.documents() == []  # nothing written


def test_engine_dask_nothing_new_to_read_starts_no_cluster(tmp_path, kb_url) -> None:
    folder = write_documents(tmp_path / "in", 2)
    ingest(folder, kb_url)
    nobody = f"tcp://127.0.0.1:{free_port()}"  # connecting here would fail
    lines = ingest(folder, kb_url, "--engine", "dask", "--scheduler", nobody)
    assert sum(line.startswith("unchanged") for line in lines) == 3
    assert not any(line.startswith("added") for line in lines)


def stored(db: str) -> int:
    """Documents in the base so far (0 before it is ready), read while another process
    writes it."""
    try:
        kb = open_knowledge_base(db, readonly=True)
    except StoreError:  # not there yet, or the writer is still creating its tables
        return 0
    with kb:
        return len(kb.documents())


def test_engine_dask_ctrl_c_is_one_line_and_leaves_no_process(tmp_path, kb_url) -> None:
    """The terminal sends SIGINT to every process of the command: the local workers must
    not print tracebacks, and none may outlive the command."""
    # enough documents that the batch cannot end between the first one stored and the signal
    folder = write_documents(tmp_path / "in", 60, sentences=10)
    db = kb_url
    proc = subprocess.Popen(
        [sys.executable, "-m", "watchfloor.cli.main", "ingest", str(folder), "--db", db,
         "--quiet", "--engine", "dask", "--workers", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        deadline = time.monotonic() + 60
        while stored(db) == 0 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)  # the report is printed at the end: watch the base instead
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130, err
    assert "Interrupted; every document written so far is complete." in err
    assert "Traceback" not in out + err, err
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)  # is any process of the command left?
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail("a worker process outlived the interrupted command")
    kb = open_knowledge_base(db)
    with kb:
        assert kb.integrity_check() == "ok"
        assert 1 <= len(kb.documents()) < 12
