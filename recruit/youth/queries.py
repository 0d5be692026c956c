"""Read-only queries and page data for the youth pages."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from recruit.extensions import db
from recruit.models import Employer, Event, Vacancy
from recruit.operations.free_slots import FreeSlot


def open_vacancies(event: Event) -> list[Vacancy]:
    """Vacancies youth may rank: those of the event's approved employers."""
    return list(
        db.session.scalars(
            sa.select(Vacancy)
            .join(Employer)
            .where(Employer.event_id == event.id, Employer.status == "approved")
            .options(selectinload(Vacancy.employer), selectinload(Vacancy.requirements))
            .order_by(Employer.company_name, Vacancy.title, Vacancy.id)
        )
    )


def vacancy_choices(event: Event) -> list[tuple[int, str]]:
    return [(v.id, f"{v.title} – {v.employer.company_name}") for v in open_vacancies(event)]


@dataclass(frozen=True)
class SlotGroup:
    """The free times of one vacancy, for the self-booking list."""

    vacancy: Vacancy
    starts: list[int]


def group_slots(slots: list[FreeSlot]) -> list[SlotGroup]:
    starts: dict[int, list[int]] = defaultdict(list)
    for slot in slots:
        if slot.start_minute not in starts[slot.vacancy_id]:
            starts[slot.vacancy_id].append(slot.start_minute)
    if not starts:
        return []
    vacancies = db.session.scalars(
        sa.select(Vacancy).where(Vacancy.id.in_(list(starts)))
        .options(selectinload(Vacancy.employer))
    ).all()
    return sorted(
        (SlotGroup(v, sorted(starts[v.id])) for v in vacancies),
        key=lambda group: (group.vacancy.employer.company_name, group.vacancy.title),
    )


def event_or_none(event_id: int) -> Event | None:
    return db.session.get(Event, event_id)
