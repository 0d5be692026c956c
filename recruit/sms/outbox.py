"""The SMS outbox: queue a text in the caller's transaction, for people who asked for texts.

`queue_sms` only adds a row to the caller's session, so the text exists exactly when the change
that caused it is committed. After such a commit, delivery is requested from the job runner
(`recruit.sms.sender`). With no gateway configured (SMS_GATEWAY_URL unset) SMS is off and
nothing is queued: no phone numbers pile up in a table nobody sends from.
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from flask import current_app

from recruit.extensions import db
from recruit.models import Candidate, SmsMessage, utcnow
from recruit.models.candidate import CHANNEL_SMS, TEXT_CHANNELS
from recruit.models.outbox import STATUS_DEAD, STATUS_QUEUED
from recruit.sms.gateway import TEMPORARY_FAILURES, failure_class
from recruit.sms.messages import RenderedSms

# Set on a session's `info` when it queued a text; read after the commit to request delivery.
PENDING_KEY = "recruit.sms.pending"


def sms_enabled() -> bool:
    return bool(current_app.config.get("SMS_GATEWAY_URL"))


def wants_sms(candidate: Candidate) -> bool:
    """A confirmed sign-up with a phone number that chose texts ("sms" or "both")."""
    return (
        candidate.contact_channel in TEXT_CHANNELS
        and candidate.sms_consent_at is not None
        and bool(candidate.phone)
        and candidate.status == "active"
    )


def texts_instead_of_email(candidate: Candidate) -> bool:
    """The day-before reminder goes as a text alone: the person chose "text message only"
    and a text can reach them now (with SMS off they get the e-mail after all)."""
    return (candidate.contact_channel == CHANNEL_SMS and sms_enabled()
            and wants_sms(candidate))


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


class RetryRefused(Exception):
    """The text cannot be sent again; `reason` says why, for the staff page."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


RETRY_NOT_DEAD = "not_dead"
RETRY_NOT_TEMPORARY = "not_temporary"
RETRY_NO_TEXTS_WANTED = "no_texts_wanted"


def retry_dead_sms(message: SmsMessage, candidate: Candidate) -> None:
    """Staff's "retry" on a dead text the gateway refused for a temporary reason: queue it
    again with a fresh attempt budget, to the person's number as it is now. The caller
    commits; delivery follows the commit.

    Refused for a text the gateway refused for good (it would refuse it again) or whose
    outcome is unknown (it may have arrived: never sent twice), and for a person who has
    stopped texts since. A compare-and-set on the status makes a double click harmless.
    """
    if message.status != STATUS_DEAD:
        raise RetryRefused(RETRY_NOT_DEAD)
    if failure_class(message.last_error) not in TEMPORARY_FAILURES:
        raise RetryRefused(RETRY_NOT_TEMPORARY)
    if not sms_enabled() or not wants_sms(candidate):
        raise RetryRefused(RETRY_NO_TEXTS_WANTED)
    result = db.session.execute(
        sa.update(SmsMessage)
        .where(SmsMessage.id == message.id, SmsMessage.status == STATUS_DEAD)
        .values(status=STATUS_QUEUED, attempts=0, next_attempt_at=utcnow(), claimed_until=None,
                claim_token=None, last_error=None, recipient=candidate.phone)
        .execution_options(synchronize_session=False)
    )
    if getattr(result, "rowcount", 0) != 1:
        raise RetryRefused(RETRY_NOT_DEAD)
    db.session.info[PENDING_KEY] = True
