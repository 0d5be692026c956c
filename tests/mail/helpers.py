"""Plain data for the mail tests: an event, interviews and rendered messages."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from zoneinfo import ZoneInfo

from recruit.mail import messages
from recruit.mail.outbox import RenderedMessage

HELSINKI = ZoneInfo("Europe/Helsinki")

EVENT = messages.EventDetails(
    name="Työnantajatreffit 2027",
    date=date(2027, 3, 12),
    timezone="Europe/Helsinki",
    venue_name="Ohjaamo Helsinki",
    venue_address="Fredrikinkatu 48, 00100 Helsinki",
    organiser_email="tapahtumat@ohjaamo.example",
    organiser_name="Ohjaamo Helsinki",
)


def interview(number: int = 0, sequence: int = 0) -> messages.InterviewDetails:
    start = datetime(2027, 3, 12, 9, 0, tzinfo=HELSINKI) + timedelta(minutes=15 * number)
    return messages.InterviewDetails(
        uid=f"interview-{number:04d}@tasmarekry.test",
        sequence=sequence,
        start=start,
        end=start + timedelta(minutes=15),
        employer_name="Kahvila Åkerö Oy",
        vacancy_title="Barista",
        table_label=str(1 + number % 3),
        what_to_bring=("hygieniapassi",),
    )


def invite(number: int = 0, locale: str = "fi") -> RenderedMessage:
    return messages.interview_invite(
        locale,
        event=EVENT,
        interview=interview(number),
        first_name="Maija",
        attendee_email=f"youth{number}@example.org",
        booking_url=f"https://rekry.example/b/token{number}",
    )


def moved(details: messages.InterviewDetails) -> messages.InterviewDetails:
    return replace(
        details,
        sequence=details.sequence + 1,
        start=details.start + timedelta(minutes=30),
        end=details.end + timedelta(minutes=30),
        table_label="3",
    )


def parts(message: EmailMessage) -> list[str]:
    """The MIME tree as content types in walk order."""
    return [part.get_content_type() for part in message.walk()]


def calendar_part(message: EmailMessage) -> EmailMessage:
    found = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert len(found) == 1
    return found[0]
