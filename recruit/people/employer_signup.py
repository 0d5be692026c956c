"""Employers signing themselves up on the public form, and their approval by staff.

A sign-up is saved whole or not at all: the employer, their times and their vacancies are added
to the caller's session and flushed together with the receipt e-mail; the caller commits once.
A second sign-up with a business id already signed up is saved and flagged to staff (see
`queries.duplicate_business_ids`), and its receipt says so. A new sign-up waits as
`pending` until staff approve it; approving issues the employer's private link and queues the
e-mail that carries it in the same transaction, so the link is sent exactly when the approval is
saved (DESIGN §5, "no lost message").
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from recruit.core import audit
from recruit.extensions import db
from recruit.models import Employer, EmployerWindow, Event, StaffUser, Vacancy, utcnow
from recruit.models.event import LANGUAGE_CODES
from recruit.people import employer_notices
from recruit.people import operations as people
from recruit.people.operations import EmployerData, OperationError, VacancyData
from recruit.privacy import notices


def signup_is_open(event: Event, now: datetime | None = None) -> bool:
    """Before the deadline, and in any case before the event's first interview (an event
    without a deadline does not take sign-ups after it has begun)."""
    now = now or utcnow()
    return event.signup_open(now) and now < event.local_datetime(event.start_minute)


def sign_up_employer(
    event: Event,
    data: EmployerData,
    vacancies: list[VacancyData],
    *,
    consent_version: str,
    locale: str,
) -> Employer:
    """Add a pending employer with their times and vacancies; flushes, the caller commits.

    The form has checked each field; the rules that decide whether the sign-up may exist at all
    are checked again here, because a deadline can pass between showing and sending the form.
    """
    if not signup_is_open(event):
        raise OperationError(_l("Sign-up for this event has closed."))
    if not vacancies:
        raise OperationError(_l("Add at least one vacancy."), field="vacancies")
    if not consent_version:
        raise OperationError(_l("Please accept the privacy notice."), field="consent")
    # Read before the employer joins the event: a lazy load here would autoflush a half-built row.
    allowed_cards = {card.id: card for card in event.cards}
    already_signed_up = signed_up_before(event, data.business_id)
    locale = locale if locale in LANGUAGE_CODES else "fi"
    # The notice as the form linked to it, stored before the employer joins the session.
    notice = notices.notice_for(notices.EMPLOYER, event, locale)
    employer = Employer(
        event=event,
        status="pending",
        company_name=data.company_name.strip(),
        business_id=data.business_id,
        contact_name=data.contact_name.strip(),
        email=data.email.strip().lower(),
        phone=data.phone,
        address=data.address.strip(),
        interview_minutes=data.interview_minutes,
        tables=data.tables,
        min_candidates=data.min_candidates,
        max_candidates=data.max_candidates,
        locale=locale,
        consent_version=notice.version,
        consent_notice_sha256=notice.sha256,
        consent_at=utcnow(),
    )
    employer.windows = [
        EmployerWindow(kind=kind, start_minute=start, end_minute=end)
        for kind, windows in (("available", data.available), ("break", data.breaks))
        for start, end in windows
    ]
    employer.vacancies = [_vacancy(item, allowed_cards) for item in vacancies]
    db.session.add(employer)
    db.session.flush()
    # No staff user: the entry records that the employer signed up on the public form.
    audit.record("employer.signup", employer, None)
    employer_notices.send_receipt(employer, already_signed_up=already_signed_up)
    return employer


def signed_up_before(event: Event, business_id: str) -> bool:
    """True when a sign-up of the event, not rejected, already has this business id. The
    new one is still saved (a company may sign up two units) and staff see both flagged."""
    return db.session.scalar(
        sa.select(
            sa.exists().where(
                Employer.event_id == event.id,
                Employer.business_id == business_id,
                Employer.status != "rejected",
            )
        )
    ) is True


def _vacancy(data: VacancyData, allowed_cards: dict[int, Any]) -> Vacancy:
    return Vacancy(
        title=data.title.strip(),
        description=data.description.strip(),
        positions=data.positions,
        languages=[code for code in data.languages if code in LANGUAGE_CODES],
        min_age=data.min_age,
        # Only cards on the event's own list; anything else sent in is ignored, not trusted.
        requirements=[
            allowed_cards[card_id] for card_id in dict.fromkeys(data.card_ids)
            if card_id in allowed_cards
        ],
    )


def approve_employer(employer: Employer, by: StaffUser | None = None) -> None:
    """Approve a sign-up (staff's "approve" button does the same through people).

    The status change issues a fresh link and queues its e-mail
    (`employer_link.send_employer_link`); a second approval sends nothing. Flushes; the caller
    commits.
    """
    people.set_employer_status(employer, "approved", by)
