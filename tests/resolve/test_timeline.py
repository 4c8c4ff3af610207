"""A timeline shows an entity's latest items first read from the store newest first: the
items it keeps must be the ones the whole timeline would end with, in the same order."""

from __future__ import annotations

from click.testing import CliRunner

from watchfloor.cli.main import cli
from watchfloor.resolve.judgements import review
from watchfloor.resolve.timeline import build_timeline

from conftest import GROUP, kunduz_reports, make_extraction

ISKP = GROUP[0]
OTHER = ("tehrik-i-taliban-pakistan", "armed_group", "TTP", ["TTP", "Tehrik-i-Taliban Pakistan"])

#: strength figures, one a year, written in a shuffled order
YEARS = ["2017", "2015", "2019", "2016", "2018"]


def _strengths(kb) -> None:
    for year in YEARS:
        sentence = f"Analysts put ISKP at {year[-1]},000 fighters in {year}."
        kb.write_extraction(make_extraction(
            sentence + " TTP put its own strength at 900 that year.", [GROUP, OTHER],
            [(ISKP, "fighters", None, sentence,
              {"low": float(year[-1]) * 1000, "high": float(year[-1]) * 1000, "time": year}),
             (OTHER[0], "fighters", None, "TTP put its own strength at 900 that year.",
              {"low": 900.0, "high": 900.0, "time": year})],
            title=f"note {year}", published=f"{year}-12-31"), model="m")


def test_timeline_newest_keeps_the_whole_timelines_last_items(kb) -> None:
    _strengths(kb)
    for ex in kunduz_reports():
        kb.write_extraction(ex, model="m")
    full = build_timeline(kb, ISKP)
    # the attack's toll claims are its consolidated event's, shown once as that event
    assert [i.kind for i in full].count("event") == 1
    assert not any(i.kind == "claim" and "killed" in i.label for i in full)
    assert [i.when for i in full] == ["2015", "2016", "2017", "2018", "2019", "2021-10-08"]
    assert all("TTP" not in i.label for i in full)  # another group's figures stay its own
    for n in (1, 3, 6, 10):
        assert [(i.when, i.label) for i in build_timeline(kb, ISKP, newest=n)] == [
            (i.when, i.label) for i in full[-n:]]


def test_timeline_a_corrected_date_moves_a_claim_among_the_newest(kb) -> None:
    _strengths(kb)
    oldest = next(c for c in kb.claims() if c["time"] == "2015" and c["subject"] == ISKP)
    review(kb, "claim", oldest["id"], "correct", {"time": "2020"}, reviewer="ana")
    [latest] = build_timeline(kb, ISKP, newest=1)
    assert latest.ref == oldest["id"] and latest.when == "2020"
    review(kb, "claim", oldest["id"], "reject", reviewer="ana")
    assert oldest["id"] not in {i.ref for i in build_timeline(kb, ISKP)}


def test_timeline_items_of_one_day_keep_their_order_past_the_count(kb) -> None:
    _strengths(kb)
    whole = build_timeline(kb)  # both groups: two items a year
    assert [i.when for i in whole[-2:]] == ["2019", "2019"]
    # one asked for, both of the last year read so the one kept is the full order's last
    assert [i.label for i in build_timeline(kb, newest=1)] == [whole[-1].label]


def test_cli_timeline_shows_the_latest_and_says_earlier_ones_were_left_out(kb_url) -> None:
    from watchfloor.store.opening import open_knowledge_base

    kb = open_knowledge_base(kb_url)
    _strengths(kb)
    kb.close()
    runner = CliRunner(env={"COLUMNS": "200"})
    out = runner.invoke(cli, ["timeline", "ISKP", "--db", str(kb_url), "--limit", "2"]).output
    assert "2019" in out and "2018" in out and "2017" not in out
    assert out.index("2018") < out.index("2019")
    assert "earlier items left out" in out
    out = runner.invoke(cli, ["timeline", "ISKP", "--db", str(kb_url), "--limit", "0"]).output
    assert all(year in out for year in YEARS) and "earlier items" not in out
    out = runner.invoke(cli, ["timeline", "ISKP", "--db", str(kb_url), "--until", "2016",
                              "--limit", "5"]).output
    assert "2015" in out and "2016" in out and "2017" not in out and "earlier" not in out
