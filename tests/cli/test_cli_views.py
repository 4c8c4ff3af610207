"""CLI commands over a hand-built knowledge base: each prints what the analyst asked for,
and library errors are one clean line with exit code 1."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from watchfloor.cli.main import cli
from watchfloor.store.opening import open_knowledge_base

from conftest import kunduz_reports, make_extraction

TEXT = ("Islamic State Khorasan Province (ISKP) is led by Shahab al-Muhajir. US officials put "
        "its strength at up to 3,000 fighters in 2015. A UN report put it at 4,000 in 2015.")


@pytest.fixture
def db(kb_url):
    """A base with one note about ISKP, on each backend."""
    path = kb_url
    kb = open_knowledge_base(path)
    kb.write_extraction(make_extraction(
        TEXT,
        [("islamic-state-khorasan-province", "armed_group", "Islamic State Khorasan Province",
          ["Islamic State Khorasan Province", "ISKP"]),
         ("person:shahab al-muhajir", "person", "Shahab al-Muhajir")],
        [("person:shahab al-muhajir", "leader_of", "islamic-state-khorasan-province",
          "Islamic State Khorasan Province (ISKP) is led by Shahab al-Muhajir."),
         ("islamic-state-khorasan-province", "fighters", None,
          "US officials put its strength at up to 3,000 fighters in 2015.",
          {"high": 3000.0, "value": "up to", "time": "2015", "attributed_to": "US officials"}),
         ("islamic-state-khorasan-province", "fighters", None,
          "A UN report put it at 4,000 in 2015.",
          {"low": 4000.0, "high": 4000.0, "time": "2015", "attributed_to": "a UN report"})],
        title="ISKP note", published="2022-02-01"), model="m")
    kb.close()
    return str(path)


def run(*args: str, input: str | None = None):
    runner = CliRunner(env={"COLUMNS": "240"})
    return runner.invoke(cli, list(args), input=input, catch_exceptions=False)


def test_cli_show_finds_group_by_alias_and_footnotes_figures(db) -> None:
    result = run("show", "ISKP", "--db", db)
    assert result.exit_code == 0
    assert "Islamic State Khorasan Province" in result.output
    assert "≤3,000" in result.output and "US officials" in result.output
    assert "Shahab al-Muhajir" in result.output
    assert "[1]" in result.output and "is led by Shahab" in result.output


def test_cli_unknown_name_is_one_line_error(db) -> None:
    result = CliRunner().invoke(cli, ["show", "Nonexistent Front", "--db", db])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0
    assert "no entity named 'Nonexistent Front'" in result.output
    assert "Traceback" not in result.output


def test_cli_claims_json_filters_by_predicate(db) -> None:
    result = run("claims", "--db", db, "--entity", "ISKP", "--predicate", "fighters", "--json")
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert sorted(r["attributed_to"] for r in rows) == ["US officials", "a UN report"]


def test_cli_conflicts_shows_both_estimates(db) -> None:
    result = run("conflicts", "ISKP", "--db", db)
    assert "fighters: 2 different figures" in result.output
    assert "US officials" in result.output and "a UN report" in result.output


def test_cli_review_reject_then_claims_hide_it(db) -> None:
    rows = [json.loads(x) for x in run("claims", "--db", db, "--predicate", "leader_of",
                                       "--json").output.splitlines()]
    result = run("review", rows[0]["id"], "--reject", "--reviewer", "ana", "--db", db)
    assert result.exit_code == 0 and "reject recorded" in result.output
    assert run("claims", "--db", db, "--predicate", "leader_of", "--json").output == ""


def test_cli_review_bad_correction_field_is_refused(db) -> None:
    rows = [json.loads(x) for x in run("claims", "--db", db, "--json").output.splitlines()]
    result = CliRunner().invoke(cli, ["review", rows[0]["id"], "--correct", "colour=red",
                                      "--db", db])
    assert result.exit_code == 1 and "cannot correct 'colour=red'" in result.output


def test_cli_interactive_review_records_answers(db) -> None:
    result = run("review", "--db", db, "--predicate", "fighters", "--reviewer", "ana",
                 input="a\nr\n")
    assert result.output.count("accepted") == 1 and result.output.count("rejected") == 1
    kept = run("claims", "--db", db, "--predicate", "fighters", "--json").output.splitlines()
    assert len(kept) == 1


def test_cli_timeline_orders_by_interval(db) -> None:
    result = run("timeline", "--db", db)
    assert result.exit_code == 0
    assert result.output.index("2015") < result.output.rindex("fighters")


def test_cli_export_streams_json_to_stdout(db) -> None:
    result = CliRunner().invoke(cli, ["export", "--db", db, "-o", "-"])
    data = json.loads(result.stdout)
    assert data["format"] == "watchfloor-kb/1" and len(data["claims"]) == 3


def test_cli_dossier_refuses_unknown_suffix(db, tmp_path) -> None:
    result = CliRunner().invoke(cli, ["dossier", "ISKP", "--db", db, "-o",
                                      str(tmp_path / "x.pdf")])
    assert result.exit_code == 1 and "FILE.html or FILE.md" in result.output


def test_cli_markdown_dossier_footnotes_every_figure(db, tmp_path) -> None:
    out = tmp_path / "iskp.md"
    run("dossier", "ISKP", "--db", db, "-o", str(out))
    text = out.read_text()
    assert text.count("[^") >= 6  # 3 references + 3 footnotes
    assert "“US officials put its strength at up to 3,000 fighters in 2015.”" in text


def test_cli_merged_events_review_split_and_merge_back(kb_url) -> None:
    from watchfloor.resolve.events import consolidated_events

    path = kb_url
    kb = open_knowledge_base(path)
    for ex in kunduz_reports():
        kb.write_extraction(ex, model="m")
    [event] = consolidated_events(kb)
    kb.close()
    db = str(path)
    result = run("review", "--event", event["id"], "--correct", "killed_low=47", "--db", db)
    assert result.exit_code == 0 and event["id"] in result.output
    assert "merged from 3 reports by watchfloor" in run("timeline", "--db", db).output
    member = event["members"][0]
    result = run("split", "--event", member, "--reviewer", "ana", "--db", db)
    assert result.exit_code == 0 and f"split {member}" in result.output
    others = event["members"][1]
    result = run("merge", "--event", others, member, "--reviewer", "ana", "--db", db)
    assert result.exit_code == 0
    kb = open_knowledge_base(path)
    events = list(consolidated_events(kb))
    kb.close()
    # back with the one report the analyst named; the split keeps it from the other
    [pair] = [e for e in events if len(e["members"]) == 2]
    assert set(pair["members"]) == {member, others}
    assert [m["by"] for m in pair["merge"]] == ["ana"]
    result = CliRunner().invoke(cli, ["split", "--event", "evt-nonexistent", "--db", db])
    assert result.exit_code == 1 and "no event matches" in result.output
