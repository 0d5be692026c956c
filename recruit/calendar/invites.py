"""iCalendar documents for interviews: invitations, cancellations and read-only feeds.

Everything here works on plain data (`CalendarInterview`), so the same code serves e-mail
invites, the youth's .ics download and the feeds, and is tested without a database.

Calendar clients match an update to the entry they already hold by UID and accept it only when
SEQUENCE has grown, so callers keep one UID per interview for its whole life and raise the
interview's sequence on every change (time, table, cancellation) before building the next one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from icalendar import Alarm, Calendar, Event, vCalAddress, vText

from recruit.calendar.vtimezone import vtimezone_ical

PRODID = "-//Täsmärekry//Interview scheduler//FI"
METHOD_REQUEST = "REQUEST"
METHOD_CANCEL = "CANCEL"
METHOD_PUBLISH = "PUBLISH"
CALENDAR_METHODS = (METHOD_REQUEST, METHOD_CANCEL, METHOD_PUBLISH)
DEFAULT_REMINDER = timedelta(hours=1)


@dataclass(frozen=True)
class CalendarInterview:
    """One interview as a calendar sees it; all text already in the recipient's language.

    `start` and `end` are aware datetimes in the event's zone (a ZoneInfo): that zone becomes
    the TZID, so the entry shows the venue's wall-clock time whatever the reader's zone.
    """

    uid: str
    sequence: int
    start: datetime
    end: datetime
    summary: str
    location: str
    description: str
    organiser_email: str
    organiser_name: str = ""
    attendee_email: str = ""
    attendee_name: str = ""
    url: str = ""
    reminder_before: timedelta = DEFAULT_REMINDER
    reminder_text: str = ""

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("interview times must be timezone-aware")
        if self.end <= self.start:
            raise ValueError("an interview must end after it starts")
        if self.sequence < 0:
            raise ValueError("SEQUENCE cannot be negative")
        if not self.uid or any(ch in self.uid for ch in "\r\n"):
            raise ValueError("UID must be a non-empty single line")


def _tzid(moment: datetime) -> str | None:
    key = getattr(moment.tzinfo, "key", None)
    return None if key in (None, "UTC", "Etc/UTC") else key


def _calendar(method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", method)
    return calendar


def _address(email: str, name: str, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = vText(name)
    address.params.update(params)
    return address


def _vevent(interview: CalendarInterview, *, method: str, stamp: datetime) -> Event:
    event = Event()
    event.add("UID", interview.uid)
    event.add("SEQUENCE", interview.sequence)
    event.add("DTSTAMP", stamp.astimezone(UTC))
    start, end = interview.start, interview.end
    if _tzid(start) is None:
        # UTC or a fixed offset has no TZID worth naming: write the instant with a Z suffix.
        start, end = start.astimezone(UTC), end.astimezone(UTC)
    event.add("DTSTART", start)
    event.add("DTEND", end)
    event.add("SUMMARY", interview.summary)
    event.add("LOCATION", interview.location)
    event.add("DESCRIPTION", interview.description)
    if interview.url:
        event.add("URL", interview.url)
    event.add("TRANSP", "OPAQUE")
    event.add("CLASS", "PRIVATE")
    if method != METHOD_PUBLISH:
        # Scheduling messages (RFC 5546) need an organiser and the invited attendee; a feed is
        # a plain publication and must not look like an invitation to whoever subscribes.
        event.add("ORGANIZER", _address(interview.organiser_email, interview.organiser_name))
        if interview.attendee_email:
            event.add(
                "ATTENDEE",
                _address(
                    interview.attendee_email,
                    interview.attendee_name,
                    ROLE="REQ-PARTICIPANT",
                    PARTSTAT="NEEDS-ACTION",
                    RSVP="TRUE",
                ),
            )
    if method == METHOD_CANCEL:
        event.add("STATUS", "CANCELLED")
    else:
        event.add("STATUS", "CONFIRMED")
        alarm = Alarm()
        alarm.add("ACTION", "DISPLAY")
        alarm.add("DESCRIPTION", interview.reminder_text or interview.summary)
        alarm.add("TRIGGER", -interview.reminder_before)
        event.add_component(alarm)
    return event


def _finish(calendar: Calendar, moments: Iterable[datetime]) -> bytes:
    """Serialise, with one VTIMEZONE per TZID used placed before the events.

    icalendar writes CRLF line ends and folds lines at 75 octets, as RFC 5545 §3.1 requires.
    The VTIMEZONE parts come ready serialised from `calendar_tz` (cached per zone and year) and
    are spliced in as bytes: parsing and re-serialising them for every message was a third of
    the time of publishing a large schedule.
    """
    zones: dict[str, int] = {}
    for moment in moments:
        tzid = _tzid(moment)
        if tzid is not None:
            zones.setdefault(tzid, moment.year)
    body = calendar.to_ical()
    if not zones:
        return body
    timezones = b"".join(vtimezone_ical(tzid, year) for tzid, year in sorted(zones.items()))
    # The calendar's own properties come first, then its components: the zones go in front
    # of the first component (or of END:VCALENDAR in an empty feed).
    marker = body.find(b"\r\nBEGIN:")
    if marker < 0:
        marker = body.rindex(b"\r\nEND:VCALENDAR")
    return body[: marker + 2] + timezones + body[marker + 2 :]


def build_request(interview: CalendarInterview, *, stamp: datetime | None = None) -> bytes:
    """METHOD:REQUEST for a new or changed interview (raise `sequence` on every change)."""
    calendar = _calendar(METHOD_REQUEST)
    calendar.add_component(
        _vevent(interview, method=METHOD_REQUEST, stamp=stamp or datetime.now(UTC))
    )
    return _finish(calendar, (interview.start, interview.end))


def build_cancel(interview: CalendarInterview, *, stamp: datetime | None = None) -> bytes:
    """METHOD:CANCEL with STATUS:CANCELLED; `sequence` must exceed the last one sent."""
    calendar = _calendar(METHOD_CANCEL)
    calendar.add_component(
        _vevent(interview, method=METHOD_CANCEL, stamp=stamp or datetime.now(UTC))
    )
    return _finish(calendar, (interview.start, interview.end))


def build_feed(
    interviews: Iterable[CalendarInterview],
    *,
    name: str,
    stamp: datetime | None = None,
) -> bytes:
    """A read-only METHOD:PUBLISH calendar (employer's or staff's feed, a youth's download)."""
    calendar = _calendar(METHOD_PUBLISH)
    calendar.add("X-WR-CALNAME", name)
    calendar.add("NAME", name)
    stamp = stamp or datetime.now(UTC)
    moments: list[datetime] = []
    for interview in sorted(interviews, key=lambda item: (item.start, item.uid)):
        calendar.add_component(_vevent(interview, method=METHOD_PUBLISH, stamp=stamp))
        moments += (interview.start, interview.end)
    return _finish(calendar, moments)


def calendar_method(ics: bytes) -> str:
    """The METHOD of a serialised calendar, for the MIME part's `method` parameter."""
    return str(Calendar.from_ical(ics).get("METHOD", "")).upper()
