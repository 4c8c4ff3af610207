"""Commands that compare and order: conflicts, timeline."""

from __future__ import annotations

import click
from rich.console import Console
from rich.table import Table

from watchfloor.cli.options import db_option, open_db


@click.command()
@click.argument("entity", required=False)
@db_option
def conflicts(entity: str | None, db: str | None) -> None:
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
    if not found:
        console.print("no conflicting claims")
        return
    for conflict in found:
        table = Table(title=f"{conflict.kind}: {conflict.about} — {conflict.summary}",
                      title_justify="left")
        if conflict.kind == "date":
            table.add_column("document event")
            table.add_column("date")
            for member, date in conflict.detail["dates"].items():
                table.add_row(member, date or "")
        else:
            for col in ("claim", "value", "time", "source", "certainty", "document", "sentence"):
                table.add_column(col, overflow="fold")
            for c in conflict.claims:
                value = c["object"] if c["object"] and conflict.kind != "leader" else ""
                if conflict.kind == "leader":
                    value = c["subject"]
                value = value or fmt_range(c["low"], c["high"])
                doc = docs.get(c["document"], {})
                table.add_row(c["id"][:16], f"{c['predicate']} {value}", c["time"] or "",
                              c["attributed_to"] or doc.get("publisher") or "the document",
                              c["certainty"], (doc.get("title") or c["document"])[:40],
                              c["evidence"][0]["text"][:140] if c["evidence"] else "")
        console.print(table)


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
        table.add_row(item.when, item.uncertainty, item.label, item.ref[:16])
    Console().print(table)


COMMANDS = [conflicts, timeline]
