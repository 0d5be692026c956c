"""Dates and times are written in the product's own patterns, whatever CLDR data Babel ships.

A Babel upgrade once turned Swedish 09:30 into 9.30; these tests state what people read in
every language for every hour, minute step and month, so a library change cannot move it.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from recruit.core.i18n import format_clock, format_day, format_minute

DAYS = [dt.date(2027, month, day) for month in range(1, 13) for day in (1, 9, 28)]


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_finnish_and_finland_swedish_write_a_point_without_a_leading_zero(language):
    for hour in range(24):
        for minute in range(0, 60, 5):
            expected = f"{hour}.{minute:02d}"
            assert format_clock(dt.time(hour, minute), language) == expected
            assert format_minute(hour * 60 + minute, language) == expected
    assert format_minute(24 * 60, language) == "24.00"


def test_english_writes_a_24_hour_clock_with_a_colon():
    for hour in range(24):
        for minute in range(0, 60, 5):
            assert format_clock(dt.time(hour, minute), "en") == f"{hour:02d}:{minute:02d}"
    assert format_minute(24 * 60, "en") == "24:00"


@pytest.mark.parametrize(
    ("language", "numeric"),
    [
        ("fi", lambda d: f"{d.day}.{d.month}.{d.year}"),
        ("sv", lambda d: f"{d.day}.{d.month}.{d.year}"),
        ("en", lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}"),
    ],
)
def test_numeric_dates_are_day_month_year(language, numeric):
    for day in DAYS:
        assert format_day(day, "short", language) == numeric(day)


def test_written_dates_name_the_month_and_weekday_in_the_language():
    day = dt.date(2027, 10, 8)
    assert format_day(day, "medium", "fi") == "8.10.2027"
    assert format_day(day, "medium", "sv") == "8 oktober 2027"
    assert format_day(day, "medium", "en") == "8 Oct 2027"
    assert format_day(day, "full", "fi") == "perjantai 8. lokakuuta 2027"
    assert format_day(day, "full", "sv") == "fredag 8 oktober 2027"
    assert format_day(day, "full", "en") == "Friday, 8 October 2027"


def test_an_instant_is_written_in_the_event_time_zone():
    # 07:30 UTC in summer is 10.30 in Helsinki (UTC+3), whatever the server's own zone.
    instant = dt.datetime(2027, 6, 1, 7, 30, tzinfo=dt.UTC)
    assert format_clock(instant, "fi", ZoneInfo("Europe/Helsinki")) == "10.30"
    assert format_clock(instant, "en", ZoneInfo("Europe/Stockholm")) == "09:30"
