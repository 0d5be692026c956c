"""Who may see which event, and the one-time links that let staff set a password.

An admin sees every event; a coordinator sees the events they are a coordinator of
(`EventCoordinator`: whoever creates an event becomes one; admins and the event's
coordinators add others). `recruit.core.access` is the one place that enforces it.

`StaffPolicy` holds what admins require of every account (a second factor).

A `StaffAccountLink` is an invitation or a password reset sent by e-mail. Like private
links, only the token's sha256 is stored; it works once (`used_at`) and for a short time.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from recruit.extensions import Model
from recruit.models.base import UTCDateTime, one_of, utcnow
from recruit.models.user import StaffUser

ACCOUNT_LINK_PURPOSES = ("invite", "password_reset")


class EventCoordinator(Model):
    __tablename__ = "event_coordinator"

    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event.id", ondelete="CASCADE"), primary_key=True
    )
    staff_user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("staff_user.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    staff_user: Mapped[StaffUser] = relationship()

    def __repr__(self) -> str:
        return f"<EventCoordinator {self.event_id}:{self.staff_user_id}>"


class StaffAccountLink(Model):
    __tablename__ = "staff_account_link"
    __table_args__ = (
        sa.CheckConstraint(one_of("purpose", ACCOUNT_LINK_PURPOSES), name="purpose_known"),
        sa.CheckConstraint("length(token_hash) = 64", name="token_hash_length"),
        sa.CheckConstraint("expires_at > created_at", name="expires_after_created"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    purpose: Mapped[str] = mapped_column(sa.String(16))
    staff_user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("staff_user.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    staff_user: Mapped[StaffUser] = relationship()

    def __repr__(self) -> str:
        return f"<StaffAccountLink {self.id} {self.purpose}>"

    def usable(self, now: datetime | None = None) -> bool:
        return self.used_at is None and (now or utcnow()) < self.expires_at


class StaffPolicy(Model):
    """Settings for every staff account, in one row (id 1) that admins change in the app."""

    __tablename__ = "staff_policy"
    __table_args__ = (sa.CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Every staff member must log in with a second factor; one without is sent to enrol.
    require_second_factor: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    def __repr__(self) -> str:
        return f"<StaffPolicy require_second_factor={self.require_second_factor}>"
