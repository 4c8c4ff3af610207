"""Commands that compare and order: conflicts, timeline."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.table import Table

from watchfloor.cli.options import db_option, open_db
from watchfloor.report.terminal import cells, safe


@click.command()
@click.argument("entity", required=False)
@db_option
@click.option("--limit", default=50, show_default=True,
              help="Show at most this many conflicts (0: all).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per conflict.")
def conflicts(entity: str | None, db: str | None, limit: int, as_json: bool) -> None:
    """Disagreements between sources, side by side: figures, relations, leaders, dates.

    \b
    Examples:
      watchfloor conflicts              # the whole knowledge base
      watchfloor conflicts ISKP         # what touches one group
    """
    from watchfloor.report.terminal import fmt_range
    from watchfloor.resolve.conflicts import find_conflicts

    kb, _ = open_db(db)
    console = Console()
    with kb:
        entity_id = kb.find_entity(entity)["id"] if entity else None
        found = find_conflicts(kb, entity_id)
        docs = {d["id"]: d for d in kb.documents()}
    if as_json:
        for conflict in found:
            click.echo(json.dumps(conflict.__dict__, ensure_ascii=False, default=str))
        return
    if not found:
        console.print("no conflicting claims")
        return
    shown = found if limit <= 0 else found[:limit]
    for conflict in shown:
        table = Table(title=safe(f"{conflict.kind}: {conflict.about} — {conflict.summary}"),
                      title_justify="left")
        if conflict.kind == "date":
            table.add_column("document event")
            table.add_column("date")
            for member, date in conflict.detail["dates"].items():
                table.add_row(*cells(member, date or ""))
        else:
            for col in ("claim", "value", "time", "source", "certainty", "document", "sentence"):
                table.add_column(col, overflow="fold")
            for c in conflict.claims:
                value = c["object"] if c["object"] and conflict.kind != "leader" else ""
                if conflict.kind == "leader":
                    value = c["subject"]
                value = value or fmt_range(c["low"], c["high"])
                doc = docs.get(c["document"], {})
                table.add_row(*cells(
                    c["id"][:16], f"{c['predicate']} {value}", c["time"] or "",
                    c["attributed_to"] or doc.get("publisher") or "the document",
                    c["certainty"], (doc.get("title") or c["document"])[:40],
                    c["evidence"][0]["text"][:140] if c["evidence"] else ""))
        console.print(table)
    if len(shown) < len(found):
        console.print(f"{len(found) - len(shown)} more conflicts: use --limit 0 or --json")


@click.command()
@click.argument("entity", required=False)
@db_option
def timeline(entity: str | None, db: str | None) -> None:
    """Events and dated claims in time order, with their uncertainty shown.

    \b
    Example:
      watchfloor timeline ISKP
    """
    from watchfloor.resolve.timeline import build_timeline

    kb, _ = open_db(db)
    with kb:
        items = build_timeline(kb, entity)
    table = Table()
    for col in ("when (EDTF)", "uncertainty", "what", "id"):
        table.add_column(col, overflow="fold")
    for item in items:
        table.add_row(*cells(item.when, item.uncertainty, item.label, item.ref[:16]))
    Console().print(table)


COMMANDS = [conflicts, timeline]
