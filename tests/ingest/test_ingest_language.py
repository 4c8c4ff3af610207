from __future__ import annotations

import pytest

from watchfloor.ingest.language import function_word_share, is_english, keep_english
from watchfloor.records import Dropped

ENGLISH = "The group claimed responsibility for the attack on the army base near Mosul."
NAMES_2 = (
    "Hay'at Tahrir al-Sham (HTS), Harakat Nour al-Din al-Zenki and Ahrar al-Sham clashed "
    "near Darat Izza."
)
NAMES = "Jama'at Nusrat al-Islam wal-Muslimin (JNIM) and Ansar al-Islam attacked in Burkina Faso."


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (ENGLISH, True),
        (NAMES, True),  # model unsure (Kabyle?); one English function word decides
        (NAMES_2, True),
        ("Al-Shabaab et le JNIM ont attaqué la ville de Gao au Mali et à Tombouctou.", False),
        ("Grupa przyznała się do ataku na bazę wojskową w pobliżu Mosulu, to było rano.", False),
        ("Die Gruppe bekannte sich zu dem Anschlag auf den Armeestützpunkt bei Mossul.", False),
        ("Le groupe a revendiqué l'attaque contre la base militaire près de Mossoul hier.", False),
        ("El grupo reivindicó el ataque contra la base militar cerca de Mosul anoche.", False),
        ("أعلن التنظيم مسؤوليته عن الهجوم على القاعدة العسكرية قرب الموصل", False),
        ("الموصل", False),  # other script: dropped even when short
        ("Группа взяла на себя ответственность за нападение на базу.", False),
        # one-line wire items and headlines: no function words, the model guesses Pidgin,
        # but the lower-case words are English words
        ("Al-Shabaab gunmen stormed a Mogadishu hotel, killing 12.", True),
        ("Somali forces end Mogadishu hotel siege, al-Shabaab claims attack", True),
        ("Boko Haram fighters raided Borno villages, abducting dozens", True),
        ("Hombres armados atacaron un hotel en Mogadiscio el viernes por la noche.", False),
        ("Homens armados atacaram um hotel em Mogadíscio na sexta-feira à noite.", False),
        ("Gewapende mannen vielen vrijdag een hotel aan in Mogadishu, meldt de politie.", False),
        ("Watu wenye silaha walishambulia hoteli moja mjini Mogadishu Ijumaa usiku.", False),
        ("Kurz und deutsch.", True),  # under 40 letters: not judged
        ("2019 2020 2021 | 12 | 40", True),  # no letters
    ],
)
def test_language_is_english(paragraph: str, expected: bool) -> None:
    assert is_english(paragraph, 0.5) is expected


def test_language_threshold_comes_from_setting() -> None:
    german = "Die Gruppe bekannte sich zu dem Anschlag auf den Armeestützpunkt bei Mossul."
    assert not is_english(german, 0.5)
    assert is_english(german, 0.0)


@pytest.mark.parametrize(
    ("text", "share"), [("the cat and the dog", 0.6), ("", 0.0), ("der Hund", 0.0)]
)
def test_language_function_word_share(text: str, share: float) -> None:
    assert function_word_share(text) == pytest.approx(share)


def test_language_keep_english_records_dropped() -> None:
    german = "Die Gruppe bekannte sich zu dem Anschlag auf den Armeestützpunkt bei Mossul."
    kept, dropped = keep_english([ENGLISH, german], 0.5)
    assert kept == [ENGLISH]
    assert dropped == [Dropped("not_english", german)]
