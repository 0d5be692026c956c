"""Delivering the outbox over SMTP with Flask-Mail: claims, timeouts, retries, exactly once.

One pass (`deliver_due`):
1. Claim up to `limit` due messages in a short transaction: `SELECT … FOR UPDATE SKIP LOCKED`
   on PostgreSQL (SQLAlchemy leaves the clause out on SQLite), then a conditional UPDATE that
   sets a claim token and lease. The UPDATE is a compare-and-set, so two senders never claim
   one message, even on SQLite where the SELECT takes no lock.
2. Send them over one SMTP connection whose socket has a timeout (`recruit.mail.transport`).
3. Commit "sent" the moment the server has accepted DATA. Whatever fails afterwards (the next
   command, QUIT, a dropped connection) can no longer cause a second send.

A failure before DATA was accepted counts an attempt and backs off exponentially; after
MAIL_MAX_ATTEMPTS, or at once on a permanent 5xx rejection of the recipient or content, the
message is dead until staff press "retry" (`recruit.mail.retry_dead`).
"""

from __future__ import annotations

import logging
import smtplib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import flask_mail
import sqlalchemy as sa
from flask import Flask

from recruit.core import links
from recruit.core.delivery import DeliveryLoop, watch_commits
from recruit.extensions import db, mail
from recruit.mail.outbox import PENDING_KEY, build_mime
from recruit.mail.transport import OutboxMail, TimeoutConnection, TrackingSMTP, TrackingSMTPSSL
from recruit.models.base import utcnow
from recruit.models.outbox import (
    STATUS_DEAD,
    STATUS_LOGGED,
    STATUS_QUEUED,
    STATUS_SENT,
    OutboxMessage,
)

log = logging.getLogger(__name__)

DEFAULT_BATCH = 100
DEFAULT_RETRY_BASE_SECONDS = 5
DEFAULT_RETRY_MAX_SECONDS = 3600
DEFAULT_CLAIM_SECONDS = 600
_STATE_KEY = "recruit.outbox.delivery"


@dataclass
class DeliveryReport:
    claimed: int = 0
    sent: int = 0
    # Written to the log because no MAIL_SERVER is set: handled, but nobody received them.
    logged: int = 0
    retried: int = 0
    dead: int = 0
    errors: list[str] = field(default_factory=list)


def _setting(app: Flask, name: str, default: int) -> int:
    value = app.config.get(name)
    return default if value is None else int(value)


def backoff(app: Flask, attempts: int) -> timedelta:
    """Delay before attempt `attempts + 1`: base · 2^(attempts-1), capped."""
    base = _setting(app, "MAIL_RETRY_BASE_SECONDS", DEFAULT_RETRY_BASE_SECONDS)
    cap = _setting(app, "MAIL_RETRY_MAX_SECONDS", DEFAULT_RETRY_MAX_SECONDS)
    return timedelta(seconds=min(cap, base * 2 ** max(0, attempts - 1)))


def claim_due(app: Flask, limit: int, now: datetime) -> tuple[str, list[OutboxMessage]]:
    """Claim up to `limit` due messages for this sender; returns the claim token and rows."""
    token = uuid.uuid4().hex
    lease = now + timedelta(seconds=_setting(app, "MAIL_CLAIM_SECONDS", DEFAULT_CLAIM_SECONDS))
    claimable = sa.and_(
        OutboxMessage.status == STATUS_QUEUED,
        OutboxMessage.next_attempt_at <= now,
        sa.or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now),
    )
    ids = db.session.scalars(
        sa.select(OutboxMessage.id)
        .where(claimable)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    if ids:
        db.session.execute(
            sa.update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), claimable)
            .values(claim_token=token, claimed_until=lease)
            .execution_options(synchronize_session=False)
        )
    db.session.commit()
    if not ids:
        return token, []
    claimed = db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.claim_token == token)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
    ).all()
    return token, list(claimed)


def _finish(message: OutboxMessage, token: str, **values: object) -> None:
    """Record the outcome, guarded by the claim token, and commit it at once."""
    db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == message.id, OutboxMessage.claim_token == token)
        .values(claim_token=None, claimed_until=None, **values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _erase_if_asked(message: OutboxMessage) -> None:
    """Delete a delivered message that names someone whose data was erased meanwhile."""
    db.session.execute(
        sa.delete(OutboxMessage)
        .where(OutboxMessage.id == message.id, OutboxMessage.erase_when_sent.is_(True),
               OutboxMessage.status.in_((STATUS_SENT, STATUS_LOGGED)))
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _mark_sent(message: OutboxMessage, token: str, now: datetime) -> None:
    _finish(message, token, status=STATUS_SENT, sent_at=now, attempts=message.attempts + 1)
    _erase_if_asked(message)


class PermanentMessageError(Exception):
    """The stored message cannot be turned into MIME (a bad header, a broken address)."""


def _is_permanent(error: Exception) -> bool:
    """A 5xx rejection of this message (recipient unknown, content refused) will not heal."""
    if isinstance(error, PermanentMessageError):
        return True
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(500 <= code < 600 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPDataError) and 500 <= error.smtp_code < 600


def _describe(error: Exception) -> str:
    # Class and reply code only: SMTP reply texts often quote the recipient's address.
    code = getattr(error, "smtp_code", None)
    return f"{type(error).__name__}{f' {code}' if code else ''}"[:300]


def _mark_failed(
    app: Flask, message: OutboxMessage, token: str, error: Exception, now: datetime
) -> bool:
    """Count a failed attempt; returns True if the message is now dead."""
    attempts = message.attempts + 1
    limit = _setting(app, "MAIL_MAX_ATTEMPTS", 8)
    dead = attempts >= limit or _is_permanent(error)
    _finish(
        message,
        token,
        status=STATUS_DEAD if dead else STATUS_QUEUED,
        attempts=attempts,
        next_attempt_at=now + backoff(app, attempts),
        last_error=_describe(error),
    )
    log.warning(
        "mail %s (%s) attempt %d failed: %s%s",
        message.id,
        message.kind,
        attempts,
        _describe(error),
        "; now dead" if dead else "",
        extra={"object_id": message.id, "event_id": message.event_id},
    )
    return dead


def _record_failure(
    app: Flask,
    report: DeliveryReport,
    message: OutboxMessage,
    token: str,
    error: Exception,
    now: datetime,
) -> None:
    report.errors.append(_describe(error))
    if _mark_failed(app, message, token, error, now):
        report.dead += 1
    else:
        report.retried += 1


def _sender(app: Flask) -> str:
    sender = app.config.get("MAIL_DEFAULT_SENDER") or "tasmarekry@localhost"
    return sender if isinstance(sender, str) else flask_mail.sanitize_address(sender)


def _deliver_to_log(app: Flask, messages: Sequence[OutboxMessage], token: str) -> int:
    """Development without MAIL_SERVER: the log stands in for the mail server."""
    show_bodies = bool(app.config.get("MAIL_LOG_BODIES")) and app.debug
    for message in messages:
        if show_bodies:
            # Development only (debug and MAIL_LOG_BODIES): the links are filled in so that a
            # developer can follow them from the console.
            body = links.fill_mail_links(message.body_text)
            log.info("mail %s (%s) to the log:\n%s", message.id, message.kind, body)
        else:
            log.info(
                "mail %s (%s) not sent: no MAIL_SERVER configured",
                message.id,
                message.kind,
                extra={"object_id": message.id, "event_id": message.event_id},
            )
        _finish(
            message, token, status=STATUS_LOGGED, sent_at=utcnow(), attempts=message.attempts + 1
        )
        _erase_if_asked(message)
    return len(messages)


def _ready_host(connection: TimeoutConnection) -> TrackingSMTP | TrackingSMTPSSL:
    """The connection's SMTP session, opened if needed, with fresh per-message tracking."""
    if connection.host is None:
        connection.host = connection.configure_host()
    host = connection.host
    assert isinstance(host, TrackingSMTP | TrackingSMTPSSL)
    host.start_message()
    return host


def _drop(connection: TimeoutConnection) -> None:
    host, connection.host = connection.host, None
    if host is not None:
        host.close()


def deliver_due(
    app: Flask, *, limit: int = DEFAULT_BATCH, now: datetime | None = None
) -> DeliveryReport:
    """One delivery pass over the due messages (at most `limit`); safe to run concurrently."""
    report = DeliveryReport()
    with app.app_context():
        try:
            now = now or utcnow()
            token, messages = claim_due(app, limit, now)
            report.claimed = len(messages)
            if not messages:
                return report
            if not app.config.get("MAIL_SERVER"):
                report.logged = _deliver_to_log(app, messages, token)
                return report
            _deliver_smtp(app, messages, token, report, now)
            return report
        finally:
            db.session.remove()


def _mark_delivered(message: OutboxMessage, token: str, report: DeliveryReport) -> None:
    # Read before marking: a message marked for erasure is deleted once sent.
    message_id, kind, event_id = message.id, message.kind, message.event_id
    _mark_sent(message, token, utcnow())
    report.sent += 1
    log.info(
        "mail %s (%s) sent", message_id, kind,
        extra={"object_id": message_id, "event_id": event_id},
    )


def _deliver_smtp(
    app: Flask,
    messages: Sequence[OutboxMessage],
    token: str,
    report: DeliveryReport,
    now: datetime,
) -> None:
    """Send over one connection; `now` is the pass's clock, from which retries are timed."""
    state = mail.init_mail(app.config)  # current settings, also when changed after start-up
    timeout = float(_setting(app, "MAIL_TIMEOUT_SECONDS", 10))
    connection = TimeoutConnection(state, timeout)
    sender = _sender(app)
    unreachable: Exception | None = None
    try:
        for message in messages:
            if unreachable is not None:
                # The server could not be reached for this batch: every message in it was due
                # and could not go, so each counts an attempt rather than waiting in a lease.
                _record_failure(app, report, message, token, unreachable, now)
                continue
            try:
                mime = OutboxMail(build_mime(message, sender=sender), message.recipient, sender)
            except (ValueError, TypeError, LookupError) as error:
                # Stored data that cannot form a message will not heal by waiting.
                _record_failure(app, report, message, token, PermanentMessageError(error), now)
                continue
            for fresh_connection in (False, True):
                reused = connection.host is not None
                host: TrackingSMTP | TrackingSMTPSSL | None = None
                try:
                    host = _ready_host(connection)
                    connection.send(mime)
                except Exception as error:
                    if host is not None and host.accepted:
                        # Delivered: what failed came after the server took the message.
                        _drop(connection)
                        _mark_delivered(message, token, report)
                        break
                    if not isinstance(error, smtplib.SMTPException | OSError):
                        raise
                    if isinstance(error, smtplib.SMTPServerDisconnected | OSError):
                        started = host is not None and host.data_started
                        _drop(connection)
                        if reused and not started and not fresh_connection:
                            continue  # the server closed an idle connection; nothing left
                        if not reused:
                            unreachable = error
                    _record_failure(app, report, message, token, error, now)
                else:
                    _mark_delivered(message, token, report)
                break
    finally:
        connection.close()


def _next_due() -> datetime | None:
    return db.session.scalar(
        sa.select(sa.func.min(OutboxMessage.next_attempt_at)).where(
            OutboxMessage.status == STATUS_QUEUED
        )
    )


_LOOP = DeliveryLoop(
    what="mail",
    state_key=_STATE_KEY,
    deliver=lambda app: deliver_due(app).claimed,
    next_due=_next_due,
    on_commit=lambda app: bool(app.config.get("MAIL_DELIVER_ON_COMMIT", True)),
)


def request_delivery(app: Flask) -> None:
    """Ask the job runner for a delivery pass; coalesces requests in the in-process runner."""
    _LOOP.request(app, deliver_outbox_job)


def deliver_outbox_job() -> None:
    """Job body (thread or RQ worker): deliver until nothing is due.

    In the in-process runner the thread then waits for the next retry to fall due, so
    backed-off messages go out without cron; with RQ, `flask send-mail` from cron (or the
    next commit that queues mail) picks up retries (`recruit.core.delivery`).
    """
    _LOOP.run()


__all__ = [
    "DeliveryReport",
    "backoff",
    "claim_due",
    "deliver_due",
    "deliver_outbox_job",
    "request_delivery",
]


def init_app(app: Flask) -> None:
    """Wire the after-commit delivery request (called by `create_app`)."""
    # Off under TESTING: a sender thread writing to the outbox beside a test's own session
    # would make other tests racy; tests that want it (tests/mail) switch it on.
    if app.config.get("MAIL_DELIVER_ON_COMMIT") is None:
        app.config["MAIL_DELIVER_ON_COMMIT"] = not app.testing
    app.config.setdefault("MAIL_LOG_BODIES", False)
    watch_commits(PENDING_KEY, request_delivery)
