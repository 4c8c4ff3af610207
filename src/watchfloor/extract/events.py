"""The events stage (placeholder: produces nothing until the real extractor lands)."""

from __future__ import annotations

from watchfloor.extract.base import Stage, StageOutput
from watchfloor.read.analysis import Analysis
from watchfloor.read.reference import Reference
from watchfloor.records import Document


def run(document: Document, analysis: Analysis, reference: Reference) -> StageOutput:
    return StageOutput()


STAGE = Stage(name="events", version=0, run=run, doc="placeholder")
