"""Vetting NER proposals (read.vetting): drop headings and labels, retype areas, trim
people. Spans are written for these tests; the reference is needed for the gazetteer."""

from __future__ import annotations

import pytest

from watchfloor.read.vetting import lower_words_of, vet

LOWER = lower_words_of("the abuse of detainees and their legal status were reported")


@pytest.mark.parametrize(
    ("text", "etype"),
    [
        ("Physical Abuse", "organization"),  # a section heading: common words, no org head
        ("Legal Status", "organization"),
        ("SDGT", "organization"),  # a sanctions label
        ("Children and Armed Conflict Report", "organization"),  # a document
        ("Syrian Civil War", "organization"),  # an event
        ("late-2016", "location"),
        ("mosques", "location"),
    ],
)
def test_vetting_drops_what_is_no_name(reference, text, etype):
    assert vet(text, 0, etype, reference, set(), LOWER) is None


@pytest.mark.parametrize(
    ("text", "etype", "kept_type"),
    [
        ("Joint Technical Working Group", "organization", "organization"),
        ("Institute for the Study of War", "organization", "organization"),
        ("Ituri Provinces", "organization", "location"),
        ("Lahij Governorate", "person", "location"),
        ("Tower 22", "location", "location"),
        ("al Ghaydah", "location", "location"),
        ("Tony Blair", "person", "person"),
    ],
)
def test_vetting_keeps_and_retypes_names(reference, text, etype, kept_type):
    kept = vet(text, 0, etype, reference, set(), LOWER)
    assert kept is not None and kept.type == kept_type


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Tunisian national Karim Haddad", "Karim Haddad"),
        ("SDGT Abu Bakr al-Husayni", "Abu Bakr al-Husayni"),
        ("Mona Said (Said", "Mona Said"),
    ],
)
def test_vetting_trims_people(reference, text, name):
    kept = vet(text, 0, "person", reference, set(), LOWER)
    assert kept is not None and text[kept.start:kept.end] == name
