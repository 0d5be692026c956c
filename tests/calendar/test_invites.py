"""Invitations, updates, cancellations and feeds as the three parsers read them."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from recruit.calendar.invites import (
    CalendarInterview,
    build_cancel,
    build_feed,
    build_request,
    calendar_method,
)
from recruit.calendar.vtimezone import transitions_in_year, vtimezone
from tests.calendar.ical_checks import parse_all

HELSINKI = ZoneInfo("Europe/Helsinki")
STAMP = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)


def interview(**changes: object) -> CalendarInterview:
    base = CalendarInterview(
        uid="interview-3b1f0c2e@tasmarekry",
        sequence=0,
        start=datetime(2027, 3, 12, 9, 15, tzinfo=HELSINKI),
        end=datetime(2027, 3, 12, 9, 30, tzinfo=HELSINKI),
        summary="Työhaastattelu: Kahvila Åkerö Oy – Barista",
        location="Ohjaamo, Fleminginkatu 1, 00530 Helsinki; pöytä 2",
        description="Vahvista tai peru: https://rekry.example/b/" + "x" * 43,
        organiser_email="rekry@ohjaamo.example",
        organiser_name="Ohjaamo Helsinki",
        attendee_email="maija@example.org",
        attendee_name="Maija Meikäläinen",
        url="https://rekry.example/b/" + "x" * 43,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_lifecycle_keeps_uid_and_raises_sequence() -> None:
    first = interview()
    moved = replace(
        first,
        sequence=1,
        start=first.start + timedelta(minutes=30),
        end=first.end + timedelta(minutes=30),
        location="Ohjaamo, Fleminginkatu 1, 00530 Helsinki; pöytä 3",
    )
    cancelled = replace(moved, sequence=2)
    documents = [
        build_request(first, stamp=STAMP),
        build_request(moved, stamp=STAMP + timedelta(hours=1)),
        build_cancel(cancelled, stamp=STAMP + timedelta(hours=2)),
    ]
    parsed = [parse_all(document)[0] for document in documents]

    assert [p.method for p in parsed] == ["REQUEST", "REQUEST", "CANCEL"]
    assert {p.uid for p in parsed} == {first.uid}
    sequences = [p.sequence for p in parsed]
    assert sequences == sorted(set(sequences)) == [0, 1, 2]
    assert [p.status for p in parsed] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
    assert parsed[1].start == datetime(2027, 3, 12, 7, 45, tzinfo=UTC)
    assert all(p.tzids == {"Europe/Helsinki"} for p in parsed)
    assert [calendar_method(d) for d in documents] == ["REQUEST", "REQUEST", "CANCEL"]


def test_request_has_organiser_attendee_alarm_and_utc_stamp() -> None:
    calendar = icalendar.Calendar.from_ical(build_request(interview(), stamp=STAMP))
    event = calendar.walk("VEVENT")[0]
    assert str(event["ORGANIZER"]) == "mailto:rekry@ohjaamo.example"
    attendee = event["ATTENDEE"]
    assert str(attendee) == "mailto:maija@example.org"
    assert attendee.params["RSVP"] == "TRUE"
    assert event.decoded("DTSTAMP") == STAMP
    assert b"DTSTAMP:20270301T080000Z" in calendar.to_ical()
    assert "pöytä 2" in str(event["LOCATION"])
    assert "https://rekry.example/b/" in str(event["DESCRIPTION"])
    alarms = event.walk("VALARM")
    assert len(alarms) == 1 and alarms[0].decoded("TRIGGER") == -timedelta(hours=1)


def test_cancel_has_no_alarm() -> None:
    calendar = icalendar.Calendar.from_ical(build_cancel(interview(sequence=4), stamp=STAMP))
    event = calendar.walk("VEVENT")[0]
    assert str(event["STATUS"]) == "CANCELLED"
    assert event.walk("VALARM") == []


@pytest.mark.parametrize(
    ("day", "utc_offset_hours"),
    [((2027, 1, 14), 2), ((2027, 6, 14), 3), ((2027, 11, 2), 2)],
)
def test_every_parser_resolves_local_time_through_the_vtimezone(
    day: tuple[int, int, int], utc_offset_hours: int
) -> None:
    start = datetime(*day, 10, 0, tzinfo=HELSINKI)
    event = parse_all(
        build_request(interview(start=start, end=start + timedelta(minutes=20)), stamp=STAMP)
    )[0]
    assert event.start.utcoffset() == timedelta(hours=utc_offset_hours)
    assert event.start.astimezone(UTC) == start.astimezone(UTC)


def test_vtimezone_has_standard_and_daylight_with_rfc_onsets() -> None:
    timezone = vtimezone("Europe/Helsinki", 2027)
    parts = {part.name: part for part in timezone.subcomponents}
    assert set(parts) == {"STANDARD", "DAYLIGHT"}
    # The onset is given in the offset in force before it: 03:00 EET and 04:00 EEST.
    assert parts["DAYLIGHT"].decoded("DTSTART").time().hour == 3
    assert parts["STANDARD"].decoded("DTSTART").time().hour == 4
    assert str(parts["DAYLIGHT"]["RRULE"].to_ical(), "ascii") == "FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"
    # The VTIMEZONE as a tzinfo agrees with zoneinfo on every hour around both changes.
    as_tzinfo = timezone.to_tz()
    for change in transitions_in_year(HELSINKI, 2027):
        instant = (change.onset - change.offset_from).replace(tzinfo=UTC)
        for hours in range(-3, 4):
            moment = instant + timedelta(hours=hours)
            assert (
                moment.astimezone(as_tzinfo).utcoffset() == moment.astimezone(HELSINKI).utcoffset()
            )


def test_zone_without_daylight_saving_gets_one_standard_part() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    start = datetime(2027, 3, 12, 9, 0, tzinfo=tokyo)
    ics = build_request(interview(start=start, end=start + timedelta(minutes=15)), stamp=STAMP)
    event = parse_all(ics)[0]
    assert event.tzids == {"Asia/Tokyo"}
    assert event.start.utcoffset() == timedelta(hours=9)


def test_utc_times_need_no_vtimezone() -> None:
    start = datetime(2027, 3, 12, 7, 0, tzinfo=UTC)
    ics = build_request(interview(start=start, end=start + timedelta(minutes=15)), stamp=STAMP)
    assert b"VTIMEZONE" not in ics
    assert b"DTSTART:20270312T070000Z" in ics
    assert parse_all(ics)[0].start == start


def test_long_multibyte_text_is_folded_at_75_octets() -> None:
    long_text = "Muista ottaa mukaan hygieniapassi ja työturvallisuuskortti. " * 12 + "äöå€" * 40
    ics = build_request(interview(description=long_text), stamp=STAMP)
    parse_all(ics)  # checks CRLF and the 75-octet limit
    assert b"\r\n " in ics
    event = icalendar.Calendar.from_ical(ics).walk("VEVENT")[0]
    assert str(event["DESCRIPTION"]) == long_text


def test_feed_publishes_every_interview_without_attendees() -> None:
    first = interview()
    second = interview(
        uid="interview-9d2e@tasmarekry",
        start=first.start + timedelta(hours=1),
        end=first.end + timedelta(hours=1),
        sequence=5,
    )
    ics = build_feed([second, first], name="Kahvila Åkerö Oy", stamp=STAMP)
    events = parse_all(ics)
    assert [e.uid for e in events] == [first.uid, second.uid]
    assert {e.method for e in events} == {"PUBLISH"}
    assert [e.sequence for e in events] == [0, 5]
    assert b"ATTENDEE" not in ics and b"ORGANIZER" not in ics
    assert ics.count(b"BEGIN:VTIMEZONE") == 1


def test_empty_feed_is_still_a_valid_calendar() -> None:
    ics = build_feed([], name="Tyhjä", stamp=STAMP)
    assert b"METHOD:PUBLISH" in ics
    assert icalendar.Calendar.from_ical(ics).walk("VEVENT") == []


@pytest.mark.parametrize(
    "changes",
    [
        {"start": datetime(2027, 3, 12, 9, 0)},
        {"end": datetime(2027, 3, 12, 9, 0, tzinfo=HELSINKI)},
        {"sequence": -1},
        {"uid": "two\r\nlines"},
    ],
)
def test_bad_data_is_refused(changes: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        interview(**changes)


@pytest.mark.parametrize(
    ("zone", "day"),
    [
        ("America/New_York", (2027, 7, 1)),
        ("Australia/Lord_Howe", (2027, 1, 10)),  # a half-hour daylight shift
        ("Africa/Casablanca", (2027, 2, 20)),  # no yearly rule: the parts list each change
        ("Africa/Casablanca", (2027, 6, 20)),
    ],
)
def test_other_zones_resolve_like_zoneinfo(zone: str, day: tuple[int, int, int]) -> None:
    tz = ZoneInfo(zone)
    start = datetime(*day, 10, 0, tzinfo=tz)
    ics = build_request(interview(start=start, end=start + timedelta(minutes=15)), stamp=STAMP)
    event = parse_all(ics)[0]
    assert event.tzids == {zone}
    assert event.start.utcoffset() == start.utcoffset()
    assert event.start.astimezone(UTC) == start.astimezone(UTC)
