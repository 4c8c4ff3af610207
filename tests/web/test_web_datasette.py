"""``watchfloor datasette-metadata``: every table it names exists, its queries run."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner
from web_base import build_base

from watchfloor.cli.main import cli

pytestmark = pytest.mark.sqlite_only("Datasette serves SQLite files: the metadata names the"
                                     " file's views and FTS5 tables and its queries are SQLite's")


def test_web_datasette_metadata_names_real_tables_and_runs_queries(tmp_path) -> None:
    db = build_base(tmp_path / "kb.db")
    result = CliRunner().invoke(cli, ["datasette-metadata", "--db", str(db)])
    assert result.exit_code == 0, result.output
    meta = json.loads(result.output)
    tables = meta["databases"]["kb"]["tables"]
    conn = sqlite3.connect(db)
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert set(tables) <= present
    for spec in tables.values():
        if "fts_table" in spec:
            assert spec["fts_table"] in present
    params = {"name": "Crimson Hand", "words": "fighters", "country": "YE"}
    for query in meta["databases"]["kb"]["queries"].values():
        rows = conn.execute(query["sql"], params).fetchall()
        assert rows, query["title"]


def test_web_datasette_metadata_to_file(tmp_path) -> None:
    db = build_base(tmp_path / "kb.db")
    out = tmp_path / "metadata.json"
    result = CliRunner().invoke(cli, ["datasette-metadata", "--db", str(db), "-o", str(out)])
    assert result.exit_code == 0 and json.loads(out.read_text())["title"] == "watchfloor: kb"
    bad = CliRunner().invoke(cli, ["datasette-metadata", "--db", str(db), "-o",
                                   str(tmp_path / "no" / "such" / "m.json")])
    assert bad.exit_code == 1 and "cannot write" in bad.output
