"""Time every page and API answer of the web app on a knowledge base.

Usage:
    .venv/bin/python bench/big_kb.py --claims 100000 --db /tmp/big.db   # or any base
    .venv/bin/python bench/web_pages.py --db /tmp/big.db [--repeat 3]

Serves the base in a background thread and prints the best of ``--repeat`` wall-clock
times per request (ms), busiest group and a document of it chosen from the base.
"""

from __future__ import annotations

import argparse
import time

import httpx

from watchfloor.store.base import ClaimFilter
from watchfloor.store.sqlite import SQLiteKnowledgeBase
from watchfloor.web.server import in_background


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with SQLiteKnowledgeBase(args.db, readonly=True) as kb:
        stats = kb.stats()
        group = kb.entities("armed_group")[0]
        claim = kb.claims(ClaimFilter(entity=group["id"], predicate="fighters"))[0]
    print(f"{stats['documents']} documents, {stats['claims']} claims, {stats['events']} events,"
          f" {stats['entities']} entities; group {group['id']}")
    paths = [
        "/", f"/search?q={group['name'][:3]}", "/search?q=synthetic report",
        f"/entities/{group['id']}", f"/documents/{claim['document']}", "/events",
        f"/events?group={group['id']}", "/map", "/graph", f"/conflicts?entity={group['id']}",
        f"/api/entities/{group['id']}", f"/api/claims?entity={group['id']}&limit=100",
        "/api/events?limit=100", f"/api/events?group={group['id']}&limit=100",
        "/api/graph", "/api/basemap",
    ]
    with in_background(args.db, "bench") as server, httpx.Client(timeout=600) as client:
        for path in paths:
            best = float("inf")
            for _ in range(args.repeat):
                start = time.perf_counter()
                r = client.get(server.url + path)
                best = min(best, time.perf_counter() - start)
            print(f"{best * 1000:9.0f} ms  {r.status_code}  {len(r.content):>9} B  {path}")


if __name__ == "__main__":
    main()
