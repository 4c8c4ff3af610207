"""``watchfloor serve``: the local web app on a knowledge base."""

from __future__ import annotations

import click

from watchfloor.cli.options import db_option, settings_for


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; keep the default unless others must reach it.")
@click.option("--port", default=8650, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on.")
def serve(db: str | None, host: str, port: int) -> None:
    """Browse, search and review the knowledge base in a web browser.

    Pages: search, entity dossiers, a document reader with what was extracted from each
    sentence, events and conflicts; a JSON API under /api/ (see docs/web.md). Reviews need
    the token printed at the first start (kept in DB.token, mode 0600).

    \b
    Examples:
      watchfloor serve                      # http://127.0.0.1:8650/
      watchfloor serve --db kb.db --port 9000
    """
    from watchfloor.resolve.judgements import reviewer_name
    from watchfloor.store.sqlite import SQLiteKnowledgeBase
    from watchfloor.web.auth import load_or_create_token, token_path
    from watchfloor.web.server import run

    settings = settings_for(db=db)
    path = settings["db"]
    SQLiteKnowledgeBase(path, lock_timeout=settings["lock_timeout"]).close()  # migrate
    token, created = load_or_create_token(path)
    if created:
        click.echo(f"Review token (shown once; kept in {token_path(path)}): {token}")
    else:
        click.echo(f"Review token: in {token_path(path)}")
    click.echo(f"Serving {path} at http://{host}:{port}/ (Ctrl-C to stop)")
    run(path, token, host, port, reviewer_name(settings["reviewer"] or None))


COMMANDS = [serve]
