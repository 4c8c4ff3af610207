"""Within-document resolution through ``analyse``: acronyms, short forms, spelling variants
and back-references, resolved only when one candidate is left."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def _mentions(text, reference):
    from watchfloor.read.analysis import analyse
    from watchfloor.records import Document

    return analyse(Document(text=text, published="2023-06-15"), reference).mentions


def _key_of(mentions, surface, nth=0):
    found = [m for m in mentions if m.text == surface]
    return found[nth].key if len(found) > nth else None


@pytest.mark.parametrize(
    ("text", "surface", "nth", "key"),
    [
        ("The Zarqa Salvation Front (ZSF) was formed in 2019. The ZSF later split.",
         "ZSF", 1, "armed_group:zarqa salvation front"),
        ("The Haqqani Network denied it. The group said it was not in Kabul.",
         "The group", 0, "haqqani-network"),
        ("Al-Shabaab attacked Baidoa. The jihadists later claimed 50 dead.",
         "The jihadists", 0, "al-shabaab"),
        ("Islamic State's Congo Province attacked Kasindi. The offshoot is based in Beni.",
         "The offshoot", 0, "armed_group:islamic state congo province"),
        ("Both Hay'at Tahrir al-Sham and Hurras al-Din operate in Idlib; the former arrested "
         "members of the latter.", "the former", 0, "hayat-tahrir-al-sham"),
        ("Both Hay'at Tahrir al-Sham and Hurras al-Din operate in Idlib; the former arrested "
         "members of the latter.", "the latter", 0, "hurras-al-din"),
        ("The Haggani network denied involvement.", "Haggani", 0, "haqqani-network"),
        ("ISKP killed 25 students; the Hindu Kush branch has targeted Hazaras before.",
         "the Hindu Kush branch", 0, "islamic-state-khorasan"),
    ],
)
def test_coref_resolves_single_candidate(reference, text, surface, nth, key):
    assert _key_of(_mentions(text, reference), surface, nth) == key


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("The TTP and ISKP are rivals in Bajaur. The group claimed the bombing.", "The group"),
        ("The former leader of the movement was arrested in Bamako.", "the movement"),
        ("The group of soldiers was ambushed near Gao.", "The group"),
        ("Hamas fired rockets. Hezbollah fired too. Markets were quiet. The group said so.",
         "The group"),
    ],
)
def test_coref_leaves_competing_or_absent_antecedents_unresolved(reference, text, surface):
    assert _key_of(_mentions(text, reference), surface) is None


def test_coref_acronym_letters_must_fit_the_name(reference):
    mentions = _mentions("The Popular Front for the Liberation of Azawad (XYZ) met. XYZ left.",
                         reference)
    assert all(m.source != "acronym" for m in mentions)


def test_coref_mentions_keep_the_antecedent_type_and_source(reference):
    mentions = _mentions("Boko Haram stormed Gajiram. The group killed 15 people.", reference)
    described = [m for m in mentions if m.text == "The group"]
    assert described and described[0].source == "coref"
    assert described[0].type == "armed_group" and described[0].confidence < 1.0


def test_coref_person_short_form_meets_full_name(reference):
    mentions = _mentions("Hafiz Gul Bahadur met elders in Miranshah. Bahadur said the truce "
                         "would hold.", reference)
    keys = {m.key for m in mentions if m.type == "person"}
    assert keys == {"person:gul bahadur"}
