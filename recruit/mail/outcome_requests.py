"""The day after the event: ask each employer to record attendance and outcomes.

Run by `flask request-outcomes` (from cron once a day); it picks the events that took place
yesterday in their own timezone. Running it twice sends nothing twice: an employer whose
request for the event is already in the outbox is skipped.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from recruit.core import links
from recruit.extensions import db
from recruit.mail import messages, outbox
from recruit.mail.details import event_details
from recruit.models import Employer, Event, OutboxMessage, utcnow
from recruit.people.employer_link import LINK_PURPOSE
from recruit.scheduling.roster import roster_of


def events_yesterday(now: dt.datetime | None = None) -> list[Event]:
    """Events whose day was yesterday in the event's own timezone."""
    now = now or utcnow()
    nearby = db.session.scalars(
        sa.select(Event).where(Event.date.between(now.date() - dt.timedelta(days=2), now.date()))
    )
    return [
        event for event in nearby
        if event.date == now.astimezone(ZoneInfo(event.timezone)).date() - dt.timedelta(days=1)
    ]


def _already_asked(event: Event) -> set[str]:
    return set(db.session.scalars(
        sa.select(OutboxMessage.recipient).where(
            OutboxMessage.event_id == event.id,
            OutboxMessage.kind == messages.OUTCOME_REQUEST,
        )
    ))


def queue_outcome_requests(event: Event) -> int:
    """Queue one request per approved employer with interviews on the published roster.

    Returns how many were queued; flushes, the caller commits.
    """
    asked = _already_asked(event)
    employers = db.session.scalars(
        sa.select(Employer)
        .where(Employer.event_id == event.id, Employer.status == "approved")
        .order_by(Employer.id)
    )
    queued = 0
    for employer in employers:
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
