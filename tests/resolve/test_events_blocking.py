"""Blocking in ``cluster_events`` changes nothing: on random events it groups exactly as
comparing every event with every group does (the reference below is the plain loop)."""

from __future__ import annotations

import random

import pytest

from watchfloor.edtf import bounds
from watchfloor.resolve.events import (
    Cluster,
    Links,
    MergeJudgement,
    PlaceInfo,
    cluster_events,
    joins,
)

PLACES = {
    "location:a": PlaceInfo(34.5, 69.2, "AF", "city"),
    "location:b": PlaceInfo(34.6, 69.3, "AF", "city"),
    "location:c": PlaceInfo(36.7, 68.9, "AF", "city"),
    "location:af": PlaceInfo(33.0, 65.0, "AF", "country"),
    "location:x": PlaceInfo(12.6, -8.0, "ML", "city"),
}


def reference(events: list[dict], places: dict[str, PlaceInfo], links: Links) -> list[Cluster]:
    clusters: list[Cluster] = []
    order = sorted(events, key=lambda e: (bounds(e["date"])[0] or "9999", e["document"],
                                          e["ev_start"], e["id"]))
    for ev in order:
        best: tuple[float, Cluster, list[tuple[str, str, MergeJudgement]]] | None = None
        for cl in clusters:
            if cl.members[0]["type"] != ev["type"]:
                continue
            found = joins(cl, ev, places, links)
            if found is not None:
                score = min(j.score for _, _, j in found)
                if best is None or score > best[0]:
                    best = (score, cl, found)
        if best is None:
            clusters.append(Cluster([ev], []))
        else:
            best[1].members.append(ev)
            best[1].judgements.extend(best[2])
    return clusters


def _date(rng: random.Random) -> str | None:
    year = rng.choice([2020, 2021])
    month = rng.randrange(1, 4)
    return rng.choice([
        None, f"{year}", f"{year}-{month:02d}", f"{year}-{month:02d}-{rng.randrange(1, 6):02d}",
        f"{year}-{month:02d}-{rng.randrange(1, 6):02d}", f"../{year}-{month:02d}-03",
        f"{year - 1}/{year}"])


def _events(seed: int) -> tuple[list[dict], Links]:
    rng = random.Random(seed)
    events = []
    for i in range(rng.randrange(20, 70)):
        events.append({
            "id": f"evt-{seed}-{i:03d}", "document": f"doc-{rng.randrange(12)}",
            "ev_start": rng.randrange(5000),
            "type": rng.choice(["attack", "attack", "meeting"]), "date": _date(rng),
            "location": rng.choice([None, *PLACES]),
            "perpetrators": rng.sample(["g1", "g2", "g3"], rng.randrange(0, 2)),
        })
    ids = [e["id"] for e in events]
    apart = frozenset(frozenset(rng.sample(ids, 2)) for _ in range(rng.randrange(4)))
    return events, Links({}, apart)


def _shape(clusters: list[Cluster]) -> list[tuple[list[str], list[tuple[str, str, float]]]]:
    return [([m["id"] for m in cl.members], [(a, b, j.score) for a, b, j in cl.judgements])
            for cl in clusters]


@pytest.mark.parametrize("seed", range(40))
def test_events_blocking_groups_as_the_plain_loop(seed: int) -> None:
    events, links = _events(seed)
    got = cluster_events([dict(e) for e in events], PLACES, links)
    want = reference([dict(e) for e in events], PLACES, links)
    assert _shape(got) == _shape(want)


def test_events_blocking_random_events_do_merge() -> None:
    """The comparison above means something only if the random reports merge."""
    merged = [any(len(cl.members) > 1 for cl in reference(*_with_places(_events(seed))))
              for seed in range(40)]
    assert sum(merged) >= 30


def _with_places(pair: tuple[list[dict], Links]) -> tuple[list[dict], dict, Links]:
    return pair[0], PLACES, pair[1]
