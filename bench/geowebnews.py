"""Toponym recognition and resolution on GeoWebNews (200 web-news articles of 2018).

Why this bench: the project's own gold cases test the places armed-group reports name;
GeoWebNews (Gritta et al. 2019, ../shared/data/geowebnews) is an outside, fully annotated
set of news toponyms with coordinates, so it measures the reading layer's place mentions
and the offline gazetteer on text nobody here wrote or tuned for.

Format traps handled here (see the data README):
- the file mixes toponyms with auxiliary NER-style labels (``*_Expression``,
  ``Non_Toponym``, ``Language``, ``Homonym``); only the toponym types below are gold;
- ``Demonym`` is a toponym type but watchfloor reads demonyms as country *context*, not
  as location mentions, so it is left out of recognition; adjective modifiers ("French"
  in "French engineer", ``modifierType`` Adjective) are reported separately for the same
  reason (figures with and without them);
- 5 annotations have wrong offsets (articles 123 and 255): realigned to the nearest
  occurrence of ``extractedName`` or dropped;
- coordinates come as latitude/longitude and/or a GeoNames id; the gold country is that
  id's country in the gazetteer index, else the country of the nearest indexed town
  within 50 km of the gold point.

Metrics: (a) recognition P/R/F1 of analyse()'s "location" mentions against gold spans,
exact (same start and end) and overlap (one-to-one, any shared character); (b) for gold
toponyms with coordinates: the share resolved within 161 km (100 miles, the usual
accuracy@161) and the share with the right country, over all of them and over those the
gazetteer answered (and within 161 km by the kind of place answered: a country's or
province's point is a centroid, rarely within 161 km of GeoNames' point for it), both for gold spans (their text resolved with the document's country
context, as analyse() computes it) and for the recognised mentions that overlap them.

    .venv/bin/python bench/geowebnews.py              # all 200 articles
    .venv/bin/python bench/geowebnews.py --limit 20   # the first 20
"""

from __future__ import annotations

import argparse
import gzip
import math
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data" / "geowebnews" / "GWN.xml.gz"
TOPONYM_TYPES = {"Literal", "Mixed", "Coercion", "Literal_Modifier", "Metonymic",
                 "Non_Literal_Modifier", "Embedded_Literal", "Embedded_Non_Lit"}
KM = 161.0


@dataclass
class Gold:
    start: int
    end: int
    text: str
    type: str
    adjective: bool
    lat: float | None
    lon: float | None
    geonameid: int | None


@dataclass
class Article:
    id: str
    text: str
    gold: list[Gold]


def load_articles(path: Path) -> tuple[list[Article], int, int]:
    """Articles with their toponym annotations; also how many spans were realigned/dropped."""
    with gzip.open(path) as stream:
        root = ET.fromstring(stream.read())
    articles, realigned, dropped = [], 0, 0
    for node in root.iter("article"):
        text = node.findtext("text") or ""
        gold = []
        for t in node.iter("toponym"):
            kind = t.findtext("type") or ""
            if kind not in TOPONYM_TYPES:
                continue
            name = t.findtext("extractedName") or ""
            start, end = int(t.findtext("start") or 0), int(t.findtext("end") or 0)
            if text[start:end] != name:
                found = _nearest(text, name, start)
                if found is None:
                    dropped += 1
                    continue
                start, end, realigned = found, found + len(name), realigned + 1
            lat, lon, gid = t.findtext("latitude"), t.findtext("longitude"), t.findtext(
                "geonamesID")
            gold.append(Gold(start, end, name, kind, t.findtext("modifierType") == "Adjective",
                             float(lat) if lat else None, float(lon) if lon else None,
                             int(gid) if gid and gid.strip().isdigit() else None))
        articles.append(Article(node.get("file") or "", text, gold))
    return articles, realigned, dropped


def _nearest(text: str, name: str, around: int) -> int | None:
    hits, i = [], text.find(name)
    while i >= 0 and name:
        hits.append(i)
        i = text.find(name, i + 1)
    return min(hits, key=lambda h: abs(h - around)) if hits else None


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, l1, p2, l2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin((l2 - l1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


class GoldCountry:
    """The country of a gold toponym, from the gazetteer index (see module docstring)."""

    def __init__(self, db: Any) -> None:
        self.db = db

    def __call__(self, g: Gold) -> str | None:
        if g.geonameid:
            row = self.db.execute("SELECT country FROM places WHERE geonameid = ? AND "
                                  "country IS NOT NULL LIMIT 1", (g.geonameid,)).fetchone()
            if row:
                return row[0]
        if g.lat is None or g.lon is None:
            return None
        rows = self.db.execute(
            "SELECT country, lat, lon FROM places WHERE kind = 'city' AND lat BETWEEN ? AND ?"
            " AND lon BETWEEN ? AND ?", (g.lat - 0.5, g.lat + 0.5, g.lon - 0.7, g.lon + 0.7))
        best = min(((km(g.lat, g.lon, r[1], r[2]), r[0]) for r in rows), default=None)
        return best[1] if best and best[0] <= 50 else None


def match(pred: list[tuple[int, int]], gold: list[tuple[int, int]],
          exact: bool) -> list[tuple[int, int]]:
    """One-to-one pairs (pred index, gold index), greedy by largest overlap."""
    pairs = []
    for i, (ps, pe) in enumerate(pred):
        for j, (gs, ge) in enumerate(gold):
            overlap = min(pe, ge) - max(ps, gs)
            if (exact and (ps, pe) == (gs, ge)) or (not exact and overlap > 0):
                pairs.append((overlap, i, j))
    used_p, used_g, out = set(), set(), []
    for _, i, j in sorted(pairs, reverse=True):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


def prf(tp: int, n_pred: int, n_gold: int) -> str:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (tp {tp}, predicted {n_pred}, gold {n_gold})"


def share(n: int, d: int) -> str:
    return f"{n / d:.3f} ({n}/{d})" if d else "n/a"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="list wrong resolutions of gold spans")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"GeoWebNews not found at {DATA}: skipped (it lives in ../shared/data).")
        return 0

    from watchfloor.read.analysis import analyse, document_countries
    from watchfloor.read.reference import load_reference
    from watchfloor.records import Document
    from watchfloor.settings import load_settings

    articles, realigned, dropped = load_articles(DATA)
    if args.limit:
        articles = articles[: args.limit]
    reference = load_reference(load_settings()["spacy_model"])
    gazetteer = reference.gazetteer
    gold_country = GoldCountry(gazetteer.db)
    counts: Counter[str] = Counter()
    started = time.perf_counter()
    errors: list[str] = []
    for article in articles:
        analysis = analyse(Document(text=article.text), reference)
        context = document_countries(analysis.doc, reference)
        mentions = [m for m in analysis.mentions if m.type == "location"]
        pred = [(m.start, m.end) for m in mentions]
        for label, gold in (("all", article.gold),
                            ("noun", [g for g in article.gold if not g.adjective])):
            spans = [(g.start, g.end) for g in gold]
            counts[f"{label}:gold"] += len(spans)
            counts[f"{label}:pred"] += len(pred)
            counts[f"{label}:exact"] += len(match(pred, spans, exact=True))
            counts[f"{label}:overlap"] += len(match(pred, spans, exact=False))
        # (b) resolution, gold spans and recognised mentions
        located = [g for g in article.gold if g.lat is not None and g.lon is not None]
        for g in located:
            iso = gold_country(g)
            place = gazetteer.resolve(g.text, context)
            _score(counts, "gold", g, iso, place)
            if place is not None and args.verbose and km(g.lat, g.lon, place.lat,
                                                         place.lon) > KM:
                errors.append(f"  {article.id}: {g.text!r} ({g.type}, gold {iso}) -> "
                              f"{place.name}, {place.country} ({place.kind})")
        spans = [(g.start, g.end) for g in located]
        for i, j in match(pred, spans, exact=False):
            g = located[j]
            _score(counts, "recognised", g, gold_country(g), mentions[i].place)
    elapsed = time.perf_counter() - started

    print(f"GeoWebNews: {len(articles)} articles, {realigned} gold spans realigned, "
          f"{dropped} dropped; {elapsed:.0f} s")
    print("\n(a) toponym recognition: analyse() 'location' mentions vs gold toponym spans")
    for label, title in (("all", "all toponym types (no demonyms)"),
                         ("noun", "without adjective modifiers ('French engineer')")):
        print(f"  {title}")
        for how in ("exact", "overlap"):
            figures = prf(counts[f"{label}:{how}"], counts[f"{label}:pred"],
                          counts[f"{label}:gold"])
            print(f"    {how:8} {figures}")
    print(f"\n(b) resolution of gold toponyms with coordinates (accuracy@{KM:.0f} km)")
    for label in ("gold", "recognised"):
        n, answered = counts[f"{label}:n"], counts[f"{label}:answered"]
        print(f"  {label} spans: {n} toponyms, answered {share(answered, n)}")
        print(f"    within {KM:.0f} km   of all {share(counts[f'{label}:near'], n)}   "
              f"of answered {share(counts[f'{label}:near'], answered)}")
        nc = counts[f"{label}:with_country"]
        print(f"    right country  of all {share(counts[f'{label}:country'], nc)}   "
              f"of answered {share(counts[f'{label}:country'], counts[f'{label}:answered_c'])}"
              "  (gold country known)")
        kinds = sorted(k.rsplit(":", 1)[1] for k in counts if k.startswith(f"{label}:kind:"))
        print("    within 161 km by resolved kind: " + ", ".join(
            f"{k} {share(counts[f'{label}:near:{k}'], counts[f'{label}:kind:{k}'])}"
            for k in kinds))
    if errors:
        print("\nwrong (> 161 km) resolutions of gold spans:")
        print("\n".join(errors))
    return 0


def _score(counts: Counter[str], label: str, g: Gold, iso: str | None, place: Any) -> None:
    counts[f"{label}:n"] += 1
    if iso:
        counts[f"{label}:with_country"] += 1
    if place is None:
        return
    counts[f"{label}:answered"] += 1
    counts[f"{label}:kind:{place.kind}"] += 1
    if place.lat is not None and km(g.lat or 0, g.lon or 0, place.lat, place.lon) <= KM:
        counts[f"{label}:near"] += 1
        counts[f"{label}:near:{place.kind}"] += 1
    if iso:
        counts[f"{label}:answered_c"] += 1
        counts[f"{label}:country"] += int(place.country == iso)


if __name__ == "__main__":
    sys.exit(main())
