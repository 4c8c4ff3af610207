"""ORG classification: catalogue first, then cue words, then a low-confidence default."""

from __future__ import annotations

import pytest

from watchfloor.read.catalogue import load_catalogue
from watchfloor.read.orgs import classify_org


@pytest.mark.parametrize(
    ("name", "etype", "kind"),
    [
        ("Azawad Salvation Front", "armed_group", None),
        ("Hamza Brigades", "armed_group", None),
        ("Mujahideen of Kordofan", "armed_group", None),
        ("Baloch Liberation Army", "armed_group", None),
        ("Ministry of Interior", "organization", "state_actor"),
        ("Pakistan Army", "organization", "state_actor"),
        ("National Intelligence Agency", "organization", "state_actor"),
        ("UN Security Council", "organization", "international"),
        ("International Committee of the Red Cross", "organization", "international"),
        ("Kabul University", "organization", "other"),
        ("Reuters", "organization", "other"),
    ],
)
def test_orgs_classify_by_cue_words(name, etype, kind):
    found = classify_org(name)
    assert (found.type, found.kind) == (etype, kind)


def test_orgs_catalogue_decides_first():
    catalogue = load_catalogue()
    assert classify_org("Hamas", catalogue.get("hamas")).rule == "catalogue"
    assert classify_org("NATO", catalogue.get("nato")).kind == "international"


def test_orgs_unknown_name_gets_low_confidence_default():
    found = classify_org("Zorblax")
    assert (found.type, found.kind, found.rule) == ("organization", "other", "default")
    assert found.confidence < 0.7
