"""What each young person was last told about each interview, by calendar message.

One row per (interview UID, person): the time, place and status of the last invite, update or
cancellation queued for them, and its SEQUENCE. `recruit.changes` compares these rows with the
schedule as it is now to know exactly which updates and cancellations are owed. The row goes
with the person when they are erased; the interview may go earlier (the UID is kept here).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from recruit.extensions import Model
from recruit.models.base import UTCDateTime, utcnow

TOLD_METHODS = ("REQUEST", "CANCEL")


class ToldInterview(Model):
    __tablename__ = "told_interview"
    __table_args__ = (
        sa.UniqueConstraint("interview_uid", "candidate_id"),
        sa.CheckConstraint("method IN ('REQUEST', 'CANCEL')", name="method_known"),
        sa.CheckConstraint("sequence >= 0", name="sequence_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    candidate_id: Mapped[int] = mapped_column(
        sa.ForeignKey("candidate.id", ondelete="CASCADE"), index=True
    )
    interview_uid: Mapped[str] = mapped_column(sa.String(64))
    method: Mapped[str] = mapped_column(sa.String(8))
    sequence: Mapped[int] = mapped_column()
    # Local wall-clock times as told ("2027-03-12T09:15") in `timezone`.
    start_local: Mapped[str] = mapped_column(sa.String(16))
    end_local: Mapped[str] = mapped_column(sa.String(16))
    timezone: Mapped[str] = mapped_column(sa.String(64))
    venue_name: Mapped[str] = mapped_column(sa.String(200))
    venue_address: Mapped[str] = mapped_column(sa.String(300))
    table_label: Mapped[str] = mapped_column(sa.String(16))
    told_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    def __repr__(self) -> str:
        return f"<ToldInterview {self.interview_uid} {self.method} {self.sequence}>"
