"""The terminal views at 80 columns: no line wider than the terminal, ids and dates whole
(never "2021-08-…"), names instead of ids, the sentence wrapped, and the Events table
with a perpetrator and a footnote column."""

from __future__ import annotations

import io
import re

import pytest
from click.testing import CliRunner
from rich.console import Console

from export.sample import GROUP, build
from watchfloor.cli.main import cli
from watchfloor.report.dossier import build_dossier, display_names
from watchfloor.report.terminal import render_claims, render_dossier, when

from conftest import kunduz_reports, make_extraction

LONG = ("The Islamic State Khorasan Province Media Office said its fighters numbered between "
        "two and three thousand from January to April 2022, a figure analysts doubted.")


def base(kb):
    build(kb)
    for ex in kunduz_reports():
        kb.write_extraction(ex, model="m")
    kb.write_extraction(make_extraction(
        LONG, [(GROUP, "armed_group", "ISKP")],
        [(GROUP, "fighters", None, LONG, {"low": 2000.0, "high": 3000.0,
                                          "time": "2022-01~/2022-04~",
                                          "attributed_to": "the group's media office"})]),
        model="m")
    return kb


def console() -> Console:
    return Console(width=80, file=io.StringIO(), color_system=None)


def lines(out: Console) -> list[str]:
    text = out.file.getvalue()  # type: ignore[attr-defined]
    return text.splitlines()


def flat(rows: list[str]) -> str:
    """The table's text with borders and line breaks gone: a wrapped sentence reads whole."""
    return " ".join(" ".join(" ".join(re.split(r"[│┃]", line)).split()) for line in rows)


def test_terminal_dossier_fits_80_columns_with_whole_dates(kb) -> None:
    out = console()
    render_dossier(build_dossier(base(kb), GROUP), out)
    rows = lines(out)
    assert max(len(r) for r in rows) <= 80
    text = "\n".join(rows)
    assert "…" not in text
    assert text.count("2021-10-08") >= 3
    assert "2022-01~/" in text and "2022-04~" in text
    assert "Shahab al-Muhajir" in text and "2,000–3,000" in text


def test_terminal_dossier_events_have_perpetrator_and_footnote(kb) -> None:
    out = console()
    render_dossier(build_dossier(base(kb), GROUP), out)
    rows = lines(out)
    start = rows.index(next(r for r in rows if r.startswith("Events")))
    header = rows[start + 2]
    assert "perpetrator" in header and "ref" in header
    event_rows = [r for r in rows[start + 4:] if r.startswith("│ 2021-10")]
    assert len(event_rows) == 4
    for row in event_rows:
        cols = [c.strip() for c in row.split("│")]
        assert cols[3] == "ISKP" and re.fullmatch(r"\[\d+\]", cols[-2])
    mark = [c.strip() for c in event_rows[0].split("│")][-2]
    note = next(r for r in rows if r.startswith(mark + " "))
    assert "Kunduz" in flat(rows[rows.index(note):rows.index(note) + 2])


def cells_of(rows: list[str]) -> list[list[str]]:
    """Each table row's cells with their wrapped lines joined (a row starts where the
    first column is not empty)."""
    records: list[list[str]] = []
    for line in rows:
        if not line.startswith("│"):
            continue
        parts = [p.strip() for p in line.strip("│").split("│")]
        if parts[0] or not records:
            records.append(parts)
        else:
            records[-1] = [f"{a} {b}".strip() for a, b in zip(records[-1], parts, strict=True)]
    return records


def test_terminal_claims_show_names_and_wrap_the_sentence(kb) -> None:
    base(kb)
    rows = kb.claims()
    names = display_names(kb, rows)
    out = console()
    render_claims(rows, out, name=lambda x: names.get(x, x) if x else "")
    text = lines(out)
    assert max(len(r) for r in text) <= 80
    table = cells_of(text)
    statements = [r[1] for r in table]
    assert "Shahab al-Muhajir — leader of — ISKP" in statements
    assert "attack, Kunduz — killed — ≥46" in statements
    assert not any(GROUP in r[1] or "person:" in r[1] for r in table)
    assert LONG in [r[4] for r in table]  # the sentence, wrapped, not cut
    assert "2022-01~/ 2022-04~" in [r[2] for r in table]
    # one word per line is what a starved column looks like
    sentence_lines = [r.split("│")[-2].strip() for r in text if r.startswith("│")]
    assert sum(len(c.split()) <= 1 for c in sentence_lines if c) < len(sentence_lines) / 4


@pytest.mark.parametrize("args", [["show", "ISKP"], ["claims"], ["claims", "--entity", "ISKP"],
                                  ["entities"], ["timeline"], ["conflicts"]])
def test_terminal_cli_views_fit_80_columns(kb, kb_url, tmp_path, args) -> None:
    base(kb)
    out = CliRunner(env={"COLUMNS": "80"}).invoke(cli, [*args, "--db", kb_url])
    assert out.exit_code == 0, out.output
    assert max(len(r) for r in out.output.splitlines()) <= 80
    assert "…" not in out.output


def test_terminal_when_keeps_each_side_of_an_interval_whole() -> None:
    assert when("2022-01~/2022-04~") == "2022-01~/\n2022-04~"
    assert when("2015/..") == "2015/.." and when("2021-10-08") == "2021-10-08"
    assert when(None) == ""
