"""Loading the lexical cue files under ``data/cues/`` (one per extractor), once per process.

Why one loader: every cue file is YAML the team edits by hand; a syntax error must name the
file, and each extractor checks the names it uses (predicates, quantity attributes,
certainty levels) against the ontology right after loading, so a typo fails at start-up
instead of silently matching nothing.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from watchfloor.exceptions import OntologyError

CUES_PACKAGE = "watchfloor.data"
CUES_FOLDER = "cues"


@cache
def load_cue_file(name: str) -> dict[str, Any]:
    """The parsed ``data/cues/<name>.yaml``; callers must not mutate it (it is cached)."""
    path = f"{CUES_FOLDER}/{name}.yaml"
    try:
        text = resources.files(CUES_PACKAGE).joinpath(path).read_text("utf-8")
    except FileNotFoundError:
        raise OntologyError(f"cue file {path} is missing from the package") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise OntologyError(f"{path} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise OntologyError(f"{path}: expected a mapping at the top level")
    return data
