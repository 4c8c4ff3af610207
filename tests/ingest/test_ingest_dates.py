from __future__ import annotations

import pytest

from watchfloor.ingest.dates import normalise_date


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2021-10-08", "2021-10-08"),
        ("2021-10-08T10:00:00Z", "2021-10-08"),
        ("2021-10-08 10:00:00", "2021-10-08"),
        ("2021-10", "2021-10"),
        ("2021", "2021"),
        ("D:20211008120000+02'00'", "2021-10-08"),
        ("D:202110", "2021-10"),
        ("20211008", "2021-10-08"),
        ("8 October 2021", "2021-10-08"),
        ("8th Oct. 2021", "2021-10-08"),
        ("October 8, 2021", "2021-10-08"),
        ("Sept 2021", "2021-09"),
        ("  2021-10-08  ", "2021-10-08"),
    ],
)
def test_dates_normalises_known_forms(raw: str, expected: str) -> None:
    assert normalise_date(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [None, "", "08/10/2021", "2021-13-01", "2021-02-30", "31 Foo 2021", "2021 report", "soon"],
)
def test_dates_refuses_ambiguous_or_impossible(raw: str | None) -> None:
    assert normalise_date(raw) is None
