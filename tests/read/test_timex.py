"""Tests for watchfloor.read.timex: wire-story and think-tank sentences, one case per row."""

from __future__ import annotations

import pytest

from watchfloor.read.timex import find_times, normalise_time, to_timex3_value

A = "2022-03-15"  # anchor used by most rows: a Tuesday

# (sentence, anchor, [(span text, edtf), ...]) — every time expression the sentence holds.
CASES = [
    ("The group was founded in 2013 by former army officers.", A, [("2013", "2013")]),
    ("The attack took place on August 26, 2021, near the airport.", A, [("August 26, 2021", "2021-08-26")]),
    ("Militants struck the base on 26 August 2021.", A, [("26 August 2021", "2021-08-26")]),
    ("The convoy was ambushed on Aug. 26.", "2021-09-02", [("Aug. 26", "2021-08-26")]),
    ("Fighters seized the town on 8 October.", "2021-11-01", [("8 October", "2021-10-08")]),
    ("The raid came on Friday, October 8, 2021.", A, [("Friday, October 8, 2021", "2021-10-08")]),
    ("The group carried out 40 attacks in October.", "2021-11-20", [("October", "2021-10")]),
    ("Survivors of the October raid on the camp were moved.", "2021-11-20", [("October", "2021-10")]),
    ("Its May offensive stalled near the river.", "2021-11-20", [("May", "2021-05")]),
    ("The March was long and the men were tired.", "2021-11-20", []),
    ("Recruitment has risen since August 2021.", A, [("since August 2021", "2021-08/..")]),
    ("Attacks have grown from early 2017 onwards.", A, [("from early 2017 onwards", "2017-01~/..")]),
    ("The branch was expected to be defeated by the end of 2016.", A, [("by the end of 2016", "../2016-12")]),
    ("Clashes intensified in early November.", "2021-11-20", [("early November", "2021-11-01~/2021-11-10~")]),
    ("A UN report in early 2022 said the group was growing.", A, [("early 2022", "2022-01~/2022-04~")]),
    ("Its strength peaked in mid-2015.", A, [("mid-2015", "2015-05~/2015-08~")]),
    ("The leader was killed in late 2019.", A, [("late 2019", "2019-09~/2019-12~")]),
    ("Raids fell in the second half of 2014.", A, [("the second half of 2014", "2014-07/2014-12")]),
    ("Attacks doubled in the first quarter of 2020.", A, [("the first quarter of 2020", "2020-01/2020-03")]),
    ("In the past six months, the group lost ground.", A, [("the past six months", "2021-09-15/2022-03-15")]),
    ("The group claimed 80 attacks last year.", A, [("last year", "2021")]),
    ("It has claimed 12 attacks this year.", A, [("this year", "2022")]),
    ("The cell was dismantled last month.", A, [("last month", "2022-02")]),
    ("Police said yesterday that two suspects were held.", A, [("yesterday", "2022-03-14")]),
    ("Police said on Friday that two suspects were held.", A, [("Friday", "2022-03-11")]),
    ("Officials said Tuesday the road had reopened.", A, [("Tuesday", "2022-03-15")]),
    ("The group emerged in the 1990s.", A, [("the 1990s", "199X")]),
    ("It fought the army between 2014 and 2016.", A, [("between 2014 and 2016", "2014/2016")]),
    ("It held the valley from 2014 to 2017.", A, [("from 2014 to 2017", "2014/2017")]),
    ("Its revenue collapsed in 2015–16.", A, [("2015–16", "2015/2016")]),
    ("The offensive began in spring 2016.", A, [("spring 2016", "2016-21")]),
    ("The offensive began in the spring of 2016.", A, [("the spring of 2016", "2016-21")]),
    ("Talks stalled in the summer.", "2021-11-20", [("the summer", "2021-22")]),
    ("Talks stalled last summer.", A, [("last summer", "2021-22")]),
    ("The ceasefire collapsed in March 2019.", A, [("March 2019", "2019-03")]),
    ("The ceasefire collapsed in March of 2019.", A, [("March of 2019", "2019-03")]),
    ("Strikes resumed before 2016.", A, [("before 2016", "../2015")]),
    ("No attacks were recorded after March 2016.", A, [("after March 2016", "2016-04/..")]),
    ("The faction controlled the road until 2018.", A, [("until 2018", "../2018")]),
    ("The faction was active from March to May 2016.", A, [("from March to May 2016", "2016-03/2016-05")]),
    ("The attacks happened two years ago.", A, [("two years ago", "2020")]),
    ("Three days ago, gunmen stormed a school.", A, [("Three days ago", "2022-03-12")]),
    ("The movement now controls the district.", A, [("now", "2022-03-15")]),
    ("The group is currently led by a council.", A, [("currently", "2022-03-15")]),
    ("Fighting eased last week.", A, [("last week", "2022-03-07/2022-03-13")]),
    ("Fighting eased this week.", A, [("this week", "2022-03-14/2022-03-20")]),
    ("Protests are planned for this weekend.", A, [("this weekend", "2022-03-19/2022-03-20")]),
    ("The group said earlier this year it would expand.", A, [("earlier this year", "2022-01-01/2022-03-15")]),
    ("Violence rose in the third quarter.", "2013-11-02", [("the third quarter", "2013-07/2013-09")]),
    ("The camp was shelled on 2021-10-08.", A, [("2021-10-08", "2021-10-08")]),
    ("The group splintered in the early 1990s.", A, [("the early 1990s", "1990~/1993~")]),
    ("Jihadism spread in the 20th century.", A, [("the 20th century", "19XX")]),
    ("Attacks rose in 2014, 2015 and 2016.", A, [("2014", "2014"), ("2015", "2015"), ("2016", "2016")]),
    ("The 2015 offensive failed.", A, [("2015", "2015")]),
    ("A 2018 report by the panel named the commander.", A, [("2018", "2018")]),
    ("Elections will be held on Sunday.", A, [("Sunday", "2022-03-20")]),
    ("The vote is scheduled for 12 April.", A, [("12 April", "2022-04-12")]),
    ("The group was in decline by 2019.", A, [("by 2019", "../2019")]),
    ("Remnants survived, as of June 2020, in the hills.", A, [("June 2020", "2020-06")]),
    ("Recently, the group has shifted to kidnapping.", A, [("Recently", "../2022-03-15")]),
    ("The militia has been active since the start of 2017.", A, [("since the start of 2017", "2017-01/..")]),
    ("Gunmen attacked the village this morning.", "2013-03-22", [("this morning", "2013-03-22")]),
    ("Gunmen attacked the village last night.", "2013-03-22", [("last night", "2013-03-21")]),
    ("The strikes continued on 8-10 October 2021.", A, [("8-10 October 2021", "2021-10-08/2021-10-10")]),
    ("It was listed as a terrorist group in the late 2000s.", A, [("the late 2000s", "2007~/2009~")]),
    ("The commander defected in Q3 2018.", A, [("Q3 2018", "2018-07/2018-09")]),
    ("The raid was carried out in late January 2022.", A, [("late January 2022", "2022-01-21~/2022-01-31~")]),
]

ANAPHORA = [
    ("The group took Mosul in June 2014. The following year it lost Tikrit.",
     [("June 2014", "2014-06"), ("The following year", "2015")]),
    ("The group was founded in 2013. That year it split from its parent.",
     [("2013", "2013"), ("That year", "2013")]),
    ("Gunmen struck on 13 November 2015. Two days later police raided a flat.",
     [("13 November 2015", "2015-11-13"), ("Two days later", "2015-11-15")]),
    ("The attacks came on 13 November 2015. Nine days before the attacks, a warning was sent.",
     [("13 November 2015", "2015-11-13"), ("Nine days before the attacks", "2015-11-04")]),
    ("Talks opened in March 2018. The same month, fighting resumed.",
     [("March 2018", "2018-03"), ("The same month", "2018-03")]),
    ("The emir died in 2010. The previous year he had named a deputy.",
     [("2010", "2010"), ("The previous year", "2009")]),
    ("The branch was set up in 2014. A year later it pledged allegiance.",
     [("2014", "2014"), ("A year later", "2015")]),
    ("The group took the port in 2016. That year, in June, it declared a caliphate.",
     [("2016", "2016"), ("That year", "2016"), ("June", "2016-06")]),
]

# (expression, anchor, reference, edtf or None)
SINGLE = [
    ("the following year", None, None, None),
    ("two days later", A, None, None),
    ("nine days before the attacks", A, None, None),
    ("two days later", A, "2015", None),
    ("the following year", A, "2015-11-13", "2016"),
    ("in October", None, None, None),
    ("Friday", None, None, None),
    ("August 26, 2021", None, None, "2021-08-26"),
    ("between 2014 and 2016", None, None, "2014/2016"),
    ("2015", None, None, "2015"),
]

# sentences with nothing temporal that a careless reader would tag
NEGATIVES = [
    "The group may be weakened, officials said.",
    "Protesters march on the capital every week.",
    "Some 2015 fighters were reported in the area.",
    "The army deployed 2,000 troops to the border.",
    "The second attack killed 12 people.",
    "Resolution 2254 calls for a ceasefire.",
    "May God protect them, the commander said.",
]


@pytest.mark.parametrize(("sentence", "anchor", "expected"), CASES)
def test_timex_normalises_wire_sentences(sentence: str, anchor: str, expected: list) -> None:
    got = [(t.text, t.edtf) for t in find_times(sentence, anchor)]
    assert got == expected


@pytest.mark.parametrize(("text", "expected"), ANAPHORA)
def test_timex_resolves_anaphora_against_last_time(text: str, expected: list) -> None:
    got = [(t.text, t.edtf) for t in find_times(text, A)]
    assert got == expected


@pytest.mark.parametrize(("expr", "anchor", "reference", "edtf"), SINGLE)
def test_timex_normalise_time_needs_a_reference(expr, anchor, reference, edtf) -> None:
    t = normalise_time(expr, anchor, reference)
    assert (t.edtf if t else None) == edtf


@pytest.mark.parametrize("sentence", NEGATIVES)
def test_timex_ignores_non_times(sentence: str) -> None:
    assert find_times(sentence, A) == []


@pytest.mark.parametrize(
    ("expr", "anchor", "earliest", "latest"),
    [
        ("early 2022", None, "2022-01-01", "2022-04-30"),
        ("since August 2021", None, "2021-08-01", None),
        ("by the end of 2016", None, None, "2016-12-31"),
        ("winter 2015", None, "2015-12-01", "2016-02-29"),
        ("the 1990s", None, "1990-01-01", "1999-12-31"),
        ("last week", "2013-03-22", "2013-03-11", "2013-03-17"),
    ],
)
def test_timex_bounds_are_iso_dates(expr, anchor, earliest, latest) -> None:
    t = normalise_time(expr, anchor)
    assert t is not None
    assert (t.earliest, t.latest) == (earliest, latest)


@pytest.mark.parametrize(
    ("expr", "anchor", "value"),
    [
        ("March 22, 2013", None, "2013-03-22"),
        ("the last week", "2013-03-22", "2013-W11"),
        ("Friday", "2013-03-22", "2013-03-22"),
        ("early 2022", None, "2022"),
        ("spring 2016", None, "2016-SP"),
        ("the 1990s", None, "199"),
        ("the second half of 2014", None, "2014-H2"),
        ("the first quarter of 2020", None, "2020-Q1"),
        ("now", "2013-03-22", "PRESENT_REF"),
        ("Friday morning", "2013-03-22", "2013-03-22TMO"),
        ("tonight", "2013-03-22", "2013-03-22TNI"),
        ("this weekend", "2013-03-22", "2013-W12-WE"),
        ("before 2016", None, "2016"),
        ("between 2014 and 2016", None, None),
    ],
)
def test_timex_timex3_value(expr: str, anchor: str | None, value: str | None) -> None:
    t = normalise_time(expr, anchor)
    assert t is not None
    assert to_timex3_value(t) == value


DOC = (
    "ABUJA (Reuters) - Gunmen killed 12 people on Friday, police said. The group, founded in "
    "2009, has grown since early 2017 and was expected to field up to 3,000 fighters by the end "
    "of 2016. In the past six months it has staged attacks every week. The following year "
    "it split."
)


@pytest.mark.parametrize("offset", [0, 1000])
def test_timex_spans_reproduce_text(offset: int) -> None:
    found = find_times(DOC, A, offset=offset)
    assert len(found) >= 5
    for t in found:
        assert DOC[t.start - offset : t.end - offset] == t.text



@pytest.mark.parametrize(("sentence", "expected"), [
    ("During the year the group took over territory.", [("the year", "2021")]),
    ("IEDs killed 152 persons in the first six months of the year.",
     [("the first six months of the year", "2021-01/2021-06")]),
    ("The ELN kidnapped 12 persons during the first seven months of 2016.",
     [("the first seven months of 2016", "2016-01/2016-07")]),
    ("In February the group executed a man.", [("February", "2021-02")]),
])
def test_timex_an_annual_report_reads_the_year_it_covers(sentence: str, expected: list) -> None:
    """A 2021 report published in 2022 is read on 2021's last day, with 2021 as "the year"."""
    found = find_times(sentence, anchor="2021-12-31", period=2021)
    assert [(t.text, t.edtf) for t in found] == expected


def test_timex_the_year_alone_needs_a_period() -> None:
    assert find_times("During the year the group took over territory.", anchor=A) == []


EDGE_TEXT = ("On Friday, and next year, and last month, in the coming decade, tomorrow, 900 years "
             "ago, in the next 5000 years and last Monday the group attacked.")


@pytest.mark.parametrize("anchor", ["9999-12-31", "9999", "0001-01-01", "0001", "1000-01-01"])
def test_timex_anchors_at_the_calendar_ends_leave_expressions_unresolved(anchor: str) -> None:
    from watchfloor.edtf import bounds

    found = find_times(EDGE_TEXT, anchor=anchor)
    for t in found:
        assert EDGE_TEXT[t.start:t.end] == t.text
        assert t.earliest is None or t.latest is None or t.earliest <= t.latest
        bounds(t.edtf)  # the store can read what the reader wrote
    assert normalise_time("next year", anchor=anchor) is None or anchor.startswith(("0", "1"))
