"""After publishing, a change reaches everyone it concerns as a calendar update or cancellation."""

from __future__ import annotations

from datetime import date

import icalendar
import sqlalchemy as sa

from recruit.events.operations import settings_of, update_event
from recruit.extensions import db
from recruit.models import OutboxMessage
from recruit.people.operations import delete_candidate
from recruit.scheduling.publishing import publish_schedule


def _published(make_event, make_employer, make_vacancy, make_candidate, make_interview, n=3):
    event = make_event(date=date(2027, 3, 9), start_minute=9 * 60, end_minute=11 * 60)
    employer = make_employer(event, tables=1)
    vacancy = make_vacancy(employer)
    youth = [make_candidate(event, open_to_other=True) for _ in range(n)]
    for i, person in enumerate(youth):
        make_interview(person, vacancy, start_minute=9 * 60 + 15 * i, response="confirmed")
    publish_schedule(event, None)
    db.session.commit()
    return event, employer, youth


def _messages(kind: str | None = None, since: int = 0) -> list[OutboxMessage]:
    query = sa.select(OutboxMessage).where(OutboxMessage.id > since).order_by(OutboxMessage.id)
    if kind is not None:
        query = query.where(OutboxMessage.kind == kind)
    return list(db.session.scalars(query))


def _vevent(message: OutboxMessage) -> icalendar.Event:
    assert message.calendar is not None
    calendar = icalendar.Calendar.from_ical(message.calendar)
    return next(iter(calendar.walk("VEVENT")))


def _last_id() -> int:
    return db.session.scalar(sa.select(sa.func.max(OutboxMessage.id))) or 0


def test_a_date_change_after_publishing_updates_every_attendee(
    app, make_event, make_employer, make_vacancy, make_candidate, make_interview
):
    event, _employer, youth = _published(
        make_event, make_employer, make_vacancy, make_candidate, make_interview
    )
    invites = {m.recipient: _vevent(m) for m in _messages("interview_invite")}
    since = _last_id()
    settings = settings_of(event)
    settings.date = date(2027, 3, 10)
    settings.venue_address = "Uusi katu 1, 00100 Helsinki"
    update_event(event, settings)
    db.session.commit()
    updates = _messages("interview_update", since)
    assert sorted(m.recipient for m in updates) == sorted(p.email for p in youth)
    for message in updates:
        assert message.calendar_method == "REQUEST"
        new, old = _vevent(message), invites[message.recipient]
        assert str(new["UID"]) == str(old["UID"])
        assert int(new["SEQUENCE"]) == int(old["SEQUENCE"]) + 1
        assert new.decoded("DTSTART").date() == date(2027, 3, 10)
        assert new.decoded("DTSTART").time() == old.decoded("DTSTART").time()
        assert "Uusi katu 1" in str(new["LOCATION"])
    # The employer's roster changed too.
    assert _messages("roster_ready", since)
    # Nothing more is owed: publishing again sends no second update.
    since = _last_id()
    publish_schedule(event, None)
    db.session.commit()
    assert [m for m in _messages(since=since) if m.kind.startswith("interview_")] == []


def test_a_change_that_touches_nothing_people_were_told_sends_nothing(
    app, make_event, make_employer, make_vacancy, make_candidate, make_interview
):
    event, _employer, _youth = _published(
        make_event, make_employer, make_vacancy, make_candidate, make_interview
    )
    since = _last_id()
    settings = settings_of(event)
    settings.name = "Työnantajatreffit, uusi nimi"
    update_event(event, settings)
    db.session.commit()
    assert _messages(since=since) == []


def test_deleting_a_person_cancels_their_interview_and_tells_the_employer(
    app, make_event, make_employer, make_vacancy, make_candidate, make_interview
):
    _event, employer, youth = _published(
        make_event, make_employer, make_vacancy, make_candidate, make_interview
    )
    gone = youth[1]
    address = gone.email
    invite = next(m for m in _messages("interview_invite") if m.recipient == address)
    since = _last_id()
    delete_candidate(gone)
    db.session.commit()
    sent = _messages(since=since)
    cancels = [m for m in sent if m.kind == "interview_cancel"]
    assert [m.recipient for m in cancels] == [address]
    assert cancels[0].calendar_method == "CANCEL"
    cancel, told = _vevent(cancels[0]), _vevent(invite)
    assert str(cancel["UID"]) == str(told["UID"])
    assert int(cancel["SEQUENCE"]) > int(told["SEQUENCE"])
    assert cancel.decoded("DTSTART") == told.decoded("DTSTART")
    assert [m.recipient for m in sent if m.kind == "roster_ready"] == [employer.email]
    # The others were not touched.
    assert {m.recipient for m in sent} == {address, employer.email}
