"""``watchfloor export``: the knowledge base in a format other tools read."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from watchfloor.cli.options import db_option, open_db
from watchfloor.exceptions import WatchfloorError

FORMATS = ("json",)


@click.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="json", show_default=True)
@click.option("-o", "--output", default="-", show_default=True,
              help="File to write; '-' streams to stdout.")
def export(db: str | None, fmt: str, output: str) -> None:
    """Export documents, entities, claims and events.

    The JSON format ("watchfloor-kb/1") is documented in docs/export-format.md and
    validated by src/watchfloor/export/kb.schema.json.

    \b
    Example:
      watchfloor export --format json -o kb.json
    """
    from watchfloor.export.common import export as run_export
    from watchfloor.export.json_kb import JSONExporter

    kb, _ = open_db(db)
    with kb:
        if output == "-":
            counts = run_export(kb, JSONExporter(sys.stdout))
            return
        target = Path(output)
        tmp = target.with_name(target.name + ".part")
        try:
            with tmp.open("w", encoding="utf-8") as fh:
                counts = run_export(kb, JSONExporter(fh))
            tmp.replace(target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise WatchfloorError(f"cannot write {output}: {exc.strerror}",
                                  "check the folder exists and is writable") from exc
    click.echo(", ".join(f"{v} {k}" for k, v in counts.items()) + f" written to {output}",
               err=True)


COMMANDS = [export]
