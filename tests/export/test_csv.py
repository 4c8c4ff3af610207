"""The CSV exports: events with ACLED-like columns and claims with names, read back with
the csv module (what Excel and pandas do) and checked cell by cell."""

from __future__ import annotations

import csv
import io

from click.testing import CliRunner

from watchfloor.cli.main import cli
from watchfloor.export.csv_claims import ClaimsCSVExporter
from watchfloor.export.csv_events import COLUMNS, EventsCSVExporter, time_precision

from .sample import REJECTED, build, run


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_events_one_row_per_event_with_names_place_and_toll(kb) -> None:
    text = run(build(kb), EventsCSVExporter)
    assert text.splitlines()[0] == ",".join(COLUMNS)
    [row] = rows(text)
    assert row["date"] == "2021-10-08" and row["time_precision"] == "1"
    assert row["event_type"] == "attack" and row["method"] == "suicide_bombing"
    assert row["perpetrators"] == "ISKP" and row["target"] == "worshippers"
    assert (row["country"], row["admin1"], row["location"]) == ("AF", "Kunduz", "Kunduz")
    assert float(row["latitude"]) == 36.72898 and float(row["longitude"]) == 68.857
    assert row["geo_precision"] == "1"
    assert (row["killed_low"], row["killed_high"]) == ("46", "")
    assert row["sources"] == "Kabul Monitor"
    assert "killed at least 46 worshippers" in row["notes"]


def test_csv_claims_names_not_ids_and_rejected_left_out(kb) -> None:
    table = rows(run(build(kb), ClaimsCSVExporter))
    leader = next(r for r in table if r["predicate"] == "leader_of")
    assert (leader["subject"], leader["object"]) == ("Shahab al-Muhajir", "ISKP")
    assert leader["sentence"] == "ISKP is led by Shahab al-Muhajir."
    assert leader["source"] == "Kabul Monitor" and leader["published"] == "2021-10-09"
    fighters = next(r for r in table if r["predicate"] == "fighters")
    assert (fighters["low"], fighters["high"], fighters["time"]) == ("4000", "4000", "2021")
    assert fighters["attributed_to"] == "a UN report"
    assert all(r["sentence"] != REJECTED for r in table)
    assert not any(r["predicate"] == "allied_with" for r in table)


def test_csv_time_precision_scale() -> None:
    cases = {"2021-10-08": 1, "2021-10": 2, "2021": 3, "2021-10~": 2,
             "2021-01/2021-04": 3, "2021-21": 3, None: None}
    assert {k: time_precision(k) for k in cases} == cases


def test_csv_cli_streams_to_stdout_and_writes_files_atomically(kb, kb_url, tmp_path) -> None:
    build(kb)
    db = kb_url
    out = CliRunner().invoke(cli, ["export", "--db", db, "--format", "claims-csv", "-o", "-"])
    assert out.exit_code == 0, out.output
    assert out.stdout.startswith("claim_id,subject,predicate")
    target = tmp_path / "events.csv"
    done = CliRunner().invoke(cli, ["export", "--db", db, "--format", "csv", "-o", str(target)])
    assert done.exit_code == 0, done.output
    assert rows(target.read_text("utf-8"))[0]["location"] == "Kunduz"
    assert not (tmp_path / "events.csv.part").exists()


def test_csv_every_format_streams_through_the_cli(kb, kb_url, tmp_path) -> None:
    from watchfloor.cli.export_cmd import FORMATS

    build(kb)
    for fmt in FORMATS:
        out = CliRunner().invoke(cli, ["export", "--db", kb_url,
                                       "--format", fmt, "-o", "-"])
        assert out.exit_code == 0, (fmt, out.output)
        assert "ISKP" in out.stdout, fmt
