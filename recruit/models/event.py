"""Recruitment events, their breaks and the requirement cards they offer.

Times of day are whole minutes since local midnight of the event day (`start_minute`,
`end_minute`), the unit the solver uses; the event's `timezone` turns them into instants.
"""

from __future__ import annotations

import datetime as dt
from datetime import datetime
from typing import TYPE_CHECKING, cast
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.orm.attributes import set_committed_value

from recruit.extensions import Model, db
from recruit.models.base import UTCDateTime, minute_window_checks, one_of, utcnow
from recruit.models.card import RequirementCard, card_association

if TYPE_CHECKING:
    from recruit.models.candidate import Candidate
    from recruit.models.employer import Employer

# A grid must divide an hour so that slots line up with the clock on every hour.
GRID_CHOICES = (5, 10, 15, 20, 30, 60)
CHANGE_POLICIES = ("automatic", "review")
LANGUAGE_CODES = ("fi", "sv", "en")

event_card = card_association("event_card", "event_id", "event")


class Event(Model):
    __tablename__ = "event"
    __table_args__ = (
        *minute_window_checks(),
        sa.CheckConstraint(
            f"grid_minutes IN ({', '.join(map(str, GRID_CHOICES))})", name="grid_choice"
        ),
        sa.CheckConstraint("start_minute % grid_minutes = 0", name="start_on_grid"),
        sa.CheckConstraint("end_minute % grid_minutes = 0", name="end_on_grid"),
        sa.CheckConstraint("candidate_buffer_minutes >= 0", name="buffer_not_negative"),
        sa.CheckConstraint("max_interviews_per_candidate >= 1", name="max_interviews_positive"),
        sa.CheckConstraint("max_ranked_interests >= 1", name="max_ranked_positive"),
        sa.CheckConstraint("retention_days >= 1", name="retention_positive"),
        sa.CheckConstraint("follow_up_days IS NULL OR follow_up_days >= 1",
                           name="follow_up_days_positive"),
        sa.CheckConstraint("default_min_candidates >= 0", name="default_min_not_negative"),
        sa.CheckConstraint(
            "default_max_candidates >= 1 AND default_max_candidates >= default_min_candidates",
            name="default_max_at_least_min",
        ),
        sa.CheckConstraint(
            one_of("change_policy", CHANGE_POLICIES),
            name="change_policy_known",
        ),
        sa.CheckConstraint("last_signup_seq >= 0", name="signup_seq_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    date: Mapped[dt.date] = mapped_column(sa.Date)
    timezone: Mapped[str] = mapped_column(
        sa.String(64), default="Europe/Helsinki", server_default="Europe/Helsinki"
    )
    venue_name: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    venue_address: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    start_minute: Mapped[int]
    end_minute: Mapped[int]
    grid_minutes: Mapped[int] = mapped_column(default=5, server_default="5")
    candidate_buffer_minutes: Mapped[int] = mapped_column(default=5, server_default="5")
    max_interviews_per_candidate: Mapped[int] = mapped_column(default=3, server_default="3")
    max_ranked_interests: Mapped[int] = mapped_column(default=3, server_default="3")
    signup_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Languages the event is run in, e.g. ["fi", "sv", "en"]; forms offer only these.
    languages: Mapped[list[str]] = mapped_column(sa.JSON, default=lambda: list(LANGUAGE_CODES))
    organiser_email: Mapped[str] = mapped_column(sa.String(254), default="", server_default="")
    # What staff tell the young people left without an interview (card trainings, other
    # services); part of the "no interview this time" e-mail.
    next_steps: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    # "automatic": changes from the waiting list go out at once; "review": staff approve first.
    change_policy: Mapped[str] = mapped_column(
        sa.String(16), default="automatic", server_default="automatic"
    )
    # Personal data of the event is deleted this many days after the event day.
    retention_days: Mapped[int] = mapped_column(default=90, server_default="90")
    # The impact follow-up goes out this many days after the event day (None: no follow-up).
    # It must fit in the retention period with time to answer (`recruit.followup.timing`).
    follow_up_days: Mapped[int | None] = mapped_column()
    # Set by the purge (`recruit.privacy.retention`): from then on only anonymous figures remain.
    personal_data_deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    default_min_candidates: Mapped[int] = mapped_column(default=20, server_default="20")
    default_max_candidates: Mapped[int] = mapped_column(default=30, server_default="30")
    # Counter behind Candidate.signup_seq; see `allocate_signup_seq`.
    last_signup_seq: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    cards: Mapped[list[RequirementCard]] = relationship(
        secondary=event_card, order_by=RequirementCard.code
    )
    breaks: Mapped[list[EventBreak]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="EventBreak.start_minute",
    )
    employers: Mapped[list[Employer]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Employer.id",
    )
    # In sign-up order: first come, first served reads them this way.
    candidates: Mapped[list[Candidate]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Candidate.signup_seq",
    )

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.date}>"

    def allocate_signup_seq(self) -> int:
        """Take the next sign-up number of this event, safely under concurrent sign-ups.

        One UPDATE ... RETURNING increments the counter in the database: PostgreSQL serialises
        it with a row lock and SQLite with its write lock, so two sign-ups never share a number.
        """
        table = cast(sa.Table, Event.__table__)  # declared as a table, so it is one
        seq = db.session.execute(
            sa.update(table)
            .where(table.c.id == self.id)
            .values(last_signup_seq=table.c.last_signup_seq + 1)
            .returning(table.c.last_signup_seq)
        ).scalar_one()
        # The row already holds it: record it as loaded, not as a change to write back.
        set_committed_value(self, "last_signup_seq", seq)
        return seq

    def local_datetime(self, minute: int) -> datetime:
        """The instant of `minute` (since local midnight) on the event day, in its timezone."""
        midnight = datetime.combine(self.date, dt.time(), tzinfo=ZoneInfo(self.timezone))
        return midnight + dt.timedelta(minutes=minute)

    def signup_open(self, now: datetime | None = None) -> bool:
        return self.signup_deadline is None or (now or utcnow()) < self.signup_deadline


class EventBreak(Model):
    """A pause in the whole event (lunch); no interview overlaps it."""

    __tablename__ = "event_break"
    __table_args__ = minute_window_checks()

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    start_minute: Mapped[int]
    end_minute: Mapped[int]

    event: Mapped[Event] = relationship(back_populates="breaks")
