"""The conflicts touching one group are found key by key, like the whole base's: the
same ones the group's claims give, another group's left out, and the first few of them
when only a few are asked for."""

from __future__ import annotations

from click.testing import CliRunner

from watchfloor.cli.main import cli
from watchfloor.resolve.conflicts import find_conflicts
from watchfloor.resolve.judgements import review

from conftest import make_extraction

RED = ("group:red", "armed_group", "Red Banner Army", ["Red Banner Army", "RBA"])
BLUE = ("group:blue", "armed_group", "Blue Hills Front")
GREY = ("group:grey", "armed_group", "Grey Column")
AMIR = ("person:amir", "person", "Amir Khan")
SAID = ("person:said", "person", "Said Noor")


def _notes(kb) -> None:
    """Two reports that disagree about the Red Banner Army on every count, and about the
    Grey Column's strength."""
    first = ("The Red Banner Army had 2,000 fighters in 2019. The Red Banner Army was allied"
             " with the Blue Hills Front in 2019. Amir Khan led the Red Banner Army in 2019."
             " The Grey Column had 300 fighters in 2019.")
    second = ("The Red Banner Army had about 5,000 fighters in 2019. The Red Banner Army fought"
              " the Blue Hills Front in 2019. Said Noor led the Red Banner Army in 2019."
              " The Grey Column had 900 fighters in 2019.")
    for text, (size, grey), (rel, leader) in (
            (first, (2000.0, 300.0), ("allied_with", AMIR)),
            (second, (5000.0, 900.0), ("hostile_to", SAID))):
        sentences = text.split(". ")
        kb.write_extraction(make_extraction(
            text, [RED, BLUE, GREY, AMIR, SAID],
            [(RED[0], "fighters", None, sentences[0],
              {"low": size, "high": size, "time": "2019"}),
             (RED[0], rel, BLUE[0], sentences[1], {"time": "2019"}),
             (leader[0], "leader_of", RED[0], sentences[2], {"time": "2019"}),
             (GREY[0], "fighters", None, sentences[3],
              {"low": grey, "high": grey, "time": "2019"})],
            title=f"note {size}", published="2020-01-01"), model="m")


def _cli(kb_url) -> CliRunner:
    """The notes written to a base the CLI then opens, and a wide terminal to read it."""
    from watchfloor.store.opening import open_knowledge_base

    kb = open_knowledge_base(kb_url)
    _notes(kb)
    kb.close()
    return CliRunner(env={"COLUMNS": "200"})


def test_conflicts_of_one_group_are_its_own_in_order(kb) -> None:
    _notes(kb)
    found = find_conflicts(kb, "group:red")
    assert [(c.kind, c.about) for c in found] == [
        ("figure", "group:red"), ("relation", "group:blue"), ("leader", "group:red")]
    assert all(len(c.claims) == 2 for c in found)
    assert find_conflicts(kb, "group:red", limit=2) == found[:2]
    assert [c.about for c in find_conflicts(kb, "group:grey")] == ["group:grey"]
    # a leader is touched by the clash over the group he leads only through his own claims
    assert find_conflicts(kb, "person:amir") == []


def test_conflicts_of_one_group_follow_a_rejection(kb) -> None:
    _notes(kb)
    said = next(c for c in kb.claims() if c["subject"] == "person:said")
    review(kb, "claim", said["id"], "reject", reviewer="ana")
    assert [c.kind for c in find_conflicts(kb, "group:red")] == ["figure", "relation"]


def test_cli_conflicts_of_one_group_say_when_there_are_more(kb_url) -> None:
    runner = _cli(kb_url)
    out = runner.invoke(cli, ["conflicts", "RBA", "--db", str(kb_url), "--limit", "1"]).output
    assert "fighters" in out and "Blue Hills Front" not in out
    assert "more conflicts: use --limit 0" in out
    out = runner.invoke(cli, ["conflicts", "RBA", "--db", str(kb_url)]).output
    assert "Blue Hills Front" in out and "Said Noor" in out and "Grey Column" not in out
    assert "more conflicts" not in out


def test_conflicts_a_long_conflict_shows_each_figure_said_first() -> None:
    from watchfloor.resolve.conflicts import Conflict, leading_claims

    said = [100.0, 100.0, 100.0, 200.0, 100.0, 300.0, 200.0]
    rows = [{"id": str(n), "predicate": "fighters", "subject": "group:red", "object": None,
             "low": v, "high": v} for n, v in enumerate(said)]
    conflict = Conflict("figure", "group:red", "fighters: 7 different figures", rows)
    assert [c["id"] for c in leading_claims(conflict, 3)] == ["0", "3", "5"]
    assert [c["id"] for c in leading_claims(conflict, 4)] == ["0", "1", "3", "5"]
    assert len(leading_claims(conflict, 50)) == 7


def test_cli_conflicts_say_how_many_claims_are_left_out(kb_url) -> None:
    runner = _cli(kb_url)
    out = runner.invoke(cli, ["conflicts", "RBA", "--db", str(kb_url), "--claims", "1"]).output
    assert out.count("1 more claims of this conflict: use --claims 0") == 3
    assert ("Amir Khan" in out) != ("Said Noor" in out)  # one of the two leaders shown

