"""Display names for the solver's ids: `names_for(event)` reads them from the database, the
sentences and `humanise` use them, so that staff read names, not codes."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

import sqlalchemy as sa

from recruit.extensions import db
from recruit.models import Candidate, Employer, Event, Vacancy
from recruit.scheduling.bridge import candidate_key, employer_key, vacancy_key

_SOLVER_ID = re.compile(r"\b(C|E)(\d+)(?:-V(\d+))?\b")


@dataclass(frozen=True)
class Names:
    """Display names for the solver's ids, so that sentences name people, not codes."""

    people: Mapping[str, str] = field(default_factory=dict)
    employers: Mapping[str, str] = field(default_factory=dict)
    vacancies: Mapping[str, str] = field(default_factory=dict)
    cards: Mapping[str, str] = field(default_factory=dict)
    # Vacancy titles alone, for places where the employer is already named (the grid).
    titles: Mapping[str, str] = field(default_factory=dict)

    def person(self, solver_id: str) -> str:
        return self.people.get(solver_id, solver_id)

    def employer(self, solver_id: str) -> str:
        return self.employers.get(solver_id, solver_id)

    def vacancy(self, solver_id: str) -> str:
        return self.vacancies.get(solver_id, solver_id)

    def title(self, solver_id: str) -> str:
        return self.titles.get(solver_id) or self.vacancy(solver_id)

    def card(self, code: str) -> str:
        return self.cards.get(code, code.replace("_", " "))


def names_for(event: Event, language: str, people: Collection[int] | None = None) -> Names:
    """Display names for every solver id of the event (staff pages only: full names);
    `people` narrows the young people to those ids (a page names only whom it shows)."""
    query = sa.select(Candidate.id, Candidate.first_name, Candidate.last_name).where(
        Candidate.event_id == event.id
    )
    if people is not None:
        query = query.where(Candidate.id.in_(sorted(people)))
    people_names = {
        candidate_key(cid): f"{first} {last}"
        for cid, first, last in db.session.execute(query)
    }
    employers: dict[str, str] = {}
    vacancies: dict[str, str] = {}
    titles: dict[str, str] = {}
    for employer_id, company, vacancy_id, title in db.session.execute(
        sa.select(Employer.id, Employer.company_name, Vacancy.id, Vacancy.title)
        .outerjoin(Vacancy)
        .where(Employer.event_id == event.id)
    ):
        employers[employer_key(employer_id)] = company
        if vacancy_id is not None:
            vacancies[vacancy_key(employer_id, vacancy_id)] = f"{title} ({company})"
            titles[vacancy_key(employer_id, vacancy_id)] = title
    cards = {card.code: card.name_for(language) for card in event.cards}
    return Names(
        people=people_names, employers=employers, vacancies=vacancies, cards=cards, titles=titles
    )


def humanise(text: str, names: Names) -> str:
    """Replace solver ids in an engine or validator message by names."""

    def name(match: re.Match[str]) -> str:
        key = match.group(0)
        if match.group(3):
            return names.vacancy(key)
        return names.person(key) if match.group(1) == "C" else names.employer(key)

    return _SOLVER_ID.sub(name, text)
