"""The figures stage: what a number counts, whose it is, who says so, when — and which
numbers are not figures at all."""

from __future__ import annotations

import pytest

from watchfloor.extract import figures, figures_reading
from watchfloor.records import Document

pytestmark = pytest.mark.slow


def _run(reference, text: str, published: str | None = None):
    from watchfloor.read.analysis import analyse

    document = Document(text=text, published=published)
    return document, figures.run(document, analyse(document, reference), reference).claims


# (text, [(subject key, predicate, low, high, attributed_to, certainty, time)])
CASES = [
    ("Islamic State Khorasan Province was founded in 2015. US officials put the branch's "
     "strength at up to 3,000 fighters in 2015, while a UN report in early 2022 suggested it "
     "could be approaching 4,000.",
     [("islamic-state-khorasan", "fighters", None, 3000, "US officials", "asserted", "2015"),
      ("islamic-state-khorasan", "fighters", None, 4000, "a UN report", "possible",
       "2022-01~/2022-04~")]),
    ("Most estimates put ISKP's strength as high as 4,000, although the US military put it "
     "at up to 3,000.",
     [("islamic-state-khorasan", "fighters", None, 4000, "Most estimates", "asserted", None),
      ("islamic-state-khorasan", "fighters", None, 3000, "the US military", "asserted", None)]),
    ("Boko Haram is believed to have at least 4,000 fighters.",
     [("boko-haram", "fighters", 4000, None, None, "probable", None)]),
    ("The Taliban's fighters numbered in the low 10,000s in 2004, according to a NATO "
     "assessment.",
     [("taliban", "fighters", 10000, 13999, "a NATO assessment", "asserted", "2004")]),
    ("Islamic State West Africa Province carried out 250 attacks in the first half of 2021.",
     [("islamic-state-west-africa", "attacks", 250, 250, None, "asserted", "2021-01/2021-06")]),
    # "more than N" of a count is at least N+1 (the gold convention of real-report annotation)
    ("More than 300 al-Shabaab fighters have defected since January 2022.",
     [("al-shabaab", "defectors", 301, None, None, "asserted", "2022-01/..")]),
    ("In 2014, the Islamic State attacked Badush prison and freed around 3,000 inmates.",
     [("islamic-state", "escaped_prisoners", 3000, 3000, None, "asserted", "2014")]),
    ("Al-Shabaab recruited about 500 children in 2017, UNICEF said.",
     [("al-shabaab", "recruits", 500, 500, "UNICEF", "asserted", "2017")]),
    ("Hezbollah receives up to $700 million a year from Iran.",
     [("hezbollah", "funding_usd", None, 700_000_000, None, "asserted", None)]),
    ("Hezbollah claims to have 100,000 fighters.",
     [("hezbollah", "fighters", 100000, 100000, "Hezbollah", "claimed", None)]),
    ("Boko Haram was founded in 2002. The group has between 1,500 and 2,000 fighters.",
     [("boko-haram", "fighters", 1500, 2000, None, "asserted", None)]),
    ("Member states assessed that al-Shabaab raised between $100 million and $150 million "
     "a year.",
     [("al-shabaab", "funding_usd", 100_000_000, 150_000_000, "Member states", "asserted",
       None)]),
    ("Hamas receives about £1 million a year from Europe, and Iran has given it up to "
     "US$100 million a year, Israeli officials say.",
     [("hamas", "funding_usd", None, 100_000_000, "Israeli officials", "asserted", None)]),
    ("Officials said al-Shabaab had some 5,000 to 7,000 fighters.",
     [("al-shabaab", "fighters", 5000, 7000, "Officials", "asserted", None)]),
    ("Islamic State Khorasan Province may have as few as 1,500 fighters left.",
     [("islamic-state-khorasan", "fighters", None, 1500, None, "possible", None)]),
    ("The Islamic State lost most of its territory by 2017, and its fighters fell to fewer "
     "than 3,000 in 2018.",
     [("islamic-state", "fighters", None, 2999, None, "asserted", "2018")]),
    # the earlier value of a change keeps only its own date; a relative clause is not dated
    # by its main clause
    ("The Taliban grew from about 20,000 fighters in 2010 to perhaps 60,000 by 2017, US "
     "officials said.",
     [("taliban", "fighters", 20000, 20000, "US officials", "asserted", "2010"),
      ("taliban", "fighters", 60000, 60000, "US officials", "possible", "../2017")]),
    ("Member states estimated that ISIL-K had grown from about 2,200 fighters to approaching "
     "4,000 in January 2022.",
     [("islamic-state-khorasan", "fighters", 2200, 2200, "Member states", "asserted", None),
      ("islamic-state-khorasan", "fighters", None, 4000, "Member states", "asserted",
       "2022-01")]),
    ("Al-Shabaab, which has 10,000 fighters, was founded in 2006.",
     [("al-shabaab", "fighters", 10000, 10000, None, "asserted", None)]),
    # a denial is kept as the source's denial, never as an assertion
    ("Hezbollah denied that it had 3,000 fighters in Syria.",
     [("hezbollah", "fighters", 3000, 3000, "Hezbollah", "denied", None)]),
    # "the figure" stands for the figure before it
    ("Nigerian officials said 800 Boko Haram fighters had defected, but the army later put "
     "the figure at 600.",
     [("boko-haram", "defectors", 800, 800, "Nigerian officials", "asserted", None),
      ("boko-haram", "defectors", 600, 600, "the army", "asserted", None)]),
    # not figures: negated, tolls, losses, plans, ages, years, kin, other currencies
    ("The Islamic State does not have 20,000 fighters in Libya.", []),
    ("There is no evidence that Hurras al-Din has more than 2,000 fighters.", []),
    ("Al-Shabaab fighters killed 19 soldiers and wounded 30 others near Mogadishu.", []),
    ("A bomb killed at least 40 people in Kunduz; Islamic State claimed the attack.", []),
    ("The Allied Democratic Forces lost 150 fighters in clashes with the army.", []),
    ("Two brothers from Mosul joined the Islamic State in 2014, when they were 19.", []),
    ("Islamic State Sahel Province is led by a 45-year-old commander.", []),
    ("The army carried out 50 raids against Boko Haram in 2020.", []),
    ("Al-Shabaab was responsible for 60 percent of the 2,000 attacks recorded in 2021.", []),
    ("JNIM was announced in 2017 in a video showing five leading jihadists.", []),
    ("Did the Islamic State ever have 100,000 fighters?", []),
    ("Hezbollah's leader said the group has 100,000 trained fighters and 150,000 rockets.",
     [("hezbollah", "fighters", 100000, 100000, "Hezbollah's leader", "asserted", None)]),
    ("Khogyani said nearly 1,000 escapees of the Islamic State had been recaptured.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_figures_reads_attribute_subject_source_and_time(reference, text: str, expected) -> None:
    _, claims = _run(reference, text)
    got = sorted(((c.subject, c.predicate, c.low, c.high, c.attributed_to, c.certainty, c.time)
                  for c in claims), key=str)
    assert got == sorted(expected, key=str)


def test_figures_claims_reproduce_their_evidence_and_keep_the_number_as_written(reference) -> None:
    document, claims = _run(
        reference, "ISKP was founded in 2015. Most estimates put ISKP's strength as high as "
        "4,000, although the US military put it at up to 3,000.")
    assert len(claims) == 2
    for c in claims:
        ev = c.evidence
        assert document.text[ev.start:ev.end] == ev.text
        assert c.value in ev.text
        assert c.unit == "fighters"
        assert c.extractor == figures.EXTRACTOR
    assert {c.value for c in claims} == {"as high as 4,000", "up to 3,000"}


def test_figures_cues_name_only_ontology_figure_attributes() -> None:
    from watchfloor.ontology import load_ontology

    onto = load_ontology()
    c = figures_reading.cues()
    for attribute in {*c["nouns"].values(), *c["verbs"].values()}:
        assert onto.is_quantity(attribute)
        assert attribute not in c["event_figures"]
