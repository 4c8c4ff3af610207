"""The HTML dossier is standalone: it opens in headless Chromium with no network, and its
chart and map render (checked on a screenshot, not just in the markup)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from watchfloor.records import Place
from watchfloor.report.documents import render_html
from watchfloor.report.dossier import build_dossier

from conftest import make_extraction

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-quic", "--hide-scrollbars"]

TEXT = ("US officials put ISKP's strength at up to 3,000 fighters in 2015. A UN report put it "
        "at 1,500 to 2,200 fighters in 2021. A suicide bomber killed at least 46 people in "
        "Kunduz.")


def build(kb):
    ex = make_extraction(
        TEXT,
        [("iskp", "armed_group", "ISKP"), ("location:kunduz", "location", "Kunduz")],
        [("iskp", "fighters", None, TEXT.split(". ")[0] + ".",
          {"high": 3000.0, "time": "2015", "attributed_to": "US officials"}),
         ("iskp", "fighters", None, TEXT.split(". ")[1] + ".",
          {"low": 1500.0, "high": 2200.0, "time": "2021", "attributed_to": "a UN report"})],
        [("e1", "attack", TEXT.split(". ")[2],
          {"date": "2021-10-08", "location": "location:kunduz", "perpetrators": ["iskp"],
           "killed": (46.0, None), "method": "suicide_bombing"})],
        title="ISKP note",
    )
    ex.entities["location:kunduz"].place = Place("Kunduz", "AF", "Kunduz", 36.728, 68.857, "city")
    kb.write_extraction(ex, model="m")
    return build_dossier(kb, "iskp")


def test_html_dossier_has_no_external_references(kb) -> None:
    html = render_html(build(kb), kb)
    assert "<svg class=\"chart\"" in html and "<svg class=\"map\"" in html
    for forbidden in ("http://", "https://", "<script", "//cdn"):
        assert forbidden not in html.replace("http://www.w3.org/2000/svg", "")
    assert "at up to 3,000 fighters in 2015" in html  # the footnote quotes the sentence


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
def test_html_dossier_renders_chart_and_map_in_headless_chromium(kb, tmp_path) -> None:
    from PIL import Image

    page = tmp_path / "dossier.html"
    page.write_text(render_html(build(kb), kb), encoding="utf-8")
    shot = tmp_path / "shot.png"
    subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}",
         "--window-size=1000,2200", page.as_uri()],
        check=True, timeout=120, capture_output=True,
    )
    image = Image.open(shot).convert("RGB")
    colours = {rgb: n for n, rgb in image.getcolors(maxcolors=1_000_000) or []}
    assert len(colours) > 50, "the page rendered blank"
    # the basemap's land colour and the chart's open-ended (red) bars must be on screen
    assert colours.get((0xF4, 0xF1, 0xE8), 0) > 10_000, "the map did not render"
    assert sum(n for (r, g, b), n in colours.items() if r > 200 and 150 < g < 200 and b < 200
               and r - g > 30) > 500, "the chart's bars did not render"
    assert any(r > 180 and g < 90 and b < 90 for r, g, b in colours), "no attack marker"
