"""The entity page of a busy group lists the latest rows of each table and says how many
it holds; its chart and map still show every figure, those not listed linking to the
page that lists them all."""

from __future__ import annotations

from watchfloor.web.views import entity_view

from conftest import make_extraction

GROUP = ("group:ash", "armed_group", "Ash Brigade", ["Ash Brigade"])
ALLY = ("group:elm", "armed_group", "Elm Front")
YEARS = ["2016", "2014", "2017", "2015"]


def _fill(kb) -> None:
    for year in YEARS:
        size = f"{year[-1]},000"
        first = f"The Ash Brigade had {size} fighters in {year}."
        second = f"The Ash Brigade was allied with the Elm Front in {year}."
        kb.write_extraction(make_extraction(
            f"{first} {second}", [GROUP, ALLY],
            [(GROUP[0], "fighters", None, first,
              {"low": float(year[-1]) * 1000, "high": float(year[-1]) * 1000, "time": year}),
             (GROUP[0], "allied_with", ALLY[0], second, {"time": year})],
            title=f"note {year}"), model="m")


def test_entity_rows_list_the_latest_and_link_the_rest(kb) -> None:
    _fill(kb)
    whole = entity_view(kb, "Ash Brigade")
    assert [r["time"] for r in whole["dated"]] == ["2014", "2015", "2016", "2017"]
    some = entity_view(kb, "Ash Brigade", rows=2)
    assert [r["time"] for r in some["dated"]] == ["2016", "2017"]
    assert some["dated_total"] == 4
    [allies] = some["sections"]
    assert allies["total"] == 4 and [r["time"] for r in allies["rows"]] == ["2014", "2015"]
    listed = {r["note"] for r in some["dated"]}
    hidden = {r["note"] for r in whole["dated"]} - listed
    for note in listed:
        assert f'href="#fn{note}"' in some["chart"]
    for note in hidden:  # still drawn, linked to the page that lists it
        assert f'href="?all=1#fn{note}"' in some["chart"]
    assert whole["chart"].count("<a href=") == some["chart"].count("<a href=") == 4
    assert some["sources_total"] == 4 and len(some["sources"]) == 2
    assert [d["id"] for d in some["sources"]] == [d["id"] for d in whole["sources"]][-2:]
