"""Span repairs around NER proposals (read.spans): whole names, org tails, listed places.
Sentences written for these tests; no model needed."""

from __future__ import annotations

import pytest

from watchfloor.read.spans import extend_org, extend_person, split_places


def _free(start: int, end: int) -> bool:
    return True


@pytest.mark.parametrize(
    ("text", "fragment", "whole"),
    [
        ("Officials named Faris Hamid 'Umar al-Zubaydi as the courier.", "Faris Hamid '",
         "Faris Hamid 'Umar al-Zubaydi"),
        ("The notice lists Karim Ben Yusuf Ben Salah Ben Ayed among them.", "Karim Ben Yusuf",
         "Karim Ben Yusuf Ben Salah Ben Ayed"),
        ("Later, Rashid Tawfiq Nuri al-Samarra'i travelled.", "Tawfiq Nuri",
         "Rashid Tawfiq Nuri al-Samarra'i"),
        ("The speaker was Mary J. Holcombe of the agency.", "Mary J", "Mary J. Holcombe"),
        ("Salim ould Mahmoud led the raid.", "Salim", "Salim ould Mahmoud"),
    ],
)
def test_spans_extend_person_to_the_whole_name(text, fragment, whole):
    start = text.index(fragment)
    s, e = extend_person(text, start, start + len(fragment), _free)
    assert text[s:e] == whole


@pytest.mark.parametrize(
    ("text", "fragment", "whole"),
    [
        # an office title, a nationality, an acronym or a common word ends the name
        ("Russian President Ivan Petrov spoke.", "Ivan Petrov", "Ivan Petrov"),
        ("the SDGT Omar Haddad was named", "Omar Haddad", "Omar Haddad"),
        ("He replaced Tariq Aziz as head of the unit.", "Tariq Aziz", "Tariq Aziz"),
        ("Funds went to Hamid Karzai Airport officials.", "Hamid Karzai", "Hamid Karzai"),
    ],
)
def test_spans_extend_person_stops_at_non_name_words(text, fragment, whole):
    start = text.index(fragment)
    s, e = extend_person(text, start, start + len(fragment), _free,
                         lambda w: w in ("Russian",))
    assert text[s:e] == whole


def test_spans_extend_person_never_takes_held_characters():
    text = "Payments reached Walid Said al-Omari, who kept them."
    start = text.index("Walid Said")
    held = text.index("al-Omari")
    s, e = extend_person(text, start, start + len("Walid Said"),
                         lambda a, b: b <= held or a >= held + 8)
    assert text[s:e] == "Walid Said"


def test_spans_extend_org_with_its_of_tail():
    text = "The Coalition of Villages for a Free and Peaceful Valley signed."
    start = text.index("Coalition")
    s, e = extend_org(text, start, start + len("Coalition of Villages"), _free)
    assert text[s:e] == "Coalition of Villages for a Free and Peaceful Valley"


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("Tame, Arauca Department", ["Tame", "Arauca Department"]),
        ("Cesar Departments", ["Cesar"]),
        ("Lower Shabelle and", ["Lower Shabelle"]),
        ("North and South Kivu Provinces", ["North Kivu", "South Kivu"]),
        ("Washington, DC", ["Washington, DC"]),
    ],
)
def test_spans_split_places_in_a_list(text, places):
    assert [name for _, _, name in split_places(text, 0)] == places
