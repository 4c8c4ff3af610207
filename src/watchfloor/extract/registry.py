"""The one place extraction stages are registered, in the order they run.

Each entry is a ``Stage`` (name, version, pure run function, confidence floor). Bump a
stage's version when its output changes: ``watchfloor reprocess`` replaces the machine
claims of older versions and keeps analysts' reviews.
"""

from __future__ import annotations

from watchfloor.extract import events, figures, relations
from watchfloor.extract.base import Stage

STAGES: tuple[Stage, ...] = (relations.STAGE, figures.STAGE, events.STAGE)


def extractor_names() -> list[str]:
    return [stage.extractor for stage in STAGES]
