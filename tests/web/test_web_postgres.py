"""The web app on a PostgreSQL base: search, pages and a review through the JSON API
(what `watchfloor serve --db postgresql://...` serves); skipped without PostgreSQL."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time

import httpx
import pytest
from web_base import GROUP, LEADER, build_base, free_port, serving

from watchfloor.store.base import ClaimFilter
from watchfloor.store.postgres import PostgresKnowledgeBase
from watchfloor.web.auth import token_path


@pytest.fixture
def pg_server(pg_url):
    with serving(build_base(pg_url)) as running:
        yield running


def test_web_postgres_search_names_suggestions_and_sentences(pg_server) -> None:
    url = pg_server.url
    r = httpx.get(f"{url}/api/search", params={"q": "CHX"}).json()
    assert [n["id"] for n in r["names"]] == [GROUP]
    r = httpx.get(f"{url}/api/search", params={"q": "arlo va"}).json()
    assert [n["id"] for n in r["names"]] == [LEADER]
    r = httpx.get(f"{url}/api/search", params={"q": "Crimsen Hnd"}).json()
    assert r["names"] == [] and [s["id"] for s in r["suggestions"]] == [GROUP]
    r = httpx.get(f"{url}/api/search", params={"q": "patrols harbour"}).json()
    assert [s["title"] for s in r["sentences"]] == ["Port Elm residents"]
    assert "still patrols the harbour" in r["sentences"][0]["snippet"]  # marks left out
    page = httpx.get(f"{url}/search", params={"q": "patrols harbour"})
    assert page.status_code == 200 and "<mark>patrols</mark>" in page.text


def test_web_postgres_pages_and_a_review(pg_server) -> None:
    url, db = pg_server.url, str(pg_server.db)
    assert httpx.get(f"{url}/api/entities/CHX").json()["entity"]["id"] == GROUP
    for path in ("/", f"/entities/{GROUP}", "/events", "/conflicts"):
        assert httpx.get(f"{url}{path}").status_code == 200, path
    with PostgresKnowledgeBase(db, readonly=True) as kb:
        doc = next(d["id"] for d in kb.documents() if d["title"] == "Crimson Hand in Port Elm")
        claim = next(c["id"] for c in kb.claims(ClaimFilter(predicate="fighters"))
                     if c["low"] == 2000.0)
    r = httpx.get(f"{url}/api/documents/{doc}").json()
    assert {m["type"] for m in r["mentions"]} >= {"armed_group", "person", "location"}
    r = httpx.post(f"{url}/api/reviews", json={"kind": "claim", "target": claim,
                                               "decision": "reject"},
                   headers={"X-Watchfloor-Token": pg_server.token})
    assert r.status_code == 201, r.text
    e = httpx.get(f"{url}/api/entities/{GROUP}").json()
    assert [c["low"] for c in e["dated"]] == []
    with PostgresKnowledgeBase(db, readonly=True) as kb:
        assert kb.stats()["reviews"] == 1


def test_web_postgres_token_is_kept_apart_from_the_url(monkeypatch, tmp_path) -> None:
    """A URL's password never becomes part of a file name; one base, one token file."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    path = token_path("postgresql://analyst:s3cret@db.example/kb")
    assert path.parent == tmp_path / "watchfloor" and "s3cret" not in str(path)
    assert path == token_path("postgresql://analyst:other@db.example/kb")
    assert path != token_path("postgresql://analyst:s3cret@db.example/kb2")


def test_web_postgres_serve_command(pg_url, tmp_path) -> None:
    """``watchfloor serve --db postgresql://...`` as a process: its token in the config
    folder, and search answering."""
    build_base(pg_url)
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "XDG_CONFIG_HOME": str(tmp_path)}
    proc = subprocess.Popen([sys.executable, "-m", "watchfloor.cli.main", "serve", "--db",
                             pg_url, "--port", str(port)], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env=env)
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline(), proc.stdout.readline()]
        token = lines[0].rsplit(": ", 1)[1].strip()
        assert "shown once" in lines[0], lines
        kept = next((tmp_path / "watchfloor").glob("postgres-*.token"))
        assert kept.read_text().strip() == token
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600
        assert f"http://127.0.0.1:{port}/" in lines[1], lines
        deadline = time.time() + 30
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/search", params={"q": "CHX"})
                break
            except httpx.TransportError:
                assert time.time() < deadline and proc.poll() is None, lines
                time.sleep(0.1)
        assert [n["id"] for n in r.json()["names"]] == [GROUP]
    finally:
        proc.terminate()
        proc.wait(10)
