"""Start-up: every command is a fresh process, so what it imports before doing anything
is paid on each call. Listing the commands, and the reading commands, import no model,
reader, web, cluster or export library (spaCy, numpy, trafilatura, Starlette, Dask...):
only the commands that use one load it. Checked in a subprocess, where ``sys.modules``
starts empty."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from watchfloor.store.opening import is_postgres_url, open_knowledge_base

from conftest import make_extraction

# imported only by the commands that need them (ingest, serve, export, ingest --engine dask)
HEAVY = ("spacy", "thinc", "numpy", "pandas", "trafilatura", "pypdf", "lxml", "starlette",
         "uvicorn", "jinja2", "dask", "distributed", "stix2", "followthemoney", "yaml")


def _imported(code: str, watched: tuple[str, ...] = HEAVY) -> list[str]:
    """The ``watched`` modules a fresh interpreter holds after running ``code``."""
    probe = (f"import sys\n{code}\n"
             f"print(__import__('json').dumps(sorted(m for m in {watched!r}"
             " if m in sys.modules)))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout.splitlines()[-1]))


def test_cli_startup_import_loads_no_heavy_library() -> None:
    assert _imported("import watchfloor.cli.main", (*HEAVY, "psycopg", "rich")) == []


@pytest.mark.parametrize("args", [["--help"], ["entities", "--help"], ["ingest", "--help"]])
def test_cli_startup_help_loads_no_heavy_library(args: list[str]) -> None:
    run = ("from watchfloor.cli.main import cli\n"
           f"try:\n    cli({args!r}, prog_name='watchfloor')\nexcept SystemExit:\n    pass")
    assert _imported(run) == []


def test_cli_startup_entities_reads_without_heavy_libraries(kb_url: str) -> None:
    text = "The Crimson Hand has 300 fighters."
    with open_knowledge_base(kb_url) as kb:
        kb.write_extraction(make_extraction(
            text, [("armed_group:crimson-hand", "armed_group", "Crimson Hand")],
            [("armed_group:crimson-hand", "fighters", None, text, {"low": 300.0})]), model="m")
    run = ("from watchfloor.cli.main import cli\n"
           f"try:\n    cli(['entities', '--db', {kb_url!r}], prog_name='watchfloor')\n"
           "except SystemExit as exc:\n    assert not exc.code, exc.code")
    assert _imported(run) == []
    if not is_postgres_url(kb_url):  # a SQLite reader pays nothing for the second backend
        assert _imported(run, ("psycopg",)) == []


def test_cli_startup_claim_kinds_spelt_alike() -> None:
    from watchfloor.cli import query
    from watchfloor.resolve import filters

    assert query.CLAIM_KINDS == filters.CLAIM_KINDS
