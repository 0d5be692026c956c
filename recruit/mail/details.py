"""The plain data that `recruit.mail.messages` renders, and how to get it from the models.

The message functions take these frozen dataclasses, not models, so they can be rendered and
tested without a database; the booking and sign-up flows build them with `event_details(event)` and
`interview_details(interview, locale)` inside the transaction that queues the message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from recruit.models import Event, Interview


@dataclass(frozen=True)
class EventDetails:
    name: str
    date: date
    timezone: str
    venue_name: str
    venue_address: str
    organiser_email: str
    organiser_name: str = ""

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class InterviewDetails:
    """One interview; `uid` stays the same for its whole life, `sequence` rises on changes."""

    uid: str
    sequence: int
    start: datetime
    end: datetime
    employer_name: str
    vacancy_title: str
    table_label: str
    what_to_bring: tuple[str, ...] = field(default_factory=tuple)


def event_details(event: Event) -> EventDetails:
    return EventDetails(
        name=event.name,
        date=event.date,
        timezone=event.timezone,
        venue_name=event.venue_name,
        venue_address=event.venue_address,
        organiser_email=event.organiser_email,
    )


def interview_details(interview: Interview, locale: str) -> InterviewDetails:
    """An interview as its messages show it; the cards to bring named in `locale`."""
    event = interview.event
    return InterviewDetails(
        uid=interview.uid,
        sequence=interview.sequence,
        start=event.local_datetime(interview.start_minute),
        end=event.local_datetime(interview.end_minute),
        employer_name=interview.employer.company_name,
        vacancy_title=interview.vacancy.title,
        table_label=str(interview.table_no),
        what_to_bring=tuple(card.name_for(locale) for card in interview.vacancy.requirements),
    )
