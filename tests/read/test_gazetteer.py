"""The offline gazetteer: the places reports name must resolve to the right country, first-level
area, coordinates and kind; common words, unknown and ambiguous names must not; the index
is built without the network and opens fast once built."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from importlib import resources

import pytest
import yaml

from watchfloor.ontology import load_ontology
from watchfloor.read.gazetteer import Gazetteer, load_gazetteer


@pytest.fixture(scope="session")
def gazetteer() -> Iterator[Gazetteer]:
    """Built (first run ever, ~1 min) or opened once per session, with the network cut so a
    build that tried to download anything would fail here."""
    original = socket.socket.connect

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("the gazetteer must not use the network")

    socket.socket.connect = refuse  # type: ignore[method-assign]
    try:
        built = load_gazetteer()
    finally:
        socket.socket.connect = original  # type: ignore[method-assign]
    yield built


# name, context, country, admin1, kind, (lat, lon) or None
RESOLVES = [
    ("Kunduz", (), "AF", "Kunduz", "city", (36.7, 68.9)),
    ("Kunduz province", (), "AF", "Kunduz", "province", None),
    ("the province of Kunduz", (), "AF", "Kunduz", "province", None),
    ("Maiduguri", (), "NG", "Borno", "city", (11.8, 13.2)),
    ("Borno State", (), "NG", "Borno", "province", None),
    ("Mogadishu", (), "SO", None, "city", (2.0, 45.3)),
    ("Peshawar", (), "PK", "Khyber Pakhtunkhwa", "city", (34.0, 71.6)),
    ("Kabul", (), "AF", "Kabul", "city", (34.5, 69.2)),
    ("Raqqa", (), "SY", None, "city", (36.0, 39.0)),
    ("Ar-Raqqah", (), "SY", None, "city", (36.0, 39.0)),
    ("al-Raqqa", (), "SY", None, "city", (36.0, 39.0)),
    ("Mosul", (), "IQ", None, "city", (36.3, 43.1)),
    ("Goma", ("CD",), "CD", None, "city", (-1.7, 29.2)),
    ("Gaza", ("PS",), "PS", None, "city", (31.5, 34.5)),
    ("Gaza", (), "PS", None, "city", (31.5, 34.5)),  # Mozambique's province weighs less
    ("Washington", ("US", "District of Columbia"), "US", None, "city", (38.9, -77.0)),
    ("Paris", ("FR",), "FR", None, "city", (48.9, 2.35)),
    ("Paris", ("US", "Texas"), "US", "Texas", "city", (33.7, -95.6)),
    # a US story's "Paris" is France's unless it names Texas: 2.1 M outweighs 25 k x 20
    ("Paris", ("US",), "FR", None, "city", (48.9, 2.35)),
    ("Brussels", ("US",), "BE", None, "city", (50.85, 4.35)),
    ("Moura", (), "PT", None, "city", None),  # no country named: the town there is
    ("Texas", ("ML",), "US", "Texas", "province", None),  # an area abroad can be meant
    ("Georgia", ("US",), "US", "Georgia", "province", None),
    ("Police", ("PL",), "PL", None, "city", None),
    ("Afghanistan", (), "AF", None, "country", (33.8, 66.0)),
    ("the DRC", (), "CD", None, "country", None),
    ("US", (), "US", None, "country", None),
    ("Congo", ("CD",), "CD", None, "country", None),
    ("northern Nigeria", (), "NG", None, "country", None),
    ("the Sahel", (), None, None, "region", (15.0, 2.0)),
    ("Central Asia", (), None, None, "region", None),
    ("the Hindu Kush", (), None, None, "region", None),
    ("Puntland", (), "SO", None, "region", None),
    ("Tri-border area", ("ML", "NE"), None, None, "region", (14.8, 0.9)),
    ("Tri-border area", ("PY",), None, None, "region", (-25.6, -54.6)),
]


@pytest.mark.parametrize(("name", "context", "country", "admin1", "kind", "point"), RESOLVES)
def test_gazetteer_resolves(gazetteer: Gazetteer, name: str, context: tuple[str, ...],
                            country: str | None, admin1: str | None, kind: str,
                            point: tuple[float, float] | None) -> None:
    place = gazetteer.resolve(name, context)
    assert place is not None, name
    assert (place.country, place.kind) == (country, kind)
    if admin1 is not None:
        assert place.admin1 == admin1
    if point is not None:
        assert place.lat == pytest.approx(point[0], abs=0.25)
        assert place.lon == pytest.approx(point[1], abs=0.25)


REFUSES = [
    ("Police", ()),  # a common word: a Polish town only in a Polish story
    ("Man", ()),
    ("Bar", ()),
    ("Said", ()),
    ("Police", ("US",)),
    ("Capital", ()),  # never a place in this prose
    ("Monday", ()),
    ("Congo", ()),  # two countries, the document names neither
    ("Tri-border area", ()),  # the Sahel's or South America's
    ("Springfield", ("US",)),
    ("Washington", ()),  # the capital or the state
    ("Taliban", ()),
    ("English", ("US",)),  # a town in Indiana, but a language here
    ("Arab", ("US",)),
    ("Canadian", ("US", "CA")),  # a demonym, not Canadian County, Oklahoma
    ("Gulf", ("US",)),
    ("White House", ()),  # a common phrase, and an alternate name of Casablanca
    # a village-sized namesake abroad is never what a report on other countries means
    ("Moura", ("ML",)),  # a town in Portugal, a village in Mali the index lacks
    ("Fino", ("SO", "KE")),  # an alternate name of Fino Mornasco, Italy
    ("Xyzzyville", ()),
    ("", ()),
]


@pytest.mark.parametrize(("name", "context"), REFUSES)
def test_gazetteer_refuses(gazetteer: Gazetteer, name: str, context: tuple[str, ...]) -> None:
    assert gazetteer.resolve(name, context) is None


COUNTRIES = [
    ("Afghanistan", "AF"),
    ("the DRC", "CD"),
    ("Democratic Republic of the Congo", "CD"),
    ("Syria", "SY"),
    ("US", "US"),
    ("U.S.", "US"),
    ("United States", "US"),
    ("Ivory Coast", "CI"),
    ("Côte d'Ivoire", "CI"),
    ("Afghan", "AF"),
    ("Iraqis", "IQ"),
    ("Gaza", "PS"),
    ("Congo", None),
    ("Kunduz", None),
    ("Police", None),
]


@pytest.mark.parametrize(("name", "iso"), COUNTRIES)
def test_gazetteer_country_of(gazetteer: Gazetteer, name: str, iso: str | None) -> None:
    assert gazetteer.country_of(name) == iso


SAMPLES = ["Kunduz", "Kunduz province", "Kabul", "Afghanistan", "the Sahel", "Borno",
           "Maiduguri", "Punjab", "Africa", "Nord-Kivu", "Gaza City", "Helmand"]


def test_gazetteer_kinds_are_ontology_location_kinds(gazetteer: Gazetteer) -> None:
    kinds = set(load_ontology().location_kinds)
    found = {p.kind for p in (gazetteer.resolve(n) for n in SAMPLES) if p is not None}
    assert found and found <= kinds
    data = yaml.safe_load(resources.files("watchfloor.data").joinpath(
        "gazetteer.yaml").read_text("utf-8"))
    assert {k for ks in data["kind_words"].values() for k in ks} <= kinds


def test_gazetteer_regions_data_is_well_formed() -> None:
    data = yaml.safe_load(resources.files("watchfloor.data").joinpath(
        "regions.yaml").read_text("utf-8"))
    kinds = set(load_ontology().location_kinds)
    for entry in data["regions"]:
        assert entry["kind"] in kinds, entry["name"]
        assert -90 <= entry["lat"] <= 90 and -180 <= entry["lon"] <= 180, entry["name"]
        assert all(len(c) == 2 and c.isupper() for c in entry["countries"]), entry["name"]


def test_gazetteer_opens_fast_once_built(gazetteer: Gazetteer) -> None:
    start = time.perf_counter()
    fresh = Gazetteer()
    assert fresh.resolve("Kabul") is not None
    assert time.perf_counter() - start < 3.0


def test_gazetteer_load_is_cached(gazetteer: Gazetteer) -> None:
    assert load_gazetteer() is gazetteer


# sentence, mention text, country of its place
IN_TEXT = [
    ("Gunmen attacked a police post in Kunduz on Monday, Afghan officials said.", "Kunduz",
     "AF"),
    ("Boko Haram fighters raided villages near Maiduguri in Nigeria's Borno State.",
     "Maiduguri", "NG"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "surface", "iso"), IN_TEXT)
def test_gazetteer_places_reach_mentions(gazetteer: Gazetteer, text: str, surface: str,
                                         iso: str) -> None:
    from watchfloor.read.analysis import analyse
    from watchfloor.read.reference import load_reference
    from watchfloor.records import Document
    from watchfloor.settings import load_settings

    reference = load_reference(load_settings()["spacy_model"])
    analysis = analyse(Document(text=text), reference)
    places = {m.text: m.place for m in analysis.mentions if m.type == "location"}
    assert surface in places
    assert places[surface] is not None and places[surface].country == iso


# Held out: written in one go after the rules above were fixed and scored once, not tuned
# against. Places from conflict reporting, with the document's countries as context.
HELD_OUT = [
    ("Jalalabad", ("AF",), "AF"), ("Lashkar Gah", ("AF",), "AF"), ("Ghazni", (), "AF"),
    ("Herat", (), "AF"), ("Quetta", ("PK",), "PK"), ("North Waziristan", ("PK",), "PK"),
    ("Bannu", ("PK",), "PK"), ("Deir ez-Zor", ("SY",), "SY"), ("Homs", (), "SY"),
    ("Daraa", ("SY",), "SY"), ("Tikrit", ("IQ",), "IQ"), ("Fallujah", (), "IQ"),
    ("Kirkuk", (), "IQ"), ("Sirte", ("LY",), "LY"), ("Benghazi", (), "LY"),
    ("Marib", ("YE",), "YE"), ("Hodeidah", ("YE",), "YE"), ("Aden", ("YE",), "YE"),
    ("Kismayo", ("SO",), "SO"), ("Baidoa", ("SO",), "SO"), ("Beledweyne", ("SO",), "SO"),
    ("Diffa", ("NE",), "NE"), ("Ouagadougou", (), "BF"), ("Djibo", ("BF",), "BF"),
    ("Mopti", ("ML",), "ML"), ("Kidal", ("ML",), "ML"), ("Yola", ("NG",), "NG"),
    ("Damaturu", ("NG",), "NG"), ("Beni", ("CD",), "CD"), ("Bunia", ("CD",), "CD"),
    ("Ituri", ("CD",), "CD"), ("Palma", ("MZ",), "MZ"), ("Marawi", ("PH",), "PH"),
    ("Cotabato", ("PH",), "PH"), ("Mandera", ("KE",), "KE"), ("Garissa", ("KE",), "KE"),
]


def test_gazetteer_heldout_places(gazetteer: Gazetteer) -> None:
    answered = [(n, gazetteer.resolve(n, c), iso) for n, c, iso in HELD_OUT]
    given = [(n, p, iso) for n, p, iso in answered if p is not None]
    wrong = [(n, p.country, iso) for n, p, iso in given if p.country != iso]
    assert len(wrong) <= 1, wrong  # precision first
    assert len(given) >= 0.8 * len(HELD_OUT), [n for n, p, _ in answered if p is None]
