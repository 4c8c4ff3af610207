"""Docs stay true by test: the generated references match the code, and the README names
every command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from watchfloor.cli.main import cli

REPO = Path(__file__).resolve().parent.parent


def test_docs_generated_references_are_current() -> None:
    """Run in a fresh interpreter: help text layout must not depend on test state."""
    result = subprocess.run([sys.executable, str(REPO / "tools" / "gen_docs.py"), "--check"],
                            capture_output=True, text=True, env={**os.environ, "COLUMNS": "100"})
    assert result.returncode == 0, result.stderr


def test_docs_readme_names_every_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = [name for name in cli.commands if f"watchfloor {name}" not in readme]
    assert not missing, f"README does not mention: {missing}"
