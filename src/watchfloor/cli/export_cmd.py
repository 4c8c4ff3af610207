"""``watchfloor export``: the knowledge base in a format other tools read."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from watchfloor.cli.options import db_option, open_db
from watchfloor.exceptions import WatchfloorError

if TYPE_CHECKING:
    from watchfloor.export.common import Exporter

# Format name -> (module, class) under watchfloor.export; imported only when chosen.
FORMATS = {
    "json": ("json_kb", "JSONExporter"),
    "csv": ("csv_events", "EventsCSVExporter"),
    "claims-csv": ("csv_claims", "ClaimsCSVExporter"),
    "geojson": ("geojson", "GeoJSONExporter"),
    "graphml": ("graphml", "GraphMLExporter"),
    "gexf": ("gexf", "GEXFExporter"),
    "stix": ("stix", "STIXExporter"),
    "ftm": ("ftm", "FtMExporter"),
}


def exporter_class(fmt: str) -> type[Exporter]:
    from importlib import import_module

    module, name = FORMATS[fmt]
    cls: type[Exporter] = getattr(import_module(f"watchfloor.export.{module}"), name)
    return cls


@click.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="json",
              show_default=True,
              help="json (everything), csv (events), claims-csv, geojson, graphml, gexf, "
                   "stix, ftm.")
@click.option("-o", "--output", default="-", show_default=True,
              help="File to write; '-' streams to stdout.")
def export(db: str | None, fmt: str, output: str) -> None:
    """Export the reviewed knowledge base (rejected claims and events left out).

    Every format is documented in docs/export-format.md: json ("watchfloor-kb/1",
    validated by src/watchfloor/export/kb.schema.json), csv (events, ACLED-like columns),
    claims-csv (claims with names), geojson (QGIS), graphml and gexf (Gephi), stix
    (STIX 2.1 bundle), ftm (FollowTheMoney entities, one JSON per line, for Aleph).

    \b
    Examples:
      watchfloor export --format json -o kb.json
      watchfloor export --format csv -o events.csv
      watchfloor export --format stix -o - | jq '.objects | length'
    """
    from watchfloor.export.common import export as run_export

    make = exporter_class(fmt)
    kb, _ = open_db(db)
    with kb:
        if output == "-":
            counts = run_export(kb, make(sys.stdout))
            return
        target = Path(output)
        tmp = target.with_name(target.name + ".part")
        try:
            with tmp.open("w", encoding="utf-8", newline="") as fh:
                counts = run_export(kb, make(fh))
            tmp.replace(target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise WatchfloorError(f"cannot write {output}: {exc.strerror}",
                                  "check the folder exists and is writable") from exc
        except BaseException:
            tmp.unlink(missing_ok=True)  # never leave half a file behind, whatever stopped it
            raise
    click.echo(", ".join(f"{v} {k}" for k, v in counts.items()) + f" written to {output}",
               err=True)


COMMANDS = [export]
