"""The last consolidation of a SQLite base's events, kept in a file beside it.

Consolidating every event takes tens of seconds on a base of a million claims, and each
CLI command is a fresh process: without a cache kept across processes, `timeline` and
`conflicts` for one group would each pay for the whole base. The file holds the change
marker it was made at (``store.marker``), so a base changed since is never answered from
it; a file that cannot be read or written is only a missed cache, never an error. It is
JSON, not pickle: reading a file beside the base must not run code.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

Records = list[dict[str, Any]]


def cache_path(base: str) -> Path | None:
    """Where the cache of the base at ``base`` lives; None for a base that is no file."""
    if base in ("", ":memory:") or not Path(base).is_file():
        return None
    return Path(base + ".events.json")


def load(base: str, marker: tuple[Any, ...]) -> Records | None:
    path = cache_path(base)
    if path is None:
        return None
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("marker") != list(marker):
        return None
    records = data.get("events")
    return records if isinstance(records, list) else None


def save(base: str, marker: tuple[Any, ...], records: Records) -> None:
    """Written to a temporary file and renamed, so a reader never sees half of it."""
    path = cache_path(base)
    if path is None:
        return
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps({"marker": list(marker), "events": records},
                                  ensure_ascii=False), "utf-8")
        os.replace(tmp, path)
    except OSError:  # a read-only folder: no cache, and nothing to clean up but a part file
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
