"""Merging events reported in several documents into one consolidated event.

Two document events are the same event when their type is the same, their date intervals
overlap (both must be known), their places are compatible (same entity, or both
geocoded within ``NEARBY_KM``, or one unknown) and their perpetrators are compatible
(shared, or one side names none). Claims stay separate and sourced; the consolidated
figures are the *range across sources*, never an average, and say so.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from datetime import date
from typing import Any

from watchfloor.edtf import bounds, overlaps
from watchfloor.records import stable_id
from watchfloor.store.base import Row
from watchfloor.store.sqlite import SQLiteKnowledgeBase

NEARBY_KM = 50.0


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(
        (lon2 - lon1) / 2
    ) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _place_compatible(a: Row, b: Row, coords: dict[str, tuple[float, float]]) -> bool:
    la, lb = a["location"], b["location"]
    if not la or not lb or la == lb:
        return True
    ca, cb = coords.get(la), coords.get(lb)
    return ca is not None and cb is not None and haversine_km(ca, cb) <= NEARBY_KM


def same_event(a: Row, b: Row, coords: dict[str, tuple[float, float]]) -> bool:
    if a["document"] == b["document"] or a["type"] != b["type"]:
        return False
    if not a["date"] or not b["date"] or not overlaps(a["date"], b["date"]):
        return False
    if not _place_compatible(a, b, coords):
        return False
    pa, pb = set(a["perpetrators"]), set(b["perpetrators"])
    return not pa or not pb or bool(pa & pb)


def cluster_events(events: list[Row], coords: dict[str, tuple[float, float]]) -> list[list[Row]]:
    """Union-find over compatible pairs; events are compared within their type only."""
    parent = list(range(len(events)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_type: dict[str, list[int]] = {}
    for i, ev in enumerate(events):
        by_type.setdefault(ev["type"], []).append(i)
    for idx in by_type.values():
        idx.sort(key=lambda i: bounds(events[i]["date"])[0] or "")
        for n, i in enumerate(idx):
            for j in idx[n + 1 :]:
                if (bounds(events[j]["date"])[0] or "") > (bounds(events[i]["date"])[1] or "9999"):
                    break  # sorted by start: nothing later can overlap i
                if same_event(events[i], events[j], coords):
                    parent[find(j)] = find(i)
    groups: dict[int, list[Row]] = {}
    for i, ev in enumerate(events):
        groups.setdefault(find(i), []).append(ev)
    return list(groups.values())


def _range(members: list[Row], field: str) -> dict[str, Any] | None:
    lows = [m[f"{field}_low"] for m in members if m[f"{field}_low"] is not None]
    highs = [m[f"{field}_high"] for m in members if m[f"{field}_high"] is not None]
    reported = [m for m in members if m[f"{field}_low"] is not None or m[f"{field}_high"] is not None]
    if not reported:
        return None
    values = lows + highs
    low = min(lows) if lows else None
    high = max(values) if values else None
    return {
        "low": low, "high": high, "sources": len(reported),
        "how": "single source" if len(reported) == 1 else f"range across {len(reported)} sources",
    }


def _span_days(edtf: str) -> int:
    lo, hi = bounds(edtf)
    if lo is None or hi is None:
        return 10**6
    return (date.fromisoformat(hi) - date.fromisoformat(lo)).days


def _most_specific_date(members: list[Row]) -> str | None:
    """The date most sources give; on a tie, the narrowest interval."""
    counts = Counter(m["date"] for m in members if m["date"])
    if not counts:
        return None
    return min(counts, key=lambda d: (-counts[d], _span_days(d), d))


def consolidate(members: list[Row], claim_ids: dict[str, list[str]]) -> dict[str, Any]:
    ids = sorted(m["id"] for m in members)
    first = min(members, key=lambda m: m["id"])
    common = lambda key: Counter(m[key] for m in members if m[key]).most_common(1)  # noqa: E731
    location = common("location")
    method = common("method")
    target = common("target")
    return {
        "id": ids[0] if len(ids) == 1 else stable_id("evt", *ids),
        "type": first["type"],
        "date": _most_specific_date(members),
        "location": location[0][0] if location else None,
        "perpetrators": sorted({p for m in members for p in m["perpetrators"]}),
        "target": target[0][0] if target else None,
        "method": method[0][0] if method else None,
        "killed": _range(members, "killed"),
        "injured": _range(members, "injured"),
        "documents": sorted({m["document"] for m in members}),
        "members": ids,
        "claims": sorted({c for m in members for c in claim_ids.get(m["id"], [])}),
    }


def consolidated_events(kb: SQLiteKnowledgeBase) -> Iterator[dict[str, Any]]:
    events = kb.events()
    coords = {
        r["id"]: (r["lat"], r["lon"])
        for r in kb.conn.execute(
            "SELECT id, lat, lon FROM entities WHERE lat IS NOT NULL AND lon IS NOT NULL"
        )
    }
    claim_ids: dict[str, list[str]] = {}
    # A claim the analyst rejected no longer stands behind the event (latest decision wins).
    for cid, event in kb.conn.execute(
        "SELECT id, event FROM claims c WHERE event IS NOT NULL AND COALESCE(("
        " SELECT decision FROM reviews r WHERE r.target_kind = 'claim' AND r.target = c.id"
        " ORDER BY r.id DESC LIMIT 1), '') != 'reject'"
    ):
        claim_ids.setdefault(event, []).append(cid)
    clusters = cluster_events(events, coords)
    clusters.sort(key=lambda g: (bounds(_most_specific_date(g))[0] or "9999", g[0]["id"]))
    for group in clusters:
        yield consolidate(group, claim_ids)
