"""The SMS outbox: queue a text in the caller's transaction, for people who asked for texts.

`queue_sms` only adds a row to the caller's session, so the text exists exactly when the change
that caused it is committed. After such a commit, delivery is requested from the job runner
(`recruit.sms.sender`). With no gateway configured (SMS_GATEWAY_URL unset) SMS is off and
nothing is queued: no phone numbers pile up in a table nobody sends from.
"""

from __future__ import annotations

import uuid

from flask import current_app

from recruit.extensions import db
from recruit.models import Candidate, SmsMessage, utcnow
from recruit.models.outbox import STATUS_QUEUED
from recruit.sms.messages import RenderedSms

# Set on a session's `info` when it queued a text; read after the commit to request delivery.
PENDING_KEY = "recruit.sms.pending"


def sms_enabled() -> bool:
    return bool(current_app.config.get("SMS_GATEWAY_URL"))


def wants_sms(candidate: Candidate) -> bool:
    """A confirmed sign-up with a phone number that asked for text messages."""
    return (
        candidate.sms_consent_at is not None
        and bool(candidate.phone)
        and candidate.status == "active"
    )


def queue_sms(candidate: Candidate, rendered: RenderedSms) -> SmsMessage | None:
    """Add one text for `candidate` to the session (no commit, no network); None when SMS is
    off or the person did not ask for texts."""
    if not sms_enabled() or not wants_sms(candidate):
        return None
    now = utcnow()
    message = SmsMessage(
        reference=uuid.uuid4().hex,
        event_id=candidate.event_id,
        candidate_id=candidate.id,
        kind=rendered.kind,
        recipient=candidate.phone,
        locale=rendered.locale,
        body=rendered.body,
        segments=rendered.segments,
        status=STATUS_QUEUED,
        attempts=0,
        created_at=now,
        next_attempt_at=now,
    )
    db.session.add(message)
    db.session.info[PENDING_KEY] = True
    return message
