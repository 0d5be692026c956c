"""Ask, remind and record the follow-up; every step safe to run twice or at the same time.

- `queue_questions(event)`: one e-mail to each young person who consented (active sign-ups)
  and to each approved employer who had interviews, unless already asked. The ask is a
  `FollowUpRequest` row inserted under its unique key in a savepoint, with the e-mail in the
  same transaction: a second run, or one racing this one, finds the row (or loses the insert)
  and sends nothing.
- `queue_reminders(event)`: once, `FOLLOW_UP_REMINDER_DAYS` after the question, to those who
  have not answered. One conditional UPDATE claims the reminder, so it goes once.
- `record_youth_answer` / `record_employer_answer`: one conditional UPDATE marks the request
  answered, then the anonymous answer is added; a second submission changes nothing.
Operations flush; the caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from recruit.booking.operations import lock_row
from recruit.core import links
from recruit.extensions import db
from recruit.followup import timing
from recruit.mail import messages
from recruit.mail.details import event_details
from recruit.mail.outbox import queue_rendered
from recruit.models import (
    Candidate,
    Employer,
    Event,
    FollowUpAnswer,
    FollowUpRequest,
    Interview,
    utcnow,
)

LINK_PURPOSE = "follow_up"


@dataclass(frozen=True)
class Queued:
    youth: int = 0
    employers: int = 0


def events_with_follow_up(now: datetime | None = None) -> list[Event]:
    """Events whose follow-up is due and whose personal data is still kept (a short list:
    only events within their retention period qualify)."""
    now = now or utcnow()
    candidates = db.session.scalars(
        sa.select(Event)
        .where(Event.follow_up_days.is_not(None), Event.personal_data_deleted_at.is_(None),
               Event.date < now.date())
        .order_by(Event.date, Event.id)
    )
    return [event for event in candidates if timing.due(event, now)]


@dataclass(frozen=True)
class EventRun:
    event: Event
    asked: Queued
    reminded: Queued
    # False when the links would expire too soon to ask (retention shorter than needed).
    time_to_answer: bool = True


def run_for_event(event_id: int, now: datetime | None = None) -> EventRun:
    """Ask and remind for one event, holding the event's row lock for the transaction, so
    that two runs at once take turns (the second then finds everything done). The lock is
    the transaction's first statement: on SQLite a write lock taken after a read may fail
    rather than wait. The caller commits."""
    now = now or utcnow()
    lock_row(Event, event_id)
    event = db.session.get(Event, event_id)
    assert event is not None  # rows are never deleted while their id is in hand here
    fits = timing.time_to_answer(event, now)
    asked = queue_questions(event, now) if fits else Queued()
    return EventRun(event, asked, queue_reminders(event, now), fits)


def _consenting_youth(event: Event) -> list[Candidate]:
    return list(db.session.scalars(
        sa.select(Candidate)
        .outerjoin(FollowUpRequest, FollowUpRequest.candidate_id == Candidate.id)
        .where(Candidate.event_id == event.id, Candidate.status == "active",
               Candidate.follow_up_consent_at.is_not(None), FollowUpRequest.id.is_(None))
        .order_by(Candidate.id)
    ))


def _interviewing_employers(event: Event) -> list[Employer]:
    had_interviews = sa.select(Interview.id).where(
        Interview.employer_id == Employer.id, Interview.cancelled_at.is_(None)
    ).exists()
    return list(db.session.scalars(
        sa.select(Employer)
        .outerjoin(FollowUpRequest, FollowUpRequest.employer_id == Employer.id)
        .where(Employer.event_id == event.id, Employer.status == "approved", had_interviews,
               FollowUpRequest.id.is_(None))
        .order_by(Employer.id)
    ))


def _claim_ask(event: Event, person: Candidate | Employer, now: datetime) -> bool:
    """Insert the person's request; False when another run already has (unique key)."""
    owner = ({"candidate_id": person.id} if isinstance(person, Candidate)
             else {"employer_id": person.id})
    try:
        with db.session.begin_nested():
            db.session.add(FollowUpRequest(event_id=event.id, asked_at=now, **owner))
    except IntegrityError:
        return False
    return True


def _form_url(person: Candidate | Employer) -> str:
    _link, token = links.issue(person, LINK_PURPOSE, flush=False, for_mail=True)
    return links.absolute_url("follow_up.form", token=token)


def _queue_mail(event: Event, person: Candidate | Employer, *, reminder: bool) -> None:
    details = event_details(event)
    if isinstance(person, Candidate):
        rendered = messages.follow_up_youth(
            person.locale, event=details, first_name=person.first_name,
            form_url=_form_url(person), reminder=reminder)
    else:
        rendered = messages.follow_up_employer(
            person.locale, event=details, contact_name=person.contact_name,
            form_url=_form_url(person), reminder=reminder)
    queue_rendered(db.session, rendered, to=person.email, event_id=event.id)


def queue_questions(event: Event, now: datetime | None = None) -> Queued:
    """Ask everyone of `event` not yet asked; returns how many of each were asked."""
    now = now or utcnow()
    youth = employers = 0
    for candidate in _consenting_youth(event):
        if _claim_ask(event, candidate, now):
            _queue_mail(event, candidate, reminder=False)
            youth += 1
    for employer in _interviewing_employers(event):
        if _claim_ask(event, employer, now):
            _queue_mail(event, employer, reminder=False)
            employers += 1
    db.session.flush()
    return Queued(youth, employers)


def queue_reminders(event: Event, now: datetime | None = None) -> Queued:
    """Remind once everyone asked at least `FOLLOW_UP_REMINDER_DAYS` ago who has not answered."""
    now = now or utcnow()
    if now >= timing.links_live_until(event):
        return Queued()
    requests = db.session.scalars(
        sa.select(FollowUpRequest)
        .where(FollowUpRequest.event_id == event.id, FollowUpRequest.answered.is_(False),
               FollowUpRequest.reminded_at.is_(None),
               FollowUpRequest.asked_at <= now - timing.reminder_after())
        .order_by(FollowUpRequest.id)
    ).all()
    youth = employers = 0
    for request in requests:
        claimed = _updated(
            sa.update(FollowUpRequest)
            .where(FollowUpRequest.id == request.id, FollowUpRequest.reminded_at.is_(None),
                   FollowUpRequest.answered.is_(False))
            .values(reminded_at=now)
        )
        if not claimed:
            continue
        if request.candidate_id is not None:
            candidate = db.session.get(Candidate, request.candidate_id)
            if candidate is None or candidate.status != "active":
                continue
            _queue_mail(event, candidate, reminder=True)
            youth += 1
        elif (employer := db.session.get(Employer, request.employer_id)) is not None:
            _queue_mail(event, employer, reminder=True)
            employers += 1
    db.session.flush()
    return Queued(youth, employers)


def _updated(statement: sa.Update) -> int:
    """Run a conditional UPDATE; how many rows it changed (0: another run got there first)."""
    result = db.session.execute(statement.execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0)


def request_of(person: Candidate | Employer) -> FollowUpRequest | None:
    column = (FollowUpRequest.candidate_id if isinstance(person, Candidate)
              else FollowUpRequest.employer_id)
    return db.session.scalar(sa.select(FollowUpRequest).where(column == person.id))


def _claim_answer(person: Candidate | Employer) -> bool:
    """Mark the person's request answered; False when it was already (or never asked)."""
    column = (FollowUpRequest.candidate_id if isinstance(person, Candidate)
              else FollowUpRequest.employer_id)
    return bool(_updated(
        sa.update(FollowUpRequest)
        .where(column == person.id, FollowUpRequest.answered.is_(False))
        .values(answered=True)
    ))


def record_youth_answer(candidate: Candidate, situation: str, helped: str) -> bool:
    """Store a young person's answer once; False when they had already answered. Flushes."""
    if not _claim_answer(candidate):
        return False
    db.session.add(FollowUpAnswer(event_id=candidate.event_id, audience="youth",
                                  situation=situation, helped=helped))
    db.session.flush()
    return True


def record_employer_answer(employer: Employer, hires: int) -> bool:
    """Store an employer's answer once; False when they had already answered. Flushes."""
    if not _claim_answer(employer):
        return False
    db.session.add(FollowUpAnswer(event_id=employer.event_id, audience="employer", hires=hires))
    db.session.flush()
    return True
