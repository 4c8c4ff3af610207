"""Attribution and certainty (``extract.attribution.qualify``): one row per cue, nesting,
negation scope and the clause edges a reporting verb must not cross."""

from __future__ import annotations

import pytest

from watchfloor.extract.attribution import load_cues, qualify
from watchfloor.ontology import load_ontology

pytestmark = pytest.mark.slow

# (sentence, anchor token text, attributed_to, certainty, negated)
CASES = [
    # reported speech and sources
    ("US officials said the group had 3,000 fighters.", "3,000", "US officials", "asserted", False),
    ("According to a UN report, the group has 3,000 fighters.", "3,000", "a UN report", "asserted", False),
    ("The CIA estimated that the group had 3,000 fighters.", "3,000", "The CIA", "asserted", False),
    ("Analysts warned that the group could field 3,000 fighters.", "3,000", "Analysts", "possible", False),
    ("Reuters reported that the group had 3,000 fighters.", "3,000", "Reuters", "asserted", False),
    ("A UN report suggests the group has 3,000 fighters.", "3,000", "A UN report", "possible", False),
    ("The Taliban fielded 60,000 fighters in 2020, the Pentagon said.", "60,000", "the Pentagon", "asserted", False),
    ("US officials put the branch's strength at up to 3,000 fighters.", "3,000", "US officials", "asserted", False),
    # hedges
    ("The group probably has 3,000 fighters.", "3,000", None, "probable", False),
    ("The group likely has 3,000 fighters.", "3,000", None, "probable", False),
    ("The group appears to have 3,000 fighters.", "3,000", None, "reported", False),
    ("The group reportedly has 3,000 fighters.", "3,000", None, "reported", False),
    ("The group is thought to have 3,000 fighters.", "3,000", None, "probable", False),
    ("The group is believed to have 3,000 fighters.", "3,000", None, "probable", False),
    ("It can be assumed that the group has 3,000 fighters.", "3,000", None, "probable", False),
    ("The group may have 3,000 fighters.", "3,000", None, "possible", False),
    ("The suspected militants killed 12 soldiers.", "militants", None, "reported", False),
    # claims of responsibility and denials
    ("Islamic State claimed that its fighters had killed 30 soldiers.", "30", "Islamic State", "claimed", False),
    ("Hezbollah claims to have 100,000 fighters.", "100,000", "Hezbollah", "claimed", False),
    ("The group denied that it had 3,000 fighters.", "3,000", "The group", "denied", False),
    # nesting: the nearest source and its certainty win
    ("Officials said a report suggested the group had 3,000 fighters.", "3,000", "a report", "possible", False),
    ("Officials said a UN report found that the group had 3,000 fighters.", "3,000", "a UN report", "asserted", False),
    # a reporting verb in a separate statement does not attribute the anchor
    ("A bomb killed at least 40 people in Kunduz; Islamic State claimed the attack.", "40", None, "asserted", False),
    ("On 8 October 2021 a suicide bomber killed at least 40 worshippers in Kunduz; Islamic State claimed the attack.", "40", None, "asserted", False),
    ("Al-Qaeda has fewer than 400 fighters, the UN said, and the Taliban have around 85,000.", "400", "the UN", "asserted", False),
    ("Al-Qaeda has fewer than 400 fighters, the UN said, and the Taliban have around 85,000.", "85,000", None, "asserted", False),
    ("US officials put it at up to 3,000 in 2015, while a UN report suggested it could be approaching 4,000.", "4,000", "a UN report", "possible", False),
    ("US officials put it at up to 3,000 in 2015, while a UN report suggested it could be approaching 4,000.", "3,000", "US officials", "asserted", False),
    ("Some 40,000 foreign fighters travelled to join the group, a UN study found.", "40,000", "a UN study", "asserted", False),
    ("ISKP claimed the assault and said it had freed hundreds of prisoners.", "hundreds", "ISKP", "asserted", False),
    ("ISKP may have 1,500 fighters left, but it still carried out 31 attacks in 2023, the UN said.", "31", "the UN", "asserted", False),
    ("The group allegedly received $5 million from Qatar.", "million", None, "reported", False),
    ("It is unclear whether the group has 500 fighters.", "500", None, "possible", False),
    ("The group is unlikely to have more than 500 fighters.", "500", None, "possible", False),
    ("The group was said to have 500 fighters.", "500", None, "reported", False),
    ("The spokesman denied reports that the group had 2,000 fighters.", "2,000", "The spokesman", "denied", False),
    ("The group has perhaps 500 fighters, officials told Reuters on Monday.", "500", "officials", "possible", False),
    ("The attack, claimed by Islamic State, killed 30 people.", "30", None, "asserted", False),
    ("Islamic State has claimed responsibility for the attack, which killed 30 people.", "30", None, "asserted", False),
    ("The group has 500 fighters, according to a 2021 report by the International Crisis Group.", "500", "a 2021 report by the International Crisis Group", "asserted", False),
    ("The Taliban, once thought to number 100,000, now have fewer than 80,000 fighters, according to the UN.", "80,000", "the UN", "asserted", False),
    # proper names keep their "for"/"of"
    ("The group has 300 fighters, the Institute for Security Studies wrote.", "300", "the Institute for Security Studies", "asserted", False),
    # negation and its scope
    ("The group does not have 3,000 fighters.", "3,000", None, "asserted", True),
    ("The group has never had 3,000 fighters.", "3,000", None, "asserted", True),
    ("There is no evidence that the group has 3,000 fighters.", "3,000", None, "asserted", True),
    ("The group is not thought to have more than 2,500 members.", "2,500", None, "probable", True),
    ("Officials did not say that the group had 3,000 fighters.", "3,000", "Officials", "asserted", True),
    ("The group has no more than 3,000 fighters.", "3,000", None, "asserted", False),
    ("The group no longer has 500 fighters.", "500", None, "asserted", True),
    ("The group has 3,000 fighters, but it has not recruited 200 children.", "3,000", None, "asserted", False),
    ("The group has 3,000 fighters, but it has not recruited 200 children.", "200", None, "asserted", True),
]


def _token(doc, text: str):
    hits = [t for t in doc if t.text == text]
    assert hits, f"{text!r} not a token of {doc.text!r}"
    return hits[0]


@pytest.mark.parametrize(("sentence", "anchor", "source", "certainty", "negated"), CASES)
def test_attribution_qualify_reads_source_certainty_and_negation(
    nlp, sentence: str, anchor: str, source: str | None, certainty: str, negated: bool,
) -> None:
    doc = nlp(sentence)
    tok = _token(doc, anchor)
    got = qualify(doc, tok.sent, [tok])
    assert (got.attributed_to, got.certainty, got.negated) == (source, certainty, negated)


def test_attribution_qualify_without_tokens_is_the_documents_assertion() -> None:
    got = qualify(None, None, [])  # type: ignore[arg-type]
    assert (got.attributed_to, got.certainty, got.negated) == (None, "asserted", False)


def test_attribution_cues_name_only_ontology_certainty_levels() -> None:
    levels = set(load_ontology().certainty)
    cues = load_cues()
    for section in ("reporting_verbs", "passive_verbs", "raising", "hedges"):
        assert {v for v in cues[section].values() if v is not None} <= levels
    assert set(cues["precedence"]) == levels
