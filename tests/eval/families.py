"""Which gold files and which predicates make up each family the quality gate scores."""

from __future__ import annotations

from pathlib import Path

from watchfloor.ontology import load_ontology

CLAIMS = Path(__file__).resolve().parent / "claims"
FAMILIES = ("relations", "figures", "events")


def family_files(family: str) -> list[Path]:
    return sorted(CLAIMS.glob(f"{family}*.yaml"))


def family_scope(family: str) -> set[str]:
    onto = load_ontology()
    if family == "relations":
        return set(onto.predicates)
    if family == "figures":
        return set(onto.quantities) - onto.event_figures
    return set()  # events are scored by event, not by claim
