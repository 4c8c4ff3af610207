"""Bad input to ``analyse``: no entities, other languages and scripts, emoji, a
5,000-word sentence. Fewer entities, never an error, and no quadratic blow-up."""

from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.slow


def _analyse(text, reference):
    from watchfloor.read.analysis import analyse
    from watchfloor.records import Document

    return analyse(Document(text=text, published="2023-06-15"), reference)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n\t ",
        "The weather was mild and the markets were busy.",
        "الدولة الإسلامية في العراق والشام أعلنت مسؤوليتها عن الهجوم في الموصل.",
        "Исламское государство взяло на себя ответственность за взрыв в Дамаске.",
        "💣🔥🙂 ✊🏽 ⚠️",
        "Der Angriff wurde von der Gruppe verübt. Le groupe a revendiqué l'attaque.",
        "(((TTP))) (TTP) the latter the former ( ) ((",
        "Sheikh Sheikh Abu Abu Mullah the group The Front Ansar",
        "\x00\x01 control \u200b characters \ufeff",
    ],
)
def test_reading_bad_input_does_not_crash(reference, text):
    analysis = _analyse(text, reference)
    for m in analysis.mentions:
        assert text[m.start:m.end] == m.text
        assert m.key


def test_reading_text_without_entities_has_no_mentions(reference):
    assert _analyse("It rained and then it stopped, and nobody said anything.",
                    reference).mentions == []


def test_reading_very_long_sentence_stays_linear(reference):
    clause = "Hamza Brigades and the Aden Front met Sheikh Ali near Gao; the latter said "
    text = clause * 400 + "."  # one sentence of more than 5,000 words
    assert len(text.split()) > 5000
    start = time.perf_counter()
    reference.nlp(text)
    parse = time.perf_counter() - start
    start = time.perf_counter()
    analysis = _analyse(text, reference)
    total = time.perf_counter() - start
    assert analysis.mentions
    assert total < 6 * parse + 2.0  # the parse dominates; a quadratic loop would not pass
