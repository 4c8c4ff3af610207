"""The Python API for notebooks: ``watchfloor.open(path)``.

Frames are built from the same store views the CLI and exports use, so reviews win here
too. pandas is imported lazily to keep the CLI quick to start.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from watchfloor.store.base import ClaimFilter
from watchfloor.store.opening import open_knowledge_base

if TYPE_CHECKING:
    import pandas as pd

    from watchfloor.report.dossier import Dossier


class KnowledgeBaseAPI:
    def __init__(self, path: str | Path, *, write: bool = False) -> None:
        # read-only unless asked: a mistyped path is an error, not a new empty base
        # a postgresql:// URL opens the PostgreSQL backend, anything else a SQLite file
        self.kb = open_knowledge_base(path, readonly=not write)

    def close(self) -> None:
        self.kb.close()

    def __enter__(self) -> KnowledgeBaseAPI:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def documents(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(self.kb.documents())

    def entities(self, type: str | None = None) -> pd.DataFrame:
        import pandas as pd

        rows = self.kb.entities(type)
        for r in rows:
            r["aliases"] = self.kb.aliases(r["id"])
        return pd.DataFrame(rows)

    def claims(self, entity: str | None = None, predicate: str | None = None,
               document: str | None = None) -> pd.DataFrame:
        import pandas as pd

        entity_id = self.kb.find_entity(entity)["id"] if entity else None
        rows = self.kb.claims(ClaimFilter(entity=entity_id, predicate=predicate, document=document))
        for r in rows:
            first = r["evidence"][0] if r["evidence"] else {}
            r["sentence"] = first.get("text")
        return pd.DataFrame(rows)

    def events(self) -> pd.DataFrame:
        import pandas as pd

        from watchfloor.resolve.events import consolidated_events

        rows: list[dict[str, Any]] = []
        for ev in consolidated_events(self.kb):
            flat = {k: v for k, v in ev.items() if k not in ("killed", "injured")}
            for field in ("killed", "injured"):
                rng = ev[field] or {}
                flat[f"{field}_low"] = rng.get("low")
                flat[f"{field}_high"] = rng.get("high")
            rows.append(flat)
        return pd.DataFrame(rows)

    def dossier(self, name: str) -> Dossier:
        from watchfloor.report.dossier import build_dossier

        return build_dossier(self.kb, self.kb.find_entity(name)["id"])


def open(path: str | Path = "watchfloor.db", *, write: bool = False) -> KnowledgeBaseAPI:  # noqa: A001 - the API's name
    """Open a knowledge base for analysis in Python (read-only; ``write=True`` to record
    reviews or write extractions through ``.kb``)."""
    return KnowledgeBaseAPI(path, write=write)
