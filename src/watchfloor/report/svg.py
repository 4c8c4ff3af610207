"""Inline SVG for the standalone dossier: a strength-over-time chart and an attack map.

Everything is drawn here from data in the repo (the Natural Earth basemap in
``data/basemap``), so a dossier opens offline with no scripts, tiles or fonts to fetch.
Each chart point and map marker links to its footnote, and so to its sentence.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from watchfloor import basemap


@dataclass(frozen=True)
class Point:
    x0: str  # ISO earliest day
    x1: str  # ISO latest day
    low: float | None
    high: float | None
    label: str
    note: int  # footnote number
    href: str = ""  # where it links: its footnote (#fnN) unless given


def _day(iso: str) -> float:
    y, m, d = (int(p) for p in iso.split("-"))
    return y + (m - 1) / 12 + (d - 1) / 365


def _ticks(top: float) -> list[float]:
    """Round tick values (1, 2 or 5 times a power of ten) from 0 up to ``top``."""
    raw = top / 5
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return [step * i for i in range(int(top // step) + 1)]


def strength_chart(points: Sequence[Point], width: int = 720, height: int = 300) -> str:
    """Ranges as vertical bars (low to high) over their time span; open ends drawn as
    arrows. Hovering shows the source; clicking jumps to the footnote."""
    pts = [p for p in points if p.low is not None or p.high is not None]
    if not pts:
        return ""
    xs = [_day(p.x0) for p in pts] + [_day(p.x1) for p in pts]
    ys = [v for p in pts for v in (p.low, p.high) if v is not None]
    x_lo, x_hi = min(xs) - 0.5, max(xs) + 0.5
    y_hi = max(ys) * 1.15 or 1
    left, right, top, bottom = 60, 20, 20, 40

    def sx(x: float) -> float:
        return left + (x - x_lo) / (x_hi - x_lo) * (width - left - right)

    def sy(y: float) -> float:
        return height - bottom - y / y_hi * (height - top - bottom)

    parts = [f'<svg class="chart" role="img" aria-label="strength over time" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'xmlns="http://www.w3.org/2000/svg">',
             f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fcfcfc"/>',
             f'<line x1="{left}" y1="{sy(0)}" x2="{width - right}" y2="{sy(0)}" stroke="#333"/>',
             f'<line x1="{left}" y1="{top}" x2="{left}" y2="{sy(0)}" stroke="#333"/>']
    for v in _ticks(y_hi):
        parts.append(f'<text x="{left - 6}" y="{sy(v) + 4:.1f}" font-size="10" '
                     f'text-anchor="end">{int(v):,}</text>')
    for year in range(int(x_lo) + 1, int(x_hi) + 1):
        parts.append(f'<text x="{sx(year):.1f}" y="{height - bottom + 16}" font-size="10" '
                     f'text-anchor="middle">{year}</text>')
    for p in pts:
        xa, xb = sx(_day(p.x0)), sx(_day(p.x1))
        xm = (xa + xb) / 2
        lo = p.low if p.low is not None else 0.0
        hi = p.high if p.high is not None else y_hi / 1.15
        colour = "#b22" if p.high is None or p.low is None else "#225"
        parts.append(
            f'<a href="{escape(p.href or f"#fn{p.note}")}"><g><title>{escape(p.label)}</title>'
            f'<rect x="{min(xa, xm - 3):.1f}" y="{sy(hi):.1f}" width="{max(xb - xa, 6):.1f}" '
            f'height="{max(sy(lo) - sy(hi), 2):.1f}" fill="{colour}" fill-opacity="0.35" '
            f'stroke="{colour}"/>'
            f'<text x="{xm:.1f}" y="{sy(hi) - 4:.1f}" font-size="10" '
            f'text-anchor="middle">[{p.note}]</text></g></a>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _polygons(geometry: dict[str, Any]) -> list[list[list[tuple[float, float]]]]:
    if geometry["type"] == "Polygon":
        return [[basemap.ring(r) for r in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[basemap.ring(r) for r in poly] for poly in geometry["arcs"]]
    return []


@dataclass(frozen=True)
class Marker:
    lat: float
    lon: float
    label: str
    note: int
    size: float = 5.0
    href: str = ""  # where it links: its footnote (#fnN) unless given


def attack_map(markers: Sequence[Marker], width: int = 720, height: int = 420) -> str:
    """Equirectangular map around the markers (with a margin), countries from the basemap."""
    if not markers:
        return ""
    lats = [m.lat for m in markers]
    lons = [m.lon for m in markers]
    pad = 6.0
    lat0, lat1 = max(min(lats) - pad, -85), min(max(lats) + pad, 85)
    lon0, lon1 = max(min(lons) - pad, -180), min(max(lons) + pad, 180)
    # keep the aspect ratio of the viewport
    span_x, span_y = lon1 - lon0, lat1 - lat0
    want = width / height
    if span_x / span_y < want:
        extra = (span_y * want - span_x) / 2
        lon0, lon1 = lon0 - extra, lon1 + extra
    else:
        extra = (span_x / want - span_y) / 2
        lat0, lat1 = lat0 - extra, lat1 + extra

    def px(lon: float, lat: float) -> tuple[float, float]:
        return ((lon - lon0) / (lon1 - lon0) * width, (lat1 - lat) / (lat1 - lat0) * height)

    parts = [f'<svg class="map" role="img" aria-label="map of attacks" viewBox="0 0 {width} '
             f'{height}" width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
             f'<rect width="{width}" height="{height}" fill="#dfeaf2"/>']
    for geom in basemap.topology()["objects"]["countries"]["geometries"]:
        d = []
        for poly in _polygons(geom):
            xs = [p[0] for ring in poly for p in ring]
            ys = [p[1] for ring in poly for p in ring]
            if max(xs) < lon0 or min(xs) > lon1 or max(ys) < lat0 or min(ys) > lat1:
                continue
            for ring in poly:
                coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in (px(*p) for p in ring))
                d.append(f"M{coords}Z")
        if d:
            name = escape(geom.get("properties", {}).get("name", ""))
            parts.append(f'<path d="{" ".join(d)}" fill="#f4f1e8" stroke="#998" '
                         f'stroke-width="0.6"><title>{name}</title></path>')
    for m in markers:
        x, y = px(m.lon, m.lat)
        parts.append(f'<a href="{escape(m.href or f"#fn{m.note}")}"><circle cx="{x:.1f}" cy="{y:.1f}" r="{m.size:.1f}" '
                     f'fill="#c00" fill-opacity="0.7" stroke="#600"><title>{escape(m.label)}'
                     f'</title></circle></a>')
    parts.append("</svg>")
    return "".join(parts)
