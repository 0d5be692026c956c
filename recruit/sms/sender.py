"""Delivering the SMS outbox through the gateway: claims, retries with backoff, exactly once.

One pass (`deliver_due`) claims due texts with a compare-and-set (`FOR UPDATE SKIP LOCKED` on
PostgreSQL as well), posts each to the gateway (`recruit.sms.gateway`) and commits "sent" the
moment the gateway accepted it. A failed attempt backs off exponentially (SMS_RETRY_*); after
SMS_MAX_ATTEMPTS, or at once when the gateway refuses the text for good or its outcome is
unknown, the text is dead. The number and the text are never logged.

Delivery runs as a job (`recruit.core.jobs`: RQ with REDIS_URL, a thread otherwise) requested
after every commit that queued a text; `flask send-sms` (from `flask periodic`) picks up
retries whose backoff has run out. The in-process thread also waits for them itself, as the
mail sender does.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import Flask

from recruit.core import links
from recruit.core.delivery import DeliveryLoop, watch_commits
from recruit.extensions import db
from recruit.models import SmsMessage, utcnow
from recruit.models.outbox import STATUS_DEAD, STATUS_QUEUED, STATUS_SENT
from recruit.sms import gateway
from recruit.sms.outbox import PENDING_KEY

log = logging.getLogger(__name__)

DEFAULT_BATCH = 50
CLAIM_SECONDS = 600
_STATE_KEY = "recruit.sms.delivery"


@dataclass
class SmsReport:
    claimed: int = 0
    sent: int = 0
    retried: int = 0
    dead: int = 0


def _setting(app: Flask, name: str, default: int) -> int:
    value = app.config.get(name)
    return default if value is None else int(value)


def backoff(app: Flask, attempts: int) -> timedelta:
    """Delay before attempt `attempts + 1`: base · 2^(attempts-1), capped."""
    base = _setting(app, "SMS_RETRY_BASE_SECONDS", 60)
    cap = _setting(app, "SMS_RETRY_MAX_SECONDS", 3600)
    return timedelta(seconds=min(cap, base * 2 ** max(0, attempts - 1)))


def _claim(limit: int, now: datetime) -> tuple[str, list[SmsMessage]]:
    token = uuid.uuid4().hex
    claimable = sa.and_(
        SmsMessage.status == STATUS_QUEUED,
        SmsMessage.next_attempt_at <= now,
        sa.or_(SmsMessage.claimed_until.is_(None), SmsMessage.claimed_until < now),
    )
    ids = db.session.scalars(
        sa.select(SmsMessage.id).where(claimable)
        .order_by(SmsMessage.next_attempt_at, SmsMessage.id)
        .limit(limit).with_for_update(skip_locked=True)
    ).all()
    if ids:
        db.session.execute(
            sa.update(SmsMessage).where(SmsMessage.id.in_(ids), claimable)
            .values(claim_token=token, claimed_until=now + timedelta(seconds=CLAIM_SECONDS))
            .execution_options(synchronize_session=False)
        )
    db.session.commit()
    if not ids:
        return token, []
    return token, list(db.session.scalars(
        sa.select(SmsMessage).where(SmsMessage.claim_token == token).order_by(SmsMessage.id)
    ))


def _finish(message: SmsMessage, token: str, **values: object) -> None:
    """Record the outcome, guarded by the claim token, and commit it at once."""
    db.session.execute(
        sa.update(SmsMessage)
        .where(SmsMessage.id == message.id, SmsMessage.claim_token == token)
        .values(claim_token=None, claimed_until=None, **values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _failed(app: Flask, message: SmsMessage, token: str, error: gateway.GatewayError,
            now: datetime) -> bool:
    attempts = message.attempts + 1
    dead = error.permanent or attempts >= _setting(app, "SMS_MAX_ATTEMPTS", 8)
    _finish(message, token, status=STATUS_DEAD if dead else STATUS_QUEUED, attempts=attempts,
            next_attempt_at=now + backoff(app, attempts), last_error=error.description[:300])
    log.warning("sms %s (%s) attempt %d failed: %s%s", message.id, message.kind, attempts,
                error.description, "; now dead" if dead else "",
                extra={"object_id": message.id, "event_id": message.event_id})
    return dead


def deliver_due(app: Flask, *, limit: int = DEFAULT_BATCH, now: datetime | None = None
                ) -> SmsReport:
    """One delivery pass over the due texts (at most `limit`); safe to run concurrently."""
    report = SmsReport()
    with app.app_context():
        try:
            if not app.config.get("SMS_GATEWAY_URL"):
                return report
            now = now or utcnow()
            token, messages = _claim(limit, now)
            report.claimed = len(messages)
            settings = gateway.settings_of(app.config)
            down = False
            for message in messages:
                try:
                    if down:
                        raise gateway.GatewayError("not sent: gateway unreachable",
                                                   permanent=False)
                    gateway.send(settings, recipient=message.recipient,
                                 body=links.fill_mail_links(message.body),
                                 reference=message.reference)
                except gateway.GatewayError as error:
                    # One unreachable gateway fails the batch: each counts an attempt.
                    down = down or error.description.startswith("not sent")
                    if _failed(app, message, token, error, now):
                        report.dead += 1
                    else:
                        report.retried += 1
                    continue
                _finish(message, token, status=STATUS_SENT, sent_at=utcnow(),
                        attempts=message.attempts + 1)
                report.sent += 1
                log.info("sms %s (%s) sent", message.id, message.kind,
                         extra={"object_id": message.id, "event_id": message.event_id})
            return report
        finally:
            db.session.remove()


def _deliver_on_commit(app: Flask) -> bool:
    setting = app.config.get("SMS_DELIVER_ON_COMMIT")
    return (not app.testing) if setting is None else bool(setting)


def _next_due() -> datetime | None:
    return db.session.scalar(
        sa.select(sa.func.min(SmsMessage.next_attempt_at)).where(
            SmsMessage.status == STATUS_QUEUED)
    )


_LOOP = DeliveryLoop(
    what="sms",
    state_key=_STATE_KEY,
    deliver=lambda app: deliver_due(app).claimed,
    next_due=_next_due,
    # Off under TESTING unless set: a sender thread beside a test's own session is racy.
    on_commit=lambda app: _deliver_on_commit(app) and bool(app.config.get("SMS_GATEWAY_URL")),
)


def request_delivery(app: Flask) -> None:
    """Ask the job runner for a delivery pass; coalesces requests in the in-process runner."""
    _LOOP.request(app, deliver_sms_job)


def deliver_sms_job() -> None:
    """Job body (thread or RQ worker): deliver until nothing is due; the in-process runner
    then waits for the next retry to fall due (`recruit.core.delivery`)."""
    _LOOP.run()


def init_app(app: Flask) -> None:
    """Wire the after-commit delivery request (called by `create_app`)."""
    watch_commits(PENDING_KEY, request_delivery)
