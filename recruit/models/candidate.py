"""Young job seekers signed up for an event, their availability, cards and ranked interests."""

from __future__ import annotations

import datetime as dt
from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from recruit.extensions import Model
from recruit.models.base import UTCDateTime, minute_window_checks, one_of, utcnow
from recruit.models.card import RequirementCard, card_association

if TYPE_CHECKING:
    from recruit.models.employer import Vacancy
    from recruit.models.event import Event

CANDIDATE_STATUSES = ("unverified", "active", "cancelled")
# How the person hears about reminders and changes (`recruit.people.contact_channel`).
CHANNEL_EMAIL = "email"
CHANNEL_SMS = "sms"
CHANNEL_BOTH = "both"
CONTACT_CHANNELS = (CHANNEL_EMAIL, CHANNEL_SMS, CHANNEL_BOTH)
TEXT_CHANNELS = (CHANNEL_SMS, CHANNEL_BOTH)

candidate_card = card_association("candidate_card", "candidate_id", "candidate")


class Candidate(Model):
    __tablename__ = "candidate"
    __table_args__ = (
        # Signing up again with the same address updates the sign-up; stored
        # lower-case so the rule holds regardless of how the address was typed.
        sa.UniqueConstraint("event_id", "email"),
        sa.UniqueConstraint("event_id", "signup_seq"),
        sa.CheckConstraint("email = lower(email)", name="email_lower_case"),
        sa.CheckConstraint("birth_year BETWEEN 1900 AND 2100", name="birth_year_range"),
        sa.CheckConstraint("signup_seq >= 1", name="signup_seq_positive"),
        sa.CheckConstraint(one_of("status", CANDIDATE_STATUSES), name="status_known"),
        sa.CheckConstraint(one_of("contact_channel", CONTACT_CHANNELS),
                           name="contact_channel_known"),
        # Texts are only ever sent on a consent whose time is kept; e-mail alone has none.
        sa.CheckConstraint(f"(contact_channel = '{CHANNEL_EMAIL}') = (sms_consent_at IS NULL)",
                           name="texts_have_consent_time"),
        # Ids are never reused on SQLite: published snapshots name them (schedule.py).
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    first_name: Mapped[str] = mapped_column(sa.String(100))
    last_name: Mapped[str] = mapped_column(sa.String(100))
    email: Mapped[str] = mapped_column(sa.String(254))
    phone: Mapped[str] = mapped_column(sa.String(32), default="", server_default="")
    birth_year: Mapped[int]
    languages: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    # The language the person used the pages in (fi/sv/en): their e-mails are sent in it.
    locale: Mapped[str] = mapped_column(sa.String(8), default="fi", server_default="fi")
    # Short text shown to employers only when share_with_employers is set.
    introduction: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    share_with_employers: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # "Any suitable job": the solver may place them in eligible vacancies they did not rank.
    open_to_other: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Set by staff (for example a counsellor's client); tier 2 of the solver places them first.
    priority: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    status: Mapped[str] = mapped_column(
        sa.String(16), default="unverified", server_default="unverified"
    )
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    consent_version: Mapped[str | None] = mapped_column(sa.String(32))
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The exact notice text consented to (`PrivacyNotice.sha256`); None for records from
    # before notices were stored, and for sign-ups by staff without the person's consent.
    consent_notice_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    # Set when the person withdrew their consent: the sign-up is cancelled and the next
    # purge erases the person (`recruit.privacy.retention.erase_withdrawn`).
    consent_withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The optional consent to the impact follow-up some months after the event (None: no).
    follow_up_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When the person asked for text messages (None: e-mail only); kept while they stay on
    # texts, whichever way they switch between "text only" and "both".
    sms_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # E-mail, text message or both for the day-before reminder and change notices; the
    # schedule and calendar updates always go by e-mail too (docs/sms.md).
    contact_channel: Mapped[str] = mapped_column(
        sa.String(8), default=CHANNEL_EMAIL, server_default=CHANNEL_EMAIL
    )
    # Order of sign-up within the event (first come, first served); from
    # Event.allocate_signup_seq so that concurrent sign-ups never share a number.
    signup_seq: Mapped[int]
    # Set when staff signed the person up (phone or walk-in); the sign-up is then audited.
    signed_up_by_staff_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff_user.id", ondelete="SET NULL")
    )
    checked_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The schedule version whose publish told this person they have no interview; cleared
    # when a publish gives them one, so a later publish that leaves them out tells them again.
    left_out_told_version: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship(back_populates="candidates")
    windows: Mapped[list[CandidateWindow]] = relationship(
        back_populates="candidate",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="CandidateWindow.start_minute",
    )
    cards: Mapped[list[RequirementCard]] = relationship(
        secondary=candidate_card, order_by=RequirementCard.code
    )
    interests: Mapped[list[CandidateInterest]] = relationship(
        back_populates="candidate",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="CandidateInterest.rank",
    )

    def __repr__(self) -> str:
        # Never the name or address: reprs end up in logs.
        return f"<Candidate {self.id}>"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: dt.date) -> int:
        """Age in years on `day`, counted from the birth year alone.

        Only the year is collected (data minimisation), so this is the age the person reaches
        during that calendar year: the rule "15–29 on the event day" is read that way.
        """
        return day.year - self.birth_year


class CandidateWindow(Model):
    """A time the candidate can attend; none at all means the whole event."""

    __tablename__ = "candidate_window"
    __table_args__ = minute_window_checks()

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        sa.ForeignKey("candidate.id", ondelete="CASCADE"), index=True
    )
    start_minute: Mapped[int]
    end_minute: Mapped[int]

    candidate: Mapped[Candidate] = relationship(back_populates="windows")


class CandidateInterest(Model):
    """One vacancy the candidate wants, with its rank (1 = most wanted)."""

    __tablename__ = "candidate_interest"
    __table_args__ = (
        sa.UniqueConstraint("candidate_id", "rank"),
        sa.UniqueConstraint("candidate_id", "vacancy_id"),
        sa.CheckConstraint("rank >= 1", name="rank_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(sa.ForeignKey("candidate.id", ondelete="CASCADE"))
    vacancy_id: Mapped[int] = mapped_column(
        sa.ForeignKey("vacancy.id", ondelete="CASCADE"), index=True
    )
    rank: Mapped[int]

    candidate: Mapped[Candidate] = relationship(back_populates="interests")
    vacancy: Mapped[Vacancy] = relationship()
