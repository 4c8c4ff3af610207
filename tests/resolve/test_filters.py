"""Filters of timeline, claims and conflicts (date window, country, group, type) and the
"did you mean" of an unknown name, on a base with an attack in Afghanistan (2021) and one
in Iraq (2019)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from export.sample import GROUP, build
from watchfloor.cli.main import cli
from watchfloor.names import close_names
from watchfloor.records import Place
from watchfloor.resolve.filters import ViewFilter, parse_day, view_filter

from conftest import kunduz_reports, make_extraction

MOSUL_TEXT = ("On 3 March 2019 Islamic State fighters attacked a checkpoint in Mosul, killing "
              "five soldiers. Officials said 20 soldiers died; the group claimed 40.")


@pytest.fixture
def db(kb, kb_url, tmp_path) -> str:
    build(kb)
    for ex in kunduz_reports():
        kb.write_extraction(ex, model="m")
    first = MOSUL_TEXT.split(". ")[0] + "."
    second = MOSUL_TEXT.split(". ")[1]
    ex = make_extraction(
        MOSUL_TEXT,
        [("islamic-state", "armed_group", "Islamic State"), ("location:mosul", "location",
                                                              "Mosul")],
        [("islamic-state", "perpetrator_of", None, first, {"event": "m1", "certainty": "asserted"}),
         ("m1", "killed", None, first, {"low": 5.0, "high": 5.0, "event": "m1",
                                        "time": "2019-03-03"}),
         ("m1", "killed", None, second, {"low": 20.0, "high": 20.0, "event": "m1",
                                         "time": "2019-03-03", "attributed_to": "officials"})],
        [("m1", "attack", first, {"date": "2019-03-03", "location": "location:mosul",
                                  "perpetrators": ["islamic-state"], "killed": (5.0, 5.0)})],
        title="Mosul checkpoint", published="2019-03-04")
    ex.entities["location:mosul"].place = Place("Mosul", "IQ", "Nineveh", 36.34, 43.13, "city")
    kb.write_extraction(ex, model="m")
    return kb_url


def run(db: str, *args: str) -> str:
    out = CliRunner(env={"COLUMNS": "200"}).invoke(cli, [*args, "--db", db])
    assert out.exit_code == 0, out.output
    return out.output


def fails(db: str, *args: str) -> str:
    out = CliRunner().invoke(cli, [*args, "--db", db])
    assert out.exit_code == 1 and "Traceback" not in out.output, out.output
    return out.output


def claims(db: str, *args: str) -> list[dict]:
    return [json.loads(line) for line in run(db, "claims", "--json", *args).splitlines()]


def test_filters_timeline_by_country(db) -> None:
    iraq = run(db, "timeline", "--country", "IQ")
    assert "Mosul" in iraq and "Kunduz" not in iraq
    assert run(db, "timeline", "--country", "Iraq") == iraq
    afghan = run(db, "timeline", "--country", "af")
    assert "Kunduz" in afghan and "Mosul" not in afghan
    assert "unknown country 'Atlantis'" in fails(db, "timeline", "--country", "Atlantis")


def test_filters_timeline_by_date_window(db) -> None:
    recent = run(db, "timeline", "--since", "2021")
    assert "Kunduz" in recent and "Mosul" not in recent
    old = run(db, "timeline", "--until", "2020-12")
    assert "Mosul" in old and "Kunduz" not in old
    assert "hostile to Taliban" in old  # "2015/.." can fall before 2021
    assert "fighters 4,000" not in old
    assert "bad --since" in fails(db, "timeline", "--since", "last year")
    assert "is after --until" in fails(db, "timeline", "--since", "2022", "--until", "2021")


def test_filters_timeline_by_group_and_type(db) -> None:
    iskp = run(db, "timeline", "--group", "ISKP")
    assert "Kunduz" in iskp and "Mosul" not in iskp
    attacks = run(db, "timeline", "--type", "attack")
    assert "Kunduz" in attacks and "Mosul" in attacks and "fighters" not in attacks
    assert "attack" not in run(db, "timeline", "--type", "meeting")
    assert "unknown event type" in fails(db, "timeline", "--type", "raid")
    assert "not a group" in fails(db, "timeline", "--group", "Shahab al-Muhajir")


def test_filters_claims(db) -> None:
    everything = claims(db)
    iraq = claims(db, "--country", "IQ")
    assert iraq and {c["document"] for c in iraq} == {
        c["document"] for c in everything if "Mosul" in c["evidence"][0]["text"]}
    taliban = claims(db, "--group", "Taliban")
    assert [c["predicate"] for c in taliban] == ["hostile_to"]
    window = claims(db, "--since", "2021-10-01", "--until", "2021-10-31")
    times = {c["time"] for c in window}
    assert {"2021-10-08", "2021-10", "2021", "2015/.."} <= times  # all can fall in October
    assert "2019-03-03" not in times and "2022-01~/2022-04~" not in times
    # a claim with no time of its own (a perpetrator) takes its event's date
    assert any(c["predicate"] == "perpetrator_of" for c in window)
    assert not any("Mosul" in c["evidence"][0]["text"] for c in window)
    both = claims(db, "--group", "Islamic State", "--country", "AF")
    assert both == []
    kinds = {kind: {c["predicate"] for c in claims(db, "--type", kind)}
             for kind in ("relation", "figure", "event")}
    assert kinds == {"relation": {"leader_of", "hostile_to", "operates_in"},
                     "figure": {"fighters"}, "event": {"killed", "perpetrator_of"}}


def test_filters_conflicts(db) -> None:
    every = [json.loads(x) for x in run(db, "conflicts", "--json").splitlines()]
    assert {c["kind"] for c in every} >= {"figure"}
    figures = [json.loads(x) for x in run(db, "conflicts", "--json", "--type", "figure")
               .splitlines()]
    assert figures and all(c["kind"] == "figure" for c in figures)
    iraq = [json.loads(x) for x in run(db, "conflicts", "--json", "--country", "IQ")
            .splitlines()]
    assert iraq and all("Mosul" in c["claims"][0]["evidence"][0]["text"] for c in iraq)
    assert run(db, "conflicts", "--since", "2022").strip() == "no conflicting claims"


def test_filters_view_filter_window_keeps_what_can_overlap(kb) -> None:
    flt = ViewFilter(since=parse_day("2021-06", "--since", end=False),
                     until=parse_day("2021", "--until", end=True))
    assert (flt.since, flt.until) == ("2021-06-01", "2021-12-31")
    assert flt.in_window("2021-01-01", "2021-12-31")  # "2021" may be in the second half
    assert not flt.in_window("2021-01-01", "2021-05-31")
    assert flt.in_window("2015-01-01", None)  # open-ended
    assert not flt.in_window(None, None)
    assert not view_filter(kb).active


def test_filters_show_suggests_close_names(db) -> None:
    assert "did you mean: ISKP" in fails(db, "show", "IS")
    assert "did you mean: Islamic State" in fails(db, "show", "Islamc State")
    assert "did you mean" not in fails(db, "show", "zzzz")
    assert "did you mean: Taliban" in fails(db, "claims", "--entity", "Talibn")


def test_filters_close_names_prefix_first() -> None:
    names = {"ISKP": "ISKP", "Islamic State": "Islamic State", "IS": "Islamic State",
             "Taliban": "Taliban"}
    assert close_names("Is", names)[0] == "Islamic State"
    assert close_names("Talibn", names) == ["Taliban"]
    assert close_names("", names) == []
    assert GROUP not in close_names("ISK", names)
