"""The reference catalogue: its size and integrity, the surfaces that must resolve, the
ambiguity rules, and the refusal of malformed data with the key at fault named."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from importlib import resources
from typing import Any

import pytest
import yaml

from watchfloor.exceptions import OntologyError
from watchfloor.read.catalogue import (
    Catalogue,
    load_catalogue,
    normalise_alias,
    parse_catalogue,
)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def _raw() -> dict[str, Any]:
    text = resources.files("watchfloor.data").joinpath("catalogue.yaml").read_text("utf-8")
    return copy.deepcopy(yaml.safe_load(text))


def test_catalogue_size(catalogue: Catalogue) -> None:
    assert len(catalogue.groups()) >= 170
    assert len(catalogue.actors()) >= 50
    assert {e.kind for e in catalogue.actors()} == {"international", "state_actor"}
    assert all(e.kind is None for e in catalogue.groups())


def test_catalogue_ids_unique() -> None:
    data = _raw()
    ids = [spec["id"] for section in ("groups", "actors") for spec in data[section]]
    assert len(ids) == len(set(ids))


def test_catalogue_no_unruled_alias_clash(catalogue: Catalogue) -> None:
    owners: dict[str, set[str]] = {}
    for entry in catalogue.entries.values():
        for surface in entry.surfaces():
            owners.setdefault(normalise_alias(surface), set()).add(entry.id)
    for norm, ids in owners.items():
        if len(ids) > 1:
            assert norm in catalogue.ambiguous, f"{norm!r} names {sorted(ids)} without a rule"
            assert ids <= set(catalogue.ambiguous[norm].candidates)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("U.N.", "un"),
        ("the United Nations", "united nations"),
        ("The U.N.’s", "un"),
        ("al-Qa’ida", "al qaida"),
        ("Al Qa`ida", "al qaida"),
        ("Da'esh", "daesh"),
        ("Islamic State – Khorasan Province", "islamic state khorasan province"),
        ("Islamic State—Khorasan   Province", "islamic state khorasan province"),
        ("Hamas's", "hamas"),
        ("CPI (Maoist)", "cpi maoist"),
        ("U.S.-led coalition", "us led coalition"),
        ("Cártel de Sinaloa", "cartel de sinaloa"),
    ],
)
def test_catalogue_normalise_alias(text: str, expected: str) -> None:
    assert normalise_alias(text) == expected


@pytest.mark.parametrize(
    ("surface", "entry_id"),
    [
        ("IS", "islamic-state"),
        ("ISIS", "islamic-state"),
        ("ISIL", "islamic-state"),
        ("Daesh", "islamic-state"),
        ("Da’esh", "islamic-state"),
        ("Islamic State", "islamic-state"),
        ("the Islamic State", "islamic-state"),
        ("ISKP", "islamic-state-khorasan"),
        ("IS-K", "islamic-state-khorasan"),
        ("ISIS-K", "islamic-state-khorasan"),
        ("Khorasan Province", "islamic-state-khorasan"),
        ("IS Afghanistan", "islamic-state-khorasan"),
        ("Islamic State – Khorasan Province", "islamic-state-khorasan"),
        ("ISWAP", "islamic-state-west-africa"),
        ("ISGS", "islamic-state-sahel"),
        ("Wilayat Sinai", "islamic-state-sinai"),
        ("al-Qa'ida", "al-qaeda"),
        ("AQ", "al-qaeda"),
        ("Al Qaeda", "al-qaeda"),
        ("al-Qaida", "al-qaeda"),
        ("AQAP", "aqap"),
        ("JNIM", "jnim"),
        ("Jabhat al-Nusra", "al-nusra-front"),
        ("HTS", "hayat-tahrir-al-sham"),
        ("Afghan Taliban", "taliban"),
        ("Quetta Shura", "taliban"),
        ("Haqqanis", "haqqani-network"),
        ("Tehrik-i-Taliban Pakistan", "ttp"),
        ("Pakistani Taliban", "ttp"),
        ("TTP", "ttp"),
        ("Ansar Allah", "houthis"),
        ("Hizballah", "hezbollah"),
        ("Qassam Brigades", "qassam-brigades"),
        ("Boko Haram", "boko-haram"),
        ("M23", "m23"),
        ("Clan del Golfo", "clan-del-golfo"),
        ("CJNG", "cjng"),
        ("the UN", "united-nations"),
        ("U.N.", "united-nations"),
        ("UN", "united-nations"),
        ("the Pentagon", "us-department-of-defense"),
        ("U.S. officials", "us-government"),
        ("FAMa", "fama"),
    ],
)
def test_catalogue_resolves_surface(catalogue: Catalogue, surface: str, entry_id: str) -> None:
    entry = catalogue.resolve(surface)
    assert entry is not None and entry.id == entry_id


@pytest.mark.parametrize(("surface"), ["is", "un", "aa", "mit", "the security council"])
def test_catalogue_case_sensitive_aliases_need_their_case(
    catalogue: Catalogue, surface: str
) -> None:
    assert catalogue.lookup(surface) == []


@pytest.mark.parametrize(
    ("child", "parent"),
    [
        ("islamic-state-khorasan", "islamic-state"),
        ("islamic-state-west-africa", "islamic-state"),
        ("aqap", "al-qaeda"),
        ("al-shabaab", "al-qaeda"),
        ("qassam-brigades", "hamas"),
        ("haqqani-network", "taliban"),
    ],
)
def test_catalogue_parent_and_children(catalogue: Catalogue, child: str, parent: str) -> None:
    found = catalogue.parent(child)
    assert found is not None and found.id == parent
    assert child in {e.id for e in catalogue.children(parent)}


@pytest.mark.parametrize(
    ("surface", "entry_id"),
    [
        ("Haggani", "haqqani-network"),
        ("Hizbolah", "hezbollah"),
        ("Boko Harm", "boko-haram"),
        ("al-Shabab", "al-shabaab"),  # exact but ambiguous: its default applies
        ("ISKX", None),  # acronyms are never fuzzy-matched
        ("Hamaz", None),  # too short to tell a typo from another name
    ],
)
def test_catalogue_fuzzy(catalogue: Catalogue, surface: str, entry_id: str | None) -> None:
    entry = catalogue.fuzzy(surface)
    assert (entry.id if entry else None) == entry_id


@pytest.mark.parametrize(
    ("surface", "context", "entry_id"),
    [
        ("ISI", {"PK"}, "inter-services-intelligence"),
        ("ISI", {"IQ"}, "islamic-state-of-iraq"),
        ("ISI", set(), None),
        ("ISI", {"PK", "IQ"}, None),
        ("MIT", {"TR"}, "mit-turkey"),
        ("MIT", {"ID"}, "mujahideen-indonesia-timur"),
        ("AA", {"MM"}, "arakan-army"),
        ("Ansar al-Sharia", {"LY"}, "ansar-al-sharia-libya"),
        ("Ansar al-Sharia", {"TN"}, "ansar-al-sharia-tunisia"),
        ("Ansar al-Sharia", {"YE"}, "aqap"),
        ("Jundallah", {"IR"}, "jundallah-iran"),
        ("al-Shabaab", set(), "al-shabaab"),
        ("al-Shabaab", {"MZ"}, "ansar-al-sunna-mozambique"),
        ("ADF", {"cm"}, "ambazonia-defence-forces"),
    ],
)
def test_catalogue_ambiguity_by_context(
    catalogue: Catalogue, surface: str, context: set[str], entry_id: str | None
) -> None:
    entry = catalogue.resolve(surface, context)
    assert (entry.id if entry else None) == entry_id


def test_catalogue_surface_forms(catalogue: Catalogue) -> None:
    forms = {(text, entry.id) for text, entry in catalogue.surface_forms()}
    assert ("Islamic State Khorasan Province", "islamic-state-khorasan") in forms
    assert ("ISIS-K", "islamic-state-khorasan") in forms
    assert ("AFP", "armed-forces-of-the-philippines") not in forms  # the news agency
    assert catalogue.is_case_sensitive("IS") and not catalogue.is_case_sensitive("ISIS")


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    section, index, key = path.split(".")

    def mutate(data: dict[str, Any]) -> None:
        data[section][int(index)][key] = value

    return mutate


def _add_alias(entry_id: str, alias: str) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        spec = next(s for s in data["groups"] + data["actors"] if s["id"] == entry_id)
        spec["aliases"].append(alias)

    return mutate


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (_set("groups.1.id", "al-qaeda"), "groups[1].id: duplicate id 'al-qaeda'"),
        (_set("groups.0.countries", ["AF", "XX"]), "groups[0] (al-qaeda).countries: 'XX'"),
        (_set("groups.0.parent", "no-such-group"), "al-qaeda.parent: unknown id"),
        (_set("groups.0.predecessors", ["ghost"]), "al-qaeda.predecessors: unknown id"),
        (_set("groups.0.ideology", "vibes"), "groups[0] (al-qaeda).ideology"),
        (_set("groups.0.founded", "1988"), "groups[0] (al-qaeda).founded"),
        (_set("groups.0.alias", ["AQ"]), "groups[0] (al-qaeda): unknown keys"),
        (_set("actors.0.kind", "army"), "actors[0] (united-nations).kind"),
        (_set("groups.0.name", ""), "groups[0].name: missing or empty"),
        (_add_alias("hamas", "Daesh"), "hamas.aliases: alias 'daesh' names"),
        (lambda d: d["ambiguous"][0].update(candidates=["hamas", "ttp"]), "ambiguous[0] (ISI)"),
        (lambda d: d["ambiguous"][0].update(rule="guess"), "ambiguous[0] (ISI).rule"),
        (lambda d: d["case_sensitive"].append("XYZZY"), "case_sensitive: ['XYZZY']"),
        (lambda d: d.pop("actors"), "actors: missing"),
    ],
)
def test_catalogue_rejects_malformed(
    mutate: Callable[[dict[str, Any]], None], message: str
) -> None:
    data = _raw()
    mutate(data)
    with pytest.raises(OntologyError, match=re.escape(f"catalogue.yaml: {message}")):
        parse_catalogue(data)
