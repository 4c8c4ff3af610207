from __future__ import annotations

import json
from pathlib import Path

import pytest

from watchfloor.exceptions import CorruptDocumentError
from watchfloor.ingest.metadata import Metadata, read_sidecar, split_text_header


def test_metadata_from_mapping_maps_aliases_and_dates() -> None:
    meta = Metadata.from_mapping(
        {"Title": "  A  report ", "source": "ICG", "date": "8 October 2021", "link": "u", "x": 1}
    )
    assert meta == Metadata(title="A report", publisher="ICG", published="2021-10-08", url="u")


def test_metadata_over_keeps_known_values_of_the_winner() -> None:
    base = Metadata(title="In PDF", publisher="Template Inc", url="http://a")
    assert Metadata(title="Sidecar").over(base) == Metadata(
        title="Sidecar", publisher="Template Inc", url="http://a"
    )


@pytest.mark.parametrize(
    ("names", "expected_title"),
    [
        (["report.meta.json"], "stem"),
        (["report.pdf.meta.json"], "full"),
        (["report.meta.json", "report.pdf.meta.json"], "stem"),
        ([], None),
    ],
)
def test_metadata_sidecar_forms(
    tmp_path: Path, names: list[str], expected_title: str | None
) -> None:
    for name in names:
        title = "stem" if name == "report.meta.json" else "full"
        (tmp_path / name).write_text(json.dumps({"title": title}), encoding="utf-8")
    assert read_sidecar(tmp_path / "report.pdf").title == expected_title


@pytest.mark.parametrize("content", ["{not json", "[1, 2]"])
def test_metadata_bad_sidecar_is_an_error(tmp_path: Path, content: str) -> None:
    (tmp_path / "report.meta.json").write_text(content, encoding="utf-8")
    with pytest.raises(CorruptDocumentError, match="report.meta.json"):
        read_sidecar(tmp_path / "report.pdf")


@pytest.mark.parametrize(
    ("text", "meta", "body"),
    [
        (
            "Title: Mosul report\nDate: 2021-10-08\nPublisher: ICG\n\nBody text.",
            Metadata(title="Mosul report", published="2021-10-08", publisher="ICG"),
            "\nBody text.",
        ),
        (
            "---\ntitle: 'Front'\ndate: 2021-10\n---\nBody.",
            Metadata(title="Front", published="2021-10"),
            "Body.",
        ),
        ("# Mosul report\n\nBody.", Metadata(title="Mosul report"), "# Mosul report\n\nBody."),
        (
            "Note: this opening line has a colon.\n\nBody.",
            Metadata(),
            "Note: this opening line has a colon.\n\nBody.",
        ),
        ("Plain body.", Metadata(), "Plain body."),
    ],
)
def test_metadata_text_header(text: str, meta: Metadata, body: str) -> None:
    assert split_text_header(text) == (meta, body)


@pytest.mark.parametrize(
    ("text", "meta"),
    [
        (
            "Suicide bomber kills dozens in Kunduz\n\nKUNDUZ, Afghanistan, 8 October 2021 — A "
            "suicide bomber blew himself up.",
            Metadata(title="Suicide bomber kills dozens in Kunduz", published="2021-10-08"),
        ),
        (
            "Blast hits mosque\n\nKABUL, Oct 9 (Reuters) - A bomb went off.",
            Metadata(title="Blast hits mosque", publisher="Reuters"),  # a day without a year
        ),
        ("MOGADISHU, Somalia — Gunmen stormed a hotel.", Metadata()),
        ("A plain sentence ends here.\n\nBody.", Metadata()),
    ],
)
def test_metadata_headline_and_dateline_of_a_plain_text(text: str, meta: Metadata) -> None:
    found, body = split_text_header(text)
    assert found == meta and body == text


@pytest.mark.parametrize(
    ("title", "published", "year"),
    [
        ("Nigeria — 2021 Country Reports on Human Rights Practices", "2022-04-12", 2021),
        ("Designations of leaders in 2021", "2021-08-06", None),  # the year it came out
        ("Treasury Designates Leadership", "2012-08-30", None),
        ("From 2014 to 2016: a review", "2020", None),  # two years: no single period
    ],
)
def test_metadata_report_year_from_the_title(title: str, published: str, year) -> None:
    from watchfloor.ingest.metadata import report_year

    assert report_year(title, published) == year
