from __future__ import annotations

from pathlib import Path

from watchfloor.exceptions import InputError, MissingPathError, UnsupportedTypeError
from watchfloor.ingest import iter_sources


def _touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")


def _show(items: list[Path | InputError], root: Path) -> list[str]:
    return [
        type(item).__name__ if isinstance(item, InputError) else item.relative_to(root).as_posix()
        for item in items
    ]


def test_paths_folder_expanded_sorted_and_filtered(tmp_path: Path) -> None:
    _touch(
        tmp_path,
        "b.pdf",
        "a.txt",
        "sub/c.HTML",
        "sub/deeper/d.md",
        "a.meta.json",
        "b.pdf.meta.json",
        ".hidden.txt",
        ".git/e.txt",
        "sheet.xlsx",
        "notes.text",
        "page.htm",
    )
    items = list(iter_sources([tmp_path]))
    assert _show(items, tmp_path) == [
        "a.txt",
        "b.pdf",
        "notes.text",
        "page.htm",
        "sub/c.HTML",
        "sub/deeper/d.md",
    ]


def test_paths_errors_are_yielded_and_batch_goes_on(tmp_path: Path) -> None:
    _touch(tmp_path, "ok.txt", "sheet.xlsx", "a.meta.json")
    items = list(
        iter_sources(
            [
                tmp_path / "missing.pdf",
                tmp_path / "sheet.xlsx",
                tmp_path / "a.meta.json",
                tmp_path / "ok.txt",
            ]
        )
    )
    assert [type(item) for item in items[:3]] == [
        MissingPathError,
        UnsupportedTypeError,
        UnsupportedTypeError,
    ]
    assert items[3] == tmp_path / "ok.txt"
    assert "missing.pdf" in str(items[0])


def test_paths_duplicates_yielded_once(tmp_path: Path) -> None:
    _touch(tmp_path, "a.txt")
    items = list(iter_sources([tmp_path / "a.txt", tmp_path, tmp_path / "a.txt"]))
    assert items == [tmp_path / "a.txt"]


def test_paths_empty_folder_yields_nothing(tmp_path: Path) -> None:
    assert list(iter_sources([tmp_path])) == []
