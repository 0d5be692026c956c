"""The slot grid and who may be interviewed where (the hard rules that pick variables).

Every possible interview is an `Option`: a candidate, a vacancy of an employer and a start on
that employer's slot grid, with the candidate eligible for and wanting the vacancy and free at
that time. The model, the greedy baseline and the flow bounds all work on the same options,
so they agree on what is allowed.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import NamedTuple

from solver.problem import Candidate, Employer, Event, Placement, Problem, Vacancy, joined_windows
from solver.settings import LOWER_RANK_WEIGHT, OPEN_TO_OTHER_WEIGHT, RANK_WEIGHTS


def employer_slots(event: Event, employer: Employer) -> tuple[int, ...]:
    """Start times of the employer's slots, in increasing order.

    Slots are back to back, `interview_minutes` long, from the start of each availability
    window (the whole event when `available` is empty). A slot that would overlap a break
    starts when the break ends instead; a slot must end by its window's end.
    """
    length = employer.interview_minutes
    windows = employer.available or ((event.start, event.end),)
    starts: list[int] = []
    for window_start, window_end in sorted(windows):
        start = window_start
        while start + length <= window_end:
            blocking = [b_end for b_start, b_end in employer.breaks
                        if b_start < start + length and start < b_end]
            if blocking:
                start = max(blocking)
                continue
            starts.append(start)
            start += length
    return tuple(sorted(set(starts)))


def is_eligible(candidate: Candidate, vacancy: Vacancy) -> bool:
    """Has every required card, speaks one of the languages (if any are named), old enough."""
    has_cards = all(card in candidate.has for card in vacancy.requires)
    speaks = not vacancy.languages or any(lang in candidate.languages
                                          for lang in vacancy.languages)
    return has_cards and speaks and candidate.age >= vacancy.min_age


def wants(candidate: Candidate, vacancy: Vacancy) -> bool:
    """The candidate ranked the vacancy, or accepts any suitable one (`open_to_other`)."""
    return candidate.open_to_other or vacancy.id in candidate.preferences


def fits_availability(candidate: Candidate, start: int, end: int) -> bool:
    """[start, end) lies inside the candidate's availability (any time when none given).

    Touching windows join (solver.problem.joined_windows), as in the validator.
    """
    if not candidate.available:
        return True
    return any(w_start <= start and end <= w_end
               for w_start, w_end in joined_windows(candidate.available))


def preference_weight(candidate: Candidate, vacancy_id: str) -> int:
    """Tier-4 score of interviewing the candidate for this vacancy (see solver.settings)."""
    if vacancy_id not in candidate.preferences:
        return OPEN_TO_OTHER_WEIGHT
    rank = candidate.preferences.index(vacancy_id)
    return RANK_WEIGHTS[rank] if rank < len(RANK_WEIGHTS) else LOWER_RANK_WEIGHT


class Option(NamedTuple):
    """One interview the hard rules allow (before the rules between interviews).

    A named tuple rather than a dataclass: large events have millions of options, and
    tuples are several times cheaper to create and hash.
    """

    candidate: str
    employer: str
    vacancy: str
    start: int
    end: int
    weight: int


def _placed_vacancies(problem: Problem) -> set[tuple[str, str, str]]:
    placements: tuple[Placement, ...] = problem.locks + problem.published
    return {(p.candidate, p.employer, p.vacancy) for p in placements}


def build_options(problem: Problem, *, dominated: bool = False) -> tuple[Option, ...]:
    """Every allowed (candidate, vacancy, start), sorted by candidate, employer, start, vacancy.

    Vacancies carry no capacity, so at one employer a candidate's vacancies differ only in
    their preference weight. With `dominated=False` (the default) only the best-weighted
    vacancy per (candidate, employer) is kept, plus any vacancy named by a lock or a published
    interview; any schedule using another vacancy there can switch to the kept one without
    breaking a rule and without losing score, so nothing optimal is lost and the model is
    several times smaller. `dominated=True` keeps every vacancy (used by the greedy, which
    walks vacancies in rank order, and by tests).
    """
    placed = _placed_vacancies(problem)
    employers = sorted(problem.employers, key=lambda e: e.id)
    slots = {e.id: employer_slots(problem.event, e) for e in employers}
    options: list[Option] = []
    for candidate in sorted(problem.candidates, key=lambda c: c.id):
        for employer in employers:
            allowed = [v for v in employer.vacancies
                       if is_eligible(candidate, v) and wants(candidate, v)]
            if not allowed:
                continue
            if not dominated:
                best = max(preference_weight(candidate, v.id) for v in allowed)
                allowed = [v for v in allowed
                           if preference_weight(candidate, v.id) == best
                           or (candidate.id, employer.id, v.id) in placed]
                first_best = next(v for v in allowed
                                  if preference_weight(candidate, v.id) == best)
                allowed = [v for v in allowed
                           if v is first_best or (candidate.id, employer.id, v.id) in placed]
            scored = [(v.id, preference_weight(candidate, v.id))
                      for v in sorted(allowed, key=lambda v: v.id)]
            length = employer.interview_minutes
            for start in _starts_within(slots[employer.id], length, candidate.available):
                for vacancy_id, weight in scored:
                    options.append(Option(candidate.id, employer.id, vacancy_id, start,
                                          start + length, weight))
    return tuple(options)


def _starts_within(starts: tuple[int, ...], length: int,
                   windows: tuple[tuple[int, int], ...]) -> list[int]:
    """The slot starts whose slot fits the availability (all of them when none given).

    Touching windows join first: a slot across 09:10 fits 09:00-09:10 plus 09:10-10:00.
    """
    if not windows:
        return list(starts)
    inside: set[int] = set()
    for window_start, window_end in joined_windows(windows):
        low = bisect_left(starts, window_start)
        high = bisect_right(starts, window_end - length)
        inside.update(starts[low:high])
    return sorted(inside)
