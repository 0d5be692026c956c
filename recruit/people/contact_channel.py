"""How a young person hears from us: e-mail, text messages or both.

The choice covers the day-before reminder and the change notices ("your interview moved", "a
time opened for you"). The schedule with its calendar invitations, calendar updates and
cancellations always go by e-mail as well: they keep the person's calendar true, and the
address is the one confirmed at sign-up.

- `email`: no texts at all;
- `sms`: the reminder comes as a text instead of an e-mail; change notices as texts;
- `both`: the reminder comes both ways; change notices as texts beside the calendar update.

`sms_consent_at` keeps when the person asked for texts and stays while they remain on texts;
going back to e-mail clears it (the database checks the pair on PostgreSQL).
"""

from __future__ import annotations

import phonenumbers
import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from recruit.core import audit
from recruit.core.validators import PHONE_REGION
from recruit.extensions import db
from recruit.models import Candidate, SmsMessage, utcnow
from recruit.models.candidate import (
    CHANNEL_BOTH,
    CHANNEL_EMAIL,
    CHANNEL_SMS,
    CONTACT_CHANNELS,
    TEXT_CHANNELS,
)
from recruit.models.outbox import STATUS_QUEUED

# Numbers a text can reach; in Finland the library tells mobile from fixed-line numbers.
_TEXTABLE = (phonenumbers.PhoneNumberType.MOBILE,
             phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)

CHANNEL_CHOICES = [
    (CHANNEL_EMAIL, _l("E-mail only")),
    (CHANNEL_SMS, _l("Text message: the reminder comes as a text instead of an e-mail")),
    (CHANNEL_BOTH, _l("Both e-mail and text message")),
]
CHANNEL_LABELS = dict(CHANNEL_CHOICES)
NO_PHONE_FOR_TEXTS = _l("To get text messages, give a mobile phone number, for example "
                        "040 123 4567.")
NOT_A_MOBILE = _l("Text messages need a mobile phone number; this one looks like a landline.")


class ContactError(ValueError):
    """The choice cannot be kept; `message` is shown beside the field named `field`."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def takes_texts(channel: str) -> bool:
    return channel in TEXT_CHANNELS


def phone_problem(phone: str) -> str | None:
    """Why texts cannot go to `phone` (an E.164 number or empty), or None when they can."""
    if not phone:
        return str(NO_PHONE_FOR_TEXTS)
    try:
        number = phonenumbers.parse(phone, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return str(NO_PHONE_FOR_TEXTS)
    if phonenumbers.number_type(number) not in _TEXTABLE:
        return str(NOT_A_MOBILE)
    return None


def set_channel(candidate: Candidate, channel: str) -> None:
    """Record the choice, keeping the consent time while the person stays on texts. Without
    a phone number nothing can be texted, so the choice falls back to e-mail."""
    if channel not in CONTACT_CHANNELS:
        raise ValueError(f"unknown contact channel {channel!r}")
    if takes_texts(channel) and not candidate.phone:
        channel = CHANNEL_EMAIL
    candidate.contact_channel = channel
    if not takes_texts(channel):
        candidate.sms_consent_at = None
    elif candidate.sms_consent_at is None:
        candidate.sms_consent_at = utcnow()


def drop_waiting_texts(candidate: Candidate) -> int:
    """Delete the person's texts that are not yet sent (after they stopped texts)."""
    result = db.session.execute(
        sa.delete(SmsMessage)
        .where(SmsMessage.candidate_id == candidate.id, SmsMessage.status == STATUS_QUEUED)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def change_contact(candidate: Candidate, channel: str, phone: str) -> None:
    """The person changes how we contact them from their booking page; audited, flushes.

    `phone` is already normalised to E.164 (or empty). Stopping texts deletes the texts still
    waiting to be sent; a corrected number is used by the texts still waiting.
    """
    if channel not in CONTACT_CHANNELS:
        raise ContactError(str(_l("Choose how we contact you.")), "contact_channel")
    if takes_texts(channel):
        problem = phone_problem(phone)
        if problem is not None:
            raise ContactError(problem, "phone")
    elif not phone and candidate.phone:
        raise ContactError(str(_l("Give a phone number, for example 040 123 4567.")), "phone")
    candidate.phone = phone
    set_channel(candidate, channel)
    if takes_texts(channel):
        db.session.execute(
            sa.update(SmsMessage)
            .where(SmsMessage.candidate_id == candidate.id, SmsMessage.status == STATUS_QUEUED)
            .values(recipient=phone)
            .execution_options(synchronize_session=False)
        )
    else:
        drop_waiting_texts(candidate)
    audit.record("candidate.contact_change", candidate, None)
    db.session.flush()


def stop_texts(candidate: Candidate) -> int:
    """"Stop text messages": back to e-mail, and the waiting texts are deleted; audited."""
    set_channel(candidate, CHANNEL_EMAIL)
    dropped = drop_waiting_texts(candidate)
    audit.record("candidate.stop_texts", candidate, None)
    db.session.flush()
    return dropped
