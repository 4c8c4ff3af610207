"""Mention finding in ``analyse``: precedence (catalogue, patterns, NER), tidy catalogue
spans, titled people keyed without titles, ORG classification, and NER place fixes."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def _mentions(text, reference):
    from watchfloor.read.analysis import analyse
    from watchfloor.records import Document

    return analyse(Document(text=text, published="2023-06-15"), reference).mentions


@pytest.mark.parametrize(
    ("text", "surface", "etype", "key"),
    [
        ("The M23 rebels captured Bunagana.", "M23", "armed_group", "m23"),
        ("The CIA declined to comment.", "CIA", "organization", "cia"),
        ("The Resistance Front claimed it.", "The Resistance Front", "armed_group",
         "the-resistance-front"),
        ("Mullah Fazlullah ordered the attack.", "Mullah Fazlullah", "person",
         "person:fazlullah"),
        ("Sirajuddin Haqqani became interior minister.", "Sirajuddin Haqqani", "person",
         "person:sirajuddin haqqani"),
        ("The Hamza Martyrs Brigade claimed the rocket fire.", "Hamza Martyrs Brigade",
         "armed_group", "armed_group:hamza martyrs brigade"),
        ("The FMLN attacked a garrison in San Miguel.", "FMLN", "armed_group", "fmln"),
        ("Hezb-e-Islami signed a deal with the government.", "Hezb-e-Islami", "armed_group",
         "hezb-e-islami-gulbuddin"),
    ],
)
def test_mentions_surface_type_and_key(reference, text, surface, etype, key):
    found = {m.text: m for m in _mentions(text, reference)}
    assert surface in found, sorted(found)
    assert (found[surface].type, found[surface].key) == (etype, key)


def test_mentions_titled_person_entity_name_has_no_title(reference):
    from watchfloor.read.analysis import analyse
    from watchfloor.records import Document

    analysis = analyse(Document(text="Mullah Omar founded the Taliban."), reference)
    record = analysis.entities["person:omar"]
    assert record.name == "Omar"
    assert "Mullah Omar" in record.aliases


def test_mentions_is_province_records_its_parent(reference):
    from watchfloor.read.analysis import analyse
    from watchfloor.records import Document

    analysis = analyse(Document(text="Islamic State's Congo Province attacked Kasindi."),
                       reference)
    assert analysis.extra["part_of"] == {
        "armed_group:islamic state congo province": "islamic-state"}


def test_mentions_state_unit_is_not_an_armed_group(reference):
    mentions = _mentions("Soldiers of the Atlacatl Battalion searched the village.", reference)
    assert all(m.type != "armed_group" for m in mentions)


def test_mentions_spans_reproduce_the_text(reference):
    text = ("Tehrik-e Taliban Pakistan (TTP) and Hafiz Gul Bahadur's men attacked Bannu; "
            "the group said Sheikh Abdul Rahman led them.")
    for m in _mentions(text, reference):
        assert text[m.start:m.end] == m.text
