"""The ``watchfloor`` command: a thin layer over the library.

Library errors become one clean line and exit code 1 — never a traceback, never a bare
"Aborted!". Each command lives in a small module and registers itself here.

Every command is a fresh process, and listing them imports every command module: so a
command module imports only click and ``cli.options`` at its top, and what its command
needs (rich, the readers, the web app, Dask, an exporter) inside the command's function.
``tests/cli/test_cli_startup.py`` checks that ``--help`` and ``entities`` load none of them.
"""

from __future__ import annotations

import sqlite3
import sys
from typing import Any

import click

from watchfloor import __version__
from watchfloor.exceptions import WatchfloorError


class WatchfloorGroup(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WatchfloorError as exc:
            from watchfloor.report.terminal import printable

            click.secho(f"Error: {printable(exc)}", fg="red", err=True)
            sys.exit(1)
        except sqlite3.DatabaseError as exc:
            # the store turns what it expects into StoreError; this is the net under it
            from watchfloor.report.terminal import printable

            click.secho(f"Error: the knowledge base cannot be read ({printable(exc)}) — it may"
                        " be damaged: restore it from a backup", fg="red", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("Interrupted; every document written so far is complete.", err=True)
            sys.exit(130)


@click.group(cls=WatchfloorGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="watchfloor")
def cli() -> None:
    """Read reports about armed groups into a sourced knowledge base.

    \b
    Start with:
      watchfloor ingest samples/          # read a folder of PDF, HTML and text
      watchfloor stats                    # what was found
      watchfloor show ISKP                # dossier of a group, by any of its names
      watchfloor claims --entity ISKP --predicate fighters
      watchfloor export --format json -o kb.json

    Every command takes --db PATH (default ./watchfloor.db, or $WATCHFLOOR_DB).
    """


def _register() -> None:
    from watchfloor.cli import analyst, export_cmd, ingest_cmd, query, serve_cmd, views

    for module in (ingest_cmd, query, views, analyst, export_cmd, serve_cmd):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    cli(prog_name="watchfloor")


if __name__ == "__main__":
    main()
