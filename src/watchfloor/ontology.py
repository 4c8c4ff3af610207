"""The ontology as a validated model, loaded once from ``data/ontology.yaml``.

Code asks this model for types, predicates, event types and quantity attributes instead of
spelling them as string literals, so adding a predicate is a data change that the loader
checks (errors name the file and the key).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from watchfloor.exceptions import OntologyError

ONTOLOGY_FILE = "ontology.yaml"


@dataclass(frozen=True)
class Predicate:
    name: str
    domain: tuple[str, ...]
    range: tuple[str, ...]
    label: str
    symmetric: bool = False
    inverse: str | None = None


@dataclass(frozen=True)
class QuantityAttribute:
    name: str
    unit: str
    label: str
    event_figure: bool = False  # a figure of one event (a toll), scored with the events


@dataclass(frozen=True)
class EventType:
    name: str
    label: str
    methods: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ontology:
    entity_types: tuple[str, ...]
    organization_kinds: tuple[str, ...]
    location_kinds: tuple[str, ...]
    predicates: dict[str, Predicate]
    quantities: dict[str, QuantityAttribute]
    event_types: dict[str, EventType]
    event_predicates: tuple[str, ...]
    certainty: tuple[str, ...]
    labels: dict[str, str] = field(default_factory=dict)

    def predicate(self, name: str) -> Predicate:
        try:
            return self.predicates[name]
        except KeyError:
            raise OntologyError(f"unknown predicate {name!r}") from None

    def is_relation(self, name: str) -> bool:
        return name in self.predicates

    def is_quantity(self, name: str) -> bool:
        return name in self.quantities

    @property
    def event_figures(self) -> frozenset[str]:
        """Quantities that are an event's figures (killed, injured, casualties)."""
        return frozenset(n for n, q in self.quantities.items() if q.event_figure)

    def all_predicates(self) -> tuple[str, ...]:
        return (*self.predicates, *self.quantities, *self.event_predicates)

    def check_entity_type(self, name: str) -> str:
        if name not in self.entity_types:
            raise OntologyError(f"unknown entity type {name!r}")
        return name

    def check_certainty(self, name: str) -> str:
        if name not in self.certainty:
            raise OntologyError(f"unknown certainty {name!r}")
        return name


def _require(data: dict[str, Any], key: str, where: str) -> Any:
    if key not in data:
        raise OntologyError(f"{ONTOLOGY_FILE}: missing key {where}{key!r}")
    return data[key]


def parse_ontology(data: dict[str, Any]) -> Ontology:
    """Build and check the model; every error names the key at fault."""
    entity_types = tuple(_require(data, "entity_types", ""))
    labels = {k: v.get("label", k) for k, v in data["entity_types"].items()}
    predicates: dict[str, Predicate] = {}
    for name, spec in _require(data, "predicates", "").items():
        where = f"predicates.{name}."
        for part in ("domain", "range"):
            for etype in _require(spec, part, where):
                if etype not in entity_types:
                    raise OntologyError(
                        f"{ONTOLOGY_FILE}: {where}{part} names unknown entity type {etype!r}"
                    )
        predicates[name] = Predicate(
            name=name,
            domain=tuple(spec["domain"]),
            range=tuple(spec["range"]),
            label=_require(spec, "label", where),
            symmetric=bool(spec.get("symmetric", False)),
            inverse=spec.get("inverse"),
        )
    quantities = {
        name: QuantityAttribute(
            name, _require(spec, "unit", f"quantities.{name}."), spec.get("label", name),
            bool(spec.get("event_figure", False)),
        )
        for name, spec in _require(data, "quantities", "").items()
    }
    event_types = {
        name: EventType(name, spec.get("label", name), tuple(spec.get("methods", ())))
        for name, spec in _require(data, "event_types", "").items()
    }
    clash = set(predicates) & set(quantities)
    if clash:
        raise OntologyError(f"{ONTOLOGY_FILE}: names used twice: {sorted(clash)}")
    return Ontology(
        entity_types=entity_types,
        organization_kinds=tuple(_require(data, "organization_kinds", "")),
        location_kinds=tuple(_require(data, "location_kinds", "")),
        predicates=predicates,
        quantities=quantities,
        event_types=event_types,
        event_predicates=tuple(_require(data, "event_predicates", "")),
        certainty=tuple(_require(data, "certainty", "")),
        labels=labels,
    )


@cache
def load_ontology() -> Ontology:
    text = resources.files("watchfloor.data").joinpath(ONTOLOGY_FILE).read_text("utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise OntologyError(f"{ONTOLOGY_FILE} is not valid YAML: {exc}") from exc
    return parse_ontology(data)
