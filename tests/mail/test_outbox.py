"""The outbox end to end: queue in a transaction, deliver to a real SMTP server, inspect what
arrived. Runs on SQLite and on PostgreSQL (the shared `app` fixture)."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask

from recruit.extensions import db
from recruit.mail import messages
from recruit.mail.outbox import (
    OutboxError,
    dead_messages,
    outbox_counts,
    queue_message,
    queue_rendered,
    retry_dead,
)
from recruit.mail.sender import deliver_due
from recruit.models.base import utcnow
from recruit.models.outbox import OutboxMessage
from tests.calendar.ical_checks import parse_all
from tests.mail.conftest import SMTPTestServer, point_at
from tests.mail.helpers import EVENT, calendar_part, interview, invite, moved, parts


def outbox() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def queue_plain(number: int, **overrides: object) -> OutboxMessage:
    values: dict[str, object] = {
        "to": f"person{number}@example.org",
        "subject": f"Viesti {number}",
        "text": f"Hei {number}",
        "html": f"<p>Hei {number}</p>",
        "locale": "fi",
        "kind": "booking_link",
        "event_id": None,
    }
    values.update(overrides)
    return queue_message(db.session, **values)  # type: ignore[arg-type]


def test_queue_joins_the_callers_transaction(mail_app: Flask, smtp_server: SMTPTestServer) -> None:
    queue_plain(1)
    db.session.rollback()
    assert outbox() == []

    message = queue_plain(2)
    db.session.commit()
    [stored] = outbox()
    assert stored.message_id == message.message_id
    assert stored.message_id.startswith("<") and stored.message_id.endswith("@ohjaamo.example>")
    assert stored.status == "queued" and stored.attempts == 0
    assert smtp_server.received == []  # queueing never talks to SMTP


def test_invite_arrives_with_the_right_mime_structure(
    mail_app: Flask, smtp_server: SMTPTestServer
) -> None:
    rendered = invite(0)
    queued = queue_rendered(db.session, rendered, to="youth0@example.org", event_id=None)
    db.session.commit()

    report = deliver_due(mail_app)

    assert (report.claimed, report.sent) == (1, 1)
    [arrived] = smtp_server.received
    assert arrived.rcpt_tos == ["youth0@example.org"]
    assert arrived.mail_from == "rekry@ohjaamo.example"
    message = arrived.message
    assert message["Message-ID"] == queued.message_id
    assert str(message["Subject"]) == rendered.subject
    assert parts(message) == [
        "multipart/mixed",
        "multipart/alternative",
        "text/plain",
        "text/html",
        "text/calendar",
        "application/ics",
    ]
    calendar = calendar_part(message)
    assert calendar.get_param("method") == "REQUEST"
    assert str(calendar.get_param("charset")).upper() == "UTF-8"
    body = calendar.get_payload(decode=True)
    assert parse_all(body)[0].method == "REQUEST"
    attachment = next(p for p in message.walk() if p.get_content_type() == "application/ics")
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_content_disposition() == "attachment"
    assert attachment.get_payload(decode=True) == body
    assert "Kahvila Åkerö Oy" in message.get_body(("plain",)).get_content()

    [stored] = outbox()
    assert (stored.status, stored.attempts, stored.last_error) == ("sent", 1, None)
    assert stored.sent_at is not None and stored.claim_token is None


def test_invite_update_cancel_lifecycle_as_received(
    mail_app: Flask, smtp_server: SMTPTestServer
) -> None:
    first = interview(7)
    second = moved(first)
    third = moved(second)
    common = {
        "event": EVENT,
        "first_name": "Maija",
        "attendee_email": "maija@example.org",
        "booking_url": "https://rekry.example/b/abc",
    }
    for rendered in (
        messages.interview_invite("fi", interview=first, **common),
        messages.interview_update("sv", interview=second, previous=first, **common),
        messages.interview_cancel("en", interview=third, **common),
    ):
        queue_rendered(db.session, rendered, to="maija@example.org", event_id=None)
    db.session.commit()

    assert deliver_due(mail_app).sent == 3

    received = [item.message for item in smtp_server.received]
    events = []
    for message in received:
        part = calendar_part(message)
        [event] = parse_all(part.get_payload(decode=True))
        assert part.get_param("method") == event.method
        events.append(event)
    assert [e.method for e in events] == ["REQUEST", "REQUEST", "CANCEL"]
    assert {e.uid for e in events} == {first.uid}
    assert [e.sequence for e in events] == [0, 1, 2]
    assert events[2].status == "CANCELLED"
    assert events[1].start == second.start


def test_server_down_loses_nothing_and_sends_nothing_twice(
    mail_app: Flask, free_port: int, make_smtp_server
) -> None:
    point_at(mail_app, free_port)  # nothing listens there: connection refused
    for number in range(5):
        queue_rendered(db.session, invite(number), to=f"y{number}@example.org", event_id=None)
    db.session.commit()

    down = deliver_due(mail_app)
    assert (down.claimed, down.sent, down.retried, down.dead) == (5, 0, 5, 0)
    waiting = outbox()
    assert [m.status for m in waiting] == ["queued"] * 5
    assert all(m.attempts == 1 and m.last_error == "ConnectionRefusedError" for m in waiting)
    # Backed off: nothing is due until the retry time.
    assert deliver_due(mail_app).claimed == 0

    server = make_smtp_server("accept", port=free_port)
    later = utcnow() + timedelta(minutes=5)
    back = deliver_due(mail_app, now=later)
    assert back.sent == 5
    assert deliver_due(mail_app, now=later + timedelta(hours=5)).claimed == 0

    counts = server.message_id_counts()
    assert sorted(counts) == sorted(m.message_id for m in waiting)
    assert set(counts.values()) == {1}
    assert [m.status for m in outbox()] == ["sent"] * 5


def test_dropped_connection_after_data_is_not_sent_again(mail_app: Flask, make_smtp_server) -> None:
    server = make_smtp_server("drop_after_data")
    point_at(mail_app, server.port)
    for number in range(4):
        queue_rendered(db.session, invite(number), to=f"y{number}@example.org", event_id=None)
    db.session.commit()

    report = deliver_due(mail_app)
    # Every message went out on its own connection: the server hung up after each one.
    assert report.sent == 4 and report.retried == 0
    for hours in (1, 10, 100):
        assert deliver_due(mail_app, now=utcnow() + timedelta(hours=hours)).claimed == 0
    counts = server.message_id_counts()
    assert len(counts) == 4 and set(counts.values()) == {1}
    assert all(m.status == "sent" and m.attempts == 1 for m in outbox())


def test_a_failure_after_the_server_accepted_does_not_send_again(
    mail_app: Flask, smtp_server: SMTPTestServer
) -> None:
    import flask_mail

    queue_plain(1)
    queue_plain(2)
    db.session.commit()
    failures = []

    def fail_after_dispatch(app: Flask, message: flask_mail.Message) -> None:
        # Flask-Mail signals after sendmail returned: the server has the message already.
        failures.append(message.msgId)
        raise RuntimeError("a receiver broke after the message was accepted")

    with flask_mail.email_dispatched.connected_to(fail_after_dispatch):
        report = deliver_due(mail_app)
    assert report.sent == 2 and len(failures) == 2
    assert deliver_due(mail_app, now=utcnow() + timedelta(days=1)).claimed == 0
    counts = smtp_server.message_id_counts()
    assert sorted(counts) == sorted(failures) and set(counts.values()) == {1}
    assert {m.status for m in outbox()} == {"sent"}


def test_queueing_never_waits_for_a_hanging_server(mail_app: Flask, hanging_server) -> None:
    import time

    from recruit.mail.sender import _STATE_KEY

    point_at(mail_app, hanging_server.port, MAIL_TIMEOUT_SECONDS=3, MAIL_DELIVER_ON_COMMIT=True)
    rendered = [invite(number) for number in range(20)]
    started = time.perf_counter()
    for number, message in enumerate(rendered):
        queue_rendered(db.session, message, to=f"y{number}@example.org", event_id=None)
    db.session.commit()  # also starts the background sender
    # Well under the SMTP timeout: neither queueing nor the commit waited on the server.
    assert time.perf_counter() - started < 1.0

    # The background sender gives up after the timeout and backs every message off.
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if all(m.attempts == 1 for m in outbox()):
            break
        time.sleep(0.1)
    stored = outbox()
    assert all(m.status == "queued" and m.attempts == 1 for m in stored)
    assert {m.last_error for m in stored} <= {"TimeoutError", "SMTPServerDisconnected"}
    mail_app.config["MAIL_DELIVER_ON_COMMIT"] = False
    state = mail_app.extensions[_STATE_KEY]
    state.wake.set()  # let the waiting thread notice and finish with the test


def test_dead_after_max_attempts_then_staff_retry_delivers(
    mail_app: Flask, free_port: int, make_smtp_server, make_event
) -> None:
    point_at(mail_app, free_port, MAIL_MAX_ATTEMPTS=3)
    event = make_event()
    message = queue_plain(1, event_id=event.id)
    db.session.commit()
    assert retry_dead(db.session, message) is False  # only a dead message can be retried
    db.session.commit()

    now = utcnow()
    for _ in range(3):
        deliver_due(mail_app, now=now)
        now += timedelta(hours=2)
    [dead] = outbox()
    assert (dead.status, dead.attempts) == ("dead", 3)
    assert dead_messages(db.session, event.id) == [dead]
    assert outbox_counts(db.session, event.id) == {"queued": 0, "sent": 0, "logged": 0, "dead": 1}
    assert deliver_due(mail_app, now=now + timedelta(days=3)).claimed == 0

    server = make_smtp_server("accept", port=free_port)
    assert retry_dead(db.session, dead) is True
    db.session.commit()
    assert retry_dead(db.session, dead) is False  # a second click does nothing
    db.session.commit()
    assert deliver_due(mail_app).sent == 1
    assert server.message_id_counts() == {dead.message_id: 1}
    assert outbox_counts(db.session, event.id) == {"queued": 0, "sent": 1, "logged": 0, "dead": 0}


def test_permanent_rejection_goes_dead_at_once(mail_app: Flask, make_smtp_server) -> None:
    server = make_smtp_server("reject_550")
    point_at(mail_app, server.port)
    queue_plain(1)
    db.session.commit()
    report = deliver_due(mail_app)
    assert report.dead == 1
    [stored] = outbox()
    assert (stored.status, stored.attempts) == ("dead", 1)
    assert stored.last_error == "SMTPRecipientsRefused"
    assert server.received == []


def test_a_message_that_cannot_be_built_goes_dead_and_the_rest_are_sent(
    mail_app: Flask, smtp_server: SMTPTestServer
) -> None:
    broken, fine = queue_plain(1), queue_plain(2)
    db.session.commit()
    # Damage the stored row behind the validation of queue_message.
    db.session.execute(
        sa.update(OutboxMessage).where(OutboxMessage.id == broken.id).values(subject="two\nlines")
    )
    db.session.commit()
    report = deliver_due(mail_app)
    assert (report.sent, report.dead) == (1, 1)
    statuses = {m.id: (m.status, m.last_error) for m in outbox()}
    assert statuses == {broken.id: ("dead", "PermanentMessageError"), fine.id: ("sent", None)}
    assert smtp_server.message_id_counts() == {fine.message_id: 1}


def test_temporary_failure_backs_off_exponentially(mail_app: Flask, make_smtp_server) -> None:
    server = make_smtp_server("tempfail_451")
    point_at(mail_app, server.port, MAIL_RETRY_BASE_SECONDS=60)
    queue_plain(1)
    db.session.commit()
    now = utcnow()
    deliver_due(mail_app, now=now)
    [first] = outbox()
    assert first.attempts == 1
    first_delay = first.next_attempt_at - now
    assert timedelta(seconds=59) < first_delay < timedelta(seconds=70)

    later = first.next_attempt_at + timedelta(seconds=1)
    deliver_due(mail_app, now=later)
    [second] = outbox()
    assert second.attempts == 2 and second.status == "queued"
    assert timedelta(seconds=119) < second.next_attempt_at - later < timedelta(seconds=130)


def test_concurrent_senders_deliver_each_message_once(
    mail_app: Flask, smtp_server: SMTPTestServer
) -> None:
    for number in range(40):
        queue_plain(number)
    db.session.commit()

    def sender() -> None:
        while deliver_due(mail_app, limit=3).claimed:
            pass

    threads = [threading.Thread(target=sender) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    counts = smtp_server.message_id_counts()
    assert len(counts) == 40 and set(counts.values()) == {1}
    assert {m.status for m in outbox()} == {"sent"}


def test_without_mail_server_messages_go_to_the_log_without_personal_data(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    app.config.update(MAIL_SERVER=None, MAIL_DELIVER_ON_COMMIT=False)
    message = queue_plain(1, to="secret.person@example.org", subject="Salainen aihe")
    db.session.commit()
    with caplog.at_level(logging.INFO, logger="recruit"):
        report = deliver_due(app)
    assert (report.sent, report.logged) == (0, 1)  # written out, but nobody received it
    logged = caplog.text
    assert f"mail {message.id} (booking_link)" in logged
    assert "secret.person" not in logged and "Salainen" not in logged and "Hei 1" not in logged
    assert outbox()[0].status == "logged"


def test_commit_requests_delivery_in_the_background(
    mail_app: Flask, smtp_server: SMTPTestServer
) -> None:
    import time

    mail_app.config["MAIL_DELIVER_ON_COMMIT"] = True
    queue_plain(1)
    db.session.commit()
    deadline = time.monotonic() + 10
    while not smtp_server.received and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(smtp_server.received) == 1
    mail_app.config["MAIL_DELIVER_ON_COMMIT"] = False


@pytest.mark.parametrize(
    "overrides",
    [
        {"to": "a@example.org\r\nBcc: b@example.org"},
        {"to": "a@example.org, b@example.org"},
        {"to": "nobody"},
        {"subject": "two\nlines"},
        {"calendar": b"BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"},
        {
            "calendar": b"BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n",
            "calendar_method": "CANCEL",
        },
    ],
)
def test_bad_messages_are_refused_when_queued(app: Flask, overrides: dict[str, object]) -> None:
    with pytest.raises(OutboxError):
        queue_plain(1, **overrides)
    db.session.rollback()
    assert outbox() == []


def test_background_sender_retries_by_itself_once_the_server_is_back(
    mail_app: Flask, free_port: int, make_smtp_server
) -> None:
    import time

    from recruit.mail.sender import _STATE_KEY

    point_at(mail_app, free_port, MAIL_RETRY_BASE_SECONDS=1, MAIL_DELIVER_ON_COMMIT=True)
    message = queue_plain(1)
    db.session.commit()  # the in-process sender tries at once: refused, backs off a second
    deadline = time.monotonic() + 10
    while outbox()[0].attempts == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert outbox()[0].status == "queued" and outbox()[0].attempts >= 1

    server = make_smtp_server("accept", port=free_port)
    deadline = time.monotonic() + 15
    while outbox()[0].status != "sent" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert outbox()[0].status == "sent"
    assert server.message_id_counts() == {message.message_id: 1}
    mail_app.config["MAIL_DELIVER_ON_COMMIT"] = False
    mail_app.extensions[_STATE_KEY].wake.set()
