"""Employers signing themselves up on the public form, and their approval by staff.

A sign-up is saved whole or not at all: the employer, their times and their vacancies are added
to the caller's session and flushed together; the caller commits once. A new sign-up waits as
`pending` until staff approve it; approving issues the employer's private link and queues the
e-mail that carries it in the same transaction, so the link is sent exactly when the approval is
saved (DESIGN §5, "no lost message").
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from recruit import audit, links, mail, messages
from recruit.extensions import db
from recruit.message_details import event_details
from recruit.models import Employer, EmployerWindow, Event, StaffUser, Vacancy, utcnow
from recruit.models.event import LANGUAGE_CODES
from recruit.operations import people
from recruit.operations.people import EmployerData, OperationError, VacancyData

LINK_PURPOSE = "employer"


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
        locale=locale if locale in LANGUAGE_CODES else "fi",
        consent_version=consent_version,
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
    return employer


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

    The status change sends `people.employer_approved`, whose receiver below issues a fresh
    link and queues its e-mail; a second approval sends nothing. Flushes; the caller commits.
    """
    people.set_employer_status(employer, "approved", by)


def _on_employer_approved(employer: Employer, **_kwargs: Any) -> None:
    send_employer_link(employer)


def connect_approval_mail() -> None:
    """Send the link e-mail whenever an employer becomes approved (called from init_app).

    Blinker keeps one connection per receiver, so apps built again (tests) add no second one.
    """
    people.employer_approved.connect(_on_employer_approved, weak=False)


def send_employer_link(employer: Employer) -> str:
    """Revoke the employer's earlier links, issue a new one and queue the approval e-mail."""
    _link, token = links.reissue(employer, LINK_PURPOSE)
    rendered = messages.employer_approved(
        employer.locale,
        event=event_details(employer.event),
        contact_name=employer.contact_name,
        company_name=employer.company_name,
        employer_url=links.absolute_url("employers.link", token=token),
    )
    mail.queue_rendered(db.session, rendered, to=employer.email, event_id=employer.event_id)
    return token


def send_link_again(event: Event, email: str) -> None:
    """"Send me my link again": a new link by e-mail to each approved employer of the event
    with this contact address. Flushes; the caller commits.

    The caller shows the same page whether or not the address is known. Older links keep
    working: a stranger asking must not be able to break the employer's link.
    """
    address = email.strip().lower()
    employers = db.session.scalars(
        sa.select(Employer).where(
            Employer.event_id == event.id,
            Employer.email == address,
            Employer.status == "approved",
        ).order_by(Employer.id)
    )
    for employer in employers:
        _link, token = links.issue(employer, LINK_PURPOSE)
        rendered = messages.link_again(
            employer.locale,
            event=event_details(event),
            name=employer.contact_name,
            link_url=links.absolute_url("employers.link", token=token),
        )
        mail.queue_rendered(db.session, rendered, to=employer.email, event_id=event.id)
    db.session.flush()


def employer_of_token(token: str) -> Employer | None:
    """The approved employer whose usable link this is, or None (the caller answers 404).

    A rejected or pending employer's link opens nothing, like a revoked one.
    """
    link = links.resolve(token, LINK_PURPOSE)
    if link is None or link.employer is None or link.employer.status != "approved":
        return None
    return link.employer
