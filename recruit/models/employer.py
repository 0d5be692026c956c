"""Employers taking part in an event, their time windows and their vacancies."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from recruit.extensions import Model
from recruit.models.base import UTCDateTime, minute_window_checks, one_of, utcnow
from recruit.models.card import RequirementCard, card_association

if TYPE_CHECKING:
    from recruit.models.event import Event

EMPLOYER_STATUSES = ("pending", "approved", "rejected")
WINDOW_KINDS = ("available", "break")

vacancy_requirement = card_association("vacancy_requirement", "vacancy_id", "vacancy")


class Employer(Model):
    __tablename__ = "employer"
    __table_args__ = (
        sa.CheckConstraint("interview_minutes > 0", name="interview_minutes_positive"),
        sa.CheckConstraint("tables >= 1", name="tables_positive"),
        sa.CheckConstraint("min_candidates >= 0", name="min_not_negative"),
        sa.CheckConstraint(
            "max_candidates >= 1 AND max_candidates >= min_candidates", name="max_at_least_min"
        ),
        sa.CheckConstraint(one_of("status", EMPLOYER_STATUSES), name="status_known"),
        # Ids are never reused on SQLite: published snapshots name them (schedule.py).
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    company_name: Mapped[str] = mapped_column(sa.String(200))
    # Y-tunnus, stored normalised as "1234567-8"; the sign-up form checks the check digit.
    business_id: Mapped[str] = mapped_column(sa.String(9))
    contact_name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str] = mapped_column(sa.String(254))
    # E.164, normalised by the phonenumbers library ("+358401234567").
    phone: Mapped[str] = mapped_column(sa.String(32), default="", server_default="")
    address: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    interview_minutes: Mapped[int] = mapped_column(default=15, server_default="15")
    tables: Mapped[int] = mapped_column(default=1, server_default="1")
    min_candidates: Mapped[int] = mapped_column(default=20, server_default="20")
    max_candidates: Mapped[int] = mapped_column(default=30, server_default="30")
    status: Mapped[str] = mapped_column(sa.String(16), default="pending", server_default="pending")
    # The language the contact used the sign-up form in (fi/sv/en): their e-mails use it.
    locale: Mapped[str] = mapped_column(sa.String(8), default="fi", server_default="fi")
    consent_version: Mapped[str | None] = mapped_column(sa.String(32))
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The exact notice text consented to (`PrivacyNotice.sha256`).
    consent_notice_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    # Set when the contact person erased their contact details from their link.
    contact_erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship(back_populates="employers")
    windows: Mapped[list[EmployerWindow]] = relationship(
        back_populates="employer",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(EmployerWindow.start_minute, EmployerWindow.id)",
    )
    vacancies: Mapped[list[Vacancy]] = relationship(
        back_populates="employer",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Vacancy.id",
    )

    def __repr__(self) -> str:
        return f"<Employer {self.id}>"

    @property
    def available(self) -> list[EmployerWindow]:
        return [w for w in self.windows if w.kind == "available"]

    @property
    def breaks(self) -> list[EmployerWindow]:
        return [w for w in self.windows if w.kind == "break"]


class EmployerWindow(Model):
    """A time the employer interviews ("available") or pauses inside it ("break")."""

    __tablename__ = "employer_window"
    __table_args__ = (
        *minute_window_checks(),
        sa.CheckConstraint(one_of("kind", WINDOW_KINDS), name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("employer.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(16))
    start_minute: Mapped[int]
    end_minute: Mapped[int]

    employer: Mapped[Employer] = relationship(back_populates="windows")


class Vacancy(Model):
    __tablename__ = "vacancy"
    __table_args__ = (
        sa.CheckConstraint("positions >= 1", name="positions_positive"),
        sa.CheckConstraint("min_age BETWEEN 0 AND 99", name="min_age_range"),
        # Ids are never reused on SQLite: published snapshots name them (schedule.py).
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("employer.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    positions: Mapped[int] = mapped_column(default=1, server_default="1")
    # Interview languages; an empty list means any language will do (as in the solver).
    languages: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    min_age: Mapped[int] = mapped_column(default=0, server_default="0")

    employer: Mapped[Employer] = relationship(back_populates="vacancies")
    requirements: Mapped[list[RequirementCard]] = relationship(
        secondary=vacancy_requirement, order_by=RequirementCard.code
    )

    def __repr__(self) -> str:
        return f"<Vacancy {self.id}>"
