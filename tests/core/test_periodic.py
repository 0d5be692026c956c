"""`flask periodic`: the app runs its daily and interval work itself, each period once, however
many of these processes run, and a failed task is tried again after a pause."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from flask import Flask

from recruit.core.periodic import TASKS, PeriodicTask, claim, run_due
from recruit.extensions import db
from recruit.models import OutboxMessage, PeriodicRun, utcnow
from tests import factories

HELSINKI = ZoneInfo("Europe/Helsinki")


def _reminders() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage).where(
        OutboxMessage.kind == "interview_reminder")) or 0


def _only(app: Flask, **hours: int) -> None:
    """Daily tasks at the given hours; every other daily task never (hour 24)."""
    for task in TASKS:
        if task.daily_hour_setting:
            app.config[task.daily_hour_setting] = hours.get(task.daily_hour_setting, 24)


def _tomorrows_interview() -> None:
    tomorrow = utcnow().astimezone(HELSINKI).date() + dt.timedelta(days=1)
    event = factories.make_event(date=tomorrow, signup_deadline=None)
    vacancy = factories.make_vacancy(factories.make_employer(event))
    factories.make_interview(factories.make_candidate(event, interests=[vacancy]), vacancy,
                             source="self")


def test_the_day_before_reminders_go_out_once_without_cron(app: Flask) -> None:
    _only(app, REMINDERS_HOUR=0)
    _tomorrows_interview()

    first = run_due(app)
    again = run_due(app)

    assert ("send-reminders", "done") in first and ("send-mail", "done") in first
    assert _reminders() == 1
    assert again == []  # the same day and the same mail interval: nothing is due twice
    assert _reminders() == 1


def test_a_daily_task_waits_for_its_hour_in_the_configured_time_zone(app: Flask) -> None:
    app.config["PERIODIC_TIMEZONE"] = "Europe/Helsinki"
    task = PeriodicTask("send-reminders", daily_hour_setting="REMINDERS_HOUR")
    app.config["REMINDERS_HOUR"] = 10
    # 07:59 UTC is 09:59 in Helsinki in winter: not yet; 08:00 UTC is 10:00: due.
    assert task.period(app, dt.datetime(2027, 3, 11, 7, 59, tzinfo=dt.UTC)) is None
    assert task.period(app, dt.datetime(2027, 3, 11, 8, 0, tzinfo=dt.UTC)) == "2027-03-11"
    # Past midnight in Helsinki is the next day's period although UTC is still on the 11th.
    app.config["REMINDERS_HOUR"] = 0
    assert task.period(app, dt.datetime(2027, 3, 11, 22, 30, tzinfo=dt.UTC)) == "2027-03-12"


def test_reminders_are_not_sent_before_their_hour(app: Flask) -> None:
    _only(app)  # every daily task at hour 24: never today
    _tomorrows_interview()
    assert [command for command, _ in run_due(app)] == ["send-mail", "resume-publishing"]
    assert _reminders() == 0


def test_a_failed_task_is_retried_after_the_pause_and_the_others_still_run(app: Flask) -> None:
    app.config["PERIODIC_RETRY_SECONDS"] = 900
    tasks = (PeriodicTask("flaky", every_setting="PERIODIC_MAIL_SECONDS"),
             PeriodicTask("send-mail", every_setting="PERIODIC_MAIL_SECONDS"))
    app.config["PERIODIC_MAIL_SECONDS"] = 86_400
    attempts: list[str] = []

    def run(app: Flask, task: PeriodicTask) -> None:
        attempts.append(task.command)
        if task.command == "flaky" and attempts.count("flaky") == 1:
            raise RuntimeError("the mail server said no")

    now = dt.datetime(2027, 3, 11, 12, 0, tzinfo=dt.UTC)
    assert run_due(app, now, tasks, run) == [("flaky", "failed"), ("send-mail", "done")]
    assert run_due(app, now + dt.timedelta(minutes=5), tasks, run) == []
    assert run_due(app, now + dt.timedelta(minutes=16), tasks, run) == [("flaky", "done")]
    rows = {row.task: row.outcome for row in db.session.scalars(sa.select(PeriodicRun))}
    assert rows == {"flaky": "done", "send-mail": "done"}


def test_two_processes_claim_a_period_once(app: Flask) -> None:
    """Two `flask periodic` processes (threads with their own connections here) race for the
    same period: exactly one runs it."""
    task = PeriodicTask("send-reminders", daily_hour_setting="REMINDERS_HOUR")
    now = utcnow()
    won: list[bool] = []
    start = threading.Barrier(2)

    def process() -> None:
        with app.app_context():
            start.wait()
            won.append(claim(task, "2027-03-11", now, 900))
            db.session.remove()

    threads = [threading.Thread(target=process) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(won) == [False, True]


def test_flask_periodic_once_runs_what_is_due(app: Flask, runner: Any) -> None:
    _only(app, REMINDERS_HOUR=0)
    _tomorrows_interview()
    result = runner.invoke(args=["periodic", "--once"])
    assert result.exit_code == 0, result.output
    assert "send-reminders: done" in result.output and _reminders() == 1


def test_text_message_retries_run_only_when_a_gateway_is_set(app: Flask) -> None:
    [texts] = [task for task in TASKS if task.command == "send-sms"]
    now = dt.datetime(2027, 3, 11, 12, 0, tzinfo=dt.UTC)
    app.config["SMS_GATEWAY_URL"] = None
    assert texts.period(app, now) is None
    app.config["SMS_GATEWAY_URL"] = "http://127.0.0.1:9/rest/mtsms"
    assert texts.period(app, now) is not None


@pytest.mark.parametrize("command", [task.command for task in TASKS])
def test_every_scheduled_task_is_a_command_of_the_app(app: Flask, command: str) -> None:
    assert command in app.cli.list_commands(None)  # type: ignore[arg-type]
