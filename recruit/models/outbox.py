"""The outbox: every e-mail the service sends, written in the transaction that causes it.

A row is the whole message as rendered when it was queued (subject, text, HTML and calendar),
so a retry days later sends exactly what the change produced, with the same Message-ID, and
`flask export-mail` can show what would go out. `recruit.mail.sender` delivers due rows.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from recruit.extensions import Model
from recruit.models.base import UTCDateTime, utcnow

STATUS_QUEUED = "queued"
STATUS_SENT = "sent"
STATUS_DEAD = "dead"
# Without a mail server the log stands in for it: written out, but nobody received it.
STATUS_LOGGED = "logged"
OUTBOX_STATUSES = (STATUS_QUEUED, STATUS_SENT, STATUS_LOGGED, STATUS_DEAD)
DELIVERED_STATUSES = (STATUS_SENT, STATUS_LOGGED)
CALENDAR_METHODS = ("REQUEST", "CANCEL", "PUBLISH")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class OutboxMessage(Model):
    __tablename__ = "outbox_message"
    __table_args__ = (
        sa.CheckConstraint(_in("status", OUTBOX_STATUSES), name="status_known"),
        sa.CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        sa.CheckConstraint(
            f"calendar_method IS NULL OR {_in('calendar_method', CALENDAR_METHODS)}",
            name="calendar_method_known",
        ),
        # A calendar part is only sent with the method its MIME header has to repeat.
        sa.CheckConstraint(
            "(calendar IS NULL) = (calendar_method IS NULL)", name="calendar_has_method"
        ),
        sa.CheckConstraint(
            f"({_in('status', DELIVERED_STATUSES)}) = (sent_at IS NOT NULL)", name="sent_has_time"
        ),
        # The sender's query: due queued messages, oldest first.
        sa.Index("ix_outbox_message_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Fixed when queued, so every retry carries the same id and receivers can drop duplicates.
    message_id: Mapped[str] = mapped_column(sa.String(255), unique=True)
    event_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("event.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(40))
    recipient: Mapped[str] = mapped_column(sa.String(320))
    locale: Mapped[str] = mapped_column(sa.String(8))
    subject: Mapped[str] = mapped_column(sa.String(500))
    body_text: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    calendar: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    calendar_method: Mapped[str | None] = mapped_column(sa.String(16))
    status: Mapped[str] = mapped_column(
        sa.String(10), default=STATUS_QUEUED, server_default=STATUS_QUEUED
    )
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # A sender claims a batch for a lease; a sender that dies mid-batch leaves the lease to
    # expire, and another picks the messages up.
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claim_token: Mapped[str | None] = mapped_column(sa.String(32))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The SMTP reply code and exception class only: the reply text may quote the address.
    last_error: Mapped[str | None] = mapped_column(sa.String(300))
    # The message names someone whose data was erased: it still goes out (they and the
    # employers must be told), and the row is deleted the moment it has been delivered.
    erase_when_sent: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.kind} {self.status}>"
