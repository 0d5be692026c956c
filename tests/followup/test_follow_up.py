"""The impact follow-up end to end: the question reaches a real SMTP server with a link that
works, the answer is stored without the person, nobody is asked twice or reminded twice, and
nobody who did not agree is asked at all."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import sqlalchemy as sa
import time_machine

from recruit.extensions import db
from recruit.followup import operations
from recruit.models import (
    Candidate,
    Event,
    FollowUpAnswer,
    FollowUpRequest,
    OutboxMessage,
    utcnow,
)
from tests.followup.conftest import token_in


def _plain(received: Any) -> str:
    return received.message.get_body(preferencelist=("plain",)).get_content()


def _by_recipient(smtp_server: Any) -> dict[str, str]:
    return {item.rcpt_tos[0]: _plain(item) for item in smtp_server.received}


def _kinds(kind: str) -> list[str]:
    return list(db.session.scalars(
        sa.select(OutboxMessage.recipient).where(OutboxMessage.kind == kind)
        .order_by(OutboxMessage.id)))


def test_the_question_arrives_with_a_link_that_takes_the_answer_once(
    mail_app, smtp_server, runner, client, due_event
):
    result = runner.invoke(args=["follow-up", "send"])
    assert result.exit_code == 0, result.output
    event = due_event["event"]
    assert f"event {event.id}: asked 1 young people and 1 employers" in result.output
    assert runner.invoke(args=["send-mail"]).exit_code == 0
    mails = _by_recipient(smtp_server)
    # Only the young person who agreed, and only the employer who interviewed someone.
    assert set(mails) == {"agreed@example.org", due_event["employer"].email}
    assert "are you working, studying or in guidance now" in mails["agreed@example.org"]
    assert "started working for you" in mails[due_event["employer"].email]

    youth_url = f"/follow-up/{token_in(mails['agreed@example.org'])}?lang=en"
    page = client.get(youth_url)
    assert page.status_code == 200
    assert "What are you doing now?" in page.get_data(as_text=True)
    assert client.post(youth_url, data={"situation": "studying", "helped": "somewhat"}
                       ).status_code == 302
    thanks = client.get(youth_url).get_data(as_text=True)
    assert "We will not ask again" in thanks
    # Sent again (a double click, a back button): still one answer.
    client.post(youth_url, data={"situation": "working", "helped": "yes"})

    employer_url = f"/follow-up/{token_in(mails[due_event['employer'].email])}?lang=en"
    bad = client.post(employer_url, data={"hires": "-1"})
    assert bad.status_code == 400 and "from 0 to 500" in bad.get_data(as_text=True)
    assert client.post(employer_url, data={"hires": "2"}).status_code == 302

    answers = db.session.execute(sa.select(
        FollowUpAnswer.event_id, FollowUpAnswer.audience, FollowUpAnswer.situation,
        FollowUpAnswer.helped, FollowUpAnswer.hires).order_by(FollowUpAnswer.id)).all()
    assert answers == [(event.id, "youth", "studying", "somewhat", None),
                       (event.id, "employer", None, None, 2)]
    # The answer names nobody: no column of it refers to a person or a time.
    assert {c.name for c in FollowUpAnswer.__table__.columns} == {
        "id", "event_id", "audience", "situation", "helped", "hires"}
    assert db.session.scalar(sa.select(sa.func.count()).where(
        FollowUpRequest.answered.is_(True))) == 2


def test_a_wrong_or_unasked_link_is_not_found(client, due_event):
    from recruit.core import links

    assert client.get("/follow-up/" + "x" * 43).status_code == 404
    # A follow-up link of someone never asked opens nothing either.
    _link, token = links.issue(due_event["declined"], operations.LINK_PURPOSE)
    db.session.commit()
    assert client.get(f"/follow-up/{token}").status_code == 404
    # A booking link is not a follow-up link.
    _link, booking = links.issue(due_event["agreed"], "booking")
    db.session.commit()
    assert client.get(f"/follow-up/{booking}").status_code == 404


def test_asked_once_reminded_once_then_nothing(runner, due_event, make_candidate):
    event = due_event["event"]
    answers_early = make_candidate(event, follow_up_consent_at=utcnow())
    first = runner.invoke(args=["follow-up", "send"])
    assert "asked 2 young people and 1 employers, reminded 0 and 0" in first.output
    again = runner.invoke(args=["follow-up", "send"])
    assert "asked 0 young people and 0 employers, reminded 0 and 0" in again.output
    operations.record_youth_answer(db.session.get(Candidate, answers_early.id), "working", "yes")
    db.session.commit()

    now = dt.datetime.now(dt.UTC)
    with time_machine.travel(now + dt.timedelta(days=13), tick=False):
        early = runner.invoke(args=["follow-up", "send"])
    assert "reminded 0 and 0" in early.output
    with time_machine.travel(now + dt.timedelta(days=14, hours=1), tick=False):
        due = runner.invoke(args=["follow-up", "send"])
        assert "asked 0 young people and 0 employers, reminded 1 and 1" in due.output
        twice = runner.invoke(args=["follow-up", "send"])
        assert "reminded 0 and 0" in twice.output
    with time_machine.travel(now + dt.timedelta(days=28), tick=False):
        assert "reminded 0 and 0" in runner.invoke(args=["follow-up", "send"]).output

    # Who got what: the one who answered early only the question; nobody anything twice.
    youth = _kinds("follow_up_youth")
    assert youth.count("agreed@example.org") == 2
    assert youth.count(answers_early.email) == 1
    assert "no-follow-up@example.org" not in youth
    assert _kinds("follow_up_employer") == [due_event["employer"].email] * 2
    reminder = db.session.scalar(
        sa.select(OutboxMessage).where(OutboxMessage.kind == "follow_up_youth")
        .order_by(OutboxMessage.id.desc()))
    assert reminder.subject.startswith("Reminder")


def test_nothing_is_asked_before_the_day_or_without_a_follow_up(runner, make_event,
                                                                 make_candidate):
    today = dt.datetime.now(dt.UTC).date()
    soon = make_event(date=today - dt.timedelta(days=80), follow_up_days=90,
                      retention_days=120)
    never = make_event(date=today - dt.timedelta(days=100), retention_days=120)
    for event in (soon, never):
        make_candidate(event, follow_up_consent_at=utcnow())
    result = runner.invoke(args=["follow-up", "send"])
    assert result.output.strip() == "no follow-up due"
    one = runner.invoke(args=["follow-up", "send", "--event", str(soon.id)])
    assert f"no follow-up due (it is due on {(soon.date + dt.timedelta(days=90))}" in one.output
    assert "none set" in runner.invoke(args=["follow-up", "send", "--event",
                                             str(never.id)]).output
    assert runner.invoke(args=["follow-up", "send", "--event", "999999"]).exit_code != 0
    assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0


def test_a_retention_too_short_to_answer_asks_nobody_and_says_so(runner, make_event,
                                                                 make_candidate):
    day = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=90)
    event = make_event(date=day, follow_up_days=90, retention_days=95)
    make_candidate(event, follow_up_consent_at=utcnow())
    result = runner.invoke(args=["follow-up", "send"])
    assert "retention period ends too soon to ask; keep personal data at least 118 days" in (
        result.output)
    assert db.session.scalar(sa.select(sa.func.count(FollowUpRequest.id))) == 0


def test_two_runs_at_once_ask_each_person_once(make_app, database_url, due_event):
    """Two runs of the command's operation on separate connections, released together."""
    event_id = due_event["event"].id
    db.session.commit()
    app = make_app()
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with app.app_context():
                barrier.wait()
                operations.run_for_event(event_id)
                db.session.commit()
                db.session.remove()
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    db.session.expire_all()
    assert sorted(_kinds("follow_up_youth") + _kinds("follow_up_employer")) == sorted(
        ["agreed@example.org", due_event["employer"].email])
    assert db.session.get(Event, event_id) is not None
