"""An analyst's review outlives the analyst's merge: reject a claim, merge its entity into
another, re-run extraction over everything, and the claim is still rejected (same claim,
same review), now under the entity it was merged into; a split gives it back."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from watchfloor.cli.main import cli

A = "The Hamza Martyrs Front has about 300 fighters near Idlib, a UN report said in March 2021.\n"
B = ("The Hamza Front, a Syrian militia, has up to 450 fighters in northern Syria, officials "
     "said in May 2021.\n")


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def claims(db: str, *extra: str) -> list[dict]:
    return [json.loads(line) for line in run("claims", "--json", "--db", db, *extra).splitlines()]


def test_review_rejection_survives_merge_then_reprocess_all(tmp_path: Path, kb_url: str) -> None:
    (tmp_path / "a.txt").write_text(A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(B, encoding="utf-8")
    db = kb_url  # on each backend
    run("ingest", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--db", db, "-q")
    by_value = {c["high"]: c for c in claims(db, "--predicate", "fighters")}
    rejected = by_value[450.0]
    assert rejected["subject"] == "armed_group:hamza front"
    run("review", rejected["id"], "--reject", "--note", "not this group", "--db", db)
    run("merge", "Hamza Martyrs Front", "Hamza Front", "--db", db)
    run("reprocess", "--all", "--db", db)

    shown = claims(db, "--predicate", "fighters")
    assert [c["high"] for c in shown] == [300.0]  # the rejected one stays out
    kept = {c["id"]: c for c in claims(db, "--predicate", "fighters", "--include-rejected")}
    assert kept[rejected["id"]]["review"] == "reject"
    assert kept[rejected["id"]]["subject"] == "armed_group:hamza martyrs front"
    merged = claims(db, "--entity", "Hamza Martyrs Front", "--include-rejected")
    assert rejected["id"] in {c["id"] for c in merged}

    run("split", "armed_group:hamza front", "--db", db)
    back = {c["id"]: c for c in claims(db, "--include-rejected")}
    assert back[rejected["id"]]["subject"] == "armed_group:hamza front"
    assert back[rejected["id"]]["review"] == "reject"
