from __future__ import annotations

from pathlib import Path

import pytest

from watchfloor.exceptions import InputError, MissingPathError, UnsupportedTypeError
from watchfloor.ingest import iter_sources
from watchfloor.ingest.paths import Skipped


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


def test_paths_links_out_of_the_folder_are_skipped_unless_asked(tmp_path: Path) -> None:
    folder, outside = tmp_path / "reports", tmp_path / "elsewhere"
    _touch(folder, "a.txt", "sub/b.txt")
    _touch(outside, "secret.txt", "deep/c.txt")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "secret.txt").symlink_to(outside / "secret.txt")
    (folder / "linked-dir").symlink_to(outside / "deep")
    (folder / "again.txt").symlink_to(folder / "sub" / "b.txt")  # inside: read once
    (folder / "broken.txt").symlink_to(folder / "gone.txt")
    (folder / "loop").symlink_to(folder)

    items = list(iter_sources([folder]))
    paths = [i for i in items if isinstance(i, Path)]
    skipped = sorted(Path(i.path).name for i in items if isinstance(i, Skipped))
    assert [p.relative_to(folder).as_posix() for p in paths] == ["a.txt", "again.txt"]
    assert skipped == ["broken.txt", "linked-dir", "passwd.txt", "secret.txt"]
    assert all("outside" in i.reason for i in items
               if isinstance(i, Skipped) and "broken" not in i.path)

    followed = list(iter_sources([folder], follow_links=True))
    names = sorted(p.name for p in followed if isinstance(p, Path))
    assert names == ["a.txt", "again.txt", "c.txt", "passwd.txt", "secret.txt"]  # loop ends


def test_paths_named_link_is_read(tmp_path: Path) -> None:
    _touch(tmp_path, "real/a.txt")
    (tmp_path / "named.txt").symlink_to(tmp_path / "real" / "a.txt")
    assert list(iter_sources([tmp_path / "named.txt"])) == [tmp_path / "named.txt"]


UNREADABLE = """
import json, sys
from pathlib import Path
from watchfloor.ingest import iter_sources, load_document
from watchfloor.exceptions import InputError
root = Path(sys.argv[1])
out = []
for item in iter_sources([root]):
    if isinstance(item, InputError):
        out.append(["error", Path(item.path).name, str(item)])
        continue
    try:
        load_document(item, {"max_file_mb": 50.0, "min_english_share": 0.5})
        out.append(["ok", item.name, ""])
    except InputError as exc:
        out.append([type(exc).__name__, item.name, str(exc)])
print(json.dumps(out))
"""


def as_other_user(argv: list[str]) -> list[str]:
    """Run as a user whom file permissions bind (root reads everything)."""
    import os
    import shutil
    import subprocess

    if os.geteuid() != 0:
        return argv
    unshare = shutil.which("unshare")
    if unshare is None or subprocess.run(
            [unshare, "-U", "--map-user=1000", "--map-group=1000", "true"]).returncode:
        pytest.skip("running as root and cannot drop to another user (unshare -U)")
    return [unshare, "-U", "--map-user=1000", "--map-group=1000", *argv]


@pytest.fixture
def locked_folder():
    import shutil
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="watchfloor-perm-"))
    root.chmod(0o777)
    folder = root / "reports"
    _touch(folder, "a.txt", "locked/b.txt", "z.txt")
    for p in (folder, *folder.rglob("*")):
        p.chmod(0o777 if p.is_dir() else 0o666)
    (folder / "a.txt").write_text("The group claimed the attack on the army base near Mosul.")
    (folder / "z.txt").write_text("The group claimed the attack on the army base near Mosul.")
    (folder / "z.txt").chmod(0o000)
    (folder / "locked").chmod(0o000)
    yield folder
    (folder / "locked").chmod(0o755)
    shutil.rmtree(root)


def test_paths_unreadable_folder_and_file_are_reported_and_skipped(locked_folder: Path) -> None:
    import json
    import subprocess
    import sys

    result = subprocess.run(as_other_user([sys.executable, "-c", UNREADABLE, str(locked_folder)]),
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout)
    assert [(kind, name) for kind, name, _ in seen] == [
        ("error", "locked"), ("ok", "a.txt"), ("UnreadableError", "z.txt")]
    assert "folder cannot be read (Permission denied)" in seen[0][2]
    assert "z.txt: cannot be read (Permission denied)" in seen[2][2]


def test_paths_unreadable_named_file_does_not_abort_the_batch(locked_folder: Path,
                                                               kb_url: str) -> None:
    import subprocess
    import sys

    from watchfloor.store.opening import is_postgres_url

    # a file where the other user may write it (the test's folder is not theirs)
    db = kb_url if is_postgres_url(kb_url) else locked_folder.parent / "kb.db"
    code = "from watchfloor.cli.main import main; main()"
    result = subprocess.run(
        as_other_user([sys.executable, "-c", code, "ingest", str(locked_folder / "z.txt"),
                       str(locked_folder / "missing.txt"), "--db", str(db), "-q"]),
        capture_output=True, text=True)
    assert result.returncode == 1, result.stderr  # some failed; not 2, a usage error
    assert "z.txt: cannot be read (Permission denied)" in result.stderr
    assert "missing.txt: no such file or folder" in result.stderr
    assert "0 added, 0 unchanged, 2 failed" in result.stdout
