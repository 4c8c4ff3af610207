"""The EDTF codec: what each value covers, what it refuses, and that the reader agrees."""

from __future__ import annotations

from datetime import date

import pytest

from watchfloor import edtf
from watchfloor.exceptions import DateError, WatchfloorError

BOUNDS = [
    ("2021-10-08", "2021-10-08", "2021-10-08"),
    ("2021-10", "2021-10-01", "2021-10-31"),
    ("2024-02", "2024-02-01", "2024-02-29"),
    ("2021", "2021-01-01", "2021-12-31"),
    ("199X", "1990-01-01", "1999-12-31"),
    ("19XX", "1900-01-01", "1999-12-31"),
    ("2021-XX", "2021-01-01", "2021-12-31"),
    ("2021-05-XX", "2021-05-01", "2021-05-31"),
    # seasons: northern meteorological, winter across the year boundary
    ("2016-21", "2016-03-01", "2016-05-31"),
    ("2016-22", "2016-06-01", "2016-08-31"),
    ("2016-23", "2016-09-01", "2016-11-30"),
    ("2016-24", "2016-12-01", "2017-02-28"),
    ("2019-24", "2019-12-01", "2020-02-29"),
    # approximations widen nothing
    ("2015-11~", "2015-11-01", "2015-11-30"),
    ("2015-11?", "2015-11-01", "2015-11-30"),
    ("2015%", "2015-01-01", "2015-12-31"),
    # intervals, open and unknown ends
    ("2014-07/2014-12", "2014-07-01", "2014-12-31"),
    ("2021-08/..", "2021-08-01", None),
    ("../2021-03", None, "2021-03-31"),
    ("2021/", "2021-01-01", None),
    ("/2021", None, "2021-12-31"),
    ("2016-24/2017-03", "2016-12-01", "2017-03-31"),
    ("2015~/2016-06?", "2015-01-01", "2016-06-30"),
]


@pytest.mark.parametrize(("value", "earliest", "latest"), BOUNDS)
def test_edtf_bounds(value: str, earliest: str | None, latest: str | None) -> None:
    assert edtf.bounds(value) == (earliest, latest)
    parsed = edtf.parse(value)
    assert (parsed.earliest, parsed.latest) == (earliest, latest)
    assert str(parsed) == value  # what was read is written back unchanged


@pytest.mark.parametrize("value", [
    "", "foo", "2021-13", "2020-02-30", "2021-25", "2016-24-01", "21", "2021-1",
    "../..", "2021/2020", "2021-10-08/2021-10-07", "2021/2022/2023", "1X9X",
])
def test_edtf_refuses_what_is_no_edtf(value: str) -> None:
    with pytest.raises(DateError) as raised:
        edtf.parse(value)
    assert isinstance(raised.value, WatchfloorError)
    assert "\n" not in str(raised.value)
    assert not edtf.is_valid(value)
    assert edtf.bounds(value) == (None, None)  # stored data is read, never refused


def test_edtf_qualifiers_are_kept_as_flags() -> None:
    approx = edtf.parse("2015-11~").start
    unsure = edtf.parse("2015-11?").start
    both = edtf.parse("2015-11%").start
    assert approx and approx.approximate and not approx.uncertain
    assert unsure and unsure.uncertain and not unsure.approximate
    assert both and both.approximate and both.uncertain
    assert edtf.parse("2021-08/..").open_end and not edtf.parse("2021/").open_end


@pytest.mark.parametrize(("args", "kwargs", "text"), [
    ((2021, 10, 8), {}, "2021-10-08"),
    ((2021, 10), {}, "2021-10"),
    ((2021,), {}, "2021"),
    ((2016,), {"season": 24}, "2016-24"),
    ((1994,), {"precision": "decade"}, "199X"),
    ((1994,), {"precision": "century"}, "19XX"),
    ((2015, 11), {"approximate": True}, "2015-11~"),
    ((2015, 11), {"approximate": True, "uncertain": True}, "2015-11%"),
])
def test_edtf_format_date(args: tuple, kwargs: dict, text: str) -> None:
    assert edtf.format_date(*args, **kwargs) == text
    assert edtf.is_valid(text)


def test_edtf_seasons_and_the_reader_agree() -> None:
    from watchfloor.read.timex_calendar import Point, parse_edtf_point

    for code in edtf.SEASONS:
        point = Point(2016, season=code)
        assert (point.first().isoformat(), point.last().isoformat()) == edtf.bounds(point.edtf())
        assert parse_edtf_point(point.edtf()) == point
    assert edtf.season_days(2016, 24) == (date(2016, 12, 1), date(2017, 2, 28))
    with pytest.raises(DateError):
        edtf.season_days(2016, 25)


def test_edtf_overlap_and_span() -> None:
    assert edtf.overlaps("2016-24", "2017-01-15")  # winter 2016 holds January 2017
    assert not edtf.overlaps("2016-24", "2017-03")
    assert edtf.overlaps(None, "2017")
    assert edtf.span_days("2021-10-08") == 0
    assert edtf.span_days("2021-08/..") == 10**6
