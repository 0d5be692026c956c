"""Tiny-problem builders shared by the solver tests (others may import them).

Times are written "HH:MM" for readability and turned into minutes here. Every builder has
defaults that make the rule under test the only thing that matters.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from solver.problem import (
    Candidate,
    Employer,
    Event,
    Interview,
    Placement,
    Problem,
    Vacancy,
    parse_hhmm,
)


def window(start: str, end: str) -> tuple[int, int]:
    return parse_hhmm(start), parse_hhmm(end)


def event(start: str = "09:00", end: str = "10:00", *, buffer: int = 0,
          max_interviews: int = 3, grid: int = 5) -> Event:
    return Event(date="2027-03-12", start=parse_hhmm(start), end=parse_hhmm(end),
                 grid_minutes=grid, candidate_buffer_minutes=buffer,
                 max_interviews_per_candidate=max_interviews)


def vacancy(vacancy_id: str, *, requires: Sequence[str] = (), languages: Sequence[str] = (),
            min_age: int = 0) -> Vacancy:
    return Vacancy(vacancy_id, tuple(requires), tuple(languages), min_age)


def employer(employer_id: str, vacancies: Sequence[Vacancy] | None = None, *,
             minutes: int = 15, tables: int = 1,
             available: Iterable[tuple[str, str]] = (),
             breaks: Iterable[tuple[str, str]] = (),
             min_candidates: int = 0, max_candidates: int = 30) -> Employer:
    """An employer; by default one vacancy "<id>-V1" with no requirements."""
    if vacancies is None:
        vacancies = (vacancy(f"{employer_id}-V1"),)
    return Employer(employer_id, minutes, tables, tuple(vacancies),
                    tuple(window(*w) for w in available), tuple(window(*w) for w in breaks),
                    min_candidates, max_candidates)


def candidate(candidate_id: str, preferences: Sequence[str] = (), *, age: int = 20,
              languages: Sequence[str] = ("fi",), has: Sequence[str] = (),
              available: Iterable[tuple[str, str]] = (), open_to_other: bool = False,
              priority: int = 0) -> Candidate:
    return Candidate(candidate_id, age, tuple(languages), tuple(has),
                     tuple(window(*w) for w in available), tuple(preferences),
                     open_to_other, priority)


def placement(candidate_id: str, employer_id: str, vacancy_id: str, start: str) -> Placement:
    return Placement(candidate_id, employer_id, vacancy_id, parse_hhmm(start))


def problem(employers: Sequence[Employer], candidates: Sequence[Candidate], *,
            at: Event | None = None, locks: Sequence[Placement] = (),
            published: Sequence[Placement] = ()) -> Problem:
    return Problem(at or event(), tuple(employers), tuple(candidates), tuple(locks),
                   tuple(published))


def assert_valid(prob: Problem, interviews: Sequence[Interview]) -> None:
    """Every schedule a test produces must pass the independent validator (S3's)."""
    from solver.validate import check_schedule

    violations = check_schedule(prob, interviews)
    assert not violations, [v.message for v in violations]


def as_tuples(interviews: Iterable[Interview]) -> set[tuple[str, str, str, int]]:
    """(candidate, employer, vacancy, start) of each interview, for compact assertions."""
    return {(i.candidate, i.employer, i.vacancy, i.start) for i in interviews}
