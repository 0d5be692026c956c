"""Free interview times grouped per employer, for the booking pages (read-only).

An employer's free time is free for every vacancy of theirs the young person qualifies for, so
each time is shown once, with its start and end, and the vacancy is chosen beside the times
(when there is more than one), not repeated for every vacancy.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from recruit.booking.free_slots import FreeSlot
from recruit.extensions import db
from recruit.models import Employer, Vacancy


@dataclass(frozen=True)
class EmployerSlots:
    employer: Employer
    vacancies: list[Vacancy]
    times: list[tuple[int, int]]


def group_by_employer(slots: list[FreeSlot]) -> list[EmployerSlots]:
    if not slots:
        return []
    vacancy_ids = {slot.vacancy_id for slot in slots}
    vacancies = {
        v.id: v for v in db.session.scalars(
            sa.select(Vacancy).where(Vacancy.id.in_(vacancy_ids))
            .options(selectinload(Vacancy.employer))
        )
    }
    by_employer: dict[int, tuple[set[int], set[tuple[int, int]]]] = {}
    for slot in slots:
        wanted, times = by_employer.setdefault(slot.employer_id, (set(), set()))
        wanted.add(slot.vacancy_id)
        times.add((slot.start_minute, slot.end_minute))
    groups = []
    for wanted, times in by_employer.values():
        shown = sorted((vacancies[v] for v in wanted if v in vacancies),
                       key=lambda v: (v.title, v.id))
        if shown:
            groups.append(EmployerSlots(shown[0].employer, shown, sorted(times)))
    return sorted(groups, key=lambda g: (g.employer.company_name, g.employer.id))
