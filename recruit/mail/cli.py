"""`flask send-mail`, `flask export-mail EVENT_ID DIR`, `flask send-reminders` and
`flask request-outcomes`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import with_appcontext

from recruit.extensions import db
from recruit.mail.outbox import build_mime
from recruit.mail.outcome_requests import (
    events_to_remind,
    events_yesterday,
    queue_outcome_reminders,
    queue_outcome_requests,
)
from recruit.mail.reminders import events_tomorrow, queue_employer_reminders, queue_reminders
from recruit.mail.sender import deliver_due
from recruit.models import Event
from recruit.models.outbox import OutboxMessage


@click.command("send-mail")
@click.option("--limit", default=100, show_default=True, help="Messages per SMTP connection.")
def send_mail_command(limit: int) -> None:
    """Deliver every due message in the outbox (run from cron to pick up retries)."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    sent = logged = retried = dead = 0
    while True:
        report = deliver_due(app, limit=limit)
        sent, retried, dead = sent + report.sent, retried + report.retried, dead + report.dead
        logged += report.logged
        # Stop when a pass found nothing or could not reach the server: failed messages are
        # backed off, so another pass now would only claim the rest of a dead server's queue.
        if not report.claimed or report.retried or report.dead:
            break
    summary = f"sent {sent}, to retry later {retried}, dead {dead}"
    if logged:
        summary += f", logged only (no mail server) {logged}"
    click.echo(summary)


@click.command("export-mail")
@click.argument("event_id", type=int)
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def export_mail_command(event_id: int, directory: Path) -> None:
    """Write every message queued for an event as an .eml file, to inspect what is sent.

    Private links stay placeholders: exported files open nobody's page."""
    sender = current_app.config.get("MAIL_DEFAULT_SENDER") or "tasmarekry@localhost"
    messages = db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.event_id == event_id)
        .order_by(OutboxMessage.id)
    ).all()
    directory.mkdir(parents=True, exist_ok=True)
    for message in messages:
        # Id, kind and status only: a file name must not carry the recipient's address. A
        # message written to the log without a mail server is "logged", never "sent".
        path = directory / f"{message.id:06d}-{message.kind}-{message.status}.eml"
        path.write_bytes(build_mime(message, sender=str(sender), with_links=False).as_bytes())
    click.echo(f"wrote {len(messages)} messages to {directory}")


@click.command("send-reminders")
@click.option("--event", "event_id", type=int, help="Only this event (default: tomorrow's).")
def send_reminders_command(event_id: int | None) -> None:
    """Queue the day-before reminders for tomorrow's events, to the young people and to the
    employers (`flask periodic` runs it daily)."""
    queue_per_event(event_id, events_tomorrow,
                    lambda event: queue_reminders(event) + queue_employer_reminders(event),
                    what="reminders", day="tomorrow")


def queue_per_event(
    event_id: int | None,
    default_events: Callable[[], Sequence[Event]],
    queue: Callable[[Event], int],
    *,
    what: str,
    day: str,
) -> None:
    """Queue messages for the event `event_id` or else for `default_events()`, one transaction
    per event (the messages and their links), echoing how many `what` each got."""
    if event_id is not None:
        event = db.session.get(Event, event_id)
        if event is None:
            raise click.UsageError(f"no event {event_id}")
        events: Sequence[Event] = [event]
    else:
        events = default_events()
    for event in events:
        count = queue(event)
        db.session.commit()
        click.echo(f"event {event.id}: {count} {what} queued")
    if not events:
        click.echo(f"no event {day}")


@click.command("request-outcomes")
@click.option("--event", "event_id", type=int, help="Only this event (default: yesterday's).")
@click.option("--reminders-for", "remind_event_id", type=int,
              help="Only the reminders of this event (default: the events "
                   "OUTCOME_REMINDER_DAYS days ago).")
@with_appcontext
def request_outcomes_command(event_id: int | None, remind_event_id: int | None) -> None:
    """Queue the outcome requests to employers of yesterday's events, and the reminders to
    those who have not recorded them some days later (run daily from cron)."""
    if remind_event_id is None:
        queue_per_event(
            event_id, events_yesterday, queue_outcome_requests, what="outcome requests",
            day="yesterday",
        )
    if event_id is None:
        queue_per_event(
            remind_event_id, events_to_remind, queue_outcome_reminders,
            what="outcome reminders", day="to remind about outcomes",
        )


COMMANDS = (send_mail_command, export_mail_command, send_reminders_command,
            request_outcomes_command)
