"""Screenshots of every page of the web app, for the README (docs/img/*.png).

Ingests samples/ into a temporary knowledge base, serves it in a background thread and
photographs each page with the system's headless Chromium (Playwright never downloads a
browser here). Run: .venv/bin/python tools/screenshots.py [--chromium PATH] [--out DIR]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from watchfloor.exceptions import NotFoundError
from watchfloor.store.base import ClaimFilter
from watchfloor.store.sqlite import SQLiteKnowledgeBase
from watchfloor.web.server import in_background

REPO = Path(__file__).resolve().parent.parent


def _pages(db: Path) -> list[tuple[str, str]]:
    """(name, path) of each page to photograph, chosen from what the base holds."""
    with SQLiteKnowledgeBase(db, readonly=True) as kb:
        try:
            group = kb.find_entity("ISKP")  # the samples' best-documented group
        except NotFoundError:
            group = kb.entities("armed_group")[0]
        figures = kb.claims(ClaimFilter(entity=group["id"], predicate="fighters")) or kb.claims(
            ClaimFilter(entity=group["id"]))
        claim = figures[0]
        name = group["name"]
    return [
        ("home", "/"),
        ("search", f"/search?q={name.split()[0][:-1]}"),
        ("entity", f"/entities/{group['id']}"),
        ("document", f"/documents/{claim['document']}#claim-{claim['id']}"),
        ("events", "/events"),
        ("map", "/map"),
        ("graph", "/graph"),
        ("conflicts", "/conflicts"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "img")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "samples.db"
        subprocess.run([sys.executable, "-m", "watchfloor.cli.main", "ingest",
                        str(REPO / "samples"), "--db", str(db)], check=True,
                       stdout=subprocess.DEVNULL)
        pages = _pages(db)
        with in_background(db, "screenshots") as server, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1280, "height": 860})
            for name, path in pages:
                page.goto(server.url + path)
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(600)  # layouts and map labels settle
                target = args.out / f"{name}.png"
                page.screenshot(path=str(target))
                print(f"wrote {target.relative_to(REPO) if target.is_relative_to(REPO) else target}")
            browser.close()


if __name__ == "__main__":
    main()
