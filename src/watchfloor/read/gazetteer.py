"""Offline gazetteer: place names in reports -> a Place with country, admin1 and coordinates.

Why it is built this way: analysts read the map and the country column as facts, so a
wrong place costs more than a missing one. Resolution therefore answers only when one
candidate clearly wins and returns None otherwise:

- countries first (GeoNames/ISO names plus the variants in ``data/gazetteer.yaml``:
  "the DRC", "US"), then the hand-written regions of ``data/regions.yaml`` ("the Sahel"),
  then cities, towns and first/second-level areas from the GeoNames index that
  ``gazetteer_index`` builds once, offline, in the user cache;
- candidates in the first-level areas the document names ("Texas") come first; those in
  the countries it names weigh ``CONTEXT_BOOST`` times their population, so a US story's
  "Brussels" is still Belgium's; the winner must outweigh any other, distant candidate by
  ``DOMINANCE`` or nothing is returned ("Springfield" in a US story); when the document
  names countries and no candidate lies in them, a village-sized namesake abroad (under
  ``FAR_TOWN`` people) is never the answer ("Moura" in a Mali report is not Portugal's,
  "Fino" in a Somalia report not Italy's: an unknown village stays unplaced);
- a city and the area named after it ("Kunduz" city, district and province) are one
  answer: the city, unless the surface says "province", "district"...; against a big city
  elsewhere an area weighs a fifth (bare "Washington" is the capital, not the state);
- names that are common English words ("Police", "Man", "Bar") resolve only to a sizeable
  place inside a country the document names; small hamlets resolve only in context.

Every kind returned is one of the ontology's ``location_kinds`` (checked at load).
"""

from __future__ import annotations

import math
import re
import sqlite3
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from watchfloor.names import normalise_alias
from watchfloor.ontology import load_ontology
from watchfloor.read.gazetteer_index import open_index, read_data_file
from watchfloor.records import Place

REGIONS_FILE = "regions.yaml"
CONTEXT_BOOST = 20.0  # a candidate in a country the document names weighs this much more
DOMINANCE = 3.0  # the winner must be this many times heavier than a distant rival
SAME_PLACE_KM = 100.0  # candidates closer than this are one answer (city and its district)
MIN_POPULATION = 5000  # towns smaller than this resolve only inside a context country
COMMON_WORD_MIN_POPULATION = 10000  # "Police" (PL) only in a Polish story, and only if big
COMMON_PHRASE_MIN_POPULATION = 50000  # "Little Rock" and "Cape Town", not "White House" (TN)
ALTERNATE_WEIGHT = 0.25  # an alternate (non-primary) name counts a quarter
FAR_TOWN = 15_000  # outside the document's countries a village-sized namesake is never meant
BIG_CITY = 100_000  # against a city this big, an area of the same name elsewhere weighs less:
AREA_VS_BIG_CITY = 0.2  # bare "Washington" is the capital, not the state
AREA_KINDS = ("province", "district")
_ARTICLE = re.compile(r"^(?:al|ar|as|ad|an|az|at|ash|el) (?=\w{4,})")
_ISO = re.compile(r"[A-Z]{2}")


@dataclass(frozen=True)
class _Candidate:
    place: Place
    admin1_code: str | None
    population: int
    primary: bool

    @property
    def weight(self) -> float:
        return self.population * (1.0 if self.primary else ALTERNATE_WEIGHT)


@dataclass(frozen=True)
class _Context:
    countries: frozenset[str]
    names: frozenset[str]  # normalised non-country names: matched against admin1 names


class Gazetteer:
    """Resolves place names and country names; one SQLite index, opened read-only."""

    def __init__(self, connection: sqlite3.Connection | None = None) -> None:
        self.db = connection if connection is not None else open_index()
        data = read_data_file()
        kinds = set(load_ontology().location_kinds)
        self._kind_words: dict[str, tuple[str, ...]] = {}
        for word, word_kinds in (data.get("kind_words") or {}).items():
            _check_kinds(word_kinds, kinds, f"kind word {word!r}")
            self._kind_words[normalise_alias(word)] = tuple(word_kinds)
        self._directions = {normalise_alias(w) for w in data.get("direction_words") or []}
        self._not_places = {normalise_alias(w) for w in data.get("not_places") or []}
        self._ambiguous = {normalise_alias(k): frozenset(v)
                           for k, v in (data.get("ambiguous_countries") or {}).items()}
        self._country_names: dict[str, set[str]] = {}
        for key, iso in self.db.execute("SELECT key, iso FROM country_names"):
            self._country_names.setdefault(key, set()).add(iso)
        self._demonyms: set[str] = set()
        self._context_names: dict[str, set[str]] = {}
        for iso, entry in (data.get("countries") or {}).items():
            for text in entry.get("names") or []:
                self._country_names.setdefault(normalise_alias(text), set()).add(iso)
            for text in entry.get("context_names") or []:
                self._context_names.setdefault(normalise_alias(text), set()).add(iso)
            for text in _with_plurals(entry.get("demonyms") or []):
                self._context_names.setdefault(normalise_alias(text), set()).add(iso)
                self._demonyms.add(normalise_alias(text))
        self._regions = _load_regions(kinds)
        self._countries: dict[str, Place] = {}
        self._lookups: dict[str, list[_Candidate]] = {}

    # -- countries ------------------------------------------------------------------------

    def country_of(self, name: str) -> str | None:
        """ISO alpha-2 of a country name, short form or demonym ("the DRC", "US", "Afghan");
        None for names of several countries ("Congo") and for anything else."""
        key = normalise_alias(name)
        if not key or key in self._ambiguous:
            return None
        codes = self._country_names.get(key) or self._context_names.get(key) or set()
        return next(iter(codes)) if len(codes) == 1 else None

    def country(self, iso: str) -> Place | None:
        """The country with ISO alpha-2 code ``iso`` as a place (its name and centroid)."""
        return self._country_place(iso)

    def _country_place(self, iso: str) -> Place | None:
        if iso not in self._countries:
            row = self.db.execute(
                "SELECT geonameid, name, lat, lon FROM places WHERE kind = 'country' AND "
                "country = ? LIMIT 1", (iso,)).fetchone()
            if row is None:
                return None
            self._countries[iso] = Place(row[1], iso, None, row[2], row[3], "country", row[0])
        return self._countries[iso]

    def _as_country(self, key: str, context: _Context) -> str | None:
        if key in self._ambiguous:
            named = self._ambiguous[key] & context.countries
            return next(iter(named)) if len(named) == 1 else None
        codes = self._country_names.get(key) or set()
        return next(iter(codes)) if len(codes) == 1 else None

    # -- resolution -----------------------------------------------------------------------

    def resolve(self, name: str, context: Collection[str] = ()) -> Place | None:
        """The place ``name`` names, or None when unknown, a common word or ambiguous.

        ``context``: ISO codes and/or names of the countries and places the document names.
        """
        key = normalise_alias(name)
        if not key or key in self._not_places or key in self._demonyms:
            return None  # "Canadian" gives context, it is not Canadian County, Oklahoma
        return self._resolve(key, self._context(context), None, narrow=True)

    def _context(self, items: Iterable[str]) -> _Context:
        countries: set[str] = set()
        names: set[str] = set()
        for item in items:
            if _ISO.fullmatch(item):
                countries.add(item)
                continue
            code = self.country_of(item)
            if code:
                countries.add(code)
            elif normalise_alias(item):
                names.add(normalise_alias(item))
        return _Context(frozenset(countries), frozenset(names))

    def _resolve(self, key: str, context: _Context, kinds: tuple[str, ...] | None,
                 narrow: bool) -> Place | None:
        iso = self._as_country(key, context)
        if iso is None and key in self._ambiguous:
            return None  # "Congo" without the document naming exactly one of them
        if iso is not None:
            local = self._choose(key, self._candidates(key), context, kinds, in_context_only=True)
            if local is not None and iso not in context.countries:
                return local  # "Georgia" in a story about the United States
            if kinds is None or "country" in kinds:
                return self._country_place(iso)
            return None
        region = self._region(key, context)
        if region is not None:
            return region if kinds is None or "region" in kinds else None
        candidates = self._candidates(key)
        if candidates:
            return self._choose(key, candidates, context, kinds)
        if kinds is None:
            split = self._split_kind(key)
            if split is not None:
                return self._resolve(split[0], context, split[1], narrow=False)
        if narrow:
            head, _, rest = key.partition(" ")
            two = " ".join(key.split()[:2])
            for word, remainder in ((two, key[len(two):].strip()), (head, rest)):
                if word in self._directions and remainder:
                    place = self._resolve(remainder, context, kinds, narrow=False)
                    if place is not None and place.kind in ("country", "province", "region"):
                        return place
        stripped = _ARTICLE.sub("", key)
        if stripped != key:
            return self._resolve(stripped, context, kinds, narrow=False)
        return None

    def _split_kind(self, key: str) -> tuple[str, tuple[str, ...]] | None:
        """("kunduz", ("province",)) for "kunduz province" and "province of kunduz"."""
        words = key.split()
        for size in (3, 2, 1):
            if len(words) <= size:
                continue
            tail = " ".join(words[-size:])
            if tail in self._kind_words:
                return " ".join(words[:-size]), self._kind_words[tail]
            head = " ".join(words[:size])
            if head in self._kind_words and words[size] == "of" and len(words) > size + 1:
                return " ".join(words[size + 1:]), self._kind_words[head]
        return None

    def _region(self, key: str, context: _Context) -> Place | None:
        found = self._regions.get(key, [])
        if len(found) > 1:
            found = [r for r in found if set(r[1]) & context.countries]
        if len(found) != 1:
            return None
        return found[0][0]

    def _candidates(self, key: str) -> list[_Candidate]:
        if key not in self._lookups:
            rows = self.db.execute(
                "SELECT p.geonameid, p.name, p.country, p.admin1, p.admin1_code, p.lat, p.lon, "
                "p.kind, p.population, n.primary_name FROM names n JOIN places p "
                "ON p.id = n.place WHERE n.key = ?", (key,)).fetchall()
            self._lookups[key] = [
                _Candidate(Place(r[1], r[2], r[3], r[5], r[6], r[7], r[0]), r[4], r[8] or 0,
                           bool(r[9])) for r in rows]
        return self._lookups[key]

    def _is_common_word(self, key: str) -> bool:
        return self.db.execute("SELECT 1 FROM common_words WHERE key = ?",
                               (key,)).fetchone() is not None

    def _choose(self, key: str, candidates: list[_Candidate], context: _Context,
                kinds: tuple[str, ...] | None, in_context_only: bool = False) -> Place | None:
        if kinds is not None:
            candidates = [c for c in candidates if c.place.kind in kinds]
        else:
            candidates = _prefer_cities(candidates)
        if not candidates:
            return None

        def tier(c: _Candidate) -> int:
            if c.place.admin1 and normalise_alias(c.place.admin1) in context.names:
                return 2
            return 1 if c.place.country in context.countries else 0

        best_tier = max(tier(c) for c in candidates)
        if in_context_only and best_tier == 0:
            return None
        if best_tier == 0 and context.countries:
            # nothing in the countries the document names: only a place a report would
            # name without its country (a big city, a first-level area) can be meant;
            # "Moura" in a Mali report is not the Portuguese town, "Fino" in a Somalia
            # report not the Italian one
            candidates = [c for c in candidates if c.place.kind in ("province", "region")
                          or c.population >= FAR_TOWN]
            if not candidates:
                return None
        common = self._is_common_word(key)
        if best_tier == 2 or (common and " " not in key):
            # a named first-level area settles it ("Paris" with "Texas"); a common word
            # needs the document's country
            pool = [c for c in candidates if tier(c) == best_tier]
        else:
            pool = list(candidates)  # in-context candidates weigh more, see below
        if common and " " in key:
            # "White House": not Casablanca (an alternate name), nor a Tennessee town
            pool = [c for c in pool if (c.primary or tier(c) > 0) and (
                c.place.kind in AREA_KINDS or c.population >= COMMON_PHRASE_MIN_POPULATION)]
        elif common:
            if best_tier == 0:
                return None
            pool = [c for c in pool if c.place.kind in AREA_KINDS
                    or c.population >= COMMON_WORD_MIN_POPULATION]
        pool = [c for c in pool if tier(c) > 0 or c.place.kind != "city"
                or c.population >= MIN_POPULATION]
        if not pool:
            return None
        big_city = any(c.place.kind == "city" and c.population >= BIG_CITY for c in pool)

        def weight(c: _Candidate) -> float:
            area = AREA_VS_BIG_CITY if big_city and c.place.kind in AREA_KINDS else 1.0
            return c.weight * area * (CONTEXT_BOOST if tier(c) > 0 else 1.0)

        pool.sort(key=lambda c: (-weight(c), c.place.kind != "city"))
        top = pool[0]
        for rival in pool[1:]:
            if _km(top.place, rival.place) > SAME_PLACE_KM and \
                    weight(rival) * DOMINANCE > weight(top):
                return None
        return top.place


def _prefer_cities(candidates: list[_Candidate]) -> list[_Candidate]:
    """Drop an area when a sizeable city of the same name lies in it: bare "Kunduz" is the
    city, not the province or district named after it. The city's own name, not one of
    its other names: "Antioquia" is the Colombian department, though Santa Fe de Antioquia
    in it is also called so."""
    cities = [c for c in candidates if c.place.kind == "city" and c.primary]
    kept = []
    for c in candidates:
        if c.place.kind in AREA_KINDS and any(
                city.admin1_code == c.admin1_code and city.place.country == c.place.country
                and (city.population >= 10000 or city.population * 20 >= c.population)
                for city in cities):
            continue
        kept.append(c)
    return kept


def _km(a: Place, b: Place) -> float:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return math.inf
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))  # type: ignore[arg-type]
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _with_plurals(demonyms: Iterable[str]) -> list[str]:
    out = []
    for word in demonyms:
        out.append(word)
        if not word.endswith(("s", "sh", "ch", "ese")):
            out.append(word + "s")
    return out


def _check_kinds(found: Iterable[str], allowed: set[str], where: str) -> None:
    bad = set(found) - allowed
    if bad:
        raise ValueError(f"{where}: kinds {sorted(bad)} are not ontology location_kinds")


def _load_regions(kinds: set[str]) -> dict[str, list[tuple[Place, tuple[str, ...]]]]:
    text = resources.files("watchfloor.data").joinpath(REGIONS_FILE).read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text) or {}
    out: dict[str, list[tuple[Place, tuple[str, ...]]]] = {}
    for entry in data.get("regions") or []:
        _check_kinds([entry["kind"]], kinds, f"region {entry['name']!r}")
        countries = tuple(entry.get("countries") or ())
        place = Place(entry["name"], countries[0] if len(countries) == 1 else None, None,
                      float(entry["lat"]), float(entry["lon"]), entry["kind"], None)
        for text in (entry["name"], *(entry.get("aliases") or [])):
            bucket = out.setdefault(normalise_alias(text), [])
            if all(p.name != place.name for p, _ in bucket):
                bucket.append((place, countries))
    return out


@cache
def load_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (builds the index on first use ever, then opens it)."""
    return Gazetteer()
