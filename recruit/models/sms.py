"""The SMS outbox: every text message, written in the transaction that causes it.

Like the e-mail outbox (`recruit.models.outbox`): a row is the text as rendered when it was
queued, in the person's language, with private links as placeholders that the sender fills in
at sending time (`recruit.core.links`), so a copy of the database opens nobody's booking page.
`recruit.sms.sender` delivers due rows through the HTTP gateway.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from recruit.extensions import Model
from recruit.models.base import UTCDateTime, one_of, utcnow
from recruit.models.outbox import (
    DELIVERED_STATUSES,
    OUTBOX_STATUSES,
    STATUS_QUEUED,
)

SMS_REMINDER = "sms_reminder"
SMS_MOVED = "sms_moved"
SMS_SLOT_OPENED = "sms_slot_opened"
SMS_KINDS = (SMS_REMINDER, SMS_MOVED, SMS_SLOT_OPENED)


class SmsMessage(Model):
    __tablename__ = "sms_message"
    __table_args__ = (
        sa.CheckConstraint(one_of("status", OUTBOX_STATUSES), name="status_known"),
        sa.CheckConstraint(one_of("kind", SMS_KINDS), name="kind_known"),
        sa.CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        sa.CheckConstraint("segments >= 1", name="segments_positive"),
        sa.CheckConstraint(
            f"({one_of('status', DELIVERED_STATUSES)}) = (sent_at IS NOT NULL)",
            name="sent_has_time",
        ),
        # The sender's query: due queued messages, oldest first.
        sa.Index("ix_sms_message_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Sent to the gateway as the client's reference for this message; fixed when queued.
    reference: Mapped[str] = mapped_column(sa.String(32), unique=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event.id", ondelete="CASCADE"), index=True
    )
    # Erasing the person erases their text messages with them (recruit.privacy).
    candidate_id: Mapped[int] = mapped_column(
        sa.ForeignKey("candidate.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(20))
    # E.164 ("+358401234567"), as the sign-up form normalised it.
    recipient: Mapped[str] = mapped_column(sa.String(32))
    locale: Mapped[str] = mapped_column(sa.String(8))
    body: Mapped[str] = mapped_column(sa.Text)
    # How many SMS parts the text takes once its links are filled in (GSM-7 or UCS-2).
    segments: Mapped[int] = mapped_column(default=1, server_default="1")
    status: Mapped[str] = mapped_column(
        sa.String(10), default=STATUS_QUEUED, server_default=STATUS_QUEUED
    )
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claim_token: Mapped[str | None] = mapped_column(sa.String(32))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The HTTP status or exception class only: a gateway's reply may quote the number.
    last_error: Mapped[str | None] = mapped_column(sa.String(300))

    def __repr__(self) -> str:
        # Never the number or the text: reprs end up in logs.
        return f"<SmsMessage {self.id} {self.kind} {self.status}>"
