"""The slot grid and who may be interviewed where (the hard rules that pick variables).

Every possible interview is an `Option`: a candidate, a vacancy of an employer and a start on
that employer's slot grid, with the candidate eligible for and wanting the vacancy and free at
that time. The model, the greedy baseline and the flow bounds all work on the same options,
so they agree on what is allowed.
"""

from __future__ import annotations

from collections.abc import Callable
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


def build_options(problem: Problem, *, dominated: bool = False,
                  should_stop: Callable[[], bool] | None = None) -> tuple[Option, ...]:
    """Every allowed (candidate, vacancy, start), sorted by candidate, employer, start, vacancy.

    Vacancies carry no capacity, so at one employer a candidate's vacancies differ only in
    their preference weight. With `dominated=False` (the default) only the best-weighted
    vacancy per (candidate, employer) is kept, plus any vacancy named by a lock or a published
    interview; any schedule using another vacancy there can switch to the kept one without
    breaking a rule and without losing score, so nothing optimal is lost and the model is
    several times smaller. `dominated=True` keeps every vacancy (used by the greedy, which
    walks vacancies in rank order, and by tests).

    `should_stop` is asked after each candidate: when it answers True the options of the
    candidates done so far are returned (the engine's time limit; 200 x 6,000 has millions
    of options). Callers that pass it must treat the answer as possibly incomplete.
    """
    placed = _placed_vacancies(problem)
    employers = sorted(problem.employers, key=lambda e: e.id)
    # Per employer: its slots with their ends (one int object per slot end, shared by every
    # option there: large events hold millions of options) and its vacancies' rules as sets.
    grids = {e.id: [(start, start + e.interview_minutes)
                    for start in employer_slots(problem.event, e)] for e in employers}
    rules = {e.id: [(v, frozenset(v.requires), frozenset(v.languages)) for v in e.vacancies]
             for e in employers}
    options: list[Option] = []
    for candidate in sorted(problem.candidates, key=lambda c: c.id):
        if should_stop is not None and should_stop():
            break
        cards, spoken, age = frozenset(candidate.has), frozenset(candidate.languages), candidate.age
        for employer in employers:
            allowed = [v for v, requires, languages in rules[employer.id]
                       if requires <= cards and (not languages or not languages.isdisjoint(spoken))
                       and age >= v.min_age and wants(candidate, v)]
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
            for start, end in _slots_within(grids[employer.id], candidate.available):
                for vacancy_id, weight in scored:
                    options.append(Option(candidate.id, employer.id, vacancy_id, start, end,
                                          weight))
    return tuple(options)


def _slots_within(slots: list[tuple[int, int]],
                  windows: tuple[tuple[int, int], ...]) -> list[tuple[int, int]]:
    """The (start, end) slots that fit the availability (all of them when none given).

    Touching windows join first: a slot across 09:10 fits 09:00-09:10 plus 09:10-10:00. The
    joined windows are sorted and apart, so the result keeps the slots' order.
    """
    if not windows:
        return slots
    return [slot for window_start, window_end in joined_windows(windows)
            for slot in slots if window_start <= slot[0] and slot[1] <= window_end]
