"""The canonical JSON export, ``"format": "watchfloor-kb/1"``.

Other tools read this file, so its names are stable; docs/export-format.md documents it
and ``kb.schema.json`` beside this module validates it.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import IO, Any

from watchfloor import __version__
from watchfloor.export.common import KINDS, Exporter

FORMAT = "watchfloor-kb/1"


class JSONExporter(Exporter):
    def __init__(self, out: IO[str]) -> None:
        super().__init__(out)
        self.kind: str | None = None
        self.first = True
        header = {
            "format": FORMAT,
            "generator": f"watchfloor {__version__}",
            "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        self.out.write(json.dumps(header, ensure_ascii=False)[:-1])

    def _open(self, kind: str) -> None:
        if self.kind is not None:
            self.out.write("\n  ]")
        self.out.write(f',\n  "{kind}": [')
        self.kind = kind
        self.first = True

    def write(self, kind: str, item: dict[str, Any]) -> None:
        if kind != self.kind:
            if self.kind is not None and KINDS.index(kind) < KINDS.index(self.kind):
                raise ValueError(f"items out of order: {kind} after {self.kind}")
            for missing in KINDS[KINDS.index(self.kind) + 1 if self.kind else 0 : KINDS.index(kind)]:
                self._open(missing)
            self._open(kind)
        self.out.write(("\n    " if self.first else ",\n    ") + json.dumps(item, ensure_ascii=False))
        self.first = False

    def finalize(self) -> None:
        start = KINDS.index(self.kind) + 1 if self.kind else 0
        for missing in KINDS[start:]:
            self._open(missing)
        if self.kind is not None:
            self.out.write("\n  ]")
        self.out.write("\n}\n")
