"""What an extraction stage is: a named, versioned, pure function
(document, analysis, reference) -> StageOutput.

Pure means no I/O and no global state, so the same stage can run in a process pool or on a
distributed engine and re-running it gives the same claims (ids are hashes of key fields).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from watchfloor.read.analysis import Analysis
from watchfloor.read.reference import Reference
from watchfloor.records import Claim, Document, EntityRecord, Event


@dataclass
class StageOutput:
    claims: list[Claim] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # entities a stage's claims name that the reader did not (a country's government when
    # the country acts as a party), by key
    entities: dict[str, EntityRecord] = field(default_factory=dict)


StageFn = Callable[[Document, Analysis, Reference], StageOutput]


@dataclass(frozen=True)
class Stage:
    name: str  # e.g. "relations"
    version: int  # bump when output changes; recorded on every claim as name.vN
    run: StageFn
    min_confidence: float = 0.5  # claims below this are dropped (precision first)
    doc: str = ""

    @property
    def extractor(self) -> str:
        return f"{self.name}.v{self.version}"
