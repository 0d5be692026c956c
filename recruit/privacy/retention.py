"""Retention: an event's personal data is deleted when its retention period has passed.

The period ends at the same instant the event's private links expire (midnight after the
event day plus `Event.retention_days`, `recruit.core.links.link_expiry`). The purge then
- blanks names, addresses, phone numbers, introductions and interview notes, and deletes a
  young person's times, ranked jobs and cards, the employers' contact details, every link of
  the event (booking, employer, check-in, calendar feeds, follow-up), every e-mail and text
  message of the event, the consents to the follow-up and to texts, and the record of what
  each person was told;
- keeps what the reports count and nothing that leads to a person: a sign-up's status,
  priority flag, birth year (age groups) and languages; the employers' companies and
  vacancies; the interviews' times, attendance and outcomes; the solver's runs (left-out
  reasons as card codes), the published versions (ids and times only), the follow-up's
  answers (stored without the person from the start, `recruit.models.follow_up`) and whether
  each (now anonymous) sign-up or employer was asked and answered, for the response rate.
Running it again changes nothing. The caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from recruit.core import audit, links
from recruit.extensions import db
from recruit.models import (
    BookingLink,
    Candidate,
    CandidateInterest,
    CandidateWindow,
    Employer,
    Event,
    Interview,
    OutboxMessage,
    SmsMessage,
    ToldInterview,
    utcnow,
)
from recruit.models.candidate import CHANNEL_EMAIL, candidate_card
from recruit.models.outbox import DELIVERED_STATUSES

# Reserved for documentation (RFC 2606): an erased address can never reach anyone.
ERASED_DOMAIN = "@erased.invalid"


def deletion_due(event: Event) -> datetime:
    """When the event's personal data is deleted (as a UTC instant)."""
    return links.link_expiry(event)


@dataclass(frozen=True)
class PurgeReport:
    event_id: int
    candidates: int
    employers: int
    messages: int
    links: int


def _erased_address(column: sa.orm.InstrumentedAttribute[int]) -> sa.ColumnElement[str]:
    return sa.literal("erased-") + sa.cast(column, sa.String) + ERASED_DOMAIN


def _run(statement: sa.Executable) -> int:
    result = db.session.execute(statement.execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0)


def purge_event(event: Event, *, now: datetime | None = None) -> PurgeReport:
    """Delete the event's personal data, keeping the anonymous figures; flushes."""
    people = sa.select(Candidate.id).where(Candidate.event_id == event.id).scalar_subquery()
    _run(sa.delete(CandidateWindow).where(CandidateWindow.candidate_id.in_(people)))
    _run(sa.delete(CandidateInterest).where(CandidateInterest.candidate_id.in_(people)))
    _run(sa.delete(candidate_card).where(candidate_card.c.candidate_id.in_(people)))
    candidates = _run(
        sa.update(Candidate).where(Candidate.event_id == event.id).values(
            first_name="", last_name="", email=_erased_address(Candidate.id), phone="",
            introduction="", share_with_employers=False, follow_up_consent_at=None,
            sms_consent_at=None, contact_channel=CHANNEL_EMAIL,
        )
    )
    employers = _run(
        sa.update(Employer).where(Employer.event_id == event.id).values(
            contact_name="", email=_erased_address(Employer.id), phone="", address="",
        )
    )
    _run(sa.update(Interview).where(Interview.event_id == event.id).values(outcome_note=""))
    _run(sa.delete(ToldInterview).where(ToldInterview.event_id == event.id))
    messages = _run(sa.delete(OutboxMessage).where(OutboxMessage.event_id == event.id))
    messages += _run(sa.delete(SmsMessage).where(SmsMessage.event_id == event.id))
    removed_links = _run(sa.delete(BookingLink).where(BookingLink.event_id == event.id))
    event.personal_data_deleted_at = now or utcnow()
    audit.record("event.purge_personal_data", event, None)
    db.session.flush()
    db.session.expire_all()
    return PurgeReport(event.id, candidates, employers, messages, removed_links)


def events_due(now: datetime | None = None) -> list[Event]:
    """Events whose retention period has passed and whose data is not yet deleted.

    Filtered by date in the database (an event ends at least a day before its data goes),
    then by the exact instant, which depends on the event's time zone.
    """
    now = now or utcnow()
    candidates = db.session.scalars(
        sa.select(Event)
        .where(Event.personal_data_deleted_at.is_(None), Event.date < now.date())
        .order_by(Event.date, Event.id)
    )
    return [event for event in candidates if deletion_due(event) <= now]


def sweep_erased_messages() -> int:
    """Delete delivered messages marked for erasure that a sender finished while the mark
    was being set (the sender deletes them itself otherwise)."""
    return _run(
        sa.delete(OutboxMessage).where(
            OutboxMessage.erase_when_sent.is_(True),
            OutboxMessage.status.in_(DELIVERED_STATUSES),
        )
    )


def purge_due(now: datetime | None = None) -> list[PurgeReport]:
    """Purge every event whose time has come, committing after each one."""
    reports = []
    for event in events_due(now):
        reports.append(purge_event(event, now=now))
        db.session.commit()
    sweep_erased_messages()
    db.session.commit()
    return reports
