"""Render a dossier as a standalone, offline HTML or Markdown file.

Every figure and relation carries a footnote number; the footnotes at the end quote the
sentence, name the document and give the character span, so the analyst can check each
one. The HTML has no scripts and no external references.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import Any

from watchfloor.edtf import bounds
from watchfloor.exceptions import WatchfloorError
from watchfloor.report.dossier import MERGE_HEADERS, Dossier, merge_cells
from watchfloor.report.svg import Marker, Point, attack_map, strength_chart
from watchfloor.report.terminal import fmt_range
from watchfloor.store.base import Row

CSS = """
body{font-family:Georgia,serif;max-width:980px;margin:2em auto;color:#222;line-height:1.4}
h1{margin-bottom:0}table{border-collapse:collapse;margin:.5em 0 1.5em;width:100%}
th,td{border-bottom:1px solid #ddd;padding:3px 6px;text-align:left;font-size:14px;vertical-align:top}
th{background:#f0f0f0}.muted{color:#666}sup a{text-decoration:none}
ol.notes li{font-size:13px;margin-bottom:4px}.tag{background:#eee;border-radius:3px;padding:0 4px}
"""


class Notes:
    """Footnotes shared by the tables, the chart and the map."""

    def __init__(self, docs: dict[str, Row]) -> None:
        self.docs = docs
        self.items: list[tuple[str, Row]] = []
        self.index: dict[tuple[str, int], int] = {}

    def add(self, ev: dict[str, Any] | None, label: str) -> int:
        if not ev:
            return 0
        key = (ev["document"], ev["start"])
        if key not in self.index:
            self.items.append((label, ev))
            self.index[key] = len(self.items)
        return self.index[key]

    def for_claim(self, c: Row, label: str = "") -> int:
        return self.add(c["evidence"][0] if c.get("evidence") else None, label or c["id"])


def _event_evidence(ev: Row, doc_text: dict[str, str]) -> dict[str, Any] | None:
    text = doc_text.get(ev["document"])
    if text is None:
        return None
    return {"document": ev["document"], "start": ev["ev_start"], "end": ev["ev_end"],
            "text": text[ev["ev_start"]:ev["ev_end"]]}


def _source(c: Row) -> str:
    who = c.get("attributed_to") or "the document"
    return who if c["certainty"] == "asserted" else f"{who} ({c['certainty']})"


def build_parts(d: Dossier, kb: Any) -> dict[str, Any]:
    """Tables, chart and map as plain data shared by the HTML and Markdown writers."""
    docs = {s["id"]: s for s in d.sources}
    doc_text = {i: kb.document(i)["text"] for i in {ev["document"] for ev in d.events}}
    notes = Notes(docs)
    eid = d.entity["id"]
    sections = []
    for name, claims in d.sections.items():
        rows = []
        for c in claims:
            other = c["object"] if c["subject"] == eid else c["subject"]
            rows.append([d.name(other), c.get("time") or "", _source(c), notes.for_claim(c)])
        sections.append((name.replace("_", " ").capitalize(), rows))
    strength_rows, points = [], []
    for c in d.strength:
        n = notes.for_claim(c)
        strength_rows.append([c["predicate"], fmt_range(c["low"], c["high"]),
                              c.get("value") or "", c.get("time") or "", _source(c), n])
        lo, hi = bounds(c.get("time"))
        if (lo or hi) and c["predicate"] == "fighters":
            points.append(Point(lo or hi, hi or lo, c["low"], c["high"],  # type: ignore[arg-type]
                                f"{fmt_range(c['low'], c['high'])} fighters, {c.get('time')}, "
                                f"{_source(c)}", n))
    event_rows, markers = [], []
    coords = {r["id"]: r for r in kb.entities("location")}
    for ev in d.events:
        n = notes.add(_event_evidence(ev, doc_text), ev["id"])
        place = coords.get(ev.get("location") or "")
        event_rows.append([ev.get("date") or "", ev["type"], ev.get("method") or "",
                           d.name(ev.get("location")),
                           ", ".join(d.name(p) for p in ev["perpetrators"]),
                           fmt_range(ev["killed_low"], ev["killed_high"]),
                           fmt_range(ev["injured_low"], ev["injured_high"]), n])
        if place and place["lat"] is not None:
            markers.append(Marker(place["lat"], place["lon"],
                                  f"{ev.get('date') or '?'} {ev['type']} in {place['name']}", n))
    merge_rows = [[ev["id"], ev.get("date") or "", str(len(ev["members"])), *merge_cells(ev), ""]
                  for ev in d.merged]
    return {
        "sections": sections, "strength": strength_rows, "events": event_rows,
        "merges": merge_rows,
        "chart": strength_chart(points), "map": attack_map(markers), "notes": notes,
    }


def _table_html(headers: list[str], rows: list[list[Any]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = []
    for row in rows:
        *cells, note = row
        tds = "".join(f"<td>{escape(str(c))}</td>" for c in cells)
        ref = f'<sup><a href="#fn{note}">[{note}]</a></sup>' if note else ""
        body.append(f"<tr>{tds}<td>{ref}</td></tr>")
    return f"<table><tr>{head}<th>ref</th></tr>{''.join(body)}</table>"


def render_html(d: Dossier, kb: Any) -> str:
    p = build_parts(d, kb)
    e = d.entity
    out = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
           f"<title>Dossier: {escape(e['name'])}</title><style>{CSS}</style></head><body>",
           f"<h1>{escape(e['name'])}</h1><p class='muted'>{escape(e['type'])} · id "
           f"<code>{escape(e['id'])}</code> · generated by watchfloor</p>",
           "<h2>Names and aliases</h2><p>"
           + " ".join(f"<span class='tag'>{escape(a)}</span>" for a in d.aliases) + "</p>"]
    for title, rows in p["sections"]:
        out.append(f"<h2>{escape(title)}</h2>" + _table_html(["who / what", "when", "source"], rows))
    if p["strength"]:
        out.append("<h2>Strength over time</h2>")
        if p["chart"]:
            out.append(f"<figure>{p['chart']}<figcaption class='muted'>Each bar spans the"
                       " estimate's range and time; red bars are open-ended (e.g. “up to”,"
                       " “at least”). Numbers in brackets are footnotes.</figcaption></figure>")
        out.append(_table_html(["figure", "value", "as written", "when", "source"], p["strength"]))
    if p["events"]:
        out.append("<h2>Attacks and other events</h2>")
        if p["map"]:
            out.append(f"<figure>{p['map']}<figcaption class='muted'>Basemap: Natural Earth"
                       " 1:50m (public domain), drawn offline.</figcaption></figure>")
        out.append(_table_html(["date", "type", "method", "place", "perpetrators", "killed",
                                "injured"], p["events"]))
    if p["merges"]:
        out.append("<h2>Events merged across reports</h2><p class='muted'>Undo one with "
                   "<code>watchfloor split --event MEMBER_ID</code>.</p>")
        out.append(_table_html(MERGE_HEADERS, p["merges"]))
    out.append("<h2>Sources</h2><table><tr><th>document</th><th>title</th><th>publisher</th>"
               "<th>published</th></tr>")
    for s in d.sources:
        out.append(f"<tr><td><code>{escape(s['id'])}</code></td><td>{escape(s.get('title') or '')}"
                   f"</td><td>{escape(s.get('publisher') or '')}</td>"
                   f"<td>{escape(s.get('published') or '')}</td></tr>")
    out.append("</table><h2>Notes</h2><ol class='notes'>")
    for i, (_label, ev) in enumerate(p["notes"].items, 1):
        title = (p["notes"].docs.get(ev["document"]) or {}).get("title") or ev["document"]
        out.append(f"<li id='fn{i}'>“{escape(ev['text'].strip())}” — <em>{escape(title)}</em>"
                   f" <span class='muted'>({escape(ev['document'])}, characters {ev['start']}–"
                   f"{ev['end']})</span></li>")
    out.append("</ol></body></html>")
    return "\n".join(out)


# Markdown passes raw HTML through and turns brackets, stars and backticks into links,
# emphasis and code: every character that can start inline markup is backslash-escaped
# (CommonMark allows that for any ASCII punctuation), "&" too so no entity is decoded.
# No value starts a line (line-start markup: lists, headings, quotes).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+!|~&])")


def _md(value: object) -> str:
    """A value from a document as literal Markdown text on one line."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


def _table_md(headers: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join([*headers, "ref"]) + " |", "|" + "---|" * (len(headers) + 1)]
    for *cells, note in rows:
        ref = f"[^{note}]" if note else ""
        lines.append("| " + " | ".join(_md(c) for c in cells) + f" | {ref} |")
    return "\n".join(lines)


def render_markdown(d: Dossier, kb: Any) -> str:
    p = build_parts(d, kb)
    e = d.entity
    out = [f"# {_md(e['name'])}", "", f"{_md(e['type'])} · id {_md(e['id'])}", "",
           "## Names and aliases", "", "Names: " + ", ".join(_md(a) for a in d.aliases), ""]
    for title, rows in p["sections"]:
        out += [f"## {title}", "", _table_md(["who / what", "when", "source"], rows), ""]
    if p["strength"]:
        out += ["## Strength over time", "",
                _table_md(["figure", "value", "as written", "when", "source"], p["strength"]), ""]
    if p["events"]:
        out += ["## Attacks and other events", "",
                _table_md(["date", "type", "method", "place", "perpetrators", "killed", "injured"],
                          p["events"]), ""]
    if p["merges"]:
        out += ["## Events merged across reports", "",
                "Undo one with `watchfloor split --event MEMBER_ID`.", "",
                _table_md(MERGE_HEADERS, p["merges"]), ""]
    out += ["## Sources", ""]
    out += [f"- {_md(s['id'])} {_md(s.get('title') or '')} — {_md(s.get('publisher') or '')},"
            f" {_md(s.get('published') or '')}" for s in d.sources]
    out.append("")
    for i, (_label, ev) in enumerate(p["notes"].items, 1):
        out.append(f"[^{i}]: “{_md(ev['text'].strip())}” ({_md(ev['document'])},"
                   f" {ev['start']}–{ev['end']})")
    return "\n".join(out) + "\n"


def write_dossier(d: Dossier, kb: Any, path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        text = render_html(d, kb)
    elif suffix == ".md":
        text = render_markdown(d, kb)
    else:
        raise WatchfloorError(f"cannot write a dossier as {path.name!r}",
                              "name the output FILE.html or FILE.md")
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise WatchfloorError(f"cannot write {path}: {exc.strerror}",
                              "check the folder exists, is writable and has free space") from exc
