"""The audit log: who did what to which object. It holds ids only, never personal data."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from recruit.extensions import Model
from recruit.models.base import UTCDateTime, utcnow


class AuditEntry(Model):
    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    # SET NULL: removing a staff account keeps the history of what was done.
    staff_user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff_user.id", ondelete="SET NULL"), index=True
    )
    # Set when the action came through the JSON API with this token (no staff user then).
    api_token_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("api_token.id", ondelete="SET NULL"), index=True
    )
    # A dotted verb such as "candidate.create" or "schedule.publish".
    action: Mapped[str] = mapped_column(sa.String(64))
    object_type: Mapped[str | None] = mapped_column(sa.String(64))
    object_id: Mapped[int | None]
    # Plain columns, no foreign keys: the log must outlive the event and the objects it names.
    event_id: Mapped[int | None] = mapped_column(index=True)

    def __repr__(self) -> str:
        return f"<AuditEntry {self.action} {self.object_type}:{self.object_id}>"
