"""Counted attempts of the per-person limits (`recruit.core.throttle`) when there is no Redis:
one row per attempt, kept no longer than the longest window."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from recruit.extensions import Model
from recruit.models.base import UTCDateTime, utcnow


class ThrottleHit(Model):
    __tablename__ = "throttle_hit"
    __table_args__ = (sa.Index("ix_throttle_hit_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The kind of attempt and a keyed hash of whom it was for, never an address.
    key: Mapped[str] = mapped_column(sa.String(80))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"<ThrottleHit {self.id}>"
