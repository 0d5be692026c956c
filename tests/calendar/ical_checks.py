"""Checks every calendar we produce with three independent parsers.

`icalendar` (the library that wrote it), the strict RFC 5545 `ical` package and `vobject` must
all accept the document and agree on what it says; the raw bytes are checked for the line rules
of RFC 5545 §3.1 (CRLF, lines of at most 75 octets).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import icalendar
import vobject
from ical.calendar_stream import IcsCalendarStream


@dataclass(frozen=True)
class ParsedEvent:
    method: str
    uid: str
    sequence: int
    start: datetime
    end: datetime
    status: str
    tzids: frozenset[str]


def assert_rfc5545_lines(ics: bytes) -> None:
    assert ics.endswith(b"\r\n")
    lines = ics.split(b"\r\n")[:-1]
    assert b"\n" not in b"".join(lines), "bare LF inside the document"
    for line in lines:
        assert len(line) <= 75, f"unfolded line of {len(line)} octets"


def parse_all(ics: bytes) -> list[ParsedEvent]:
    """Parse with all three parsers, assert that they agree, return the events."""
    assert_rfc5545_lines(ics)
    text = ics.decode("utf-8")

    # 1. icalendar
    calendar = icalendar.Calendar.from_ical(ics)
    method = str(calendar["METHOD"])
    defined = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    for tz in calendar.walk("VTIMEZONE"):
        kinds = {part.name for part in tz.subcomponents}
        assert kinds <= {"STANDARD", "DAYLIGHT"} and "STANDARD" in kinds
    used = calendar.get_used_tzids() - {"UTC"}
    assert used <= defined, f"TZIDs without a VTIMEZONE: {used - defined}"
    events_a = [
        ParsedEvent(
            method=method,
            uid=str(event["UID"]),
            sequence=int(event.get("SEQUENCE", 0)),
            start=event.decoded("DTSTART"),
            end=event.decoded("DTEND"),
            status=str(event.get("STATUS", "")),
            tzids=frozenset(defined),
        )
        for event in calendar.walk("VEVENT")
    ]

    # 2. ical (strict RFC 5545 parser, raises on anything it finds invalid)
    strict = IcsCalendarStream.calendar_from_ics(text)
    assert {tz.tz_id for tz in strict.timezones} == defined
    events_b = [
        (e.uid, e.sequence or 0, e.dtstart, e.dtend, (e.status.value if e.status else ""))
        for e in strict.events
    ]

    # 3. vobject: times resolved through the document's own VTIMEZONE
    parsed = vobject.readOne(text)
    assert parsed.method.value == method
    events_c = [
        (
            e.uid.value,
            int(e.sequence.value) if hasattr(e, "sequence") else 0,
            e.dtstart.value,
            e.dtend.value,
            e.status.value if hasattr(e, "status") else "",
        )
        for e in parsed.vevent_list
    ]

    assert len(events_a) == len(events_b) == len(events_c)
    for a, b, c in zip(events_a, events_b, events_c, strict=True):
        for other in (b, c):
            uid, sequence, start, end, status = other
            assert (uid, sequence, status) == (a.uid, a.sequence, a.status)
            # Equal instants: every parser maps the local time to the same UTC moment.
            assert start == a.start and end == a.end
            assert start.utcoffset() == a.start.utcoffset()
    return events_a
