"""The relations stage: cue table checks, claims from the parse, negation and evidence."""

from __future__ import annotations

import pytest

from watchfloor.exceptions import OntologyError
from watchfloor.extract import relations
from watchfloor.extract.relations_cues import _parse_pattern, load_relation_cues


def _claims(text: str, reference):
    from watchfloor.extract import relations
    from watchfloor.read.analysis import analyse
    from watchfloor.records import Document

    document = Document(text=text)
    analysis = analyse(document, reference)
    out = relations.run(document, analysis, reference)
    floor = relations.STAGE.min_confidence
    return document, [c for c in out.claims if c.confidence >= floor]


@pytest.mark.parametrize("text, parts", [
    ("a|b of", (frozenset({"a", "b"}), frozenset({"of"}))),
    ("drive ... out", (frozenset({"drive"}), frozenset(), frozenset({"out"}))),
])
def test_relations_cues_parse_pattern(text: str, parts: tuple) -> None:
    assert _parse_pattern(text) == parts


def test_relations_cues_every_predicate_is_an_ontology_relation() -> None:
    from watchfloor.ontology import load_ontology

    onto = load_ontology()
    table = load_relation_cues()
    assert table.cues
    assert all(onto.is_relation(c.predicate) for c in table.cues)
    assert all(c.subject in ("subj", "obj", "any") for c in table.cues)


def test_relations_cues_reject_unknown_predicate(monkeypatch) -> None:
    from watchfloor.extract import relations_cues

    fake = {"relations": [{"pattern": "ally of", "predicate": "friends_with", "strength": 1}]}
    monkeypatch.setattr(relations_cues, "load_cue_file", lambda name: fake)
    relations_cues.load_relation_cues.cache_clear()
    try:
        with pytest.raises(OntologyError, match="friends_with"):
            relations_cues.load_relation_cues()
    finally:
        relations_cues.load_relation_cues.cache_clear()


@pytest.mark.slow
@pytest.mark.parametrize("text, subject, predicate, obj", [
    ("ISKP, the local branch of the Islamic State, was founded in 2015.",
     "islamic-state-khorasan", "part_of", "islamic-state"),
    ("Boko Haram swore allegiance to the Islamic State in March 2015.",
     "boko-haram", "pledged_allegiance_to", "islamic-state"),
    ("Hundreds of fighters of the Pakistani Taliban joined ISKP in 2015.",
     "islamic-state-khorasan", "members_joined_from", "ttp"),
    ("The Taliban regard ISKP as apostates who should be killed.",
     "taliban", "hostile_to", "islamic-state-khorasan"),
    ("The Taliban launched an offensive against ISKP in Nangarhar in late 2019.",
     "taliban", "hostile_to", "islamic-state-khorasan"),
    ("Hamza bin Laden, the son of Osama bin Laden, was reported killed in 2019.",
     "person:hamza bin laden", "relative_of", "person:osama bin laden"),
    ("The current leader of al-Qaeda in the Arabian Peninsula, Saad al-Awlaki, took over.",
     "person:saad al awlaki", "leader_of", "aqap"),
    ("Iraqi forces drove the Islamic State out of Mosul in July 2017.",
     "islamic-state", "lost_control_of", None),
    ("Hayat Tahrir al-Sham controls Idlib province.", "hayat-tahrir-al-sham", "controls", None),
    ("Boko Haram was founded by Mohammed Yusuf in Maiduguri in 2002.",
     "person:mohammed yusuf", "founder_of", "boko-haram"),
])
def test_relations_reads_the_claim(reference, text, subject, predicate, obj) -> None:
    from watchfloor.ontology import load_ontology

    _, claims = _claims(text, reference)
    symmetric = load_ontology().predicate(predicate).symmetric
    hits = [c for c in claims if c.predicate == predicate and (
        c.subject == subject or (symmetric and c.object == subject))]
    assert hits, [(c.subject, c.predicate, c.object) for c in claims]
    if obj is not None:
        assert any(obj in (c.object, c.subject if symmetric else None) for c in hits)


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "There is no evidence that the Taliban is cutting ties with al-Qaeda.",
    "Al-Shabaab has not split away from al-Qaeda.",
    "Hamas denied any links with the Islamic State.",
    "Hamas has denied receiving money from Hezbollah.",
    "Delegates discussed the Houthis and Hezbollah at a conference in Geneva.",
    "The Taliban does not control Panjshir, a UN report said.",
    "It is unlikely that JNIM will ever pledge allegiance to the Islamic State.",
    "Officials said Abdelmalek Droukdel was not the leader of JNIM.",
])
def test_relations_negation_and_cooccurrence_give_nothing(reference, text) -> None:
    _, claims = _claims(text, reference)
    assert claims == []


@pytest.mark.slow
def test_relations_the_head_of_a_department_is_a_member_not_the_leader(reference) -> None:
    text = "The toll was given by Matiullah Rohani, the Taliban's head of culture and information."
    _, claims = _claims(text, reference)
    assert {(c.subject, c.predicate, c.object) for c in claims} == {
        ("person:matiullah rohani", "member_of", "taliban")}


@pytest.mark.slow
def test_relations_time_attribution_and_evidence(reference) -> None:
    text = ("Boko Haram swore allegiance to the Islamic State in March 2015. "
            "The Houthis are allied with Hezbollah, according to Saudi officials.")
    document, claims = _claims(text, reference)
    by_pred = {c.predicate: c for c in claims}
    assert by_pred["pledged_allegiance_to"].time == "2015-03"
    assert by_pred["allied_with"].attributed_to == "Saudi officials"
    for c in claims:
        ev = c.evidence
        assert document.text[ev.start:ev.end] == ev.text
        assert 0.5 <= c.confidence <= 1.0
        assert c.extractor == relations.EXTRACTOR


@pytest.mark.slow
def test_relations_deputy_to_a_leader_resolves_to_the_group(reference) -> None:
    text = ("Osama bin Laden led al-Qaeda until 2011. "
            "Ayman al-Zawahiri was appointed deputy to Osama bin Laden in 2001.")
    _, claims = _claims(text, reference)
    deputies = [c for c in claims if c.predicate == "deputy_leader_of"]
    assert [(c.subject, c.object) for c in deputies] == [("person:ayman al zawahiri", "al-qaeda")]
