"""Rendering the dossier and claim lists in the terminal with rich tables.

Each figure shows its source document and a footnote number pointing to the sentence it
came from, listed under the table: analysts click (here: read) every number through.

Tables fit an 80-column terminal: ids, dates, figures and footnote marks are never wrapped
or cut (``FIXED`` columns); names and sentences wrap at their words (``TEXT`` columns).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from watchfloor.ingest.text import repair_surrogates

if TYPE_CHECKING:  # for annotations only: a table of entities needs no ontology
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


FIXED = "fixed"  # ids, dates, figures, footnote marks: shown whole
TEXT = "text"  # names, sentences, reasons: wrapped at words, a too-long word folded


def fitted(title: str | None, columns: Sequence[tuple[str, str] | tuple[str, str, int]],
           ) -> Table:
    """A table whose fixed columns rich never shrinks: when the terminal is narrow, the
    text columns wrap instead (rich cuts a wrap-less column with "…" otherwise). A text
    column given a ratio shares the width left by the others in that proportion (the
    sentence gets more room than the name), and the table then fills the terminal."""
    ratios = any(len(spec) == 3 for spec in columns)
    table = Table(title=safe(title) if title else None, title_justify="left", expand=ratios)
    for header, kind, *ratio in columns:
        if kind == FIXED:
            table.add_column(header, no_wrap=True)
        else:
            table.add_column(header, overflow="fold", ratio=ratio[0] if ratio else None)
    return table


def when(edtf: str | None) -> str:
    """An EDTF date for a table cell: an interval on two lines, each side whole."""
    if not edtf:
        return ""
    left, sep, right = edtf.partition("/")
    return f"{left}/\n{right}" if sep and len(edtf) > 10 else edtf


def short_id(value: str | None, n: int = 12) -> str:
    """Enough of an id to give back to ``review`` (which takes a unique prefix)."""
    return (value or "")[:n]


def _source(claim: Row) -> str:
    parts = [claim.get("attributed_to") or "", claim["certainty"]]
    return " · ".join(p for p in parts if p and p != "asserted") or "asserted"


class Footnotes:
    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def add(self, claim: Row | None) -> str:
        ev = claim["evidence"][0] if claim and claim.get("evidence") else None
        if ev is None:
            return ""
        self.items.append((ev["document"], ev["text"]))
        return f"[{len(self.items)}]"


def _label(name: str) -> str:
    return name.replace("_", " ")


def render_dossier(d: Dossier, console: Console | None = None, limit: int = 25) -> None:
    console = console or Console()
    e = d.entity
    console.rule(f"[bold]{safe(e['name'])}[/bold]  ({safe(e['type'])}, id {safe(e['id'])})")
    if d.aliases:
        console.print("[bold]Also called:[/bold] "
                      + safe(", ".join(a for a in d.aliases if a != e["name"])))
    notes = Footnotes()
    for section, claims in d.sections.items():
        table = fitted(section.replace("_", " ").capitalize(),
                       [("who / what", TEXT), ("when", FIXED), ("source", TEXT),
                        ("document", FIXED), ("ref", FIXED)])
        for c in claims[:limit]:
            other = c["object"] if c["subject"] in (e["id"],) else c["subject"]
            table.add_row(*cells(d.name(other), when(c.get("time")), _source(c),
                                 c["document"][:12], notes.add(c)))
        console.print(table)
    if d.strength:
        table = fitted("Strength and other figures",
                       [("figure", TEXT), ("value", FIXED), ("when", FIXED), ("source", TEXT),
                        ("document", FIXED), ("ref", FIXED)])
        for c in d.strength[:limit]:
            table.add_row(*cells(_label(c["predicate"]), fmt_range(c["low"], c["high"]),
                                 when(c.get("time")), _source(c), c["document"][:12],
                                 notes.add(c)))
        console.print(table)
    if d.events:
        table = fitted("Events", [("date", FIXED), ("what", TEXT), ("perpetrator", TEXT),
                                  ("place", TEXT), ("killed", FIXED), ("injured", FIXED),
                                  ("ref", FIXED)])
        for ev in d.events[:limit]:
            what = _label(ev["type"]) + (f" ({_label(ev['method'])})" if ev.get("method") else "")
            table.add_row(*cells(when(ev.get("date")), what,
                                 ", ".join(d.name(p) for p in ev["perpetrators"]),
                                 d.name(ev.get("location")),
                                 fmt_range(ev["killed_low"], ev["killed_high"]),
                                 fmt_range(ev["injured_low"], ev["injured_high"]),
                                 notes.add(d.event_claims.get(ev["id"]))))
        console.print(table)
    if d.merged:
        from watchfloor.report.dossier import merge_cells

        table = fitted("Events merged across reports (undo: watchfloor split --event ID)",
                       [("merged event", FIXED), ("date", FIXED), ("n", FIXED),
                        ("by · score", TEXT), ("why", TEXT)])
        for ev in d.merged[:limit]:
            by, score, why = merge_cells(ev)
            table.add_row(*cells(ev["id"], when(ev.get("date")), len(ev["members"]),
                                 f"{by} · {score}" if by else "", why))
        console.print(table)
    if d.matched:
        from watchfloor.report.dossier import match_cells

        table = fitted("Names matched across documents (undo: watchfloor split ID)",
                       [("entity", FIXED), ("with", FIXED), ("decision", FIXED),
                        ("by · score", TEXT), ("why", TEXT)])
        for row in d.matched[-limit:]:
            table.add_row(*cells(*match_cells(row)))
        console.print(table)
    if d.sources:
        table = fitted("Sources", [("document", FIXED), ("title", TEXT), ("publisher", TEXT),
                                   ("published", FIXED)])
        for s in d.sources:
            table.add_row(*cells(s["id"][:12], s.get("title") or "", s.get("publisher") or "",
                                 s.get("published") or ""))
        console.print(table)
    for i, (doc, text) in enumerate(notes.items, 1):
        console.print(f"[dim][{i}] {safe(doc[:12])}: “{safe(' '.join(text.split()))}”[/dim]",
                      highlight=False)


def render_claims(rows: list[Row], console: Console | None = None,
                  name: Callable[[str | None], str] | None = None) -> None:
    """Claims with names (``name`` maps an id to what to show) and the sentence wrapped;
    the id column keeps enough of each claim's id to review it."""
    console = console or Console()
    show = name or (lambda x: x or "")
    table = fitted(None, [("claim", FIXED), ("statement", TEXT, 3), ("when", FIXED),
                          ("source", TEXT, 2), ("sentence", TEXT, 4)])
    for c in rows:
        value = show(c["object"]) if c["object"] else (
            fmt_range(c["low"], c["high"]) or (c["value"] or "")
            or (show(c["event"]) if c.get("event") else ""))
        statement = f"{show(c['subject'])} — {_label(c['predicate'])} — {value}".rstrip(" —")
        ev = " ".join(c["evidence"][0]["text"].split()) if c["evidence"] else ""
        table.add_row(*cells(short_id(c["id"]), statement, when(c.get("time")),
                             f"{_source(c)} {c['confidence']:.2f}", ev[:300]))
    console.print(table)


def render_conflict(conflict: Any, docs: dict[str, Row], names: dict[str, str],
                    console: Console, most: int | None = None) -> None:
    """One disagreement, its claims side by side: the value each source gives, when, who
    says it and how sure, and the sentence; ``most``: that many claims at most (a line
    says how many more there are)."""
    show = lambda x: names.get(x, x) if x else ""  # noqa: E731
    about = names.get(conflict.about)
    if about is None and conflict.claims:  # a merged event: named as its reports' event
        about = f"{show(conflict.claims[0]['subject'])} ({conflict.about})"
    title = f"{conflict.kind}: {about or conflict.about} — {conflict.summary}"
    if conflict.kind == "date":
        table = fitted(title, [("document event", FIXED), ("date", FIXED)])
        for member, date in conflict.detail["dates"].items():
            table.add_row(*cells(member, when(date)))
        console.print(table)
        return
    table = fitted(title, [("claim", FIXED), ("value", TEXT, 2), ("when", FIXED),
                           ("source", TEXT, 2), ("sentence", TEXT, 4)])
    from watchfloor.resolve.conflicts import leading_claims

    claims = conflict.claims if most is None else leading_claims(conflict, most)
    for c in claims:
        value = show(c["object"]) if c["object"] and conflict.kind != "leader" else ""
        if conflict.kind == "leader":
            value = show(c["subject"])
        value = value or fmt_range(c["low"], c["high"])
        doc = docs.get(c["document"], {})
        said = c["attributed_to"] or doc.get("publisher") or doc.get("title") or "the document"
        table.add_row(*cells(
            short_id(c["id"]), f"{_label(c['predicate'])} {value}", when(c["time"]),
            f"{said} · {c['certainty']}",
            " ".join(c["evidence"][0]["text"].split())[:300] if c["evidence"] else ""))
    console.print(table)
    if len(claims) < len(conflict.claims):
        console.print(f"{len(conflict.claims) - len(claims)} more claims of this conflict:"
                      " use --claims 0 or --json")
