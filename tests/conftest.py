"""Shared fixtures: the only place fixtures are defined (see docs/conventions)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"
SAMPLES = REPO / "samples"


def shared_data(name: str) -> Path:
    """Path of a public benchmark folder under ../shared/data, or skip the test."""
    path = SHARED_DATA / name
    if not path.is_dir():
        pytest.skip(f"benchmark data {path} is absent")
    return path


@pytest.fixture(scope="session")
def nlp():
    """The spaCy pipeline named in the settings, loaded once per test session."""
    from watchfloor.read.nlp import load_nlp
    from watchfloor.settings import load_settings

    return load_nlp(load_settings()["spacy_model"])
