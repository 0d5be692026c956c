"""`flask follow-up send`: ask the follow-up questions that are due and send the one reminder.

Run daily (config/systemd/tasmarekry-follow-up.timer, or config/periodic.sh). Each person is
asked once and reminded once, whatever the number of runs, also when two run at once
(`recruit.followup.operations`). An event whose retention period would delete the links
before the reminder and a week to answer is skipped, and named.
"""

from __future__ import annotations

from collections.abc import Sequence

import click

from recruit.extensions import db
from recruit.followup import operations, timing
from recruit.models import Event, utcnow


@click.group("follow-up")
def follow_up_group() -> None:
    """The impact follow-up months after an event."""


@follow_up_group.command("send")
@click.option("--event", "event_id", type=int,
              help="Only this event (default: every event whose follow-up is due).")
def send_command(event_id: int | None) -> None:
    """Ask the due follow-up questions and remind once those who have not answered."""
    now = utcnow()
    events: Sequence[Event]
    if event_id is not None:
        event = db.session.get(Event, event_id)
        if event is None:
            raise click.UsageError(f"no event {event_id}")
        if not timing.due(event, now):
            day = timing.ask_day(event)
            click.echo(f"event {event.id}: no follow-up due"
                       + (f" (it is due on {day.isoformat()})" if day else " (none set)"))
            return
        events = [event]
    else:
        events = operations.events_with_follow_up(now)
    for event in events:
        asked = operations.Queued()
        if timing.time_to_answer(event, now):
            asked = operations.queue_questions(event, now)
        else:
            click.echo(f"event {event.id}: the retention period ends too soon to ask; "
                       f"keep personal data at least "
                       f"{timing.minimum_retention(event.follow_up_days or 0)} days")
        reminded = operations.queue_reminders(event, now)
        db.session.commit()
        click.echo(f"event {event.id}: asked {asked.youth} young people and {asked.employers} "
                   f"employers, reminded {reminded.youth} and {reminded.employers}")
    if not events:
        click.echo("no follow-up due")


COMMANDS = (follow_up_group,)
