"""Every export of the bundled samples validates with its ecosystem's own tool, and every
reading command fits an 80-column terminal: real extraction output, not hand-built rows."""

from __future__ import annotations

import csv
import io
import json

import geojson
import networkx as nx
import pytest
from click.testing import CliRunner
from followthemoney import model
from stix2validator import ValidationOptions, validate_instance

from watchfloor.cli.main import cli

pytestmark = pytest.mark.slow


def export(samples_db: str, fmt: str) -> str:
    out = CliRunner().invoke(cli, ["export", "--db", samples_db, "--format", fmt, "-o", "-"])
    assert out.exit_code == 0, out.output
    return out.stdout


def test_samples_exports_validate(samples_db) -> None:
    stix = validate_instance(json.loads(export(samples_db, "stix")), ValidationOptions(version="2.1"))
    assert stix.is_valid, [str(e) for e in stix.errors]
    proxies = [model.get_proxy(json.loads(line), cleaned=False)
               for line in export(samples_db, "ftm").splitlines()]
    assert {"Organization", "Person", "Address", "Event", "Document"} <= {
        p.schema.name for p in proxies}
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        graph = read(io.BytesIO(export(samples_db, fmt).encode("utf-8")))
        assert graph.number_of_edges() > 10, fmt
    collection = geojson.loads(export(samples_db, "geojson"))
    assert collection.is_valid, collection.errors()
    events = list(csv.DictReader(io.StringIO(export(samples_db, "csv"))))
    assert any(r["location"] == "Kunduz" and r["date"] == "2021-10-08" for r in events)
    claims = list(csv.DictReader(io.StringIO(export(samples_db, "claims-csv"))))
    assert claims and all(r["sentence"] for r in claims)


@pytest.mark.parametrize("args", [["show", "ISKP"], ["show", "--most-mentioned"], ["claims"],
                                  ["conflicts", "--limit", "0"], ["timeline"], ["entities"]])
def test_samples_views_fit_80_columns(samples_db, args) -> None:
    out = CliRunner(env={"COLUMNS": "80"}).invoke(cli, [*args, "--db", samples_db])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert len(lines) > 5 and max(len(line) for line in lines) <= 80
    assert "…" not in out.output
