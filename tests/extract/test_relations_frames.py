"""Relation frames read from the noun phrase (extract.relations_frames): roles, titles,
hyphenated modifiers, activity in a place, hostility, support, cooperation and parts.
Every sentence is written for these tests; names are real groups, people are invented."""

from __future__ import annotations

import pytest

from watchfloor.extract import relations
from watchfloor.read.analysis import analyse
from watchfloor.records import Document


def _triples(text: str, reference, **meta) -> set[tuple[str, str, str]]:
    document = Document(text=text, **meta)
    analysis = analyse(document, reference)
    out = relations.run(document, analysis, reference)
    names = {**{k: e.name for k, e in analysis.entities.items()},
             **{k: e.name for k, e in out.entities.items()}}
    floor = relations.STAGE.min_confidence
    return {(names[c.subject], c.predicate, names[c.object]) for c in out.claims
            if c.confidence >= floor and c.object}


@pytest.mark.slow
@pytest.mark.parametrize(("text", "expected"), [
    # definite and unqualified: leads; indefinite or qualified: a member
    ("Karim Haddad is the leader of al-Shabaab.", ("Karim Haddad", "leader_of", "al-Shabaab")),
    ("Karim Haddad is a senior leader of al-Shabaab.",
     ("Karim Haddad", "member_of", "al-Shabaab")),
    ("Al-Shabaab spokesman Karim Haddad denied the report.",
     ("Karim Haddad", "member_of", "al-Shabaab")),
    ("Boko Haram leader Musa Tanko appeared in the video.",
     ("Musa Tanko", "leader_of", "Boko Haram")),
    ("Musa Tanko, Boko Haram's head of propaganda, spoke.",  # a portfolio, not the group
     ("Musa Tanko", "member_of", "Boko Haram")),
    # of two names before a title, the nearer is the one led
    ("Karim Haddad was the al-Shabaab finance office chief in 2022.",
     ("Karim Haddad", "member_of", "al-Shabaab")),
    # a phrase past the apposition is the verb's, not a portfolio
    ("Hezbollah relies on the Quds Force's commander, Karim Haddad, for weapons.",
     ("Karim Haddad", "leader_of", "Quds Force")),
    ("Musa Tanko served as the deputy leader of Boko Haram until 2019.",
     ("Musa Tanko", "deputy_leader_of", "Boko Haram")),
    ("Musa Tanko is a financier for Boko Haram.", ("Boko Haram", "supported_by", "Musa Tanko")),
    # hyphenated modifiers
    ("Musa Tanko is a Kano-based facilitator for Boko Haram.",
     ("Musa Tanko", "based_in", "Kano")),
    ("The Iranian regime denies it. The Iran-backed Houthis fired missiles at ships in 2024.",
     ("Houthis", "supported_by", "Government of Iran")),  # a state the text names as such
    # activity in a place; a passive victim is not where the doer operates
    ("In 2021, al-Shabaab fighters abducted two teachers from a school in Baidoa.",
     ("al-Shabaab", "operates_in", "Baidoa")),
    ("Three soldiers were killed by an al-Shabaab roadside bomb in the Gedo region.",
     ("al-Shabaab", "operates_in", "Gedo")),
    # hostility: passive victims, parties "between", nationalities standing for the state
    ("Three Kenyan soldiers were killed by al-Shabaab near the border.",
     ("al-Shabaab", "hostile_to", "Kenya")),  # a foreign force: its country
    ("Fighting between al-Shabaab and the African Union Mission in Somalia intensified.",
     ("al-Shabaab", "hostile_to", "African Union Mission in Somalia")),
    # support and cooperation
    ("In 2015, Musa Tanko provided weapons to Boko Haram.",
     ("Boko Haram", "supported_by", "Musa Tanko")),
    ("Boko Haram is a Nigerian group with links to al-Qaeda.",
     ("Boko Haram", "cooperates_with", "al-Qaeda")),
    # parts: a possessive unit; a body named after an acronym
    ("The African Union's Peace and Security Council met in March.",
     ("Peace and Security Council", "part_of", "African Union")),
])
def test_relations_frames_read_the_claim(reference, text, expected):
    found = _triples(text, reference)
    assert expected in found, sorted(found)


@pytest.mark.slow
@pytest.mark.parametrize(("text", "absent"), [
    # an indefinite leader does not lead
    ("Karim Haddad is a senior leader of al-Shabaab.", ("Karim Haddad", "leader_of", "al-Shabaab")),
    # the head of the group's office does not lead the group
    ("Karim Haddad was the al-Shabaab finance office chief in 2022.",
     ("Karim Haddad", "leader_of", "al-Shabaab")),
    # sanctions are no attack
    ("The ministry imposed sanctions on three people, targeting financiers of al-Shabaab.",
     ("Ministry", "hostile_to", "al-Shabaab")),
    # a member's work for the group is not outside support
    ("Musa Tanko is a member of Boko Haram. He smuggled weapons on behalf of Boko Haram.",
     ("Boko Haram", "supported_by", "Musa Tanko")),
])
def test_relations_frames_leave_out(reference, text, absent):
    assert absent not in _triples(text, reference)


@pytest.mark.slow
def test_relations_officials_quoted_by_title_belong_to_the_publisher(reference):
    text = ("The U.S. Department of the Treasury designated two financiers today. "
            '"We will act," said Under Secretary for Terrorism Lena Marsh.')
    found = _triples(text, reference, publisher="U.S. Department of the Treasury")
    assert ("Lena Marsh", "member_of", "US Department of the Treasury") in found
