"""Display names for the solver's ids, shared by the bridge (which builds them) and the
sentences (which use them)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


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
