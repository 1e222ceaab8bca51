"""Dates from users, metadata and article tops: strict, and never a guessed year."""

import datetime as dt

import pytest

from stance.io.dates import find_date, parse_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-31", dt.date(2024, 5, 31)),
        ("  2024-05-31\n", dt.date(2024, 5, 31)),
        ("2024/05/31", dt.date(2024, 5, 31)),
        ("2024-5-3", dt.date(2024, 5, 3)),
        ("2024-05-31T10:00:00Z", dt.date(2024, 5, 31)),
        ("2024-05-31T23:59:59.123+02:00", dt.date(2024, 5, 31)),
        ("2024-05-31 10:00", dt.date(2024, 5, 31)),
        ("May 31, 2024", dt.date(2024, 5, 31)),
        ("October 04, 2025", dt.date(2025, 10, 4)),
        ("Sept 3, 2024", dt.date(2024, 9, 3)),
        ("Jul. 31, 2024", dt.date(2024, 7, 31)),
        ("31 Jul 2024", dt.date(2024, 7, 31)),
        ("31 July 2024", dt.date(2024, 7, 31)),
        ("1st March 2024", dt.date(2024, 3, 1)),
        ("2024-02-29", dt.date(2024, 2, 29)),
    ],
)
def test_parse_date_accepts(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "2024-13-45",
        "2024-02-30",
        "2023-02-29",
        "",
        "   ",
        "yesterday",
        "31/05/2024",  # day-first slashes are ambiguous, so refused
        "05/31/2024",
        "2024-05",
        "May 2024",
        "January 16",  # no year: never completed
        "2024-05-31 and more",
        "20240531",
    ],
)
def test_parse_date_refuses(value):
    with pytest.raises(ValueError, match="is not a valid date"):
        parse_date(value)


def test_parse_date_message_names_value_and_format():
    with pytest.raises(ValueError) as error:
        parse_date("2024-13-45")
    assert str(error.value) == "'2024-13-45' is not a valid date (expected YYYY-MM-DD)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Qatar casts doubt\n\nBy AFP\n\nPublished: Wed 31 Jul 2024, 6:28 PM\n\nQatar's PM said", dt.date(2024, 7, 31)),
        ("Hamas ready\n\nREUTERS October 04, 2025 5 min read\nHamas has said", dt.date(2025, 10, 4)),
        ("Updated October 15, 2025 at 3:52 PM EDT\n\nAMMAN, Jordan — Israel on", dt.date(2025, 10, 15)),
        ("Netanyahu says\n\nReuters Published November 26, 2024\n\nJERUSALEM: Israeli", dt.date(2024, 11, 26)),
        ("2024-02-15\nHamas chairman Ismail Haniyeh released a statement", dt.date(2024, 2, 15)),
        ("Posted 2024-02-15T08:00:00Z by staff", dt.date(2024, 2, 15)),
        ("Published 2024/02/15", dt.date(2024, 2, 15)),
        # A dateline with a year at the start of a long paragraph counts.
        (
            "JERUSALEM, Nov 26, 2024 (Reuters) - Israeli Prime Minister Benjamin Netanyahu said on"
            " Tuesday he was ready to implement a ceasefire with Hezbollah in Lebanon and would"
            " respond forcefully to any violation.",
            dt.date(2024, 11, 26),
        ),
        # The first of several, by position.
        ("Updated 5 May 2024\nFirst published May 1, 2024", dt.date(2024, 5, 5)),
        ("First published May 1, 2024\nUpdated 5 May 2024", dt.date(2024, 5, 1)),
        # An impossible date is passed over, not fatal.
        ("Filed 2024-02-30\nPublished 2024-03-01", dt.date(2024, 3, 1)),
    ],
)
def test_find_date_finds_printed_dates(text, expected):
    assert find_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # TASS dateline: no year, and the year is never guessed.
        "TEL AVIV, January 16. /TASS/. The Palestinian radical movement Hamas has reneged on the deal.",
        "Beirut, June 12 (RHC)-- The Palestinian resistance movement Hamas has slammed remarks.",
        "Hamas said on Thursday that talks in Doha would resume next week.",
        "The truce agreed in March 2024 collapsed.",
        "On January 16, 1500 people marched.",  # not a year we take for a date
        "In 1975-01-01 terms",  # before 1990
        "",
        # A full date deep inside a long sentence is an event, not the publication date.
        (
            "\u201cThe release of the prisoners, which was scheduled for next Saturday, February 15, 2025,"
            " will be postponed until further notice, pending the occupation's compliance,\u201d he said."
        ),
    ],
)
def test_find_date_finds_nothing(text):
    assert find_date(text) is None


def test_find_date_looks_only_at_the_window():
    text = "x" * 700 + "\nPublished 2024-02-15\n"
    assert find_date(text) is None
    assert find_date(text, window=800) == dt.date(2024, 2, 15)
