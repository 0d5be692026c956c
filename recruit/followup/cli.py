"""`flask follow-up send`: ask the follow-up questions that are due and send the one reminder.

Run daily by the app's own schedule (`flask periodic`). Each person is
asked once and reminded once, whatever the number of runs, also when two run at once
(`recruit.followup.operations`). An event whose retention period would delete the links
before the reminder and a week to answer is skipped, and named.
"""

from __future__ import annotations

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
    if event_id is not None:
        event = db.session.get(Event, event_id)
        if event is None:
            raise click.UsageError(f"no event {event_id}")
        if not timing.due(event, now):
            day = timing.ask_day(event)
            click.echo(f"event {event.id}: no follow-up due"
                       + (f" (it is due on {day.isoformat()})" if day else " (none set)"))
            return
        event_ids = [event.id]
    else:
        event_ids = [event.id for event in operations.events_with_follow_up(now)]
    # End the reading transaction: each event's own begins with its lock (see run_for_event).
    db.session.commit()
    for one in event_ids:
        run = operations.run_for_event(one, now)
        if not run.time_to_answer:
            click.echo(f"event {one}: the retention period ends too soon to ask; keep "
                       f"personal data at least "
                       f"{timing.minimum_retention(run.event.follow_up_days or 0)} days")
        db.session.commit()
        click.echo(f"event {one}: asked {run.asked.youth} young people and "
                   f"{run.asked.employers} employers, reminded {run.reminded.youth} and "
                   f"{run.reminded.employers}")
    if not event_ids:
        click.echo("no follow-up due")


COMMANDS = (follow_up_group,)
