"""Withdrawing consent without erasure (a young person), and erasing an employer's contact
details (from their private link).

A young person has two consents:
- to the processing described in the privacy notice (the sign-up itself). Withdrawing it
  cancels the sign-up now: every interview is cancelled through the change path (they and the
  employers are told), they leave the pool, and their data is erased by the first purge run
  `WITHDRAWN_DATA_KEPT_HOURS` after the withdrawal (`erase_withdrawn`), which gives them the
  time to download it. Until then their link shows their data and nothing else happens with
  it. Signing up again with the same address and confirming gives consent anew.
- to showing their introduction, e-mail and phone number to the employers they meet
  (`share_with_employers`, optional). Withdrawing it hides them from the rosters at once;
  nothing else changes.

An employer's contact person can erase their contact details: the company leaves the event
(its interviews are cancelled through the change path, so the young people are told), the
contact name, address, e-mail and phone are blanked, its links stop and every e-mail naming
the contact is deleted (once sent, for those still owed). The company and its vacancies stay,
anonymised, for the event's statistics.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from recruit.booking.operations import lock_row
from recruit.core import audit
from recruit.extensions import db
from recruit.models import BookingLink, Candidate, Employer, Event, utcnow
from recruit.people.operations import (
    cancel_candidate_interviews,
    cancel_employer_interviews,
    delete_candidate,
)
from recruit.privacy import outbox as privacy_outbox
from recruit.privacy.retention import ERASED_DOMAIN


def erasure_due(candidate: Candidate) -> datetime | None:
    """When a withdrawn person's data is erased (the first purge after this instant)."""
    if candidate.consent_withdrawn_at is None:
        return None
    hours = int(current_app.config["WITHDRAWN_DATA_KEPT_HOURS"])
    return candidate.consent_withdrawn_at + timedelta(hours=hours)


def withdraw_consent(candidate: Candidate) -> int:
    """Withdraw the person's consent to processing; returns how many interviews this call
    cancelled. Doing it again changes nothing. Flushes; the caller commits and offers the
    freed times to the waiting list."""
    lock_row(Event, candidate.event_id)  # the order of a cancel (booking.operations)
    lock_row(Candidate, candidate.id)
    db.session.refresh(candidate)
    if candidate.consent_withdrawn_at is not None:
        return 0
    candidate.consent_withdrawn_at = utcnow()
    candidate.status = "cancelled"
    candidate.share_with_employers = False
    db.session.flush()
    return cancel_candidate_interviews(candidate, reason="candidate.withdraw_consent")


def stop_sharing(candidate: Candidate) -> bool:
    """Withdraw the consent to show the introduction and contact details to employers; True
    when it was given. Flushes."""
    if not candidate.share_with_employers:
        return False
    candidate.share_with_employers = False
    db.session.flush()
    return True


def erase_withdrawn(now: datetime | None = None) -> int:
    """Erase everyone whose consent was withdrawn long enough ago; returns how many. The
    caller commits."""
    now = now or utcnow()
    hours = int(current_app.config["WITHDRAWN_DATA_KEPT_HOURS"])
    due = db.session.scalars(
        sa.select(Candidate)
        .where(Candidate.consent_withdrawn_at.is_not(None),
               Candidate.consent_withdrawn_at <= now - timedelta(hours=hours))
        .order_by(Candidate.id)
    ).all()
    for candidate in due:
        delete_candidate(candidate, None)
    return len(due)


def employer_needles(employer: Employer) -> list[str]:
    """The strings that identify the contact person in free text (e-mails)."""
    return [value for value in (employer.email, employer.contact_name, employer.phone)
            if value and value.strip()]


def erase_employer_contact(employer: Employer) -> int:
    """Erase the employer's contact details; returns how many interviews were cancelled.

    Flushes; the caller commits and offers the freed young people the waiting list.
    """
    lock_row(Event, employer.event_id)
    lock_row(Employer, employer.id)
    db.session.refresh(employer)
    needles = employer_needles(employer)
    audit.record("employer.erase_contact", employer, None)
    # Out of the event first, so nothing new is planned with a company nobody can reach.
    employer.status = "rejected"
    db.session.flush()
    # The young people hear of every cancelled interview; the employer, leaving, gets no
    # roster e-mail (`employers_told`).
    cancelled = cancel_employer_interviews(employer, employers_told={employer.id})
    privacy_outbox.forget(employer.event_id, needles)
    employer.contact_name = ""
    employer.email = f"erased-{employer.id}{ERASED_DOMAIN}"
    employer.phone = ""
    employer.address = ""
    employer.contact_erased_at = utcnow()
    db.session.execute(sa.delete(BookingLink).where(BookingLink.employer_id == employer.id)
                       .execution_options(synchronize_session=False))
    db.session.flush()
    return cancelled
