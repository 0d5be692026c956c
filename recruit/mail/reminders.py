"""The day-before reminder: every young person with a live interview gets it the way they
chose (`recruit.people.contact_channel`): an e-mail, a text message (`recruit.sms`) or both.

Run by `flask send-reminders` (from cron once a day, e.g. at 10:00); it picks the events that
take place tomorrow in their own timezone. Running it twice sends nothing twice: a person
whose reminder for the event is already in the outbox (or SMS outbox) is skipped.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from recruit.booking.operations import YouthInterview, visible_interviews
from recruit.core import links
from recruit.core.i18n import format_minute
from recruit.extensions import db
from recruit.mail import messages
from recruit.mail.details import InterviewDetails, event_details
from recruit.mail.outbox import queue_rendered
from recruit.models import Candidate, Employer, Event, PublishedEntry, utcnow
from recruit.models.outbox import OutboxMessage
from recruit.people.employer_link import LINK_PURPOSE
from recruit.scheduling.queries import latest_version
from recruit.sms.notices import queue_sms_reminders
from recruit.sms.outbox import texts_instead_of_email


def events_tomorrow(now: dt.datetime | None = None) -> list[Event]:
    """Events whose day is tomorrow in the event's own timezone."""
    now = now or utcnow()
    candidates = db.session.scalars(
        sa.select(Event).where(Event.date.between(now.date(), now.date() + dt.timedelta(days=2)))
    )
    return [
        event
        for event in candidates
        if event.date == now.astimezone(ZoneInfo(event.timezone)).date() + dt.timedelta(days=1)
    ]


def _details(event: Event, item: YouthInterview, locale: str) -> InterviewDetails:
    assert item.interview is not None  # only live interviews are reminded of
    return InterviewDetails(
        uid=item.interview.uid,
        sequence=item.interview.sequence,
        start=event.local_datetime(item.start_minute),
        end=event.local_datetime(item.end_minute),
        employer_name=item.employer.company_name,
        vacancy_title=item.vacancy.title,
        table_label=str(item.table_no),
        what_to_bring=tuple(card.name_for(locale) for card in item.vacancy.requirements),
    )


def queue_reminders(event: Event) -> int:
    """Queue the reminder for each active person with live interviews: an e-mail unless they
    chose texts only, and a text to those who chose texts (`recruit.sms.notices`). Returns how
    many messages were queued; the caller commits."""
    reminded = set(
        db.session.scalars(
            sa.select(OutboxMessage.recipient).where(
                OutboxMessage.event_id == event.id,
                OutboxMessage.kind == messages.INTERVIEW_REMINDER,
            )
        )
    )
    queued = 0
    people = db.session.scalars(
        sa.select(Candidate)
        .where(Candidate.event_id == event.id, Candidate.status == "active")
        .order_by(Candidate.id)
    )
    texts: list[tuple[Candidate, list[InterviewDetails]]] = []
    for candidate in people:
        coming = [
            item
            for item in visible_interviews(candidate)
            if item.live and item.response != "declined"
        ]
        if not coming:
            continue
        details = [_details(event, item, candidate.locale) for item in coming]
        texts.append((candidate, details))
        if candidate.email in reminded or texts_instead_of_email(candidate):
            continue
        rendered = messages.interview_reminder(
            candidate.locale,
            event=event_details(event),
            interviews=details,
            first_name=candidate.first_name,
            booking_url=links.new_booking_url(candidate),
        )
        queue_rendered(db.session, rendered, to=candidate.email, event_id=event.id)
        reminded.add(candidate.email)
        queued += 1
    return queued + queue_sms_reminders(event, texts)


def queue_employer_reminders(event: Event) -> int:
    """Queue the day-before e-mail to each approved employer with interviews in the published
    schedule (what their roster page shows): how many, from when to when, and the link.
    An employer already reminded for the event is skipped. Returns how many were queued."""
    version = latest_version(event)
    if version is None:
        return 0
    reminded = set(db.session.scalars(sa.select(OutboxMessage.recipient).where(
        OutboxMessage.event_id == event.id, OutboxMessage.kind == messages.EMPLOYER_REMINDER)))
    rosters = db.session.execute(
        sa.select(Employer, sa.func.count(), sa.func.min(PublishedEntry.start_minute),
                  sa.func.max(PublishedEntry.end_minute))
        .join(PublishedEntry, PublishedEntry.employer_id == Employer.id)
        .where(PublishedEntry.version_id == version.id, Employer.status == "approved")
        .group_by(Employer.id)
        .order_by(Employer.id)
    ).all()
    queued = 0
    for employer, count, first_start, last_end in rosters:
        if employer.email in reminded:
            continue
        _link, token = links.issue(employer, LINK_PURPOSE, for_mail=True)
        locale = employer.locale or "fi"
        rendered = messages.employer_reminder(
            employer.locale,
            event=event_details(event),
            contact_name=employer.contact_name,
            company_name=employer.company_name,
            employer_url=links.absolute_url("employers.link", token=token),
            interview_count=count,
            first_start=format_minute(first_start, locale),
            last_end=format_minute(last_end, locale),
        )
        queue_rendered(db.session, rendered, to=employer.email, event_id=event.id)
        reminded.add(employer.email)
        queued += 1
    return queued
