"""Free interview times grouped per employer, for the booking pages (read-only).

An employer's free time is free for every vacancy of theirs the young person qualifies for, so
each time is shown once, with its start and end, and the vacancy is chosen beside the times
(when there is more than one), not repeated for every vacancy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from recruit.booking.free_slots import EmployerOffer


@dataclass(frozen=True)
class VacancyChoice:
    id: int
    title: str


@dataclass(frozen=True)
class EmployerSlots:
    employer_id: int
    company_name: str
    vacancies: list[VacancyChoice]
    times: list[tuple[int, int]]

    @property
    def first(self) -> tuple[int, int]:
        return self.times[0]


def group_by_employer(offers: Sequence[EmployerOffer]) -> list[EmployerSlots]:
    """The offers as the page shows them: by company name, each time once."""
    groups = [
        EmployerSlots(
            offer.employer_id, offer.company_name,
            [VacancyChoice(vacancy_id, title) for vacancy_id, title in offer.vacancies],
            [(start, end) for start, end, _table in offer.times],
        )
        for offer in offers
    ]
    return sorted(groups, key=lambda g: (g.company_name, g.employer_id))
