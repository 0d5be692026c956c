"""The e-mails an employer gets about their sign-up: the receipt and, if it comes to that,
the rejection. Queued in the transaction that saves the sign-up or the decision."""

from __future__ import annotations

from recruit.extensions import db
from recruit.mail import outbox, signup_messages
from recruit.mail.details import event_details
from recruit.models import Employer


def send_receipt(employer: Employer, *, already_signed_up: bool) -> None:
    """"We have your sign-up": what was received, and whether the same business id had
    already signed up for the event."""
    rendered = signup_messages.employer_received(
        employer.locale,
        event=event_details(employer.event),
        contact_name=employer.contact_name,
        company_name=employer.company_name,
        vacancy_titles=[vacancy.title for vacancy in employer.vacancies],
        already_signed_up=already_signed_up,
    )
    outbox.queue_rendered(db.session, rendered, to=employer.email, event_id=employer.event_id)


def send_rejection(employer: Employer) -> None:
    rendered = signup_messages.employer_rejected(
        employer.locale,
        event=event_details(employer.event),
        contact_name=employer.contact_name,
        company_name=employer.company_name,
    )
    outbox.queue_rendered(db.session, rendered, to=employer.email, event_id=employer.event_id)
