"""Dates: declared conventions, zones, impossible values."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crossline.ingest.dates import (
    INDIA,
    US_EASTERN,
    DateConvention,
    DateError,
    parse_datetime,
    read_datetime,
)

INDIA_ZONE = ZoneInfo("Asia/Kolkata")

VALID = [
    ("iso-eastern-edt", "2021-04-14 13:05:00", US_EASTERN, datetime(2021, 4, 14, 17, 5)),
    ("iso-eastern-est", "2021-01-14 13:05:00", US_EASTERN, datetime(2021, 1, 14, 18, 5)),
    ("iso-date-only", "2021-04-14", US_EASTERN, datetime(2021, 4, 14, 4, 0)),
    ("iso-z", "2021-04-14T13:05:00Z", US_EASTERN, datetime(2021, 4, 14, 13, 5)),
    ("iso-offset", "2021-04-14T13:05:00+05:30", US_EASTERN, datetime(2021, 4, 14, 7, 35)),
    ("iso-fraction", "2021-04-14T13:05:00.250Z", INDIA, datetime(2021, 4, 14, 13, 5, 0, 250000)),
    ("us-mdy-pm", "4/14/2021 1:05 PM", US_EASTERN, datetime(2021, 4, 14, 17, 5)),
    ("us-mdy-12am", "4/14/2021 12:30 AM", US_EASTERN, datetime(2021, 4, 14, 4, 30)),
    ("us-mdy-seconds", "04/14/2021 13:05:09", US_EASTERN, datetime(2021, 4, 14, 17, 5, 9)),
    ("us-pst", "4/14/2021 10:00 PST", US_EASTERN, datetime(2021, 4, 14, 18, 0)),
    ("in-dmy-slash", "14/04/2021 13:05", INDIA, datetime(2021, 4, 14, 7, 35)),
    ("in-dmy-dash", "14-04-2021", INDIA, datetime(2021, 4, 13, 18, 30)),
    ("in-dmy-dot", "14.04.2021 09:00", INDIA, datetime(2021, 4, 14, 3, 30)),
    ("in-ist", "14/04/2021 13:05 IST", INDIA, datetime(2021, 4, 14, 7, 35)),
    ("in-month-name", "14-Apr-2021 10:00", INDIA, datetime(2021, 4, 14, 4, 30)),
    ("us-month-name", "April 14, 2021", US_EASTERN, datetime(2021, 4, 14, 4, 0)),
    ("year-first-slash", "2021/9/8", US_EASTERN, datetime(2021, 9, 8, 4, 0)),
    ("leap-day", "29/02/2024", INDIA, datetime(2024, 2, 28, 18, 30)),
    ("same-day-either-order", "5/5/2021", INDIA, datetime(2021, 5, 4, 18, 30)),
]


@pytest.mark.parametrize(("text", "conv", "utc"), [v[1:] for v in VALID], ids=[v[0] for v in VALID])
def test_valid_dates_become_utc(text: str, conv: DateConvention, utc: datetime) -> None:
    parsed = parse_datetime(text, conv)
    assert parsed.tzinfo is not None
    assert parsed == utc.replace(tzinfo=UTC)


def test_the_convention_decides_day_and_month_order() -> None:
    us = parse_datetime("04/05/2021", US_EASTERN)
    india = parse_datetime("04/05/2021", INDIA)
    assert (us.month, us.day) == (4, 5)
    assert (india.astimezone(INDIA_ZONE).month, india.astimezone(INDIA_ZONE).day) == (5, 4)


INVALID = [
    ("feb-30-iso", "2021-02-30", US_EASTERN, "February 2021 has 28 days, not 30"),
    ("month-13-us", "13/13/2021", US_EASTERN, "month 13 does not exist"),
    ("dmy-in-us-file", "14/04/2021", US_EASTERN, "it looks like D/M/YYYY"),
    ("feb-29-non-leap", "29/02/2021", INDIA, "February 2021 has 28 days"),
    ("april-31", "31/04/2021", INDIA, "April 2021 has 30 days"),
    ("hour-25", "2021-04-14 25:00", INDIA, "impossible time"),
    ("minute-61", "14/04/2021 10:61", INDIA, "impossible time"),
    ("pm-hour-13", "4/14/2021 13:00 PM", US_EASTERN, "hour 13 with PM"),
    ("two-digit-year", "04/05/21", US_EASTERN, "four digits"),
    ("year-0001", "0001-01-01", US_EASTERN, "implausible year 1"),
    ("unknown-zone", "2021-04-14 10:00 XYZ", US_EASTERN, "unknown time zone 'XYZ'"),
    ("ist-in-us-file", "2021-04-14 10:00 IST", US_EASTERN, "unknown time zone 'IST'"),
    ("bad-offset", "2021-04-14T10:00:00+25:00", INDIA, "impossible UTC offset"),
    ("words", "yesterday", INDIA, "unrecognised date 'yesterday'"),
    ("bad-month-name", "14-Foo-2021", INDIA, "unrecognised month name"),
    ("empty", "  ", INDIA, "empty date"),
]


@pytest.mark.parametrize(
    ("text", "conv", "reason"), [v[1:] for v in INVALID], ids=[v[0] for v in INVALID]
)
def test_invalid_dates_say_why(text: str, conv: DateConvention, reason: str) -> None:
    with pytest.raises(DateError) as info:
        parse_datetime(text, conv)
    assert reason in info.value.message
    assert info.value.code == "invalid_date"


def test_messages_say_what_is_expected() -> None:
    with pytest.raises(DateError, match=r"D/M/YYYY .*Asia/Kolkata"):
        parse_datetime("13/13/2021", INDIA)


LENIENT = [
    ("two-digit-year-month-name", "14-Apr-21", INDIA, datetime(2021, 4, 13, 18, 30), False),
    ("two-digit-year-us-month-first", "Apr 14, 21", US_EASTERN, datetime(2021, 4, 14, 4), False),
    ("two-digit-year-last-century", "3-Mar-98", INDIA, datetime(1998, 3, 2, 18, 30), False),
    ("excel-serial", "44300", US_EASTERN, datetime(2021, 4, 14, 4), False),
    ("excel-serial-noon", "44300.5", INDIA, datetime(2021, 4, 14, 6, 30), False),
    ("dotted-dmy-in-us-file", "14.04.2021", US_EASTERN, datetime(2021, 4, 14, 4), False),
    ("dotted-dmy-small-day", "03.04.2021", US_EASTERN, datetime(2021, 4, 3, 4), False),
    ("mdy-in-indian-file", "4/14/2021", INDIA, datetime(2021, 4, 13, 18, 30), True),
    (
        "mdy-with-time-in-indian-file",
        "12/25/2020 10:00",
        INDIA,
        datetime(2020, 12, 25, 4, 30),
        True,
    ),
    ("dmy-in-us-file", "25-12-2020", US_EASTERN, datetime(2020, 12, 25, 5), True),
]


@pytest.mark.parametrize(
    ("text", "conv", "utc", "noted"), [v[1:] for v in LENIENT], ids=[v[0] for v in LENIENT]
)
def test_lenient_reading(text: str, conv: DateConvention, utc: datetime, noted: bool) -> None:
    value, note = read_datetime(text, conv)
    assert value == utc.replace(tzinfo=UTC)
    assert (note is not None) == noted
    if note:
        assert "the only valid reading" in note and repr(text) in note


@pytest.mark.parametrize(
    ("text", "conv", "reason"),
    [
        ("13/13/2021", INDIA, "month 13 does not exist"),
        ("31/31/2021", US_EASTERN, "does not exist"),
        ("04/05/21", INDIA, "four digits"),
        ("99999", INDIA, "spreadsheet day number"),
    ],
    ids=["both-impossible", "both-impossible-us", "numeric-two-digit-year", "serial-out-of-range"],
)
def test_lenient_reading_still_refuses(text: str, conv: DateConvention, reason: str) -> None:
    with pytest.raises(DateError) as info:
        read_datetime(text, conv)
    assert reason in info.value.message


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=date(1970, 1, 1), max_value=date(2069, 12, 31)))
def test_every_day_reads_back_in_every_written_form(day: date) -> None:
    forms = [
        (f"{day.day}-{calendar.month_abbr[day.month]}-{day.year % 100:02d}", INDIA),
        (f"{day.day:02d}.{day.month:02d}.{day.year}", US_EASTERN),
        (f"{day.month}/{day.day}/{day.year}", US_EASTERN),
        (f"{day.day}/{day.month}/{day.year}", INDIA),
        (str((day - date(1899, 12, 30)).days), INDIA),
    ]
    for text, conv in forms:
        value, _note = read_datetime(text, conv)
        assert value.astimezone(ZoneInfo(conv.zone)).date() == day, text


@settings(max_examples=200, deadline=None)
@given(month=st.integers(1, 12), day=st.integers(13, 28), year=st.integers(1950, 2090))
def test_swapped_reading_only_when_it_is_the_only_one(month: int, day: int, year: int) -> None:
    # Day > 12 written first in a US file: only the D/M/Y reading is valid.
    value, note = read_datetime(f"{day}/{month}/{year}", US_EASTERN)
    assert note is not None
    assert value.astimezone(ZoneInfo("America/New_York")).date() == date(year, month, day)
