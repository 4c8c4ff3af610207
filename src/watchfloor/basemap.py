"""The shipped Natural Earth basemap (TopoJSON, public domain), decoded once per process.

Two readers need the same decoded shapes: the dossier map draws the countries
(``report/svg.py``) and the gazetteer index takes country centroids from them
(``read/gazetteer_index.py``); one decoder keeps them drawing the same world.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

BASEMAP = "countries-50m.json"

Point = tuple[float, float]  # (lon, lat)


@cache
def topology() -> dict[str, Any]:
    text = resources.files("watchfloor.data.basemap").joinpath(BASEMAP).read_text("utf-8")
    return json.loads(text)


@cache
def arcs() -> list[list[Point]]:
    """Every arc, delta-decoded and scaled to longitude/latitude."""
    topo = topology()
    (kx, ky), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    decoded = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * kx + tx, y * ky + ty))
        decoded.append(pts)
    return decoded


def ring(indices: list[int]) -> list[Point]:
    """A closed ring from arc indices (a negative index ~i is arc i reversed)."""
    all_arcs = arcs()
    pts: list[Point] = []
    for i in indices:
        arc = all_arcs[i] if i >= 0 else list(reversed(all_arcs[~i]))
        pts.extend(arc if not pts else arc[1:])
    return pts
