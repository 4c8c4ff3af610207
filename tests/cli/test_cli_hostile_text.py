"""Text from documents is data, never markup or terminal control: a sentence holding rich
markup, an escape sequence or an HTML payload is shown as written by every view, and the
Markdown dossier renders it as text."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

from watchfloor.cli.main import cli
from watchfloor.report.documents import render_markdown
from watchfloor.report.dossier import build_dossier
from watchfloor.store.opening import open_knowledge_base

from conftest import make_extraction

ESC = "\x1b"
PAYLOADS = [  # what an HTML renderer would run or load if passed through raw
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "<iframe src=javascript:alert(3)></iframe>",
    "<svg onload=alert(4)>",
    "<a href=javascript:alert(5)>x</a>",
    "<style>body{display:none}</style>",
]
TEXT = (
    "Member states [/bold] said ISKP had about 2,700 fighters in 2017. "
    f"A {ESC}]8;;https://example.invalid{ESC}\\link{ESC}]8;;{ESC}\\ and {ESC}[2J report put "
    "ISKP at 4,000 fighters in 2017. "
    + " ".join(f"Note {i}: {p} ISKP." for i, p in enumerate(PAYLOADS))
)


@pytest.fixture
def db(kb_url):
    path = kb_url
    first, second, *_ = TEXT.split(". ")
    with open_knowledge_base(path) as kb:
        kb.write_extraction(make_extraction(
            TEXT,
            [("iskp", "armed_group", "ISKP", ["ISKP", "[bold red]ISKP[/]", PAYLOADS[0]])],
            [("iskp", "fighters", None, first + ".",
              {"low": 2700.0, "high": 2700.0, "time": "2017", "attributed_to": "[/bold]"}),
             ("iskp", "fighters", None, second + ".",
              {"low": 4000.0, "high": 4000.0, "time": "2017", "attributed_to": PAYLOADS[1]})]
            + [("iskp", "fighters", None, f"{p} ISKP.",
                {"low": float(i + 1), "high": float(i + 1), "time": "2018"})
               for i, p in enumerate(PAYLOADS)],
            title="[link=https://example.invalid]ISKP note[/link] <b>x</b>",
            publisher=f"Wire{ESC}[31m"), model="m")
    return str(path)


@pytest.mark.parametrize("args", [
    ["show", "ISKP"], ["claims"], ["claims", "--entity", "ISKP"], ["conflicts"],
    ["conflicts", "ISKP"], ["timeline", "ISKP"], ["entities"], ["stats"],
    ["review", "--limit", "3"],
])
def test_cli_views_show_markup_and_escapes_as_text(db, args: list[str]) -> None:
    result = CliRunner(env={"COLUMNS": "400"}).invoke(cli, [*args, "--db", db], input="s\ns\ns\n")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 0, result.output
    assert ESC not in result.output
    if args[0] in ("show", "claims", "review"):
        assert "[/bold]" in result.output  # the sentence, as written


def test_cli_conflicts_lists_the_hostile_sentence(db) -> None:
    result = CliRunner(env={"COLUMNS": "400"}).invoke(cli, ["conflicts", "--db", db])
    assert "Member states [/bold] said" in result.output


def test_markdown_dossier_renders_payloads_as_text(db) -> None:
    with open_knowledge_base(db) as kb:
        text = render_markdown(build_dossier(kb, "iskp"), kb)
    html = MarkdownIt("commonmark").render(text)
    for tag in ("<script", "<img", "<iframe", "<svg", "<a ", "<style", "<b>"):
        assert tag not in html
    for payload in PAYLOADS:
        assert payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in html
