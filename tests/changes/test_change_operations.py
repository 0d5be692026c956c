"""Each operation that changes a published or booked interview tells the people concerned
through the change path: what arrives at a real SMTP server is checked, not what was called.

Covered here: an employer taken off the event after publishing, staff moving or removing an
interview a young person booked, a waiting-list fill, and the young person's own declines,
cancellations and bookings (sent directly, but recorded so that the change path owes nothing
more afterwards).
"""

from __future__ import annotations

from datetime import datetime
from email import message_from_bytes, policy
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
import sqlalchemy as sa
from flask import current_app

from recruit.booking import operations as booking
from recruit.changes.notify import notify_changes
from recruit.extensions import db
from recruit.mail.sender import deliver_due
from recruit.models import Interview, OutboxMessage, SolveRun
from recruit.people.operations import candidate_data_of, set_employer_status, update_candidate
from recruit.scheduling import publishing
from recruit.scheduling.waitlist import refill_job
from tests.booking.support import wait_for_refills
from tests.mail.conftest import point_at

HELSINKI = ZoneInfo("Europe/Helsinki")


def _sent(app: Any) -> None:
    db.session.commit()
    deliver_due(app)


def _calendars(server: Any, to: str) -> list[tuple[str, icalendar.Event]]:
    """(METHOD, VEVENT) of every calendar message that reached `to`, in order."""
    found = []
    for item in list(server.received):
        message = message_from_bytes(item.content, policy=policy.default)
        if to not in str(message["To"]):
            continue
        for part in message.walk():
            if part.get_content_type() == "text/calendar":
                calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True))
                found.append((str(calendar["METHOD"]), next(iter(calendar.walk("VEVENT")))))
    return found


def _subjects(server: Any, to: str) -> list[str]:
    return [str(message_from_bytes(item.content, policy=policy.default)["Subject"])
            for item in list(server.received)
            if to in str(message_from_bytes(item.content, policy=policy.default)["To"])]


def _at(minute: int) -> datetime:
    return datetime(2027, 3, 12, minute // 60, minute % 60, tzinfo=HELSINKI)


@pytest.fixture
def mailing(app: Any, smtp_server: Any) -> Any:
    point_at(app, smtp_server.port)
    return smtp_server


@pytest.fixture
def published(mailing: Any, make_event: Any, make_employer: Any, make_vacancy: Any,
              make_candidate: Any, make_interview: Any) -> dict[str, Any]:
    """Two employers: Aada (9.00) and Bert (9.15) at the café, Cecilia (9.00) at the shop,
    published and mailed; Daniel waits."""
    event = make_event(start_minute=9 * 60, end_minute=11 * 60, max_interviews_per_candidate=1)
    cafe = make_employer(event, company_name="Kahvila Oy", available=[(9 * 60, 10 * 60)],
                         min_candidates=0)
    shop = make_employer(event, company_name="Kauppa Oy", available=[(9 * 60, 10 * 60)],
                         min_candidates=0)
    barista, seller = make_vacancy(cafe, title="Barista"), make_vacancy(shop, title="Myyjä")
    # Aada wants the café only; the others would take either.
    aada = make_candidate(event, interests=[barista])
    bert, cecilia, daniel = (
        make_candidate(event, interests=[barista, seller], open_to_other=True) for _ in range(3)
    )
    make_interview(aada, barista, start_minute=9 * 60)
    make_interview(bert, barista, start_minute=9 * 60 + 15)
    make_interview(cecilia, seller, start_minute=9 * 60)
    publishing.publish_schedule(event, None)
    _sent(current_app._get_current_object())
    return {"event": event, "cafe": cafe, "shop": shop, "barista": barista, "seller": seller,
            "aada": aada, "bert": bert, "cecilia": cecilia, "daniel": daniel}


def _owed(event: Any) -> int:
    """What the change path would still send now (nothing, when everyone knows the truth)."""
    counts = notify_changes(event, reason="check")
    db.session.rollback()
    return counts.total


# --- an employer taken off the event ---------------------------------------------------------


def test_removing_an_employer_after_publishing_cancels_each_of_its_interviews(
    app: Any, published: dict[str, Any], mailing: Any
) -> None:
    event, cafe = published["event"], published["cafe"]
    aada, bert, cecilia = published["aada"], published["bert"], published["cecilia"]
    invites = {p.email: _calendars(mailing, p.email)[0][1] for p in (aada, bert)}
    employers_before = {
        e.email: len(_subjects(mailing, e.email)) for e in (cafe, published["shop"])
    }

    assert set_employer_status(cafe, "rejected") is True
    _sent(app)

    for person in (aada, bert):
        method, vevent = _calendars(mailing, person.email)[-1]
        invite = invites[person.email]
        assert method == "CANCEL"
        assert str(vevent["UID"]) == str(invite["UID"])
        assert int(vevent["SEQUENCE"]) > int(invite["SEQUENCE"])
        assert vevent.decoded("DTSTART") == invite.decoded("DTSTART")
    assert [m for m, _ in _calendars(mailing, cecilia.email)] == ["REQUEST"]  # untouched
    # The employer is told it is out; the other employer's roster did not change.
    assert _subjects(mailing, cafe.email)[employers_before[cafe.email]:] == [
        f"Ilmoittautumisenne: {event.name}"]
    shop = published["shop"].email
    assert len(_subjects(mailing, shop)) == employers_before[shop]
    rows = db.session.scalars(sa.select(Interview).where(Interview.employer_id == cafe.id))
    assert all(row.cancelled_at is not None and not row.locked for row in rows)
    # Bert, who chose the shop too, is free for it again; Aada chose only the café.
    assert booking.free_slots(db.session.get(type(bert), bert.id))
    assert not booking.free_slots(db.session.get(type(aada), aada.id))
    # Publishing afterwards drops the interviews from the schedule without a second CANCEL.
    publishing.publish_schedule(event, None)
    _sent(app)
    assert [m for m, _ in _calendars(mailing, aada.email)] == ["REQUEST", "CANCEL"]
    assert _owed(event) == 0


def test_removing_an_employer_through_the_staff_page_offers_the_waiting_list(
    app: Any, published: dict[str, Any], mailing: Any, logged_in_client: Any
) -> None:
    event, cafe = published["event"], published["cafe"]
    app.config["WAITLIST_TIME_LIMIT_SECONDS"] = 5
    response = logged_in_client.post(
        f"/staff/events/{event.id}/employers/{cafe.id}/status",
        data={"status": "rejected", "confirm_messages": "1"},
    )
    assert response.status_code == 302
    runs = wait_for_refills()
    assert [run.progress.get("kind") for run in runs] == ["waitlist"]
    assert [run.status for run in runs] == ["done"], [run.error for run in runs]
    _sent(app)
    # The waiting list gave Bert a time at the shop; each heard of everything once. Aada
    # wanted the café only: she keeps her cancellation.
    bert = published["bert"]
    assert [m for m, _ in _calendars(mailing, bert.email)] == ["REQUEST", "CANCEL", "REQUEST"]
    assert db.session.scalar(sa.select(Interview).where(
        Interview.candidate_id == bert.id, Interview.cancelled_at.is_(None),
    )).employer_id == published["shop"].id
    assert [m for m, _ in _calendars(mailing, published["aada"].email)] == ["REQUEST", "CANCEL"]
    assert _owed(event) == 0


def test_staff_recording_that_a_person_withdrew_cancels_and_tells_them(
    app: Any, published: dict[str, Any], mailing: Any
) -> None:
    bert = published["bert"]
    data = candidate_data_of(bert)
    data.status = "cancelled"
    update_candidate(bert, data)
    _sent(app)
    [invite, cancel] = _calendars(mailing, bert.email)
    assert (invite[0], cancel[0]) == ("REQUEST", "CANCEL")
    assert str(cancel[1]["UID"]) == str(invite[1]["UID"])
    assert int(cancel[1]["SEQUENCE"]) == int(invite[1]["SEQUENCE"]) + 1
    row = db.session.scalar(sa.select(Interview).where(Interview.candidate_id == bert.id))
    assert row.cancelled_at is not None and row.candidate_cells == []
    assert _owed(published["event"]) == 0


# --- staff change an interview a young person booked -----------------------------------------


def _self_booked(published: dict[str, Any]) -> Interview:
    daniel = published["daniel"]
    interview = booking.book(daniel, published["seller"].id, 9 * 60 + 30)
    _sent(current_app._get_current_object())
    return interview


def test_moving_a_self_booked_interview_updates_the_young_persons_calendar(
    app: Any, published: dict[str, Any], mailing: Any
) -> None:
    interview = _self_booked(published)
    daniel = published["daniel"]
    [(method, invite)] = _calendars(mailing, daniel.email)
    assert method == "REQUEST" and invite.decoded("DTSTART") == _at(9 * 60 + 30)

    publishing.move_interview(interview, start_minute=9 * 60 + 45, table_no=1, by=None)
    _sent(app)

    method, update = _calendars(mailing, daniel.email)[-1]
    assert method == "REQUEST"
    assert str(update["UID"]) == str(invite["UID"])
    assert int(update["SEQUENCE"]) == int(invite["SEQUENCE"]) + 1
    assert update.decoded("DTSTART") == _at(9 * 60 + 45)
    assert update.decoded("DTEND") == _at(10 * 60)
    # The shop's roster changed too; nobody else was written to.
    assert len(_subjects(mailing, published["shop"].email)) == 2  # publish, then this move
    assert _owed(published["event"]) == 0


def test_moving_a_published_interview_waits_for_the_publish(
    app: Any, published: dict[str, Any], mailing: Any
) -> None:
    aada = published["aada"]
    before = len(mailing.received)
    row = db.session.scalar(sa.select(Interview).where(Interview.candidate_id == aada.id))
    publishing.move_interview(row, start_minute=9 * 60 + 30, table_no=1, by=None)
    _sent(app)
    assert len(mailing.received) == before  # a draft edit: people hear of it when published
    publishing.publish_schedule(published["event"], None)
    _sent(app)
    method, vevent = _calendars(mailing, aada.email)[-1]
    assert (method, vevent.decoded("DTSTART"), int(vevent["SEQUENCE"])) == (
        "REQUEST", _at(9 * 60 + 30), 1)


def test_removing_a_self_booked_interview_cancels_it_at_once(
    app: Any, published: dict[str, Any], mailing: Any
) -> None:
    interview = _self_booked(published)
    daniel = published["daniel"]
    publishing.set_locked(interview, False, None)
    publishing.remove_interview(interview, None)
    _sent(app)
    methods = [m for m, _ in _calendars(mailing, daniel.email)]
    assert methods == ["REQUEST", "CANCEL"]
    cancel = _calendars(mailing, daniel.email)[-1][1]
    assert cancel.decoded("DTSTART") == _at(9 * 60 + 30)
    assert "Kauppa Oy" in str(cancel["SUMMARY"])
    assert db.session.get(Interview, interview.id).cancelled_at is not None
    assert _owed(published["event"]) == 0


# --- the waiting list ---------------------------------------------------------------------


def test_a_waiting_list_fill_invites_the_new_person_and_tells_nobody_twice(
    app: Any, published: dict[str, Any], mailing: Any
) -> None:
    event, aada, daniel = published["event"], published["aada"], published["daniel"]
    row = db.session.scalar(sa.select(Interview).where(Interview.candidate_id == aada.id))
    booking.decline(aada, row.id)
    _sent(app)
    run = SolveRun(event_id=event.id, status="queued", time_limit=5,
                   progress={"kind": "waitlist"})
    db.session.add(run)
    db.session.commit()
    refill_job(run.id)
    _sent(app)
    assert db.session.get(SolveRun, run.id).status == "done"
    assert [m for m, _ in _calendars(mailing, aada.email)] == ["REQUEST", "CANCEL"]
    given = db.session.scalars(sa.select(Interview).where(
        Interview.candidate_id == daniel.id, Interview.cancelled_at.is_(None))).all()
    assert given, "the waiting list placed nobody"
    told = _calendars(mailing, daniel.email)
    assert sorted((m, str(v["UID"])) for m, v in told) == sorted(
        ("REQUEST", row.uid) for row in given)
    for person in (published["bert"], published["cecilia"]):
        assert [m for m, _ in _calendars(mailing, person.email)] == ["REQUEST"]
    assert _owed(event) == 0


# --- the young person's own actions keep the record true -----------------------------------


def test_declines_cancellations_and_bookings_leave_nothing_owed(
    app: Any, published: dict[str, Any], mailing: Any
) -> None:
    event, aada, bert = published["event"], published["aada"], published["bert"]
    row = db.session.scalar(sa.select(Interview).where(Interview.candidate_id == aada.id))
    booking.decline(aada, row.id)
    _sent(app)
    assert _owed(event) == 0
    booked = booking.book(published["daniel"], published["seller"].id, 9 * 60 + 30)
    _sent(app)
    assert booked.sequence == 0 and _owed(event) == 0
    assert booking.cancel_everything(bert) == 1
    _sent(app)
    assert _owed(event) == 0
    assert [m for m, _ in _calendars(mailing, bert.email)] == ["REQUEST", "CANCEL"]
    # Each message arrived once.
    assert max(mailing.message_id_counts().values()) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage).where(
        OutboxMessage.status != "sent")) == 0
