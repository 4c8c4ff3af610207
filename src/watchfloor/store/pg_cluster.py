"""A throwaway PostgreSQL cluster on a free 127.0.0.1 port, for tests and benchmarks.

Why here and not in tests/: the benchmarks need it too, and creating databases is SQL,
which lives in ``store/``. ``initdb`` refuses to run as root, so as root the cluster is
made and run as ``nobody`` (``runuser``); it trusts local logins, listens on 127.0.0.1
only (no Unix socket) and is stopped, its files removed, by ``stop()``.
"""

from __future__ import annotations

import atexit
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import psycopg


def find_bin(name: str) -> str | None:
    """``initdb``/``pg_ctl`` on PATH, else Debian's /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    """A cluster started in a temporary folder; ``url(name)`` for a database in it."""

    def __init__(self) -> None:
        initdb, pg_ctl = find_bin("initdb"), find_bin("pg_ctl")
        if not initdb or not pg_ctl:
            raise RuntimeError("PostgreSQL's initdb/pg_ctl are not installed")
        self.pg_ctl = pg_ctl
        self.root = Path(tempfile.mkdtemp(prefix="wf-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self._as: list[str] = []
        if os.geteuid() == 0:
            self._as = ["runuser", "-u", "nobody", "--"]
            os.chmod(self.root, 0o755)
            shutil.chown(self.root, "nobody")
        self._run([initdb, "-D", str(self.data), "-U", "postgres", "--auth=trust",
                   "--no-locale", "-E", "UTF8", "--no-sync"])
        self._run([pg_ctl, "-D", str(self.data), "-l", str(self.root / "log"), "-w", "-o",
                   f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"
                   " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                   " -c max_connections=200", "start"])
        self._stopped = False
        atexit.register(self.stop)  # even if the caller forgets, or a test session aborts

    def _run(self, cmd: list[str]) -> None:
        done = subprocess.run([*self._as, *cmd], capture_output=True, text=True, cwd=self.root)
        if done.returncode:
            raise RuntimeError(f"{Path(cmd[0]).name} failed: {done.stderr.strip()[:500]}")

    @property
    def server_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        if self._stopped:
            return
        self._stopped = True
        try:
            self._run([self.pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop"])
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def with_database(server_url: str, name: str) -> str:
    """``server_url`` with its database replaced by ``name``."""
    base, _, _ = server_url.rpartition("/")
    query = server_url.partition("?")[2]
    return f"{base}/{name}" + (f"?{query}" if query else "")


def create_database(server_url: str, prefix: str = "wf_test") -> str:
    """A new empty database (C collation, so text sorts as SQLite sorts it); its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\''
                     " LC_COLLATE 'C' LC_CTYPE 'C'")
    return with_database(server_url, name)


def drop_database(server_url: str, url: str) -> None:
    name = url.rpartition("/")[2].partition("?")[0]
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
