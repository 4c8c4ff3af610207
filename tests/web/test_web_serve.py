"""``watchfloor serve`` as the analyst starts it: a real process, its token, its pages,
on a SQLite file and on a PostgreSQL URL."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import httpx
from web_base import GROUP, build_base, free_port

from watchfloor.store.opening import is_postgres_url


def test_web_serve_prints_token_once_and_serves(kb_url: str, tmp_path: Path) -> None:
    db = build_base(kb_url)
    port = free_port()
    cmd = [sys.executable, "-m", "watchfloor.cli.main", "serve", "--db", str(db),
           "--port", str(port)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "XDG_CONFIG_HOME": str(tmp_path / "config")}

    def start() -> tuple[subprocess.Popen[str], list[str]]:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, env=env)
        assert proc.stdout is not None
        lines = [proc.stdout.readline(), proc.stdout.readline()]
        deadline = time.time() + 30
        while time.time() < deadline and proc.poll() is None:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/").status_code == 200:
                    return proc, lines
            except httpx.TransportError:
                time.sleep(0.1)
        proc.kill()
        raise AssertionError(f"serve did not answer: {lines}")

    proc, lines = start()
    try:
        token = lines[0].rsplit(": ", 1)[1].strip()
        assert "shown once" in lines[0]
        if is_postgres_url(db):  # no file of its own: kept in the user's config folder
            path = next((tmp_path / "config" / "watchfloor").glob("postgres-*.token"))
        else:
            path = tmp_path / "kb.db.token"
        assert path.read_text().strip() == token
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert f"http://127.0.0.1:{port}/" in lines[1]
        r = httpx.get(f"http://127.0.0.1:{port}/api/search", params={"q": "CHX"})
        assert [n["id"] for n in r.json()["names"]] == [GROUP]
    finally:
        proc.terminate()
        proc.wait(10)
    proc, lines = start()
    try:
        assert token not in "".join(lines)  # shown once: later starts name the file only
    finally:
        proc.terminate()
        proc.wait(10)


def test_web_serve_refuses_a_missing_base(missing_kb_url: str) -> None:
    from click.testing import CliRunner

    from watchfloor.cli.main import cli

    result = CliRunner().invoke(cli, ["serve", "--db", missing_kb_url])
    assert result.exit_code == 1 and "no knowledge base at" in result.output
    assert "Traceback" not in result.output
    if not is_postgres_url(missing_kb_url):
        assert not Path(missing_kb_url).exists()
