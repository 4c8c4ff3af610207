"""Commands that read the knowledge base: entities, show, claims, stats."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from watchfloor.cli.options import db_option, filter_options, open_db
from watchfloor.exceptions import NotFoundError

if TYPE_CHECKING:
    from watchfloor.store.base import KnowledgeBase

# resolve.filters.CLAIM_KINDS, spelt here so that listing the commands imports no reader
CLAIM_KINDS = ("relation", "figure", "event")


def _target(kb: KnowledgeBase, name: str | None, most_mentioned: bool) -> str:
    """The entity a dossier is about: by name or id, or the most-mentioned armed group."""
    from watchfloor.report.dossier import most_mentioned as top

    if name and not most_mentioned:
        return str(kb.find_entity(name)["id"])
    row = top(kb)
    if row is None:
        raise NotFoundError("the knowledge base has no armed group yet",
                            "ingest documents first: watchfloor ingest samples/")
    return str(row["id"])


@click.command()
@db_option
@click.option("--type", "type_", default=None, help="armed_group, person, organization, location.")
@click.option("--limit", default=50, show_default=True)
def entities(db: str | None, type_: str | None, limit: int) -> None:
    """List entities, most mentioned first.

    \b
    Example:
      watchfloor entities --type armed_group
    """
    from rich.console import Console

    from watchfloor.report.terminal import FIXED, TEXT, fitted, safe

    kb, _ = open_db(db)
    with kb:
        table = fitted(None, [("id", FIXED), ("type", TEXT), ("name", TEXT),
                              ("mentions", FIXED)])
        for e in kb.entities(type_, limit):
            aliases = ", ".join(a for a in kb.aliases(e["id"]) if a != e["name"])[:160]
            name = safe(e["name"]) + (f"\n[dim]({safe(aliases)})[/dim]" if aliases else "")
            table.add_row(safe(e["id"]), safe(e["type"].replace("_", " ")), name,
                          safe(e["mentions"]))
        Console().print(table)


@click.command()
@click.argument("name", required=False)
@db_option
@click.option("--most-mentioned", is_flag=True, help="Show the most-mentioned armed group.")
def show(name: str | None, db: str | None, most_mentioned: bool) -> None:
    """Dossier of a group, person or place, by id or any of its names.

    \b
    Examples:
      watchfloor show ISKP
      watchfloor show "Islamic State Khorasan Province"
      watchfloor show --most-mentioned
    """
    from watchfloor.report.dossier import build_dossier
    from watchfloor.report.terminal import render_dossier

    kb, _ = open_db(db)
    with kb:
        render_dossier(build_dossier(kb, _target(kb, name, most_mentioned)))


@click.command()
@db_option
@click.option("--entity", default=None, help="Entity id or name (as subject or object).")
@click.option("--predicate", default=None, help="e.g. leader_of, fighters, killed.")
@click.option("--document", default=None, help="Document id (or its prefix).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.option("--include-rejected", is_flag=True, help="Also show claims an analyst rejected.")
@filter_options
@click.option("--type", "type_", type=click.Choice(CLAIM_KINDS), default=None,
              help="relation, figure (strength, funding...) or event (tolls, perpetrators).")
def claims(db: str | None, entity: str | None, predicate: str | None, document: str | None,
           as_json: bool, include_rejected: bool, since: str | None, until: str | None,
           country: str | None, group: str | None, type_: str | None) -> None:
    """List claims with their evidence, filtered by entity, predicate, document, dates,
    country or group.

    \b
    Examples:
      watchfloor claims --entity ISKP --predicate fighters
      watchfloor claims --group ISKP --country AF --since 2021 --until 2022-06
    """
    from watchfloor.ontology import load_ontology
    from watchfloor.report.dossier import display_names
    from watchfloor.report.terminal import render_claims
    from watchfloor.resolve.filters import claim_kind, view_filter
    from watchfloor.store.base import ClaimFilter

    onto = load_ontology()
    if predicate and predicate not in onto.all_predicates():
        raise NotFoundError(f"unknown predicate {predicate!r}",
                            "one of: " + ", ".join(onto.all_predicates()))
    kb, _ = open_db(db)
    with kb:
        entity_id = kb.find_entity(entity)["id"] if entity else None
        rows = kb.claims(ClaimFilter(entity=entity_id, predicate=predicate, document=document,
                                     include_rejected=include_rejected))
        flt = view_filter(kb, since, until, country, group)
        if flt.active:
            rows = [r for r in rows if flt.claim_ok(r)]
        if type_:
            rows = [r for r in rows if claim_kind(r["predicate"]) == type_]
        if as_json:
            for r in rows:
                click.echo(json.dumps(r, ensure_ascii=False))
        else:
            names = display_names(kb, rows)
            render_claims(rows, name=lambda x: names.get(x, x) if x else "")


@click.command()
@db_option
def stats(db: str | None) -> None:
    """Counts: documents, entities by type, claims by predicate, what cleaning dropped."""
    from rich.console import Console
    from rich.table import Table

    from watchfloor.report.terminal import cells, safe

    kb, settings = open_db(db)
    with kb:
        s = kb.stats()
    console = Console()
    console.print(f"[bold]Knowledge base[/bold] {safe(settings['db'])}")
    for key in ("documents", "sentences", "entities", "mentions", "claims", "events", "reviews"):
        console.print(f"  {key:<10} {s[key]:>7}")
    for title, data in (("Entities by type", s["entities_by_type"]),
                        ("Claims by predicate", s["claims_by_predicate"]),
                        ("Dropped while cleaning", s["dropped_by_reason"])):
        table = Table(title=title, title_justify="left")
        table.add_column("")
        table.add_column("count", justify="right")
        for k, v in data.items():
            table.add_row(*cells(k, v))
        console.print(table)


COMMANDS = [entities, show, claims, stats]


@click.command()
@click.argument("name", required=False)
@db_option
@click.option("-o", "--output", required=True, help="FILE.html or FILE.md")
@click.option("--most-mentioned", is_flag=True, help="The most-mentioned armed group.")
def dossier(name: str | None, db: str | None, output: str, most_mentioned: bool) -> None:
    """Write a group's dossier as a standalone, offline HTML or Markdown report.

    Names and aliases, parent and branches, leaders, allies and enemies, areas, strength
    over time (chart), attacks (table and map), sources; every figure footnoted to its
    sentence.

    \b
    Example:
      watchfloor dossier ISKP -o iskp.html
    """
    from pathlib import Path

    from watchfloor.report.documents import write_dossier
    from watchfloor.report.dossier import build_dossier
    from watchfloor.report.terminal import printable

    kb, _ = open_db(db)
    with kb:
        write_dossier(build_dossier(kb, _target(kb, name, most_mentioned)), kb, Path(output))
    click.echo(f"dossier written to {printable(output)}")


COMMANDS.append(dossier)
