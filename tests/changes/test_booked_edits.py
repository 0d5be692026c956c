"""A staff edit of an interview a young person booked themselves, before any publish lists
it, changes what their booking page shows at once: so they are told at once, as an update or
a cancellation. A published interview edited in the draft is told at the next publish."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import sqlalchemy as sa

from recruit.booking import operations as booking
from recruit.extensions import db
from recruit.models import Interview, OutboxMessage
from recruit.scheduling.publishing import (
    move_interview,
    publish_schedule,
    remove_interview,
    set_locked,
)

NOW = datetime(2026, 1, 1, tzinfo=ZoneInfo("UTC"))


def _messages(kind: str, to: str) -> list[OutboxMessage]:
    return list(db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.kind == kind, OutboxMessage.recipient == to)
        .order_by(OutboxMessage.id)))


def _vevent(message: OutboxMessage) -> Any:
    assert message.calendar is not None
    return next(iter(icalendar.Calendar.from_ical(message.calendar).walk("VEVENT")))


def _booked_after_publishing(
    make_event: Any, make_employer: Any, make_vacancy: Any, make_candidate: Any,
    make_interview: Any,
) -> tuple[Any, Any, Interview]:
    event = make_event(start_minute=9 * 60, end_minute=11 * 60)
    vacancy = make_vacancy(make_employer(event, tables=2, available=[(9 * 60, 11 * 60)]))
    make_interview(make_candidate(event, open_to_other=True), vacancy, start_minute=9 * 60)
    publish_schedule(event, None)
    db.session.commit()
    person = make_candidate(event, open_to_other=True)
    booked = booking.book(person, vacancy.id, 9 * 60 + 30, now=NOW)
    db.session.commit()
    return event, person, booked


def test_moving_a_booked_interview_updates_the_persons_calendar_at_once(
    app: Any, make_event: Any, make_employer: Any, make_vacancy: Any, make_candidate: Any,
    make_interview: Any,
) -> None:
    event, person, booked = _booked_after_publishing(
        make_event, make_employer, make_vacancy, make_candidate, make_interview)
    [invite] = _messages("interview_invite", person.email)

    move_interview(booked, start_minute=10 * 60 + 15, table_no=2, by=None)
    db.session.commit()

    [update] = _messages("interview_update", person.email)
    moved, told = _vevent(update), _vevent(invite)
    assert moved.decoded("DTSTART") == event.local_datetime(10 * 60 + 15)
    assert str(moved["UID"]) == str(told["UID"])
    assert int(moved["SEQUENCE"]) > int(told["SEQUENCE"])
    assert str(moved["LOCATION"]).endswith(" 2")


def test_removing_a_booked_interview_cancels_it_at_once(
    app: Any, make_event: Any, make_employer: Any, make_vacancy: Any, make_candidate: Any,
    make_interview: Any,
) -> None:
    _event, person, booked = _booked_after_publishing(
        make_event, make_employer, make_vacancy, make_candidate, make_interview)

    set_locked(booked, False, None)
    remove_interview(booked, None)
    db.session.commit()

    [cancel] = _messages("interview_cancel", person.email)
    assert _vevent(cancel).decoded("DTSTART").hour == 9


def test_a_published_interview_moved_in_the_draft_is_told_at_the_next_publish(
    app: Any, make_event: Any, make_employer: Any, make_vacancy: Any, make_candidate: Any,
    make_interview: Any,
) -> None:
    event = make_event(start_minute=9 * 60, end_minute=11 * 60)
    vacancy = make_vacancy(make_employer(event, tables=1, available=[(9 * 60, 11 * 60)]))
    person = make_candidate(event, open_to_other=True)
    row = make_interview(person, vacancy, start_minute=9 * 60)
    publish_schedule(event, None)
    db.session.commit()

    move_interview(row, start_minute=10 * 60, table_no=1, by=None)
    db.session.commit()
    assert _messages("interview_update", person.email) == []

    publish_schedule(event, None)
    db.session.commit()
    [update] = _messages("interview_update", person.email)
    assert _vevent(update).decoded("DTSTART") == event.local_datetime(10 * 60)
