"""State bodies named by common nouns, Islamic State branches by acronym, and named
sub-units of groups (read.state_actors, read.branches, read.units). Sentences written for
these tests."""

from __future__ import annotations

import pytest

from watchfloor.read.analysis import analyse
from watchfloor.records import Document


def _mentions(text, reference, title=None):
    analysis = analyse(Document(text=text, title=title), reference)
    return analysis, {(m.text, analysis.entities[m.key].name, m.type)
                      for m in analysis.mentions}


@pytest.mark.parametrize(
    ("sentence", "surface", "name"),
    [
        # the catalogue's actor when it lists the country's army
        ("Malian soldiers detained nine herders near the river.", "Malian soldiers",
         "Malian Armed Forces"),
        ("Kenyan police arrested two suspects in Garissa.", "Kenyan police", "Kenyan police"),
        ("The Somali federal government rejected the offer.", "Somali federal government",
         "Government of Somalia"),
    ],
)
def test_state_actors_with_a_nationality(reference, sentence, surface, name):
    _, found = _mentions(sentence, reference)
    assert (surface, name, "organization") in found


def test_state_actors_bare_nouns_mean_the_focus_country(reference):
    text = ("Security forces clashed with militants in the north. The government said the "
            "army had retaken two villages.")
    _, found = _mentions(text, reference, title="Chad: a report on the conflict in 2023")
    names = {name for _, name, _ in found}
    assert {"Chadian security forces", "Government of Chad", "Chadian military"} <= names


def test_state_actors_bare_nouns_without_a_focus_name_nothing(reference):
    _, found = _mentions("The government said the army had retaken two villages.", reference)
    assert not any(t == "organization" for _, _, t in found)


def test_state_actors_not_other_groups_forces(reference):
    _, found = _mentions("Houthi forces and coalition troops exchanged fire.", reference,
                         title="Yemen: the war in 2019")
    assert not any(name.startswith("Yemeni") for _, name, _ in found)


def test_branches_hyphen_acronyms_are_their_own_group(reference):
    text = ("The Islamic State in Iraq and Syria in Lebanon (ISIS-L) grew. ISIS-L fighters "
            "later moved north.")
    analysis, found = _mentions(text, reference)
    keys = {m.key for m in analysis.mentions if m.text.startswith(("ISIS-L", "The Islamic",
                                                                     "Islamic"))}
    assert len(keys) == 1 and "islamic-state" not in keys
    assert analysis.extra["part_of"][keys.pop()] == "islamic-state"


def test_branches_known_acronym_resolves_to_the_catalogue(reference):
    analysis, _ = _mentions("ISIS-Somalia claimed the attack in Bosaso.", reference)
    assert any(m.key == "islamic-state-somalia-province" or m.key.startswith("islamic-state-s")
               for m in analysis.mentions if m.text == "ISIS-Somalia")


@pytest.mark.parametrize(
    ("sentence", "unit", "name", "utype"),
    [
        ("Hamid ran Hezbollah's external security department until 2019.",
         "external security department", "Hezbollah external security department",
         "organization"),
        ("Nasir headed al-Shabaab's military wing for a decade.", "military wing",
         "al-Shabaab military wing", "armed_group"),
    ],
)
def test_units_are_entities_part_of_their_group(reference, sentence, unit, name, utype):
    analysis, found = _mentions(sentence, reference)
    assert (unit, name, utype) in found
    key = next(m.key for m in analysis.mentions if m.text == unit)
    assert analysis.extra["part_of"][key] in {m.key for m in analysis.mentions
                                              if m.type == "armed_group" and m.text != unit}


def test_units_an_indefinite_description_is_no_unit(reference):
    _, found = _mentions("She was a member of an al-Shabaab assassination cell.", reference)
    assert not any(t.endswith("cell") for t, _, _ in found)
