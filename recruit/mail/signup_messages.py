"""Messages about taking part rather than about one interview: the employer's receipt and
rejection, and the young person's "no interview this time" after a publish.

Built like the rest in `recruit.mail.messages` (plain values in, the recipient's language).
"""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _
from flask_babel import pgettext

from recruit.mail.details import EventDetails
from recruit.mail.messages import (
    EMPLOYER_RECEIVED,
    EMPLOYER_REJECTED,
    YOUTH_LEFT_OUT,
    plain_message,
)
from recruit.mail.outbox import RenderedMessage


def employer_received(
    locale: str | None,
    *,
    event: EventDetails,
    contact_name: str,
    company_name: str,
    vacancy_titles: Sequence[str],
    already_signed_up: bool,
) -> RenderedMessage:
    """The receipt of a sign-up: what arrived and what happens next."""
    return plain_message(
        EMPLOYER_RECEIVED,
        locale,
        lambda: _("We received your sign-up for %(event)s", event=event.name),
        event,
        contact_name=contact_name,
        company_name=company_name,
        vacancy_titles=list(vacancy_titles),
        already_signed_up=already_signed_up,
    )


def employer_rejected(
    locale: str | None, *, event: EventDetails, contact_name: str, company_name: str
) -> RenderedMessage:
    """Staff declined the sign-up; said plainly, with the organiser to ask."""
    return plain_message(
        EMPLOYER_REJECTED,
        locale,
        # The young person's booking link has the same subject in the singular.
        lambda: pgettext("employer", "Your sign-up for %(event)s", event=event.name),
        event,
        contact_name=contact_name,
        company_name=company_name,
    )


def youth_left_out(
    locale: str | None,
    *,
    event: EventDetails,
    first_name: str,
    reasons: Sequence[str],
    next_steps: str,
    booking_url: str,
    other_events: Sequence[tuple[str, str]],
) -> RenderedMessage:
    """No interview in the published schedule: why, and what the person can do now.

    `reasons` are sentences already in the recipient's language; `other_events` are
    (name, date) of upcoming events open for sign-up.
    """
    return plain_message(
        YOUTH_LEFT_OUT,
        locale,
        lambda: _("No interview for you yet at %(event)s", event=event.name),
        event,
        first_name=first_name,
        reasons=list(reasons),
        next_steps=next_steps,
        booking_url=booking_url,
        other_events=list(other_events),
    )
