"""Read-only queries and page data for the youth pages."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from recruit.extensions import db
from recruit.models import Employer, Event, Vacancy


def open_vacancies(event: Event) -> list[Vacancy]:
    """Vacancies youth may rank: those of the event's approved employers."""
    return list(
        db.session.scalars(
            sa.select(Vacancy)
            .join(Employer)
            .where(Employer.event_id == event.id, Employer.status == "approved")
            .options(selectinload(Vacancy.employer).selectinload(Employer.windows),
                     selectinload(Vacancy.requirements))
            .order_by(Employer.company_name, Vacancy.title, Vacancy.id)
        )
    )


def vacancy_choices(
    event: Event, vacancies: list[Vacancy] | None = None
) -> list[tuple[int, str]]:
    """The form's choices; `vacancies` are `open_vacancies(event)` when the caller has them
    (a sign-up page reads them once for the form and the job cards)."""
    if vacancies is None:
        vacancies = open_vacancies(event)
    return [(v.id, f"{v.title} – {v.employer.company_name}") for v in vacancies]


def event_or_none(event_id: int) -> Event | None:
    return db.session.get(Event, event_id)


def approved_employer_name(event: Event, employer_id: int) -> str | None:
    """The company name of an approved employer of `event` (None for any other id)."""
    return db.session.scalar(
        sa.select(Employer.company_name).where(
            Employer.id == employer_id, Employer.event_id == event.id,
            Employer.status == "approved")
    )
