"""The impact follow-up some months after an event: who was asked, and the anonymous answers.

`FollowUpRequest` is one row per person asked (a young person who consented, or an employer):
when they were asked and reminded and whether they have answered. The purge keeps it: the
person it points at is anonymised then, and the report's response rate needs it.
`FollowUpAnswer` is the answer
itself with nothing that leads back to the person: no person, no time, only the event. The
two are written in the same transaction, but nothing links one row to the other, so the
answers stay after the purge as anonymous figures (`recruit.followup` explains the flow).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from recruit.extensions import Model
from recruit.models.base import UTCDateTime, one_of

# A young person's situation at the follow-up.
SITUATIONS = ("working", "studying", "guidance", "none")
# Did the event help them on their way?
HELPED = ("yes", "somewhat", "no")
AUDIENCES = ("youth", "employer")


class FollowUpRequest(Model):
    __tablename__ = "follow_up_request"
    __table_args__ = (
        # One request per person, ever: the database refuses a second ask even when two
        # runs of the command race.
        sa.UniqueConstraint("candidate_id"),
        sa.UniqueConstraint("employer_id"),
        sa.CheckConstraint(
            "(candidate_id IS NULL) <> (employer_id IS NULL)", name="one_person"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    candidate_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("candidate.id", ondelete="CASCADE")
    )
    employer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("employer.id", ondelete="CASCADE")
    )
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A flag, not a time: a time would match the answer to the person by when it came.
    answered: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    def __repr__(self) -> str:
        return f"<FollowUpRequest {self.id} event {self.event_id}>"


class FollowUpAnswer(Model):
    """One anonymous answer: a young person's situation and view, or an employer's hires."""

    __tablename__ = "follow_up_answer"
    __table_args__ = (
        sa.CheckConstraint(one_of("audience", AUDIENCES), name="audience_known"),
        sa.CheckConstraint(
            f"situation IS NULL OR {one_of('situation', SITUATIONS)}", name="situation_known"
        ),
        sa.CheckConstraint(f"helped IS NULL OR {one_of('helped', HELPED)}", name="helped_known"),
        sa.CheckConstraint("hires IS NULL OR hires >= 0", name="hires_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    audience: Mapped[str] = mapped_column(sa.String(8))
    situation: Mapped[str | None] = mapped_column(sa.String(16))
    helped: Mapped[str | None] = mapped_column(sa.String(16))
    # An employer's answer: how many of the young people they met now work for them.
    hires: Mapped[int | None] = mapped_column()

    def __repr__(self) -> str:
        return f"<FollowUpAnswer {self.id} {self.audience}>"
