"""The messages of one publish, sent out in the background: what is done and what is left.

Publishing records the version in the request and leaves telling people to a job
(`recruit.scheduling.fanout`). This row is the job's whole state, so any web instance shows
its progress and a job that died is resumed from where it stopped: every batch commits its
messages, what the people were told (`ToldInterview`) and the progress below in one
transaction, so a resumed job neither repeats nor skips a message.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from recruit.extensions import Model
from recruit.models.base import UTCDateTime, one_of, utcnow

if TYPE_CHECKING:
    from recruit.models.event import Event

PUBLISH_STATUSES = ("queued", "running", "done", "failed")


class PublishRun(Model):
    __tablename__ = "publish_run"
    __table_args__ = (
        sa.CheckConstraint(one_of("status", PUBLISH_STATUSES), name="status_known"),
        sa.CheckConstraint("people_done >= 0 AND people_done <= people_total",
                           name="progress_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("schedule_version.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[str] = mapped_column(sa.String(16), default="queued", server_default="queued")
    # The RQ job id when run on Redis; None for in-process jobs.
    job_id: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Renewed by the working job; a run without renewal for a while lost its worker and is
    # queued again (`recruit.scheduling.fanout.resume_if_lost`).
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Employers whose roster this version changed (they get the "roster ready" e-mail).
    roster_employer_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    rosters_queued: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Which job works on it: a job claims the run with a fresh token, and every batch commits
    # only while the token is still its own (a resumed run's old job, if alive, stops).
    worker_token: Mapped[str | None] = mapped_column(sa.String(32))
    # The young people of the event at the start, told in batches in id order: everyone up
    # to `after_candidate_id` is told; `people_done` of `people_total` for the progress bar.
    people_total: Mapped[int] = mapped_column(default=0, server_default="0")
    people_done: Mapped[int] = mapped_column(default=0, server_default="0")
    after_candidate_id: Mapped[int] = mapped_column(default=0, server_default="0")
    # Employers whose roster a batch found changed beyond `roster_employer_ids`: told at the end.
    other_employer_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    left_out_done: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    messages_queued: Mapped[int] = mapped_column(default=0, server_default="0")
    error: Mapped[str | None] = mapped_column(sa.Text)

    event: Mapped[Event] = relationship()

    def __repr__(self) -> str:
        return f"<PublishRun {self.id} {self.status} {self.people_done}/{self.people_total}>"
