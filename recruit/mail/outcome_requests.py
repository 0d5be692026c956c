"""The day after the event: ask each employer to record attendance and outcomes; some days
later (`OUTCOME_REMINDER_DAYS`, default 7), remind once those who still have interviews
without one.

Run by `flask request-outcomes` (from cron once a day); it picks the events that took place
yesterday, and those that took place the reminder's number of days ago, in their own
timezone. Running it twice sends nothing twice: an employer whose request (or reminder) for
the event is already in the outbox is skipped.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app

from recruit.core import links
from recruit.extensions import db
from recruit.mail import messages, outbox
from recruit.mail.details import event_details
from recruit.models import Employer, Event, OutboxMessage, utcnow
from recruit.people.employer_link import LINK_PURPOSE
from recruit.scheduling.roster import roster_of


def events_days_ago(days: int, now: dt.datetime | None = None) -> list[Event]:
    """Events whose day was `days` days ago in the event's own timezone."""
    now = now or utcnow()
    nearby = db.session.scalars(
        sa.select(Event).where(Event.date.between(now.date() - dt.timedelta(days=days + 1),
                                                  now.date() - dt.timedelta(days=days - 1)))
    )
    return [
        event for event in nearby
        if event.date == now.astimezone(ZoneInfo(event.timezone)).date() - dt.timedelta(days=days)
    ]


def events_yesterday(now: dt.datetime | None = None) -> list[Event]:
    """Events whose day was yesterday in the event's own timezone."""
    return events_days_ago(1, now)


def events_to_remind(now: dt.datetime | None = None) -> list[Event]:
    """Events whose outcome reminder is due today."""
    return events_days_ago(int(current_app.config["OUTCOME_REMINDER_DAYS"]), now)


def _already_asked(event: Event, kind: str = messages.OUTCOME_REQUEST) -> set[str]:
    return set(db.session.scalars(
        sa.select(OutboxMessage.recipient).where(
            OutboxMessage.event_id == event.id,
            OutboxMessage.kind == kind,
        )
    ))


def _approved_employers(event: Event) -> list[Employer]:
    return list(db.session.scalars(
        sa.select(Employer)
        .where(Employer.event_id == event.id, Employer.status == "approved")
        .order_by(Employer.id)
    ))


def queue_outcome_reminders(event: Event) -> int:
    """Queue one reminder per approved employer whose roster still has interviews with
    nothing recorded (neither attendance nor outcome). Returns how many; flushes."""
    reminded = _already_asked(event, messages.OUTCOME_REMINDER)
    queued = 0
    for employer in _approved_employers(event):
        roster = roster_of(employer) or []
        missing = sum(
            1 for entry in roster
            if not entry.cancelled and entry.interview.attended is None
        )
        if employer.email in reminded or not missing:
            continue
        _link, token = links.issue(employer, LINK_PURPOSE)
        rendered = messages.outcome_reminder(
            employer.locale,
            event=event_details(event),
            contact_name=employer.contact_name,
            company_name=employer.company_name,
            employer_url=links.absolute_url("employers.link", token=token),
            missing=missing,
        )
        outbox.queue_rendered(db.session, rendered, to=employer.email, event_id=event.id)
        reminded.add(employer.email)
        queued += 1
    db.session.flush()
    return queued


def queue_outcome_requests(event: Event) -> int:
    """Queue one request per approved employer with interviews on the published roster.

    Returns how many were queued; flushes, the caller commits.
    """
    asked = _already_asked(event)
    queued = 0
    for employer in _approved_employers(event):
        roster = roster_of(employer) or []
        if employer.email in asked or not any(not entry.cancelled for entry in roster):
            continue
        _link, token = links.issue(employer, LINK_PURPOSE, for_mail=True)
        rendered = messages.outcome_request(
            employer.locale,
            event=event_details(event),
            contact_name=employer.contact_name,
            company_name=employer.company_name,
            employer_url=links.absolute_url("employers.link", token=token),
        )
        outbox.queue_rendered(db.session, rendered, to=employer.email, event_id=event.id)
        asked.add(employer.email)
        queued += 1
    db.session.flush()
    return queued
