"""Damaged and unusual knowledge bases: a file with junk over its middle, a newer schema,
a mistyped --db, a read-only mount and a full disk each get one line and leave the file
as it was; nothing reads garbage and nothing writes into a damaged file.

A newer schema, a mistyped --db and another program's tables are refused on both backends;
junk bytes, a full file and a read-only mount are what only a SQLite file has."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from watchfloor.cli.main import cli
from watchfloor.exceptions import StoreError
from watchfloor.store.opening import is_postgres_url, open_knowledge_base
from watchfloor.store.sqlite import SQLiteKnowledgeBase

from conftest import SAMPLES, make_extraction

READING = [["stats"], ["show", "ISKP"], ["claims"], ["export"], ["conflicts"],
           ["timeline"], ["entities"]]


def _fill(path: str | Path, n: int = 60) -> None:
    with open_knowledge_base(path) as kb:
        for i in range(n):
            text = f"Report {i}: ISKP had {100 + i} fighters in 2017. " + "Filler text. " * 80
            kb.write_extraction(make_extraction(
                text, [("iskp", "armed_group", "ISKP")],
                [("iskp", "fighters", None, text.split(". ")[0] + ".",
                  {"low": float(i), "high": float(i), "time": "2017"})]), model="m")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _sql(db: str | Path, statement: str) -> None:
    """``statement`` run on the base behind watchfloor's back, as another program would."""
    if is_postgres_url(db):
        import psycopg

        with psycopg.connect(str(db), autocommit=True) as pg:
            pg.execute(statement)
        return
    conn = sqlite3.connect(db)
    conn.execute(statement)
    conn.commit()
    conn.close()


def _refused(db: str | Path, message: str) -> None:
    """Opening for reading and for writing both refuse the base with ``message``."""
    for readonly in (True, False):
        with pytest.raises(StoreError, match=message):
            open_knowledge_base(db, readonly=readonly)


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"traceback for {args}: {result.exception!r}")
    return result.exit_code, result.output


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    """A SQLite file with junk over its middle pages."""
    path = tmp_path / "kb.db"
    _fill(path)
    size = path.stat().st_size
    with path.open("r+b") as fh:  # junk over the middle pages
        fh.seek(size // 2 - 8192)
        fh.write(b"\xde\xad\xbe\xef" * 4096)
    return path


@pytest.mark.sqlite_only("a check of a file's pages, remembered beside the file")
def test_store_check_is_remembered_until_the_file_changes(tmp_path: Path, monkeypatch) -> None:
    from watchfloor.store import connection, sqlite

    path = tmp_path / "kb.db"
    _fill(path, 2)
    statements: list[str] = []

    def traced(*args: Any, **kwargs: Any) -> Any:
        conn = connection.connect(*args, **kwargs)
        conn.set_trace_callback(statements.append)
        return conn

    monkeypatch.setattr(sqlite, "connect", traced)

    def checks_on_open() -> int:
        statements.clear()
        SQLiteKnowledgeBase(path, readonly=True).close()
        return sum("quick_check" in s for s in statements)

    assert checks_on_open() == 1  # changed since the writer's check
    assert checks_on_open() == 0  # unchanged: remembered in kb.db.checked
    assert checks_on_open() == 0
    os.utime(path)  # anything that writes the file moves its modification time
    assert checks_on_open() == 1
    Path(str(path) + ".checked").write_text("forged", "utf-8")
    assert checks_on_open() == 1


@pytest.mark.sqlite_only("junk bytes over a file's pages; a server checks its own pages")
@pytest.mark.parametrize("args", [*READING, ["dossier", "ISKP", "-o", "d.html"],
                                  ["reprocess"], ["ingest", str(SAMPLES / "README")]])
def test_store_damaged_file_is_refused_by_every_command(damaged: Path, args: list[str],
                                                        tmp_path: Path) -> None:
    before = _digest(damaged)
    code, output = _run(*args, "--db", str(damaged))
    assert code == 1
    assert "is damaged" in output and output.strip().count("\n") == 0
    assert _digest(damaged) == before  # nothing written into it


def test_store_newer_schema_is_refused(kb_url: str) -> None:
    _fill(kb_url, 1)
    _sql(kb_url, "INSERT INTO migrations VALUES (99, 'from the future', '2030-01-01')")
    _refused(kb_url, "made by a newer watchfloor")
    code, output = _run("stats", "--db", kb_url)
    assert code == 1 and "schema version 99" in output


@pytest.mark.parametrize("args", READING)
def test_store_reading_command_on_a_missing_file_says_so(missing_kb_url: str,
                                                         args: list[str]) -> None:
    code, output = _run(*args, "--db", missing_kb_url)
    assert code == 1 and "there is no knowledge base at" in output
    assert output.strip().count("\n") == 0
    if not is_postgres_url(missing_kb_url):
        assert not Path(missing_kb_url).exists()


def test_store_base_of_another_program_is_refused(kb_url: str) -> None:
    _sql(kb_url, "CREATE TABLE invoices (id INTEGER)")
    _refused(kb_url, "not a watchfloor knowledge base")
    if is_postgres_url(kb_url):
        import psycopg

        with psycopg.connect(kb_url) as pg:
            tables = [r[0] for r in pg.execute(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = current_schema()")]
    else:
        conn = sqlite3.connect(kb_url)
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master")]
        conn.close()
    assert tables == ["invoices"]


@pytest.mark.sqlite_only("SQLite's own SQLITE_FULL (max_page_count); a server's full disk"
                         " is its own error (pg_connection.error_of)")
def test_store_full_disk_is_reported_and_the_base_stays_whole(tmp_path: Path) -> None:
    path = tmp_path / "kb.db"
    _fill(path, 2)
    with SQLiteKnowledgeBase(path) as kb:
        before = kb.stats()
        pages = kb.conn.execute("PRAGMA page_count").fetchone()[0]
        kb.conn.execute(f"PRAGMA max_page_count = {pages + 2}")  # SQLite's own SQLITE_FULL
        text = "ISKP had 900 fighters in 2019. " + "A long report. " * 20000
        with pytest.raises(StoreError, match="is full"):
            kb.write_extraction(make_extraction(
                text, [("iskp", "armed_group", "ISKP")],
                [("iskp", "fighters", None, "ISKP had 900 fighters in 2019.", {"low": 900.0})]),
                model="m")
        assert kb.stats() == before
        assert kb.integrity_check() == "ok"


def _read_only_mount_works(folder: Path) -> bool:
    unshare = shutil.which("unshare")
    if unshare is None:
        return False
    probe = subprocess.run(
        [unshare, "-rm", "sh", "-c",
         f"mount --bind '{folder}' '{folder}' && mount -o remount,bind,ro '{folder}'"
         f" && ! touch '{folder}/probe' 2>/dev/null"],
        capture_output=True)
    return probe.returncode == 0


@pytest.mark.sqlite_only("a file on a read-only mount; a server's files are the server's")
def test_store_reading_commands_work_on_a_read_only_mount(tmp_path: Path) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    path = folder / "kb.db"
    _fill(path, 3)
    if not _read_only_mount_works(folder):
        pytest.skip("cannot make a read-only bind mount here (unshare -rm)")
    watchfloor = [sys.executable, "-m", "watchfloor.cli.main"]

    def on_ro_mount(*args: str) -> subprocess.CompletedProcess[str]:
        inner = " ".join(f"'{a}'" for a in [*watchfloor, *args])
        return subprocess.run(
            ["unshare", "-rm", "sh", "-c",
             f"mount --bind '{folder}' '{folder}' && mount -o remount,bind,ro '{folder}'"
             f" && exec {inner}"], capture_output=True, text=True)

    for args in (["stats"], ["claims", "--entity", "ISKP"], ["export"]):
        result = on_ro_mount(*args, "--db", str(path))
        assert result.returncode == 0, result.stderr
    assert "ISKP had 101 fighters" in on_ro_mount("claims", "--json", "--db", str(path)).stdout
    result = on_ro_mount("reprocess", "--db", str(path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "read-only" in result.stderr
