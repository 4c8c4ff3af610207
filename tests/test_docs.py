"""Docs stay true by test: the generated references match the code, and the README names
every command."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from watchfloor.cli.main import cli

REPO = Path(__file__).resolve().parent.parent


def _gen():
    spec = importlib.util.spec_from_file_location("gen_docs", REPO / "tools" / "gen_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["cli.md", "ontology.md", "settings.md"])
def test_docs_generated_reference_is_current(name) -> None:
    expected = _gen().GENERATED[name]()
    actual = (REPO / "docs" / name).read_text(encoding="utf-8")
    assert actual == expected, f"docs/{name} is stale: run .venv/bin/python tools/gen_docs.py"


def test_docs_readme_names_every_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = [name for name in cli.commands if f"watchfloor {name}" not in readme]
    assert not missing, f"README does not mention: {missing}"
