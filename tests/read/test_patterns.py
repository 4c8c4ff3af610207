"""Unknown-group and titled-person patterns, and title stripping (no model needed)."""

from __future__ import annotations

import pytest

from watchfloor.read.patterns import find_groups, find_people, load_reading, strip_titles


@pytest.mark.parametrize(
    ("text", "surface", "parent"),
    [
        ("the Hamza Martyrs Brigade claimed it", "Hamza Martyrs Brigade", None),
        ("Yesterday Aden Liberation Army fighters fled", "Aden Liberation Army", None),
        ("Tehrik-e Labbaik Pakistan supporters marched", "Tehrik-e Labbaik Pakistan", None),
        ("the Jamaat Ansar al-Furqan said", "Jamaat Ansar al-Furqan", None),
        ("Katibat al-Tawhid wal-Jihad fighters", "Katibat al-Tawhid wal-Jihad", None),
        ("the Popular Front for the Liberation of Azawad said",
         "Popular Front for the Liberation of Azawad", None),
        ("Islamic State's Congo Province attacked", "Congo Province", "islamic-state"),
        ("Wilayat Hawran claimed it", "Wilayat Hawran", "islamic-state"),
    ],
)
def test_patterns_find_unknown_groups(text, surface, parent):
    hits = {f.text: f for f in find_groups(text)}
    assert surface in hits
    assert hits[surface].parent == parent
    assert text[hits[surface].start:hits[surface].end] == surface


@pytest.mark.parametrize(
    "text", ["The Front said nothing.", "Ansar said nothing.", "the Pakistan Army said",
             "Helmand Province is quiet."],
)
def test_patterns_ignore_bare_heads_and_state_armies(text):
    assert find_groups(text) == []


@pytest.mark.parametrize(
    ("text", "surface", "name"),
    [
        ("Mullah Omar died in 2013.", "Mullah Omar", "Omar"),
        ("Sheikh Abdul Rahman was arrested.", "Sheikh Abdul Rahman", "Abdul Rahman"),
        ("Hafiz Gul Bahadur's men", "Hafiz Gul Bahadur", "Gul Bahadur"),
        ("Abu Bakr al-Baghdadi spoke.", "Abu Bakr al-Baghdadi", "Abu Bakr al-Baghdadi"),
        ("Abu Muawiya was killed.", "Abu Muawiya", "Abu Muawiya"),
        ("Commander Nazir was killed.", "Commander Nazir", "Nazir"),
        ("Maulana Fazlur Rehman said", "Maulana Fazlur Rehman", "Fazlur Rehman"),
        ("Gen. Austin Miller left", "Gen. Austin Miller", "Austin Miller"),
    ],
)
def test_patterns_find_titled_people(text, surface, name):
    hits = {f.text: f for f in find_people(text)}
    assert surface in hits
    assert hits[surface].name == name


@pytest.mark.parametrize(
    "text", ["the General Assembly voted", "flights to Abu Dhabi", "Abu Ghraib prison",
             "the Abu Sayyaf Group", "Imam Ali Mosque was hit"],
)
def test_patterns_reject_titles_that_name_no_person(text):
    assert find_people(text) == []


@pytest.mark.parametrize(
    ("name", "stripped"),
    [("Mullah Omar", "Omar"), ("Sheikh", "Sheikh"), ("Sheikh Sheikh", "Sheikh"), ("Hafiz Maulana Ali", "Ali"),
     ("Abu Muawiya", "Abu Muawiya"), ("Omar", "Omar")],
)
def test_patterns_strip_titles_keeps_kunyas(name, stripped):
    assert strip_titles(name) == stripped


def test_patterns_reading_data_is_checked_against_ontology():
    from watchfloor.ontology import load_ontology

    ontology = load_ontology()
    for cue in load_reading().org_cues:
        assert cue.type in ontology.entity_types
        assert cue.kind is None or cue.kind in ontology.organization_kinds
