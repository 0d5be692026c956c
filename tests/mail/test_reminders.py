"""`flask send-reminders`: the day-before reminder, once per person, in their language."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import sqlalchemy as sa
from flask import Flask

from recruit.extensions import db
from recruit.mail.reminders import events_tomorrow
from recruit.models.outbox import OutboxMessage


def reminders() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(OutboxMessage)
            .where(OutboxMessage.kind == "interview_reminder")
            .order_by(OutboxMessage.id)
        )
    )


def test_each_person_with_a_live_interview_is_reminded_once(
    mail_app: Flask,
    runner: Any,
    make_event: Any,
    make_employer: Any,
    make_vacancy: Any,
    make_candidate: Any,
    make_interview: Any,
) -> None:
    event = make_event()
    vacancy = make_vacancy(make_employer(event), requires=["hygiene_passport"])
    swede = make_candidate(event, locale="sv")
    declined = make_candidate(event)
    make_candidate(event)  # nothing booked: no reminder
    make_interview(swede, vacancy, source="self", start_minute=9 * 60 + 30)
    make_interview(declined, vacancy, source="self", start_minute=10 * 60, response="declined")

    first = runner.invoke(args=["send-reminders", "--event", str(event.id)])
    again = runner.invoke(args=["send-reminders", "--event", str(event.id)])

    assert first.exit_code == 0, first.output
    assert f"event {event.id}: 1 reminders queued" in first.output
    assert f"event {event.id}: 0 reminders queued" in again.output
    [reminder] = reminders()
    assert (reminder.recipient, reminder.locale, reminder.event_id) == (
        swede.email,
        "sv",
        event.id,
    )
    assert "9.30–9.45" in reminder.body_text
    assert vacancy.requirements[0].name_sv in reminder.body_text
    assert mail_app.config["PUBLIC_BASE_URL"] in reminder.body_text  # a booking link


def test_tomorrow_is_the_day_before_in_the_events_timezone(app: Flask, make_event: Any) -> None:
    event = make_event(date=dt.date(2027, 3, 12), timezone="Europe/Helsinki")
    # 23:30 UTC on the 10th is already the 11th in Helsinki: the event is tomorrow.
    assert event in events_tomorrow(dt.datetime(2027, 3, 10, 23, 30, tzinfo=dt.UTC))
    assert event not in events_tomorrow(dt.datetime(2027, 3, 10, 12, 0, tzinfo=dt.UTC))
    assert event not in events_tomorrow(dt.datetime(2027, 3, 12, 8, 0, tzinfo=dt.UTC))


def test_each_employer_with_published_interviews_is_reminded_once(
    mail_app: Flask,
    runner: Any,
    client: Any,
    smtp_server: Any,
    make_event: Any,
    make_employer: Any,
    make_vacancy: Any,
    make_candidate: Any,
    make_interview: Any,
) -> None:
    from recruit.mail.sender import deliver_due
    from recruit.scheduling.publishing import publish_schedule

    event = make_event()
    cafe = make_employer(event, email="rekry@kahvila.example", company_name="Kahvila Oy",
                         locale="sv")
    quiet = make_employer(event, email="rekry@hiljainen.example")  # nothing published
    barista = make_vacancy(cafe)
    make_vacancy(quiet)
    make_interview(make_candidate(event, interests=[barista]), barista, start_minute=9 * 60 + 30)
    make_interview(make_candidate(event, interests=[barista]), barista, start_minute=10 * 60)
    publish_schedule(event, None)
    db.session.commit()
    before = len(smtp_server.received)

    first = runner.invoke(args=["send-reminders", "--event", str(event.id)])
    again = runner.invoke(args=["send-reminders", "--event", str(event.id)])

    assert first.exit_code == 0, first.output
    db.session.expire_all()
    [reminder] = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.kind == "employer_reminder")).all()
    assert (reminder.recipient, reminder.locale) == ("rekry@kahvila.example", "sv")
    assert f"event {event.id}: 0 reminders queued" in again.output
    deliver_due(mail_app)
    [sent] = [item for item in smtp_server.received[before:]
              if item.message_id == reminder.message_id]
    assert sent.rcpt_tos == ["rekry@kahvila.example"]
    body = sent.message.get_body(("plain",)).get_content()
    # Swedish, two interviews from 9.30 to the end of the second, and a roster link that opens.
    assert "har Kahvila Oy 2 intervjuer" in body and "kl. 9.30–10.15" in body
    token = re.search(r"/employers/link/([A-Za-z0-9_-]+)", body).group(1)
    roster = client.get(f"/employers/link/{token}")
    assert roster.status_code == 200 and "Kahvila Oy" in roster.get_data(as_text=True)
