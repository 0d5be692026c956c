"""The transactional outbox: queue e-mail in the caller's transaction, build its MIME form.

`queue_message` only adds a row to the caller's session. The message exists exactly when the
change that caused it is committed, and a rollback takes both back. After a commit that queued
something, delivery is requested from the job runner (`recruit.core.jobs`), so no request or flow
ever waits on SMTP. `recruit.mail.sender` does the sending; `recruit.mail.cli` the commands.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

import sqlalchemy as sa
from flask import current_app, has_app_context
from icalendar.parser import Contentline
from sqlalchemy.orm import Session, scoped_session

from recruit.core import links
from recruit.models.base import utcnow
from recruit.models.outbox import (
    CALENDAR_METHODS,
    OUTBOX_STATUSES,
    STATUS_DEAD,
    STATUS_QUEUED,
    OutboxMessage,
)

# A plain session or Flask-SQLAlchemy's scoped one (`db.session`).
DbSession = Session | scoped_session[Any]

# Set on a session's `info` when it queued mail; read after the commit to request delivery.
PENDING_KEY = "recruit.outbox.pending"
ATTACHMENT_NAME = "invite.ics"
_METHOD_LINE = re.compile(rb"^METHOD:([A-Za-z-]+)\r?$", re.MULTILINE)
_FALLBACK_DOMAIN = "tasmarekry.invalid"
_FOLD = re.compile(rb"\r?\n[ \t]")


class OutboxError(ValueError):
    """A message that cannot be queued as given (bad address, method mismatch, …)."""


@dataclass(frozen=True)
class RenderedMessage:
    """A message rendered for one recipient (`recruit.mail.messages` builds these)."""

    kind: str
    locale: str
    subject: str
    text: str
    html: str
    calendar: bytes | None = None
    calendar_method: str | None = None


def _single_line(value: str, what: str) -> str:
    if not value or "\r" in value or "\n" in value:
        raise OutboxError(f"{what} must be one non-empty line")
    return value


def _message_id_domain() -> str:
    sender = current_app.config.get("MAIL_DEFAULT_SENDER") if has_app_context() else None
    if isinstance(sender, tuple):
        sender = sender[1]
    domain = str(sender or "").rpartition("@")[2].strip(">").strip()
    return domain or _FALLBACK_DOMAIN


def _method_of(calendar: bytes) -> str:
    match = _METHOD_LINE.search(calendar)
    if match is None:
        raise OutboxError("calendar has no METHOD")
    return match.group(1).decode("ascii").upper()


def queue_message(
    session: DbSession,
    *,
    to: str,
    subject: str,
    text: str,
    html: str,
    locale: str,
    kind: str,
    event_id: int | None,
    calendar: bytes | None = None,
    calendar_method: str | None = None,
) -> OutboxMessage:
    """Add one message to the caller's session (no commit, no flush, no network).

    `calendar_method` must equal the calendar's METHOD: Outlook rejects an invitation whose
    MIME `method=` disagrees with the VCALENDAR, so a mismatch is refused here, at the cause.
    """
    to = _single_line(to.strip(), "recipient")
    if "@" not in to or "," in to:
        raise OutboxError("recipient must be one e-mail address")
    subject = _single_line(subject.strip(), "subject")
    if (calendar is None) != (calendar_method is None):
        raise OutboxError("a calendar needs its method, and a method its calendar")
    if calendar is not None and calendar_method is not None:
        calendar_method = calendar_method.upper()
        if calendar_method not in CALENDAR_METHODS:
            raise OutboxError(f"unknown calendar method {calendar_method}")
        if _method_of(calendar) != calendar_method:
            raise OutboxError("calendar_method differs from the calendar's METHOD")
    now = utcnow()
    message = OutboxMessage(
        message_id=f"<{uuid.uuid4().hex}@{_message_id_domain()}>",
        event_id=event_id,
        kind=kind,
        recipient=to,
        locale=locale,
        subject=subject,
        body_text=text,
        body_html=html,
        calendar=calendar,
        calendar_method=calendar_method,
        status=STATUS_QUEUED,
        attempts=0,
        created_at=now,
        next_attempt_at=now,
    )
    session.add(message)
    session.info[PENDING_KEY] = True
    return message


def queue_rendered(
    session: DbSession,
    rendered: RenderedMessage,
    *,
    to: str,
    event_id: int | None,
) -> OutboxMessage:
    """`queue_message` for a message built by `recruit.mail.messages`."""
    return queue_message(
        session,
        to=to,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        locale=rendered.locale,
        kind=rendered.kind,
        event_id=event_id,
        calendar=rendered.calendar,
        calendar_method=rendered.calendar_method,
    )


def retry_dead(
    session: DbSession,
    message: OutboxMessage,
    *,
    now: datetime | None = None,
) -> bool:
    """Staff's "retry" on a dead message: queue it again with a fresh attempt budget.

    Same row, same Message-ID. Returns False (and changes nothing) unless the message is dead,
    so a double click cannot send twice. The caller commits; delivery follows the commit.
    """
    result = session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == message.id, OutboxMessage.status == STATUS_DEAD)
        .values(
            status=STATUS_QUEUED,
            attempts=0,
            next_attempt_at=now or utcnow(),
            claimed_until=None,
            claim_token=None,
            last_error=None,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    session.refresh(message)
    session.info[PENDING_KEY] = True
    return True


def outbox_counts(session: DbSession, event_id: int) -> dict[str, int]:
    """How many of an event's messages are queued, sent and dead (for the staff page)."""
    rows = session.execute(
        sa.select(OutboxMessage.status, sa.func.count())
        .where(OutboxMessage.event_id == event_id)
        .group_by(OutboxMessage.status)
    ).all()
    counts = dict.fromkeys(OUTBOX_STATUSES, 0)
    counts.update({status: count for status, count in rows})
    return counts


MESSAGES_PER_PAGE = 50


def message_page(
    session: DbSession, event_id: int, page: int, per_page: int = MESSAGES_PER_PAGE
) -> tuple[list[OutboxMessage], bool]:
    """One page of an event's messages, newest first, and whether an older page follows."""
    rows = list(
        session.scalars(
            sa.select(OutboxMessage)
            .where(OutboxMessage.event_id == event_id)
            .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
            .offset((page - 1) * per_page)
            .limit(per_page + 1)
        )
    )
    return rows[:per_page], len(rows) > per_page


def dead_messages(session: DbSession, event_id: int) -> list[OutboxMessage]:
    """An event's dead messages, newest first: what staff see with a "retry" button."""
    return list(
        session.scalars(
            sa.select(OutboxMessage)
            .where(OutboxMessage.event_id == event_id, OutboxMessage.status == STATUS_DEAD)
            .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
        )
    )


def _calendar_with_links(calendar: bytes) -> bytes:
    """The calendar with its link placeholders filled in; lines are unfolded first (a fold
    may cut a placeholder) and the changed ones folded again."""
    unfolded = _FOLD.sub(b"", calendar).decode("utf-8")
    if not links.has_mail_links(unfolded):
        return calendar
    # Every line is folded again (at most 75 octets), not only the changed ones.
    lines = [Contentline(links.fill_mail_links(line)).to_ical() if line else b""
             for line in unfolded.split("\r\n")]
    return b"\r\n".join(lines)


def build_mime(message: OutboxMessage, *, sender: str, with_links: bool = True) -> EmailMessage:
    """The message as sent: multipart/mixed → multipart/alternative (text, HTML, calendar)
    plus the calendar again as `invite.ics` for clients that only read attachments.

    With `with_links` (sending), the private links' placeholders become their tokens here,
    in memory only; without it (an export to files) the placeholders stay.
    """
    text, html, calendar = message.body_text, message.body_html, message.calendar
    if with_links:
        text, html = links.fill_mail_links(text), links.fill_mail_links(html)
        calendar = _calendar_with_links(calendar) if calendar is not None else None
    mime = EmailMessage(policy=policy.SMTP)
    mime["Subject"] = message.subject
    mime["From"] = sender
    mime["To"] = message.recipient
    mime["Date"] = format_datetime(message.created_at)
    mime["Message-ID"] = message.message_id
    mime["Content-Language"] = message.locale
    # RFC 3834: keeps vacation responders from answering every invitation.
    mime["Auto-Submitted"] = "auto-generated"
    mime.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    mime.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    if calendar is not None and message.calendar_method is not None:
        mime.add_alternative(calendar, maintype="text", subtype="calendar", cte="base64")
        calendar_part = list(mime.iter_parts())[-1]
        # Written by hand: the unquoted form is what Outlook and Google Calendar produce.
        calendar_part.replace_header(
            "Content-Type", f"text/calendar; method={message.calendar_method}; charset=UTF-8"
        )
        mime.add_attachment(
            calendar, maintype="application", subtype="ics", filename=ATTACHMENT_NAME
        )
    return mime
