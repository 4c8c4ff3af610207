"""``watchfloor ingest``: files and folders in, with a progress bar and a per-file report."""

from __future__ import annotations

import sys
from contextlib import closing
from pathlib import Path

import click

from watchfloor.cli.options import db_option, open_db
from watchfloor.settings import ENGINES


@click.command()
# readable=False: an unreadable file is reported and skipped by the batch, not a usage error
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(path_type=Path, readable=False))
@db_option
@click.option("--max-file-mb", type=float, default=None, help="Refuse files larger than this.")
@click.option("--follow-links", is_flag=True,
              help="Also read what links inside the folders point to outside them.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar; only the summary.")
@click.option("--engine", type=click.Choice(ENGINES), default=None,
              help="Where extraction runs (default: the 'engine' setting, sequential).")
@click.option("--scheduler", metavar="tcp://HOST:PORT", default=None,
              help="With --engine dask: a running Dask scheduler to send documents to.")
@click.option("--workers", type=int, default=None,
              help="With --engine dask and no --scheduler: local worker processes (default 2).")
def ingest(paths: tuple[Path, ...], db: str | None, max_file_mb: float | None,
           follow_links: bool, quiet: bool, engine: str | None, scheduler: str | None,
           workers: int | None) -> None:
    """Ingest PDF, HTML, .txt and .md files (or folders of them).

    Re-ingesting an unchanged document changes nothing and says so. A bad file gets one
    line naming it and what to do; the batch goes on; the exit code is 1 if any failed.
    Links inside a folder to files outside it are skipped (and listed) unless
    --follow-links is given. Any number of ingest commands may write to one knowledge base
    at once: each document is added once, and the others report it unchanged.

    With --engine dask, extraction runs on Dask workers (a local cluster, or the one
    behind --scheduler; see docs/scale.md) and this process writes: the knowledge base is
    the same as the sequential run's.

    \b
    Examples:
      watchfloor ingest samples/ reports/un-2022.pdf --db kb.db
      watchfloor ingest reports/ --engine dask --workers 4
      watchfloor ingest reports/ --engine dask --scheduler tcp://10.0.0.5:8786
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from watchfloor.engine import open_engine
    from watchfloor.ingest import iter_sources
    from watchfloor.pipeline import ingest_paths
    from watchfloor.report.terminal import printable, safe

    if scheduler is not None and workers is not None:
        raise click.UsageError("give --scheduler or --workers, not both")
    # --workers asks for a local cluster even if the settings name a scheduler
    kb, settings = open_db(db, write=True, max_file_mb=max_file_mb, engine=engine,
                           dask_scheduler="" if workers is not None else scheduler,
                           dask_workers=workers)
    if settings["engine"] != "dask" and (scheduler is not None or workers is not None):
        kb.close()
        raise click.UsageError("--scheduler and --workers need --engine dask")
    console = Console(stderr=True)
    total = sum(1 for _ in iter_sources(list(paths), follow_links=follow_links))
    try:
        runner = open_engine(settings)
    except BaseException:
        kb.close()
        raise
    with kb, closing(runner), Progress(
        TextColumn("[bold]reading"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.description}"), console=console, disable=quiet,
        transient=True,
    ) as bar:
        task = bar.add_task("", total=total)

        def step(path: str) -> None:
            bar.update(task, advance=1, description=safe(Path(path).name))

        report = ingest_paths(paths, kb, settings, progress=step, follow_links=follow_links,
                              engine=runner)
    for path, doc_id in report.added:
        click.echo(f"added      {printable(path)} ({doc_id})")
    for path, doc_id in report.unchanged:
        click.echo(f"unchanged  {printable(path)} (already in the knowledge base as {doc_id})")
    for path, why in report.skipped:
        click.echo(f"skipped    {printable(path)}: {printable(why)}")
    for _path, message in report.failed:
        click.secho(f"failed     {printable(message)}", fg="red", err=True)
    if report.stopped:
        click.secho(f"stopped    {printable(report.stopped)}", fg="red", err=True)
    click.echo(
        f"{len(report.added)} added, {len(report.unchanged)} unchanged,"
        + (f" {len(report.skipped)} skipped," if report.skipped else "")
        + f" {len(report.failed)} failed — knowledge base {printable(kb.path)}"
    )
    if report.failed:
        sys.exit(1)


COMMANDS = [ingest]


@click.command()
@db_option
@click.option("--all", "everything", is_flag=True,
              help="Re-process every document, not only those from older extractor versions.")
@click.option("--rebuild-events", is_flag=True,
              help="Also merge every event across documents again from scratch (the base"
                   " keeps them merged as documents and judgements arrive).")
def reprocess(db: str | None, everything: bool, rebuild_events: bool) -> None:
    """Re-run extraction over stored documents after an upgrade.

    Claims and events the new extractors find again keep their ids, so analysts' reviews,
    merges and splits are kept and still win; the rest are retired (soft-deleted), and
    reviews left without a target are listed.

    \b
    Examples:
      watchfloor reprocess
      watchfloor reprocess --rebuild-events   # and regroup every event from scratch
    """
    from watchfloor.pipeline import reprocess as run

    kb, settings = open_db(db, write=True)
    with kb:
        report = run(kb, settings, everything)
        groups = kb.rebuild_event_groups() if rebuild_events else None
    click.echo(f"{report.done} re-processed, {report.fresh} already up to date")
    if groups is not None:
        click.echo(f"{groups} consolidated events computed again from scratch")
    for r in report.orphaned:
        click.echo(f"review {r['id']} ({r['decision']} by {r['reviewer']}) lost its"
                   f" {r['target_kind']} {r['target']}: the new run no longer finds it")


COMMANDS.append(reprocess)
