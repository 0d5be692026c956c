"""The app's own schedule: `flask periodic` runs every periodic command when it is due.

Reminders, outcome requests, the purge of old personal data and the retries of failed e-mail
must happen without an operator remembering cron lines. One long-running process,
`flask periodic` (a systemd service or the compose `periodic` container), wakes every
PERIODIC_TICK_SECONDS and runs what is due:

* interval tasks every so many seconds (`send-mail` and, when an SMS gateway is set,
  `send-sms`: the retries whose backoff ran out; `resume-publishing`: a publish whose worker
  died goes on);
* daily tasks once a day from their hour, in PERIODIC_TIMEZONE (Europe/Helsinki), so a task
  missed while the process was down runs as soon as it is back the same day.

Each run claims its (task, period) row in `periodic_run` first, so any number of these
processes (one per machine is fine) run each period's task exactly once; the commands
themselves also do nothing twice. A failed run frees its period again after
PERIODIC_RETRY_SECONDS. The tasks are the same `flask` commands an operator can run by hand.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import ScriptInfo

from recruit.extensions import db
from recruit.models import PeriodicRun, utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicTask:
    """A `flask` command run on the app's schedule: every `every_setting` seconds, or daily
    from the hour `daily_hour_setting` (names of settings, so operators can move them)."""

    command: str
    args: tuple[str, ...] = ()
    every_setting: str | None = None
    daily_hour_setting: str | None = None
    # A setting that switches the task on (the SMS gateway); unset, the task never runs.
    only_if_setting: str | None = None

    def period(self, app: Flask, now: dt.datetime) -> str | None:
        """The period `now` falls in, or None when the task is not due (yet)."""
        if self.only_if_setting is not None and not app.config.get(self.only_if_setting):
            return None
        if self.every_setting is not None:
            every = max(1, int(app.config[self.every_setting]))
            return str(int(now.timestamp()) // every)
        assert self.daily_hour_setting is not None
        local = now.astimezone(ZoneInfo(app.config["PERIODIC_TIMEZONE"]))
        if local.hour < int(app.config[self.daily_hour_setting]):
            return None
        return local.date().isoformat()


# Named by command, not imported: the features own their commands, this only keeps the time.
TASKS: tuple[PeriodicTask, ...] = (
    PeriodicTask("send-mail", every_setting="PERIODIC_MAIL_SECONDS"),
    PeriodicTask("send-sms", every_setting="PERIODIC_MAIL_SECONDS",
                 only_if_setting="SMS_GATEWAY_URL"),
    PeriodicTask("resume-publishing", every_setting="PERIODIC_MAIL_SECONDS"),
    PeriodicTask("send-reminders", daily_hour_setting="REMINDERS_HOUR"),
    PeriodicTask("request-outcomes", daily_hour_setting="OUTCOMES_HOUR"),
    PeriodicTask("purge", daily_hour_setting="PURGE_HOUR"),
    PeriodicTask("follow-up", ("send",), daily_hour_setting="FOLLOW_UP_HOUR"),
)


def _name(task: PeriodicTask) -> str:
    return " ".join((task.command, *task.args))


def claim(task: PeriodicTask, period: str, now: dt.datetime, retry_after: int) -> bool:
    """Take the task's period for this process; False when another has it (or it is done)."""
    try:
        db.session.add(PeriodicRun(task=_name(task), period=period, started_at=now))
        db.session.commit()
        return True
    except sa.exc.IntegrityError:
        db.session.rollback()
    # A failed run gives its period back after a pause; the UPDATE's condition makes the
    # retaking atomic when several processes try at once.
    retaken = db.session.execute(
        sa.update(PeriodicRun)
        .where(PeriodicRun.task == _name(task), PeriodicRun.period == period,
               PeriodicRun.outcome == "failed",
               PeriodicRun.finished_at <= now - dt.timedelta(seconds=retry_after))
        .values(outcome="running", started_at=now, finished_at=None)
    )
    db.session.commit()
    return bool(retaken.rowcount)  # type: ignore[attr-defined]


def _finish(task: PeriodicTask, period: str, outcome: str, tick: dt.datetime) -> None:
    db.session.rollback()  # whatever the command left open
    db.session.execute(
        sa.update(PeriodicRun)
        .where(PeriodicRun.task == _name(task), PeriodicRun.period == period)
        # The retry pause counts from here: the run's end, and never before its tick.
        .values(outcome=outcome, finished_at=max(tick, utcnow()))
    )
    db.session.commit()


def run_command(app: Flask, task: PeriodicTask) -> None:
    """Run `flask COMMAND ARGS...` with its defaults, as the shell would, in this app."""
    command = app.cli.get_command(click.Context(app.cli), task.command)
    if command is None:
        raise click.UsageError(f"no command {task.command}")
    command.main(args=list(task.args), prog_name=task.command, standalone_mode=False,
                 obj=ScriptInfo(create_app=lambda: app))


def run_due(app: Flask, now: dt.datetime | None = None,
            tasks: Sequence[PeriodicTask] = TASKS,
            run: Callable[[Flask, PeriodicTask], None] = run_command,
            report: Callable[[str, str], None] = lambda command, outcome: None,
            ) -> list[tuple[str, str]]:
    """Run every task due at `now` that no other process has claimed; returns (command,
    outcome) of those run here, each also given to `report` as soon as it is known."""
    now = now or utcnow()
    retry_after = int(app.config["PERIODIC_RETRY_SECONDS"])
    ran = []
    for task in tasks:
        period = task.period(app, now)
        if period is None or not claim(task, period, now, retry_after):
            continue
        try:
            run(app, task)
        except Exception:  # one task failing must not stop the others; it is retried
            log.exception("periodic task failed", extra={"task": _name(task)})
            outcome = "failed"
        else:
            outcome = "done"
        _finish(task, period, outcome, now)
        ran.append((_name(task), outcome))
        report(_name(task), outcome)
    return ran


@click.command("periodic")
@click.option("--once", is_flag=True, help="Run what is due now, then stop.")
def periodic_command(once: bool) -> None:
    """Run the reminders, outcome requests, purge and e-mail retries when they are due."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    tick = max(1, int(app.config["PERIODIC_TICK_SECONDS"]))
    while True:
        run_due(app, report=lambda command, outcome: click.echo(f"{command}: {outcome}"))
        db.session.remove()
        if once:
            return
        time.sleep(tick)


COMMANDS = (periodic_command,)
