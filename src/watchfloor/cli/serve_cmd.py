"""``watchfloor serve``: the local web app on a knowledge base."""

from __future__ import annotations

from pathlib import Path

import click

from watchfloor.cli.options import db_option, settings_for
from watchfloor.exceptions import WatchfloorError


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; keep the default unless others must reach it.")
@click.option("--port", default=8650, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")
def serve(db: str | None, host: str, port: int) -> None:
    """Browse, search and review the knowledge base in a web browser.

    Pages: search, entity dossiers, a document reader with what was extracted from each
    sentence, events and conflicts; a JSON API under /api/ (see docs/web.md). Reviews need
    the token printed at the first start (kept in DB.token, mode 0600; for a PostgreSQL
    base in ~/.config/watchfloor/).

    \b
    Examples:
      watchfloor serve                      # http://127.0.0.1:8650/
      watchfloor serve --db kb.db --port 9000
      watchfloor serve --db postgresql://ana@db.example/watchfloor
    """
    from watchfloor.resolve.judgements import reviewer_name
    from watchfloor.store.opening import is_postgres_url, open_knowledge_base
    from watchfloor.web.auth import load_or_create_token, token_path
    from watchfloor.web.server import run

    settings = settings_for(db=db)
    path = settings["db"]
    if not is_postgres_url(path) and not Path(path).is_file():
        raise WatchfloorError(f"no knowledge base at {path}",
                              "pass --db with its file, or make one: watchfloor ingest FOLDER")
    base = open_knowledge_base(path, lock_timeout=settings["lock_timeout"])  # migrate
    where = base.path  # a URL without its password
    base.close()
    token, created = load_or_create_token(path)
    if created:
        click.echo(f"Review token (shown once; kept in {token_path(path)}): {token}")
    else:
        click.echo(f"Review token: in {token_path(path)}")
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"Warning: listening on {host}: anyone who can reach port {port} can read"
                   " the knowledge base (writing still needs the token)", err=True)
    click.echo(f"Serving {where} at http://{host}:{port}/ (Ctrl-C to stop)")
    run(path, token, host, port, reviewer_name(settings["reviewer"] or None))


@click.command("datasette-metadata")
@db_option
@click.option("-o", "--output", default="-", show_default=True, metavar="FILE",
              help="Where to write metadata.json; - for stdout.")
def datasette_metadata(db: str | None, output: str) -> None:
    """Write a Datasette metadata.json for the knowledge base: table descriptions, the
    full-text indexes, hidden plumbing tables and canned queries.

    \b
    Example:
      watchfloor datasette-metadata -o metadata.json
      datasette watchfloor.db -m metadata.json
    """
    import json

    from watchfloor.web.datasette import metadata

    settings = settings_for(db=db)
    text = json.dumps(metadata(settings["db"]), indent=2, ensure_ascii=False) + "\n"
    if output == "-":
        click.echo(text, nl=False)
        return
    try:
        with open(output, "w", encoding="utf-8") as out:
            out.write(text)
    except OSError as exc:
        raise WatchfloorError(f"cannot write {output}: {exc.strerror}",
                              "check the folder exists and is writable") from exc
    click.echo(f"wrote {output}")


COMMANDS = [serve, datasette_metadata]
