"""Generate a large synthetic knowledge base and time the analyst views on it.

Usage:
    .venv/bin/python bench/big_kb.py --claims 100000 --db /tmp/big.db

It writes documents of synthetic sentences through the real store (one transaction per
document), then times `entities`, `show`, `timeline`, `dossier` (HTML) and `conflicts` on
the busiest group, and `export --format json`, each through the CLI in a fresh process, and
prints the figures with the peak resident memory of each process (``getrusage`` of the
children, read after each one so a figure is that process's own). ``--reuse`` times an
existing base without building it again (building is most of the run). The data are random but shaped
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


def timed(args: list[str]) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one CLI run in a fresh process.

    ``ru_maxrss`` of the children is the largest child so far, so each command runs in its
    own short-lived helper process whose children figure is that command's alone."""
    code = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
        "print(time.perf_counter() - t, "
        "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, sys.executable, "-m",
                          "watchfloor.cli.main", *args], check=True, capture_output=True,
                         text=True).stdout.split()
    return float(out[0]), float(out[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--per-doc", type=int, default=50)
    parser.add_argument("--db", default="/tmp/watchfloor-big.db")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="time an existing base as it is")
    args = parser.parse_args()
    if not args.reuse:
        build(args)
    time_views(args.db)


def build(args: argparse.Namespace) -> None:
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
    print(f"built in {time.perf_counter() - start:.1f} s")
    kb.close()


def time_views(db: str) -> None:
    kb = SQLiteKnowledgeBase(db)
    stats = kb.stats()
    top = kb.entities("armed_group")[0]["id"]
    kb.close()
    print(f"knowledge base: {stats['documents']} documents, {stats['claims']} claims, "
          f"{stats['events']} events, {stats['entities']} entities")
    print(f"busiest group: {top}")
    for label, cmd in (
        ("entities", ["entities", "--db", db]),
        ("show", ["show", top, "--db", db]),
        ("timeline (group)", ["timeline", top, "--db", db]),
        ("conflicts (group)", ["conflicts", top, "--db", db]),
        ("dossier (html)", ["dossier", top, "--db", db, "-o", "/tmp/watchfloor-big.html"]),
        ("export json", ["export", "--format", "json", "--db", db,
                         "-o", "/tmp/watchfloor-big.json"]),
    ):
        seconds, peak = timed(cmd)
        print(f"{label:<20} {seconds:6.2f} s  peak RSS {peak:7.1f} MB")
    in_process(db, top)


def in_process(db: str, top: str) -> None:
    """The same queries inside one process, the base already open and the modules
    imported: what each view costs apart from the interpreter's start-up and imports."""
    from watchfloor.report.dossier import build_dossier
    from watchfloor.resolve.conflicts import find_conflicts
    from watchfloor.resolve.timeline import build_timeline
    from watchfloor.web.explore import EventFilter, events_view

    with SQLiteKnowledgeBase(db, readonly=True) as kb:
        build_timeline(kb, top, newest=51)  # warm the page cache and the ontology, once
        for label, work in (
            ("entities", lambda: kb.entities()),
            # what the commands show by default: the latest 50 items, the first 50 conflicts
            # (each asks for one more, to say whether there are more)
            ("timeline (group)", lambda: build_timeline(kb, top, newest=51)),
            ("timeline (all of it)", lambda: build_timeline(kb, top)),
            ("conflicts (group)", lambda: find_conflicts(kb, top, limit=51)),
            ("dossier (data)", lambda: build_dossier(kb, top)),
            ("events page 1", lambda: events_view(kb, EventFilter(), 500)),
            ("events of group", lambda: events_view(kb, EventFilter(group=top), 500)),
        ):
            start = time.perf_counter()
            work()
            print(f"in process: {label:<20} {(time.perf_counter() - start) * 1000:8.0f} ms")


if __name__ == "__main__":
    main()
