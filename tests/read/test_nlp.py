"""Feeding long texts to spaCy: paragraphs, over-long ones cut at sentence ends or line
breaks, batches of bounded size, joined into one Doc whose text is the input."""

from __future__ import annotations

import pytest

from watchfloor.read.nlp import ParseOptions, parse, pieces_of

SENTENCE = "The group attacked the base. "


@pytest.mark.parametrize(("text", "limit"), [
    (SENTENCE * 2000, 5_000),
    ("line one\nline two\n" * 3000, 5_000),
    ("word " * 5000, 5_000),
    ("x" * 12_345, 5_000),
    ("Short.\n\n" + SENTENCE * 400 + "\n\nEnd.", 1_000),
])
def test_nlp_pieces_join_back_and_respect_the_limit(text: str, limit: int) -> None:
    pieces = pieces_of(text, limit)
    assert "".join(pieces) == text
    assert all(0 < len(p) <= limit for p in pieces)


def test_nlp_pieces_cut_at_sentence_ends_first() -> None:
    pieces = pieces_of(SENTENCE * 2000, 5_000)
    assert all(p.endswith(". ") for p in pieces[:-1])
    assert all(p.startswith("The group") for p in pieces)


@pytest.mark.slow
def test_nlp_parse_keeps_offsets_sentences_and_names_across_pieces(nlp) -> None:
    text = ("Islamic State Khorasan Province attacked Kabul on Friday.\n\n"
            + "Boko Haram fighters raided a village in Borno. " * 300
            + "\n\nAl-Shabaab claimed the attack in Mogadishu.")
    small = ParseOptions(piece_chars=2_000, batch_chars=5_000)
    doc = parse(nlp, text, small)
    assert doc.text == text
    assert all(doc.text[t.idx:t.idx + len(t)] == t.text for t in doc)
    assert any(e.text == "Mogadishu" for e in doc.ents)
    sents = list(doc.sents)
    assert sents[0].text.startswith("Islamic State") and sents[-1].text.startswith("Al-Shabaab")
    assert all(s.text.strip().endswith(".") for s in sents)  # no sentence cut mid-way
    assert doc.tensor.size == 0  # nothing per token kept beyond the parse itself
    whole = parse(nlp, text)
    assert [(t.dep_, t.lemma_, t.ent_type_) for t in whole] == [
        (t.dep_, t.lemma_, t.ent_type_) for t in doc]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "sentences"), [
    # a long clause the parser would cut before the place name: one sentence
    ("ALF has carried out numerous attacks against Nigerian, Chadian, and U.S. interests and "
     "is responsible for the November 2009 Kano attacks that killed more than 60 people.", 1),
    # full stops, question marks and colons still end sentences
    ("The group attacked the base. Was anyone hurt? Nobody knows.", 3),
])
def test_nlp_sentences_start_only_where_one_ended(text: str, sentences: int, nlp) -> None:
    doc = parse(nlp, text)
    assert len(list(doc.sents)) == sentences
