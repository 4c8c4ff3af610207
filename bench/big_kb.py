"""Generate a large synthetic knowledge base and time the analyst views on it.

Usage:
    .venv/bin/python bench/big_kb.py --claims 100000 --db /tmp/big.db

It writes documents of synthetic sentences through the real store (one transaction per
document), then times `show`, `dossier` (HTML) and `conflicts` on the busiest group, each
through the CLI in a fresh process, and prints the figures. The data are random but shaped
like the real thing: many groups, leaders, strength figures that disagree, attacks that
several documents report.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from pathlib import Path

from watchfloor.records import (
    Claim,
    Document,
    EntityRecord,
    Event,
    Evidence,
    Extraction,
    Mention,
    Place,
    Sentence,
)
from watchfloor.store.sqlite import SQLiteKnowledgeBase

RELATIONS = ["part_of", "allied_with", "hostile_to", "leader_of", "operates_in", "member_of"]


def make_document(i: int, rng: random.Random, groups: list[str], people: list[str],
                  places: list[tuple[str, float, float]], per_doc: int) -> Extraction:
    sentences = [f"Sentence {j} of synthetic report {i} about armed groups." for j in range(per_doc)]
    text = " ".join(sentences)
    doc = Document(text=text, title=f"Synthetic report {i}", published=f"20{10 + i % 14}-0{1 + i % 9}-1{i % 9}")
    ex = Extraction(document=doc, extractors=["bench.v1"])
    starts = []
    pos = 0
    for j, s in enumerate(sentences):
        starts.append(pos)
        ex.sentences.append(Sentence(j, pos, pos + len(s)))
        pos += len(s) + 1
    used = rng.sample(groups, 4) + rng.sample(people, 3)
    for key in used:
        etype = "armed_group" if key.startswith("g") else "person"
        ex.entities[key] = EntityRecord(key, etype, key.upper(), {key.upper()})
        ex.mentions.append(Mention(0, 8, text[0:8], etype, key, "bench"))
    pl, lat, lon = rng.choice(places)
    ex.entities[pl] = EntityRecord(pl, "location", pl, {pl},
                                   place=Place(pl, "AF", "X", lat, lon, "city"))
    year = 2010 + rng.randrange(14)
    for j in range(per_doc):
        ev = Evidence(doc.id, starts[j], starts[j] + len(sentences[j]), sentences[j])
        kind = rng.random()
        g = rng.choice(used[:4])
        if kind < 0.5:
            pred = rng.choice(RELATIONS)
            if pred in ("leader_of", "member_of"):
                subj, obj = rng.choice(used[4:]), g
            elif pred == "operates_in":
                subj, obj = g, pl
            else:
                subj, obj = g, rng.choice([u for u in used[:4] if u != g])
            ex.claims.append(Claim(subj, pred, ev, object=obj, time=str(year),
                                   extractor="bench.v1", confidence=0.8))
        elif kind < 0.85:
            n = rng.randrange(100, 9000)
            ex.claims.append(Claim(g, "fighters", ev, low=n, high=n * 1.5, time=str(year),
                                   attributed_to=rng.choice(["UN", "US officials", None]),
                                   extractor="bench.v1", confidence=0.8))
        else:
            key = f"e{j}"
            day = f"{year}-0{1 + rng.randrange(9)}-1{rng.randrange(9)}"
            ex.events.append(Event(key, "attack", ev, date=day, location=pl, perpetrators=[g],
                                   killed=(float(rng.randrange(1, 90)), None),
                                   extractor="bench.v1"))
            ex.claims.append(Claim(key, "killed", ev, low=ex.events[-1].killed[0], event=key,
                                   time=day, extractor="bench.v1", confidence=0.8))
    return ex


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "watchfloor.cli.main", *args], check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--per-doc", type=int, default=50)
    parser.add_argument("--db", default="/tmp/watchfloor-big.db")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    for suffix in ("", "-wal", "-shm"):
        Path(args.db + suffix).unlink(missing_ok=True)
    groups = [f"g{i}" for i in range(300)]
    people = [f"p{i}" for i in range(600)]
    places = [(f"place{i}", 30 + rng.random() * 8, 62 + rng.random() * 10) for i in range(150)]
    kb = SQLiteKnowledgeBase(args.db)
    start = time.perf_counter()
    n_docs = args.claims // args.per_doc
    for i in range(n_docs):
        kb.write_extraction(make_document(i, rng, groups, people, places, args.per_doc), "bench")
    built = time.perf_counter() - start
    stats = kb.stats()
    top = kb.entities("armed_group")[0]["id"]
    kb.close()
    print(f"knowledge base: {stats['documents']} documents, {stats['claims']} claims, "
          f"{stats['events']} events, {stats['entities']} entities — built in {built:.1f} s")
    print(f"busiest group: {top}")
    for label, cmd in (
        ("show", ["show", top, "--db", args.db]),
        ("dossier (html)", ["dossier", top, "--db", args.db, "-o", "/tmp/watchfloor-big.html"]),
        ("conflicts (group)", ["conflicts", top, "--db", args.db]),
        ("conflicts (all)", ["conflicts", "--db", args.db]),
    ):
        print(f"{label:<20} {timed(cmd):6.2f} s")


if __name__ == "__main__":
    main()
