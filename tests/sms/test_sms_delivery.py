"""Delivery through the gateway: a gateway that is down or busy gets the text later, exactly
once; a refused text is not retried; the background worker (thread or RQ) sends after the
commit; the phone number never reaches the log."""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import time
from typing import Any

import pytest
from flask import Flask

from recruit.extensions import db
from recruit.mail.details import InterviewDetails
from recruit.models import Candidate, utcnow
from recruit.sms import messages
from recruit.sms.fake_gateway import FakeGateway
from recruit.sms.outbox import queue_sms
from recruit.sms.sender import deliver_due
from tests.conftest import REDIS_URL
from tests.sms.conftest import stored_texts

PHONE = "+358401112222"


def _queue_one(candidate: Candidate) -> None:
    start = dt.datetime(2027, 3, 12, 9, 15, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    details = InterviewDetails(uid="u1", sequence=1, start=start, end=start,
                               employer_name="Kahvila Oy", vacancy_title="Barista",
                               table_label="1")
    rendered = messages.interview_moved(candidate.locale, interview=details,
                                        booking_url="https://rekry.example.org/youth/b/x")
    assert queue_sms(candidate, rendered) is not None
    db.session.commit()


@pytest.fixture
def consenting(sms_app: Flask, make_event: Any, make_candidate: Any) -> Candidate:
    return make_candidate(make_event(), phone=PHONE, sms_consent_at=utcnow())


def test_a_gateway_that_is_down_gets_the_text_later_exactly_once(
    sms_app: Flask, consenting: Candidate,
) -> None:
    gateway = FakeGateway().start()
    port = gateway.port
    gateway.stop()  # nothing listens: connection refused
    sms_app.config["SMS_GATEWAY_URL"] = gateway.url
    _queue_one(consenting)
    now = utcnow()

    report = deliver_due(sms_app, now=now)
    assert (report.sent, report.retried, report.dead) == (0, 1, 0)
    [text] = stored_texts()
    assert (text.status, text.attempts) == ("queued", 1)
    assert text.next_attempt_at >= now + dt.timedelta(seconds=60)
    assert text.last_error is not None and PHONE not in text.last_error

    back = FakeGateway(port).start()
    try:
        # Not due yet: the backoff holds it.
        assert deliver_due(sms_app, now=now + dt.timedelta(seconds=30)).claimed == 0
        later = now + dt.timedelta(seconds=61)
        assert deliver_due(sms_app, now=later).sent == 1
        assert deliver_due(sms_app, now=later + dt.timedelta(hours=2)).claimed == 0
        assert [r.msisdn for r in back.received] == [358401112222]
        [text] = stored_texts()
        assert (text.status, text.attempts) == ("sent", 2)
    finally:
        back.stop()


def test_a_busy_gateway_is_retried_with_growing_backoff_and_a_refusal_is_final(
    sms_app: Flask, sms_gateway: FakeGateway, consenting: Candidate, make_candidate: Any,
) -> None:
    sms_gateway.mode = "unavailable"  # 503
    _queue_one(consenting)
    now = utcnow()
    deliver_due(sms_app, now=now)
    first_wait = stored_texts()[0].next_attempt_at - now
    deliver_due(sms_app, now=now + first_wait)
    [text] = stored_texts()
    assert text.attempts == 2 and text.last_error == "HTTP 503"
    assert text.next_attempt_at - (now + first_wait) == 2 * first_wait
    sms_gateway.mode = "accept"
    deliver_due(sms_app, now=text.next_attempt_at)
    assert len(sms_gateway.received) == 1 and stored_texts()[0].status == "sent"

    sms_gateway.mode = "reject"  # 422: the gateway refuses this text for good
    _queue_one(consenting)
    report = deliver_due(sms_app, now=now + dt.timedelta(days=1))
    assert (report.dead, report.retried) == (1, 0)
    assert deliver_due(sms_app, now=now + dt.timedelta(days=2)).claimed == 0
    assert [t.status for t in stored_texts()] == ["sent", "dead"]
    assert len(sms_gateway.received) == 1


def test_a_text_the_gateway_took_without_answering_is_never_sent_again(
    sms_app: Flask, sms_gateway: FakeGateway, consenting: Candidate,
) -> None:
    sms_app.config["SMS_TIMEOUT_SECONDS"] = 1
    sms_gateway.mode = "silent"  # records the text, then no answer within the timeout
    _queue_one(consenting)
    report = deliver_due(sms_app)
    assert (report.sent, report.retried, report.dead) == (0, 0, 1)
    sms_gateway.mode = "accept"
    assert deliver_due(sms_app, now=utcnow() + dt.timedelta(days=1)).claimed == 0
    assert len(sms_gateway.received) == 1
    [text] = stored_texts()
    assert text.status == "dead" and text.last_error is not None
    assert text.last_error.startswith("outcome_unknown")


def test_the_background_sender_delivers_after_the_commit(
    sms_app: Flask, sms_gateway: FakeGateway, consenting: Candidate,
) -> None:
    sms_app.config["SMS_DELIVER_ON_COMMIT"] = True
    try:
        _queue_one(consenting)  # the commit starts the in-process sender (a thread)
        deadline = time.monotonic() + 10
        while not sms_gateway.received and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        sms_app.config["SMS_DELIVER_ON_COMMIT"] = False
    assert [r.msisdn for r in sms_gateway.received] == [358401112222]
    deadline = time.monotonic() + 5
    while stored_texts()[0].status != "sent" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert stored_texts()[0].status == "sent"


def test_an_rq_worker_delivers_what_a_commit_queued(
    sms_app: Flask, sms_gateway: FakeGateway, consenting: Candidate, database_url: str,
    redis_connection: Any, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from rq import Queue, SimpleWorker

    queue_name = f"recruit-sms-test-{os.getpid()}-{secrets.token_hex(4)}"
    sms_app.config.update(REDIS_URL=REDIS_URL, RQ_QUEUE=queue_name, SMS_DELIVER_ON_COMMIT=True)
    _queue_one(consenting)  # enqueues the delivery job; nothing is sent in this process
    sms_app.config.update(SMS_DELIVER_ON_COMMIT=False, REDIS_URL=None)
    queue = Queue(queue_name, connection=redis_connection)
    try:
        assert queue.count == 1 and sms_gateway.received == []
        for name, value in {
            "DATABASE_URL": database_url, "SMS_GATEWAY_URL": sms_gateway.url,
            "SMS_GATEWAY_TOKEN": "t", "SECRET_KEY": sms_app.config["SECRET_KEY"],
            "LOG_JSON": "false",
        }.items():
            monkeypatch.setenv(name, value)
        worker = SimpleWorker([queue], connection=redis_connection)
        assert worker.work(burst=True)
        assert [r.msisdn for r in sms_gateway.received] == [358401112222]
        assert stored_texts()[0].status == "sent"
    finally:
        queue.delete(delete_jobs=True)
        for key in redis_connection.scan_iter(f"*{queue_name}*"):
            redis_connection.delete(key)


def test_the_number_and_the_text_never_reach_the_log(
    sms_app: Flask, sms_gateway: FakeGateway, consenting: Candidate,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    sms_gateway.mode = "unavailable"
    _queue_one(consenting)
    deliver_due(sms_app)
    sms_gateway.mode = "accept"
    deliver_due(sms_app, now=utcnow() + dt.timedelta(hours=1))
    assert len(sms_gateway.received) == 1
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "sms" in logged  # the attempts were logged, by id and kind
    for secret in (PHONE, PHONE.lstrip("+"), "Kahvila Oy"):
        assert secret not in logged


def test_send_sms_command_picks_up_due_retries(
    sms_app: Flask, sms_gateway: FakeGateway, consenting: Candidate, runner: Any,
) -> None:
    _queue_one(consenting)
    result = runner.invoke(args=["send-sms"])
    assert result.exit_code == 0 and "sent 1, to retry later 0, dead 0" in result.output
    assert len(sms_gateway.received) == 1
    assert "sent 0" in runner.invoke(args=["send-sms"]).output
    assert len(sms_gateway.received) == 1
