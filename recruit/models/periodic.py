"""The app's own schedule of periodic work: one row per task and period that was claimed.

A daily task's period is its local date ("2027-03-11"), an interval task's the number of its
interval since the epoch. The unique row is the claim: however many `flask periodic` processes
run (one per machine is fine), a period's task runs once; a failed run frees its period again
after a pause, so the next tick retries it.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from recruit.extensions import Model
from recruit.models.base import UTCDateTime, utcnow

PERIODIC_OUTCOMES = ("running", "done", "failed")


class PeriodicRun(Model):
    __tablename__ = "periodic_run"
    __table_args__ = (
        sa.UniqueConstraint("task", "period"),
        sa.CheckConstraint("outcome IN ('running', 'done', 'failed')", name="outcome_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task: Mapped[str] = mapped_column(sa.String(40))
    period: Mapped[str] = mapped_column(sa.String(20))
    outcome: Mapped[str] = mapped_column(sa.String(8), default="running")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def __repr__(self) -> str:
        return f"<PeriodicRun {self.task} {self.period} {self.outcome}>"
