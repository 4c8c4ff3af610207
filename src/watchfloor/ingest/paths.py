"""Which files a batch ingests: named files and the supported files inside folders.

Why errors are yielded, not raised: one mistyped path in a batch of hundreds should be
reported and skipped, not stop the run; so is a subfolder that cannot be read. Why an
explicitly named unsupported file is an error but one inside a folder is skipped silently:
naming a file says "read this", while a folder of reports routinely holds spreadsheets,
images and our own sidecars.

Why links out of a folder are not followed: a folder handed to ``ingest`` is what the
analyst means to read; a link inside it to ``/etc/passwd`` or to someone's home folder is
not, and would be stored and shown as a document. Such links are skipped and said so
(``Skipped``, not a failure) unless ``follow_links`` asks for them; links that stay inside
the folder are read once, under the folder's own path. A file named on the command line is
read even when it is a link: naming it is asking.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from watchfloor.exceptions import (
    InputError,
    MissingPathError,
    UnreadableError,
    UnsupportedTypeError,
)
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


@dataclass(frozen=True)
class Skipped:
    """A path a batch leaves out on purpose, and why: reported, not counted as a failure."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


Source = Path | InputError | Skipped


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _wanted(path: Path) -> bool:
    return not is_sidecar(path) and suffix_of(path) in SUPPORTED_SUFFIXES


def _walk(folder: Path, follow_links: bool) -> Iterator[Source]:
    """Supported, visible, non-sidecar files below ``folder`` in sorted path order, after
    the errors for subfolders that cannot be read and the links left out."""
    root = folder.resolve()
    problems: list[Source] = []
    found: list[Path] = []
    visited: set[Path] = set()

    def unreadable(exc: OSError) -> None:
        problems.append(UnreadableError(
            exc.filename, f"folder cannot be read ({exc.strerror})",
            "check its permissions; the other files of the batch are read"))

    for dirpath, dirnames, filenames in os.walk(folder, onerror=unreadable,
                                                followlinks=follow_links):
        here = Path(dirpath)
        if follow_links:  # a link back up the tree must not loop
            real = here.resolve()
            if real in visited:
                dirnames[:] = []
                continue
            visited.add(real)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        if not follow_links:
            for name in dirnames:
                link = here / name
                if link.is_symlink() and not _inside(link.resolve(), root):
                    problems.append(_outside(link, folder))
        for name in filenames:
            path = here / name
            if name.startswith(".") or not _wanted(path):
                continue
            if path.is_symlink():
                target = path.resolve()
                if not target.exists():
                    problems.append(Skipped(str(path), "a broken link"))
                    continue
                if not follow_links and not _inside(target, root):
                    problems.append(_outside(path, folder))
                    continue
            found.append(path)
    yield from problems
    yield from sorted(found)


def _outside(link: Path, folder: Path) -> Skipped:
    return Skipped(str(link), f"a link to {link.resolve()}, outside {folder}: not read"
                              " (pass --follow-links to read what links point to)")


def iter_sources(paths: Sequence[Path], *, follow_links: bool = False) -> Iterator[Source]:
    """Each file to ingest, or an InputError for a path that cannot be one, or a Skipped.

    Folders are expanded recursively in sorted order, skipping hidden entries, sidecars
    (``*.meta.json``) and unsupported types; links out of the folder are skipped unless
    ``follow_links``; unreadable subfolders yield UnreadableError. A named file is yielded
    if supported, otherwise its error is yielded; a missing path yields MissingPathError.
    A file named twice (or named and inside a named folder, or reached by a link inside
    the folder) is yielded once.
    """
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            candidates: list[Source] = list(_walk(path, follow_links))
        else:
            error = check_path(path)
            candidates = [error if error is not None else path]
        for item in candidates:
            if not isinstance(item, Path):
                yield item
                continue
            key = item.resolve()
            if key not in seen:
                seen.add(key)
                yield item
