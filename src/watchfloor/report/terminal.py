"""Rendering the dossier and claim lists in the terminal with rich tables.

Each figure shows its source document and a footnote number pointing to the sentence it
came from, listed under the table: analysts click (here: read) every number through.
"""

from __future__ import annotations

import re

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from watchfloor.ingest.text import repair_surrogates
from watchfloor.report.dossier import Dossier
from watchfloor.store.base import Row

# C0 and C1 controls but tab and newline (ESC starts colour, cursor and OSC-8 link
# sequences), and the bidirectional overrides that make text read other than it is stored.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(value: object) -> str:
    """Text from a document or a file name, fit for a terminal: control characters dropped
    (a document must not move the cursor, recolour the screen or plant a link), and bytes
    that were not UTF-8 (in a file name) shown as U+FFFD instead of failing to print."""
    return _UNPRINTABLE.sub("", repair_surrogates(str(value)))


def safe(value: object) -> str:
    """``printable`` with rich markup escaped, for anything rich renders: a sentence that
    says "[/bold]" or "[link=...]" is text, not a tag."""
    return escape(printable(value))


def cells(*values: object) -> list[str]:
    """A table row of data values, each made ``safe``."""
    return [safe(v) for v in values]


def fmt_range(low: float | None, high: float | None) -> str:
    def num(x: float) -> str:
        return f"{int(x):,}" if float(x).is_integer() else f"{x:,}"

    if low is None and high is None:
        return ""
    if low is not None and high is not None:
        return num(low) if low == high else f"{num(low)}–{num(high)}"
    return f"≥{num(low)}" if low is not None else f"≤{num(high)}"  # type: ignore[arg-type]


def _source(claim: Row) -> str:
    parts = [claim.get("attributed_to") or "", claim["certainty"]]
    return " · ".join(p for p in parts if p and p != "asserted") or "asserted"


class Footnotes:
    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def add(self, claim: Row) -> str:
        ev = claim["evidence"][0] if claim.get("evidence") else None
        if ev is None:
            return ""
        self.items.append((ev["document"], ev["text"]))
        return f"[{len(self.items)}]"


def render_dossier(d: Dossier, console: Console | None = None, limit: int = 25) -> None:
    console = console or Console()
    e = d.entity
    console.rule(f"[bold]{safe(e['name'])}[/bold]  ({safe(e['type'])}, id {safe(e['id'])})")
    if d.aliases:
        console.print("[bold]Also called:[/bold] "
                      + safe(", ".join(a for a in d.aliases if a != e["name"])))
    notes = Footnotes()
    for section, claims in d.sections.items():
        table = Table(title=safe(section.replace("_", " ").capitalize()), title_justify="left")
        for col in ("who / what", "when", "source", "document", "ref"):
            table.add_column(col)
        for c in claims[:limit]:
            other = c["object"] if c["subject"] in (e["id"],) else c["subject"]
            table.add_row(*cells(d.name(other), c.get("time") or "", _source(c),
                                 c["document"][:12], notes.add(c)))
        console.print(table)
    if d.strength:
        table = Table(title="Strength and other figures", title_justify="left")
        for col in ("figure", "value", "when", "source", "document", "ref"):
            table.add_column(col)
        for c in d.strength[:limit]:
            table.add_row(*cells(c["predicate"], fmt_range(c["low"], c["high"]),
                                 c.get("time") or "", _source(c), c["document"][:12], notes.add(c)))
        console.print(table)
    if d.events:
        table = Table(title="Events", title_justify="left")
        for col in ("date", "type", "method", "place", "killed", "injured", "document"):
            table.add_column(col)
        for ev in d.events[:limit]:
            table.add_row(*cells(ev.get("date") or "", ev["type"], ev.get("method") or "",
                                 d.name(ev.get("location")),
                                 fmt_range(ev["killed_low"], ev["killed_high"]),
                                 fmt_range(ev["injured_low"], ev["injured_high"]),
                                 ev["document"][:12]))
        console.print(table)
    if d.merged:
        from watchfloor.report.dossier import MERGE_HEADERS, merge_cells

        table = Table(title="Events merged across reports (undo: watchfloor split --event ID)",
                      title_justify="left")
        for col in MERGE_HEADERS:
            table.add_column(col, overflow="fold")
        for ev in d.merged[:limit]:
            table.add_row(ev["id"][:16], ev.get("date") or "", str(len(ev["members"])),
                          *merge_cells(ev))
        console.print(table)
    if d.sources:
        table = Table(title="Sources", title_justify="left")
        for col in ("document", "title", "publisher", "published"):
            table.add_column(col)
        for s in d.sources:
            table.add_row(*cells(s["id"][:12], s.get("title") or "", s.get("publisher") or "",
                                 s.get("published") or ""))
        console.print(table)
    for i, (doc, text) in enumerate(notes.items, 1):
        console.print(f"[dim][{i}] {safe(doc[:12])}: “{safe(text.strip())}”[/dim]",
                      highlight=False)


def render_claims(rows: list[Row], console: Console | None = None) -> None:
    console = console or Console()
    table = Table()
    for col in ("subject", "predicate", "object / value", "time", "source", "conf", "evidence"):
        table.add_column(col, overflow="fold")
    for c in rows:
        value = c["object"] or fmt_range(c["low"], c["high"]) or (c["value"] or "")
        ev = c["evidence"][0]["text"] if c["evidence"] else ""
        table.add_row(*cells(c["subject"], c["predicate"], value, c.get("time") or "",
                             _source(c), f"{c['confidence']:.2f}", ev[:160]))
    console.print(table)
