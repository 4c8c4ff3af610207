"""Merging events reported in several documents into one consolidated event.

Why so strict: a merged event is read as one fact ("Kabul airstrike, Taliban, 10 killed"),
so one wrong merge invents an event no source reported. Two document events are merged
only when every test below passes, and each merge carries its score and its reasons (a
machine-made judgement an analyst can read in ``timeline`` and the dossier, and undo):

* same type, from different documents (one document's own events were already grouped
  by the extractor);
* both dates known and overlapping, in the same calendar year; a date wider than a month
  (an aggregate over a period, "in 2015") merges only at the very same place and never
  with a disjoint perpetrator, and one wider than a year never merges;
* places compatible: the same entity, or both geocoded within ``NEARBY_KM`` in the same
  country, or one the country that holds the other; never two countries. When one side
  has no place, the dates must agree to the day and a perpetrator must be shared;
* perpetrators compatible: shared, or one side names none.

Clusters are built by complete linkage (an event joins a group only when it is compatible
with every member), so a chain of near-misses never pulls unrelated reports together.
Claims stay separate and sourced; the consolidated figures are the *range across sources*,
never an average: the lowest low and the highest figure, open when the highest figure is
itself open ("at least 29" stays at least 29).

Identity: a consolidated event's id is derived from all its members, rejected ones
included, so rejecting one member keeps the id; ``review --event`` accepts it (a decision
on the merged event as a whole, applied over its members' figures).

The judgement log: each machine-made merge is recorded (``resolve.event_links``) with
who made it ("watchfloor"), its score and its reasons; an analyst undoes one with
``split --event`` (the event stays apart from the members it left) or forces one with
``merge --event``. Both are read back here, from the log, every time events are grouped.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from watchfloor.edtf import bounds, overlaps, span_days
from watchfloor.records import stable_id
from watchfloor.store.base import KnowledgeBase, Row

NEARBY_KM = 50.0
MONTH_DAYS = 31  # a date wider than this is a period, not the day of one attack
YEAR_DAYS = 366
MACHINE = "watchfloor"


@dataclass(frozen=True)
class PlaceInfo:
    lat: float | None
    lon: float | None
    country: str | None
    kind: str | None


@dataclass(frozen=True)
class MergeJudgement:
    """Why two events are (or are not) one: a score in [0, 1] and the reasons, in words."""

    same: bool
    score: float
    reasons: tuple[str, ...]


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(
        (lon2 - lon1) / 2
    ) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def _year(edtf: str) -> int | None:
    """The calendar year a date lies in, or None when it spans more than one."""
    lo, hi = bounds(edtf)
    if lo is None or hi is None or lo[:4] != hi[:4]:
        return None
    return int(lo[:4])


def _no(reason: str) -> MergeJudgement:
    return MergeJudgement(False, 0.0, (reason,))


def _compare_places(a: Row, b: Row, places: dict[str, PlaceInfo]) -> tuple[str, str] | str:
    """("same"/"nearby"/"within"/"unknown", reason), or the reason they differ."""
    la, lb = a["location"], b["location"]
    if not la or not lb:
        return "unknown", "one report names no place"
    if la == lb:
        return "same", "same place"
    pa, pb = places.get(la), places.get(lb)
    if pa is None or pb is None or not pa.country or not pb.country:
        return "different places, not both geocoded"
    if pa.country != pb.country:
        return f"different countries ({pa.country}, {pb.country})"
    if pa.kind == "country" or pb.kind == "country":
        return "within", f"one place lies in the other's country ({pa.country})"
    if None not in (pa.lat, pa.lon, pb.lat, pb.lon):
        km = haversine_km((pa.lat, pa.lon), (pb.lat, pb.lon))  # type: ignore[arg-type]
        if km <= NEARBY_KM:
            return "nearby", f"places {km:.0f} km apart"
    return "different places in one country"


def _one_family(x: str, y: str) -> bool:
    """One group is a branch of the other in the catalogue (ISKP of the Islamic State):
    sources name a branch and its parent for the same attack."""
    from watchfloor.read.catalogue import load_catalogue

    catalogue = load_catalogue()

    def line(key: str) -> list[str]:
        out = [key]
        while (entry := catalogue.entries.get(out[-1])) is not None and entry.parent \
                and entry.parent not in out:
            out.append(entry.parent)
        return out

    return x in line(y) or y in line(x)


def compare_events(a: Row, b: Row, places: dict[str, PlaceInfo]) -> MergeJudgement:
    """May these two document events be one event? Every test must pass (see the module)."""
    if a["document"] == b["document"]:
        return _no("same document")
    if a["type"] != b["type"]:
        return _no("different types")
    da, db = a["date"], b["date"]
    if not da or not db:
        return _no("a date is missing")
    if not overlaps(da, db):
        return _no("dates do not overlap")
    ya, yb = _year(da), _year(db)
    if ya is None or yb is None:
        return _no("a date spans more than one year")
    if ya != yb:
        return _no("different years")
    wide = max(span_days(da), span_days(db))
    if wide >= YEAR_DAYS:
        return _no("a date spans a year or more")
    place = _compare_places(a, b, places)
    if isinstance(place, str):
        return _no(place)
    how, place_reason = place
    pa, pb = set(a["perpetrators"]), set(b["perpetrators"])
    shared = pa & pb
    family = not shared and any(_one_family(x, y) for x in pa for y in pb)
    if pa and pb and not shared and not family:
        return _no("different perpetrators")
    shared = shared or (pa | pb if family else set())
    precise = wide <= 1
    if how == "unknown" and not (precise and shared):
        return _no("no place on one side, and not the same day with the same perpetrator")
    if wide > MONTH_DAYS and (how != "same" or (pa and pb and not shared)):
        return _no("a period, not one day, at different places")
    reasons = [f"both {a['type']}", f"dates agree ({da} ~ {db})", place_reason]
    score = 0.4 + (0.2 if precise else 0.1 if wide <= MONTH_DAYS else 0.0)
    score += {"same": 0.25, "nearby": 0.15, "within": 0.1, "unknown": 0.0}[how]
    if shared and family:
        reasons.append("one perpetrator is a branch of the other")
        score += 0.1
    elif shared:
        reasons.append("shared perpetrator")
        score += 0.15
    elif pa or pb:
        reasons.append("only one report names a perpetrator")
    return MergeJudgement(True, round(min(score, 1.0), 2), tuple(reasons))


@dataclass
class Cluster:
    members: list[Row]
    judgements: list[tuple[str, str, MergeJudgement]]  # (member a, member b, judgement)
    by: dict[tuple[str, str], str] = field(default_factory=dict)  # pair -> analyst's name


@dataclass(frozen=True)
class Links:
    """What analysts decided about events: pairs merged by hand (``together``, with who
    decided) and pairs that must stay apart after a split (``apart``)."""

    together: dict[tuple[str, str], str] = field(default_factory=dict)
    apart: frozenset[frozenset[str]] = frozenset()


ANALYST_MERGE = MergeJudgement(True, 1.0, ("merged by an analyst",))


def joins(cl: Cluster, ev: Row, places: dict[str, PlaceInfo],
          links: Links) -> list[tuple[str, str, MergeJudgement]] | None:
    """Complete linkage: the judgements that let ``ev`` join the cluster, one per member,
    or None when a member refuses it (or an analyst keeps the two apart)."""
    found = []
    for m in cl.members:
        j = compare_events(m, ev, places)
        if not j.same or frozenset((m["id"], ev["id"])) in links.apart:
            return None
        found.append((m["id"], ev["id"], j))
    return found


def cluster_events(events: list[Row], places: dict[str, PlaceInfo],
                   links: Links | None = None) -> list[Cluster]:
    """Complete-linkage grouping: an event joins the best group it fits with every member
    of. An analyst's merge seeds a group whatever the tests say; a split keeps the split
    event apart from the members it left."""
    links = links or Links()
    by_id = {e["id"]: e for e in events}
    clusters: list[Cluster] = []
    home: dict[str, Cluster] = {}
    for (a, b), who in links.together.items():
        if a not in by_id or b not in by_id:
            continue
        ca, cb = home.get(a), home.get(b)
        if ca is None and cb is None:
            cl = Cluster([by_id[a], by_id[b]], [])
            clusters.append(cl)
            home[a] = home[b] = cl
        elif ca is not None and cb is not None:
            if ca is cb:
                cl = ca
            else:
                ca.members += cb.members
                ca.judgements += cb.judgements
                ca.by.update(cb.by)
                clusters.remove(cb)
                for m in cb.members:
                    home[m["id"]] = ca
                cl = ca
        else:
            cl = ca or cb  # type: ignore[assignment]
            new = b if ca is not None else a
            cl.members.append(by_id[new])
            home[new] = cl
        cl.judgements.append((a, b, ANALYST_MERGE))
        cl.by[(a, b)] = who
    # by date, then where the report says it: content, so the grouping does not depend
    # on how ids hash
    order = sorted((e for e in events if e["id"] not in home),
                   key=lambda e: (bounds(e["date"])[0] or "9999", e["document"], e["ev_start"],
                                  e["id"]))
    # Blocking, with the very same result as comparing each event with every group: an
    # event joins a group only if it fits the group's first member, so only groups whose
    # first member has its type and calendar year (both bounds known) are candidates, and
    # events with a year come in order of their first day, so a group whose first member
    # ended before that day can never take this event or a later one, and is dropped.
    active: dict[tuple[str, int], list[tuple[str, Cluster]]] = {}

    def enlist(cl: Cluster) -> None:
        first = cl.members[0]
        year = _year(first["date"]) if first["date"] else None
        if year is not None:
            last = bounds(first["date"])[1]
            active.setdefault((first["type"], year), []).append((last or "9999", cl))

    for cl in clusters:
        enlist(cl)
    for ev in order:
        best: tuple[float, Cluster, list[tuple[str, str, MergeJudgement]]] | None = None
        year = _year(ev["date"]) if ev["date"] else None
        candidates: list[tuple[str, Cluster]] = []
        if year is not None:
            start = bounds(ev["date"])[0] or ""
            key = (ev["type"], year)
            candidates = [(last, cl) for last, cl in active.get(key, []) if last >= start]
            if key in active:
                active[key] = candidates
        for _last, cl in candidates:
            found = joins(cl, ev, places, links)
            if found is not None:
                score = min(j.score for _, _, j in found)
                if best is None or score > best[0]:
                    best = (score, cl, found)
        if best is None:
            cl = Cluster([ev], [])
            clusters.append(cl)
            enlist(cl)
        else:
            best[1].members.append(ev)
            best[1].judgements.extend(best[2])
    return clusters


def _range(members: list[Row], field: str) -> dict[str, Any] | None:
    """Lowest low to highest figure across sources; open at the top when the highest
    figure is itself an open bound ("at least 46" beside "35" is at least 35 ... open)."""
    reported = [m for m in members
                if m[f"{field}_low"] is not None or m[f"{field}_high"] is not None]
    if not reported:
        return None
    lows = [m[f"{field}_low"] for m in reported if m[f"{field}_low"] is not None]
    top = max(reported, key=lambda m: (m[f"{field}_high"] if m[f"{field}_high"] is not None
                                       else m[f"{field}_low"], m[f"{field}_high"] is None))
    return {
        "low": min(lows) if lows else None,
        "high": top[f"{field}_high"],
        "sources": len(reported),
        "how": "single source" if len(reported) == 1 else f"range across {len(reported)} sources",
    }


def _most_specific_date(members: list[Row]) -> str | None:
    """The date most sources give; on a tie, the narrowest interval."""
    counts = Counter(m["date"] for m in members if m["date"])
    if not counts:
        return None
    return min(counts, key=lambda d: (-counts[d], span_days(d), d))


def consolidated_id(member_ids: list[str]) -> str:
    """One member's own id, or a hash of all members' ids (stable while they exist)."""
    ids = sorted(member_ids)
    return ids[0] if len(ids) == 1 else stable_id("evt", *ids)


def consolidate(cluster: Cluster, claim_ids: dict[str, list[str]],
                rejected: set[str] | None = None) -> dict[str, Any] | None:
    """The consolidated record of a cluster; None when every member was rejected."""
    rejected = rejected or set()
    everyone = [m["id"] for m in cluster.members]
    members = [m for m in cluster.members if m["id"] not in rejected]
    if not members:
        return None
    ids = sorted(m["id"] for m in members)
    first = min(members, key=lambda m: m["id"])
    common = lambda key: Counter(m[key] for m in members if m[key]).most_common(1)  # noqa: E731
    location = common("location")
    method = common("method")
    target = common("target")
    judgements = [
        {"members": [a, b], "by": cluster.by.get((a, b), MACHINE), "score": j.score,
         "reasons": list(j.reasons)}
        for a, b, j in cluster.judgements if a not in rejected and b not in rejected]
    return {
        "id": consolidated_id(everyone),
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
        "merge": judgements,
        "claims": sorted({c for m in members for c in claim_ids.get(m["id"], [])}),
    }


def consolidated_events(kb: KnowledgeBase) -> Iterator[dict[str, Any]]:
    """Every event as the analyst sees it: merged across documents, reviews applied, in
    reading order. Read from the groups the store keeps (``resolve.event_groups``
    maintains them as documents and judgements arrive), a batch at a time."""
    yield from kb.iter_event_groups()


def event_clusters(kb: KnowledgeBase, events: list[Row] | None = None) -> list[Cluster]:
    """The knowledge base's events grouped into reported occurrences, with the analysts'
    merges and splits from the judgement log applied."""
    from watchfloor.resolve.event_links import links_from_log

    events = kb.events(include_rejected=True) if events is None else events
    places = {pid: PlaceInfo(*row) for pid, row in kb.place_facts().items()}
    return cluster_events(events, places, links_from_log(kb.event_judgements()))


def reviewed(kb: KnowledgeBase, record: dict[str, Any]) -> dict[str, Any] | None:
    """A merged event with the analyst's latest decision on its own id applied: rejected
    (None) or corrected field by field (``review --event`` takes a merged event's id)."""
    review = kb.event_review(record["id"])
    if review is None:
        return record
    if review["decision"] == "reject":
        return None
    out = dict(record, review=review["decision"])
    for key, value in review["changes"].items():
        if key.startswith(("killed_", "injured_")):
            what, end = key.split("_")
            toll = dict(out.get(what) or {"low": None, "high": None, "sources": 0})
            toll[end] = value
            toll["how"] = f"corrected by {review['reviewer']}"
            out[what] = toll
        else:
            out[key] = value
    return out
