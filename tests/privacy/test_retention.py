"""Retention: on a frozen clock, an event's personal data is gone from every table once its
retention period has passed, its links stop, and the report's figures stay the same."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
import time_machine

from recruit.core import links
from recruit.extensions import db
from recruit.mail.reminders import queue_reminders
from recruit.models import (
    BookingLink,
    Candidate,
    Event,
    Interview,
    OutboxMessage,
    SmsMessage,
    utcnow,
)
from recruit.privacy.retention import deletion_due, purge_event
from recruit.reports.counts import count_events, events_with_ids
from recruit.reports.reasons import count_reasons
from recruit.scheduling.publishing import publish_schedule
from tests.privacy.scan import find_anywhere

PEOPLE = [
    ("Aino", "Korhonen", "aino.korhonen@example.org", "+358401110001"),
    ("Elias", "Mäkinen", "elias.makinen@example.org", "+358401110002"),
    ("Sofia", "Nieminen", "sofia.nieminen@example.org", "+358401110003"),
    ("Leo", "Hämäläinen", "leo.hamalainen@example.org", "+358401110004"),
]
CONTACT = ("Riikka Rekrytoija", "riikka.rekry@kahvila.example", "+358501119999")


def _event_with_history(make_event, make_employer, make_vacancy, make_candidate,
                        make_interview, **event_values):
    event = make_event(start_minute=9 * 60, end_minute=11 * 60, **event_values)
    employer = make_employer(event, tables=2, contact_name=CONTACT[0], email=CONTACT[1],
                             phone=CONTACT[2], address="Kauppakatu 1, Kuopio")
    vacancy = make_vacancy(employer)
    youth = []
    for i, (first, last, email, phone) in enumerate(PEOPLE):
        person = make_candidate(event, first_name=first, last_name=last, email=email,
                                phone=phone, introduction=f"Olen {first}, pidän kahvista.",
                                cards=("hygiene_passport",), interests=(vacancy,),
                                windows=((9 * 60, 11 * 60),), birth_year=2000 + i,
                                sms_consent_at=utcnow())
        youth.append(person)
        make_interview(person, vacancy, start_minute=9 * 60 + 15 * (i // 2), table_no=1 + i % 2)
    publish_schedule(event, None)
    db.session.commit()
    for i, interview in enumerate(db.session.scalars(sa.select(Interview)).all()):
        interview.attended = i != 0
        interview.outcome = "hired" if i == 1 else "not_selected"
        interview.outcome_note = f"Hyvä haastattelu, {PEOPLE[i][0]} sopisi meille."
    _link, booking_token = links.issue(youth[0], "booking")
    _link, employer_token = links.issue(employer, "employer")
    db.session.commit()
    return event, booking_token, employer_token


def _needles() -> list[str]:
    return [value for person in PEOPLE for value in person] + list(CONTACT) + [
        "Kauppakatu 1", "pidän kahvista", "sopisi meille"]


def _figures(event_id: int):
    db.session.expire_all()
    return count_events(events_with_ids([event_id])), count_reasons([event_id])


def test_purge_on_schedule_leaves_no_personal_data_and_the_same_figures(
    sms_app, runner, logged_in_client, make_event, make_employer, make_vacancy, make_candidate,
    make_interview,
):
    app = sms_app
    event, booking_token, employer_token = _event_with_history(
        make_event, make_employer, make_vacancy, make_candidate, make_interview,
        retention_days=90,
    )
    event_id = event.id
    queue_reminders(event)  # e-mails and texts (everyone asked for texts too)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SmsMessage)) == len(PEOPLE)
    assert find_anywhere(_needles()), "the scan must see the data before the purge"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) > 0
    figures = _figures(event_id)
    due = deletion_due(event)
    # Midnight after the event day (Helsinki) plus 90 days.
    assert due == dt.datetime(2027, 6, 10, 21, 0, tzinfo=dt.UTC)
    page = logged_in_client.get(f"/staff/events/{event_id}").get_data(as_text=True)
    assert "11.6.2027" in page  # staff see when the data goes (midnight, Helsinki time)

    with time_machine.travel(due - dt.timedelta(minutes=1), tick=False):
        result = runner.invoke(args=["purge"])
        assert result.exit_code == 0 and "0 events purged" in result.output
    assert logged_in_client.get(f"/youth/b/{booking_token}").status_code == 200

    with time_machine.travel(due + dt.timedelta(minutes=1), tick=False):
        result = runner.invoke(args=["purge"])
        assert result.exit_code == 0, result.output
        assert "1 events purged" in result.output
        assert "0 events purged" in runner.invoke(args=["purge"]).output  # once only

    assert find_anywhere(_needles()) == []
    assert _figures(event_id) == figures
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(BookingLink)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SmsMessage)) == 0
    assert db.session.execute(sa.select(Candidate.sms_consent_at, Candidate.contact_channel)
                              .where(Candidate.event_id == event_id)).all() == [
        (None, "email")] * len(PEOPLE)
    client = app.test_client()
    assert client.get(f"/youth/b/{booking_token}").status_code == 404
    assert client.get(f"/employers/link/{employer_token}").status_code == 404
    assert client.get(f"/youth/b/{booking_token}/data").status_code == 404
    page = logged_in_client.get(f"/staff/events/{event_id}").get_data(as_text=True)
    assert "only anonymous figures remain" in page or "vain nimettömät" in page


def test_purge_touches_only_the_events_that_are_due(
    app, make_event, make_employer, make_vacancy, make_candidate, make_interview
):
    old, _b, _e = _event_with_history(make_event, make_employer, make_vacancy, make_candidate,
                                      make_interview, retention_days=30)
    later = make_event(date=dt.date(2027, 9, 1))
    kept = make_candidate(later, first_name="Ville", last_name="Pysyvä",
                          email="ville.pysyva@example.org")
    with time_machine.travel(deletion_due(old) + dt.timedelta(hours=1), tick=False):
        from recruit.privacy.retention import purge_due
        reports = purge_due()
    assert [r.event_id for r in reports] == [old.id]
    assert find_anywhere(["ville.pysyva@example.org", "Pysyvä"]) != []
    db.session.expire_all()
    assert db.session.get(Event, later.id).personal_data_deleted_at is None
    assert db.session.get(type(kept), kept.id).email == "ville.pysyva@example.org"


def test_purging_twice_changes_nothing(
    app, make_event, make_employer, make_vacancy, make_candidate, make_interview
):
    event, _b, _e = _event_with_history(make_event, make_employer, make_vacancy, make_candidate,
                                        make_interview)
    purge_event(event)
    db.session.commit()
    figures = _figures(event.id)
    purge_event(db.session.get(Event, event.id))
    db.session.commit()
    assert _figures(event.id) == figures
    assert find_anywhere(_needles()) == []
