"""Commands that compare and order: conflicts, timeline."""

from __future__ import annotations

import json

import click

from watchfloor.cli.options import db_option, filter_options, open_db
from watchfloor.exceptions import NotFoundError

CONFLICT_KINDS = ("figure", "relation", "leader", "date")


@click.command()
@click.argument("entity", required=False)
@db_option
@filter_options
@click.option("--type", "type_", type=click.Choice(CONFLICT_KINDS), default=None,
              help="Only this kind of conflict.")
@click.option("--limit", default=50, show_default=True,
              help="Show at most this many conflicts (0: all).")
@click.option("--claims", "most", default=12, show_default=True,
              help="Show at most this many claims of a conflict, each value said first (0: all).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per conflict.")
def conflicts(entity: str | None, db: str | None, since: str | None, until: str | None,
              country: str | None, group: str | None, type_: str | None, limit: int,
              most: int, as_json: bool) -> None:
    """Disagreements between sources, side by side: figures, relations, leaders, dates.

    \b
    Examples:
      watchfloor conflicts              # the whole knowledge base
      watchfloor conflicts ISKP         # what touches one group
      watchfloor conflicts --country AF --since 2021 --type figure
    """
    from rich.console import Console

    from watchfloor.report.dossier import display_names
    from watchfloor.report.terminal import render_conflict
    from watchfloor.resolve.conflicts import find_conflicts, leading_claims
    from watchfloor.resolve.filters import view_filter

    kb, _ = open_db(db)
    console = Console()
    with kb:
        entity_id = kb.find_entity(entity)["id"] if entity else None
        flt = view_filter(kb, since, until, country, group, type_)
        # one more than shown tells whether there are more
        cap = None if as_json or limit <= 0 else limit + 1
        found = find_conflicts(kb, entity_id, flt if flt.active else None, limit=cap)
        shown = found if limit <= 0 else found[:limit]
        rows = [c for conflict in shown
                for c in (conflict.claims if most <= 0 else leading_claims(conflict, most))]
        docs = {d["id"]: d for d in kb.documents({c["document"] for c in rows})}
        names = display_names(kb, rows + [{"subject": x.about, "document": ""} for x in shown])
    if as_json:
        for conflict in found:
            click.echo(json.dumps(conflict.__dict__, ensure_ascii=False, default=str))
        return
    if not found:
        console.print("no conflicting claims")
        return
    shown = found if limit <= 0 else found[:limit]
    for conflict in shown:
        render_conflict(conflict, docs, names, console, most if most > 0 else None)
    if cap is not None and len(found) == cap:
        console.print("more conflicts: use --limit 0 or --json")


@click.command()
@click.argument("entity", required=False)
@db_option
@filter_options
@click.option("--type", "type_", default=None, metavar="EVENT_TYPE",
              help="Only events of this type (attack, meeting, ...); claims are left out.")
@click.option("--limit", default=50, show_default=True,
              help="Show the latest this many items (0: all).")
def timeline(entity: str | None, db: str | None, since: str | None, until: str | None,
             country: str | None, group: str | None, type_: str | None, limit: int) -> None:
    """Events and dated claims in time order, with their uncertainty shown: the latest
    ones, and a line saying when earlier ones were left out.

    \b
    Examples:
      watchfloor timeline ISKP
      watchfloor timeline ISKP --until 2019 --limit 20
      watchfloor timeline --country AF --since 2021-06 --until 2021-12 --type attack
    """
    from rich.console import Console

    from watchfloor.ontology import load_ontology
    from watchfloor.report.terminal import FIXED, TEXT, cells, fitted, when
    from watchfloor.resolve.filters import view_filter
    from watchfloor.resolve.timeline import build_timeline

    if type_ and type_ not in load_ontology().event_types:
        raise NotFoundError(f"unknown event type {type_!r}",
                            "one of: " + ", ".join(load_ontology().event_types))
    kb, _ = open_db(db)
    with kb:
        flt = view_filter(kb, since, until, country, group, type_)
        # one more than shown tells whether earlier items were left out
        items = build_timeline(kb, entity, flt if flt.active else None,
                               newest=limit + 1 if limit > 0 else None)
    earlier = limit > 0 and len(items) > limit
    if earlier:
        items = items[1:]
    table = fitted(None, [("when (EDTF)", FIXED), ("uncertainty", FIXED), ("what", TEXT, 1),
                          ("id", FIXED)])
    for item in items:
        table.add_row(*cells(when(item.when), item.uncertainty, item.label, item.ref[:16]))
    console = Console()
    console.print(table)
    if earlier:
        console.print("earlier items left out: use --until, --since or --limit 0")


COMMANDS = [conflicts, timeline]
