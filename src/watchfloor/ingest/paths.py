"""Which files a batch ingests: named files and the supported files inside folders.

Why errors are yielded, not raised: one mistyped path in a batch of hundreds should be
reported and skipped, not stop the run. Why an explicitly named unsupported file is an
error but one inside a folder is skipped silently: naming a file says "read this", while
a folder of reports routinely holds spreadsheets, images and our own sidecars.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from watchfloor.exceptions import InputError, MissingPathError, UnsupportedTypeError
from watchfloor.ingest.metadata import SIDECAR_SUFFIX

MEDIA_TYPES: dict[str, str] = {
    ".pdf": "application/pdf",
    ".html": "text/html",
    ".htm": "text/html",
    ".txt": "text/plain",
    ".text": "text/plain",
    ".md": "text/markdown",
}
SUPPORTED_SUFFIXES = frozenset(MEDIA_TYPES)
_SUPPORTED_HINT = "supported types: " + ", ".join(sorted(SUPPORTED_SUFFIXES))


def suffix_of(path: Path) -> str:
    """The lower-cased suffix ("Report.PDF" is a PDF)."""
    return path.suffix.lower()


def is_sidecar(path: Path) -> bool:
    return path.name.lower().endswith(SIDECAR_SUFFIX)


def is_hidden(path: Path, root: Path) -> bool:
    """Whether any part of ``path`` below ``root`` starts with a dot (.git, .DS_Store)."""
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def check_path(path: Path) -> InputError | None:
    """The error for a path that cannot be ingested as a file, or None if it can."""
    if not path.exists():
        return MissingPathError(path, "no such file or folder", "check the path and spelling")
    if path.is_dir():
        return UnsupportedTypeError(
            path, "is a folder, not a file", "pass the folder to the batch ingest instead"
        )
    if is_sidecar(path):
        return UnsupportedTypeError(
            path, "is a metadata sidecar, not a document", "ingest the document beside it"
        )
    if suffix_of(path) not in SUPPORTED_SUFFIXES:
        return UnsupportedTypeError(
            path, f"unsupported file type {path.suffix or '(no suffix)'!r}", _SUPPORTED_HINT
        )
    return None


def _walk(folder: Path) -> Iterator[Path]:
    """Supported, visible, non-sidecar files below ``folder``, in sorted path order."""
    found = (
        path
        for path in folder.rglob("*")
        if path.is_file()
        and not is_hidden(path, folder)
        and not is_sidecar(path)
        and suffix_of(path) in SUPPORTED_SUFFIXES
    )
    yield from sorted(found)


def iter_sources(paths: Sequence[Path]) -> Iterator[Path | InputError]:
    """Each file to ingest, or an InputError for a path that cannot be one.

    Folders are expanded recursively in sorted order, skipping hidden entries, sidecars
    (``*.meta.json``) and unsupported types. A named file is yielded if supported,
    otherwise its error is yielded; a missing path yields MissingPathError.
    A file named twice (or named and inside a named folder) is yielded once.
    """
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            candidates: list[Path | InputError] = list(_walk(path))
        else:
            error = check_path(path)
            candidates = [error if error is not None else path]
        for item in candidates:
            if isinstance(item, InputError):
                yield item
                continue
            key = item.resolve()
            if key not in seen:
                seen.add(key)
                yield item
