"""The ontology loads, and a malformed one is refused with the key named."""

from __future__ import annotations

import pytest

from watchfloor.exceptions import OntologyError
from watchfloor.ontology import load_ontology, parse_ontology


def test_ontology_has_brief_predicates() -> None:
    onto = load_ontology()
    for name in ("part_of", "allied_with", "hostile_to", "leader_of", "based_in", "controls"):
        assert onto.is_relation(name)
    assert onto.is_quantity("fighters")
    assert "attack" in onto.event_types
    assert onto.certainty[0] == "asserted"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["predicates"]["part_of"].update(domain=["army"]), "unknown entity type 'army'"),
        (lambda d: d.pop("certainty"), "missing key 'certainty'"),
        (lambda d: d["predicates"]["leader_of"].pop("label"), "predicates.leader_of."),
    ],
)
def test_ontology_rejects_malformed(mutate, message) -> None:
    import copy
    from importlib import resources

    import yaml

    data = yaml.safe_load(resources.files("watchfloor.data").joinpath("ontology.yaml").read_text())
    data = copy.deepcopy(data)
    mutate(data)
    with pytest.raises(OntologyError, match=message.replace("(", r"\(")):
        parse_ontology(data)
