"""Requirement cards: the licences and passports a vacancy may require (a staff-managed list)."""

from __future__ import annotations

import csv
from importlib import resources

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from recruit.extensions import Model, db


class RequirementCard(Model):
    __tablename__ = "requirement_card"
    __table_args__ = (
        # Codes travel to the solver as identifiers ("hygiene_passport"), so keep them plain.
        sa.CheckConstraint("length(code) BETWEEN 1 AND 64", name="code_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name_fi: Mapped[str] = mapped_column(sa.String(200))
    name_sv: Mapped[str] = mapped_column(sa.String(200))
    name_en: Mapped[str] = mapped_column(sa.String(200))
    min_age_note: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    is_active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())

    def __repr__(self) -> str:
        return f"<RequirementCard {self.code}>"

    def name_for(self, locale: str | None) -> str:
        """The card's name in `locale` ("fi", "sv", "en" or e.g. "sv_FI"); Finnish otherwise."""
        language = (str(locale) if locale else "fi")[:2]
        return {"sv": self.name_sv, "en": self.name_en}.get(language, self.name_fi)


def card_association(table_name: str, owner_column: str, owner_table: str) -> sa.Table:
    """A many-to-many table between an owner (event, vacancy, candidate) and cards.

    Deleting the owner deletes its links; a card still linked cannot be deleted (RESTRICT):
    staff deactivate a card instead of removing it from history.
    """
    return sa.Table(
        table_name,
        db.metadata,
        sa.Column(
            owner_column,
            sa.ForeignKey(f"{owner_table}.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "card_id", sa.ForeignKey("requirement_card.id", ondelete="RESTRICT"), primary_key=True
        ),
    )


def read_seed_cards() -> list[dict[str, str]]:
    """The cards shipped in `recruit/data/cards.csv` (official names in three languages)."""
    text = resources.files("recruit").joinpath("data/cards.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def seed_cards() -> int:
    """Add the shipped cards that are missing (by code); never overwrite staff edits.

    Returns how many were added. The caller commits.
    """
    existing = set(db.session.scalars(sa.select(RequirementCard.code)))
    added = 0
    for row in read_seed_cards():
        if row["code"] in existing:
            continue
        db.session.add(
            RequirementCard(
                code=row["code"],
                name_fi=row["fi"],
                name_sv=row["sv"],
                name_en=row["en"],
                min_age_note=row.get("min_age_note") or "",
            )
        )
        added += 1
    db.session.flush()
    return added
