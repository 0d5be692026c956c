"""The employer's private link: issued on approval, sent again on request, resolved to the
employer on every visit."""

from __future__ import annotations

import sqlalchemy as sa

from recruit.core import links, throttle
from recruit.extensions import db
from recruit.mail import messages, outbox
from recruit.mail.details import event_details
from recruit.models import Employer, Event

LINK_PURPOSE = "employer"


def send_employer_link(employer: Employer) -> str:
    """Revoke the employer's earlier links, issue a new one and queue the approval e-mail.

    Returns the placeholder that stands for the new token in the stored e-mail
    (`links.fill_mail_links` turns it into the token)."""
    _link, token = links.reissue(employer, LINK_PURPOSE, for_mail=True)
    rendered = messages.employer_approved(
        employer.locale,
        event=event_details(employer.event),
        contact_name=employer.contact_name,
        company_name=employer.company_name,
        employer_url=links.absolute_url("employers.link", token=token),
    )
    outbox.queue_rendered(db.session, rendered, to=employer.email, event_id=employer.event_id)
    return token


def send_link_again(event: Event, email: str) -> None:
    """"Send me my link again": a new link by e-mail to each approved employer of the event
    with this contact address. Flushes; the caller commits.

    The caller shows the same page whether or not the address is known. Older links keep
    working: a stranger asking must not be able to break the employer's link.
    """
    address = email.strip().lower()
    if not throttle.public_mail_allowed("link_again", address):
        return
    employers = db.session.scalars(
        sa.select(Employer).where(
            Employer.event_id == event.id,
            Employer.email == address,
            Employer.status == "approved",
        ).order_by(Employer.id)
    )
    for employer in employers:
        _link, token = links.issue(employer, LINK_PURPOSE, for_mail=True)
        rendered = messages.link_again(
            employer.locale,
            event=event_details(event),
            name=employer.contact_name,
            link_url=links.absolute_url("employers.link", token=token),
        )
        outbox.queue_rendered(db.session, rendered, to=employer.email, event_id=event.id)
    db.session.flush()


def employer_of_token(token: str) -> Employer | None:
    """The approved employer whose usable link this is, or None (the caller answers 404).

    A rejected or pending employer's link opens nothing, like a revoked one.
    """
    link = links.resolve(token, LINK_PURPOSE)
    if link is None or link.employer is None or link.employer.status != "approved":
        return None
    return link.employer
