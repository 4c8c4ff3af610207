"""Tests for watchfloor.read.quantities: hedged counts as they appear in conflict reporting."""

from __future__ import annotations

import pytest

from watchfloor.read.quantities import find_money, find_quantities, parse_number, parse_quantity

# (sentence, [(span text, low, high, qualifier), ...]) — every quantity the sentence holds.
CASES = [
    ("At least 183 people were killed in the blast.", [("At least 183", 183, None, "at_least")]),
    ("More than 50 fighters surrendered.", [("More than 50", 50, None, "more_than")]),
    ("Over 50 vehicles were destroyed.", [("Over 50", 50, None, "more_than")]),
    ("The branch could field up to 4,000 men.", [("up to 4,000", None, 4000, "up_to")]),
    ("As many as 300 hostages were taken.", [("As many as 300", None, 300, "up_to")]),
    ("Estimates range from 1,000 – 2,200 fighters.", [("1,000 – 2,200", 1000, 2200, "range")]),
    ("It has 1,000-2,200 members.", [("1,000-2,200", 1000, 2200, "range")]),
    ("It has between 1,000 and 2,200 members.", [("between 1,000 and 2,200", 1000, 2200, "range")]),
    # a hedge on one bound leaves the range standing
    ("The raid killed between 30 and about 45 people.", [("between 30 and about 45", 30, 45, "range")]),
    ("It had from roughly 800 to 1,200 men.", [("from roughly 800 to 1,200", 800, 1200, "range")]),
    # without an opener a hedged second number is a number of its own
    ("Police said 12 died and about 30 were hurt.", [("12", 12, 12, "exact"), ("about 30", 30, 30, "approximately")]),
    ("It has 1,000 to 2,200 members.", [("1,000 to 2,200", 1000, 2200, "range")]),
    ("Some 150 families fled.", [("Some 150", 150, 150, "approximately")]),
    ("Around 60 soldiers were wounded.", [("Around 60", 60, 60, "approximately")]),
    ("About 60 soldiers were wounded.", [("About 60", 60, 60, "approximately")]),
    ("Roughly 700 recruits trained there.", [("Roughly 700", 700, 700, "approximately")]),
    ("An estimated 2,000 fighters remain.", [("An estimated 2,000", 2000, 2000, "approximately")]),
    ("Approximately 90 civilians died.", [("Approximately 90", 90, 90, "approximately")]),
    ("Hundreds of civilians fled the town.", [("Hundreds", 200, 999, "vague")]),
    ("Dozens of fighters were captured.", [("Dozens", 24, 99, "vague")]),
    ("Scores of villagers were abducted.", [("Scores", 40, 99, "vague")]),
    ("A dozen gunmen stormed the school.", [("A dozen", 12, 12, "exact")]),
    ("Several thousand troops were deployed.", [("Several thousand", 3000, 9999, "vague")]),
    ("Thousands of people were displaced.", [("Thousands", 2000, 9999, "vague")]),
    ("Tens of thousands fled the offensive.", [("Tens of thousands", 20000, 99999, "vague")]),
    ("Its strength is in the low 10,000s.", [("the low 10,000s", 10000, 13999, "vague")]),
    ("The group could be approaching 4,000 fighters.", [("approaching 4,000", None, 4000, "approaching")]),
    ("Nearly 100 bodies were found.", [("Nearly 100", None, 100, "approaching")]),
    ("Almost 100 bodies were found.", [("Almost 100", None, 100, "approaching")]),
    ("Fewer than 20 fighters remain.", [("Fewer than 20", None, 20, "less_than")]),
    ("Less than 20 fighters remain.", [("Less than 20", None, 20, "less_than")]),
    ("No more than 20 fighters remain.", [("No more than 20", None, 20, "at_most")]),
    ("Forty-six soldiers were killed.", [("Forty-six", 46, 46, "exact")]),
    ("Two hundred prisoners escaped.", [("Two hundred", 200, 200, "exact")]),
    ("A hundred and fifty men joined.", [("A hundred and fifty", 150, 150, "exact")]),
    ("The camp holds 1.5 million people.", [("1.5 million", 1_500_000, 1_500_000, "exact")]),
    ("About 2 million people need aid.", [("About 2 million", 2_000_000, 2_000_000, "approximately")]),
    ("Two or three attackers escaped.", [("Two or three", 2, 3, "range")]),
    ("Ten or more bodies were found.", [("Ten or more", 10, None, "at_least")]),
    ("Some 40 or so militants were seen.", [("Some 40 or so", 40, 40, "approximately")]),
    ("Between 1.5 and 2 million people fled.", [("Between 1.5 and 2 million", 1_500_000, 2_000_000, "range")]),
    ("At least one soldier died.", [("At least one", 1, None, "at_least")]),
    ("One soldier died in the ambush.", [("One", 1, 1, "exact")]),
    ("The 50-plus fighters were armed.", [("50-plus", 50, None, "at_least")]),
    ("A few hundred fighters held out.", [("A few hundred", 200, 499, "vague")]),
    ("Officials counted 12 dead and 34 wounded.", [("12", 12, 12, "exact"), ("34", 34, 34, "exact")]),
    ("In 2015, 300 fighters arrived.", [("300", 300, 300, "exact")]),
    ("Some 2015 fighters were reported.", [("Some 2015", 2015, 2015, "approximately")]),
    (
        "US officials put the branch's strength at up to 3,000 fighters in 2015, while a UN "
        "report in early 2022 suggested it could be approaching 4,000.",
        [("up to 3,000", None, 3000, "up_to"), ("approaching 4,000", None, 4000, "approaching")],
    ),
    ("Well over 1,000 people attended.", [("Well over 1,000", 1000, None, "more_than")]),
    ("No fewer than 30 rockets were fired.", [("No fewer than 30", 30, None, "at_least")]),
]

NEGATIVES = [
    "One of the attackers was a teenager.",
    "The second attack came at dawn.",
    "The 3rd Brigade withdrew.",
    "The raid took place on 8 October.",
    "The group was founded in 2015.",
    "Fighters carried AK-47 rifles.",
    "The plot echoed 9/11.",
    "Resolution 2254 was adopted.",
    "The attack began at 10 a.m. local time.",
    "He fought between 2014 and 2016.",
    "Rebels may march on the capital.",
]


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_quantities_read_hedged_counts(sentence: str, expected: list) -> None:
    got = [(q.text, q.low, q.high, q.qualifier) for q in find_quantities(sentence)]
    assert got == expected


@pytest.mark.parametrize("sentence", NEGATIVES)
def test_quantities_skip_ordinals_dates_and_codes(sentence: str) -> None:
    assert find_quantities(sentence) == []


@pytest.mark.parametrize(
    ("expr", "value"),
    [
        ("forty-six", 46),
        ("two hundred and five", 205),
        ("a thousand", 1000),
        ("three million", 3_000_000),
        ("1,250", 1250),
        ("2.5 billion", 2_500_000_000),
        ("half a million", 500_000),
        ("two dozen", 24),
        ("ninety-nine", 99),
        ("second", None),
    ],
)
def test_quantities_parse_number_words(expr: str, value: float | None) -> None:
    assert parse_number(expr) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The group raised $5 million from ransoms.", [("$5 million", 5_000_000, "USD")]),
        ("Donors pledged some US$2.5m in aid.", [("some US$2.5m", 2_500_000, "USD")]),
        ("Smugglers paid 300,000 euros.", [("300,000 euros", 300_000, "EUR")]),
        ("The fund held £3bn.", [("£3bn", 3_000_000_000, "GBP")]),
        ("It earned at least $80,000 a month.", [("at least $80,000", 80_000, "USD")]),
    ],
)
def test_quantities_find_money_keeps_currency_apart(text: str, expected: list) -> None:
    got = [(q.text, q.low, code) for q, code in find_money(text)]
    assert got == expected


def test_quantities_parse_quantity_returns_none_for_non_numbers() -> None:
    assert parse_quantity("one of the attackers") is None
    assert parse_quantity("in 2015") is None


DOC = (
    "KABUL, March 15 (Reuters) - At least 183 people were killed and hundreds wounded, while "
    "between 1,000 and 2,200 fighters remain, up to 4,000 by some counts; nearly 100 were "
    "captured and forty-six surrendered."
)


@pytest.mark.parametrize("offset", [0, 500])
def test_quantities_spans_reproduce_text(offset: int) -> None:
    found = find_quantities(DOC, offset=offset)
    assert len(found) == 6
    for q in found:
        assert DOC[q.start - offset : q.end - offset] == q.text


# Hostile input: what a cleaner lets through must not become infinity, an overflow, an
# inverted range or a quadratic scan.
@pytest.mark.parametrize(
    "expr", ["1" * 400, "9" * 17, " ".join(["hundred"] * 155), "a hundred hundred hundred hundred hundred hundred hundred hundred"]
)
def test_quantities_parse_number_refuses_numbers_no_report_gives(expr: str) -> None:
    assert parse_number(expr) is None


def test_quantities_a_400_digit_run_is_no_quantity() -> None:
    assert find_quantities(f"The file reads {'7' * 400} fighters.") == []
    assert find_money(f"They paid ${'7' * 400}.") == []


def test_quantities_long_runs_of_number_words_do_not_raise() -> None:
    found = find_quantities("hundred " * 155 + "fighters")
    assert all(q.low is None or q.low <= 1e15 for q in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Turnout was in the low 5 percent range.", [("5", 5, 5, "exact")]),
        ("Temperatures in the high 5s.", []),
        ("A strength in the high 20s.", [("the high 20s", 27, 29, "vague")]),
        ("The low 1,000's would be plausible.", [("The low 1,000's", 1000, 1399, "vague")]),
    ],
)
def test_quantities_bands_need_a_plural_of_tens(text: str, expected: list) -> None:
    got = [(q.text, q.low, q.high, q.qualifier) for q in find_quantities(text)]
    assert got == expected
    assert all(q.low is None or q.high is None or q.low <= q.high for q in find_quantities(text))


def test_quantities_every_year_in_a_long_run_is_read_once() -> None:
    text = "2015 " * 20000
    found = find_quantities(text)
    assert len(found) == 20000
    assert found[-1].start == len(text) - 5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("forty " * 3000 + "dollars", [(120_000, "USD")]),
        ("forty " * 3000 + "fighters", []),
        ("They paid well over five hundred dollars.", [(500, "USD")]),
        ("Some 300 pounds sterling, then $40.", [(300, "GBP"), (40, "USD")]),
    ],
)
def test_quantities_money_words_after_long_number_runs(text: str, expected: list) -> None:
    assert [(q.low, code) for q, code in find_money(text)] == expected
