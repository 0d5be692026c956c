"""Families of generated events that stress one hard part of the problem each
(docs/problem-format.md, "Event families").

`realistic` is `solver.generate.generate` itself; every other family is drawn from its own
`random.Random`, so a family, its sizes and a seed always give the same event and the
realistic events of a seed never change. Most families start from a realistic event and
change the one thing they are about; `sessions` is built from scratch because its shape
(half-hour sessions, rated employers) is unlike a fair.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable

from solver.generate import EVENT_DAYS, generate
from solver.problem import Candidate, Employer, Event, Problem, Vacancy, Window
from solver.problem_checks import validate_problem
from solver.problem_locks import slot_grid

FamilyBuilder = Callable[[int, int, int, int], Problem]
"""(employers, candidates, seed, hours) -> problem."""

# A family's own draws never share a stream with the realistic event it starts from.
FAMILY_SEED_OFFSET = {"binding_minimums": 1, "sessions": 2, "tight_windows": 3,
                      "scarce_cards": 4, "one_interview": 5}

# binding_minimums: how many employers ask for more than demand can give, and how much more.
BINDING_SHARE = 0.6
BINDING_FACTOR = (2.0, 3.0)
BINDING_TABLES = 2

# sessions: a day of half-hour sessions, each youth free in a few, wanting their best-rated
# employers (one vacancy each, no cards or languages).
SESSION_MINUTES = 30
SESSIONS = 20
SESSION_DAY_START = 8 * 60
SESSIONS_PER_YOUTH = 5
SESSION_WISHES = (1, 3)
SESSION_TABLES = (2, 6)
SESSION_MIN_CANDIDATES = 3
SESSION_MAX_CANDIDATES = 100
SESSION_OPEN_TO_OTHER = 0.5
SESSION_PRIORITY = 0.3
RATING_NOISE = 1.0
"""Standard deviation of a youth's own rating around the employer's reputation (log-normal)."""

# tight_windows: employers present in two short windows with a break in each; youth free
# for one window of a few hours.
TIGHT_WINDOW_MINUTES = (60, 90)
TIGHT_BREAK_MINUTES = 15
TIGHT_TABLES = (3, 6)
TIGHT_YOUTH_WINDOW = (120, 180)

# scarce_cards: every vacancy requires a card few hold.
SCARCE_CARDS = ("hot_work_card", "forklift_card", "electrical_safety_card",
                "road_safety_card", "security_steward_card")
SCARCE_SHARE = 0.08


def _rng(family: str, seed: int) -> random.Random:
    return random.Random(seed * 16 + FAMILY_SEED_OFFSET[family])


def _fit_wish(employer: Employer, event: Event, least: int, most: int) -> Employer:
    """The employer with min/max candidates clipped to what its slots and tables hold."""
    capacity = len(slot_grid(employer, (event.start, event.end))) * employer.tables
    most = max(1, min(most, capacity))
    return dataclasses.replace(employer, min_candidates=min(least, most), max_candidates=most)


def binding_minimums(employers: int, candidates: int, seed: int, hours: int = 4) -> Problem:
    """Realistic, but 60 % of the employers want more candidates than demand can bring.

    They bring BINDING_TABLES more tables and their `min_candidates` (= `max_candidates`)
    is 2-3 times the realistic wish, up to what their tables can hold, so tier 3
    (shortfall) is where the search works: youth who could go to several employers must be
    spread over the under-subscribed ones.
    """
    problem = generate(employers, candidates, seed, hours)
    rng = _rng("binding_minimums", seed)
    changed = []
    for employer in problem.employers:
        if rng.random() < BINDING_SHARE:
            # More tables too: the realistic tables fit the realistic wish exactly.
            wish = round(employer.max_candidates * rng.uniform(*BINDING_FACTOR))
            employer = dataclasses.replace(employer, tables=employer.tables + BINDING_TABLES)
            employer = _fit_wish(employer, problem.event, wish, wish)
        changed.append(employer)
    return dataclasses.replace(problem, employers=tuple(changed))


def sessions(employers: int, candidates: int, seed: int, hours: int = 4) -> Problem:
    """A week of half-hour sessions laid on one day, few tables, wishes for rated employers.

    `hours` is ignored: the day always holds SESSIONS sessions of SESSION_MINUTES. Each
    employer has one vacancy and 2-6 tables; its min and max candidates are two draws from
    3-100 (the smaller is the min), clipped to its capacity, so many minimums bind. Each
    youth is free in 5 random sessions and ranks the 1-3 employers they rate best (their own
    rating is the employer's reputation with noise); half also accept any other employer.
    """
    del hours
    rng = _rng("sessions", seed)
    end = SESSION_DAY_START + SESSIONS * SESSION_MINUTES
    event = Event(date=rng.choice(EVENT_DAYS), start=SESSION_DAY_START, end=end,
                  grid_minutes=SESSION_MINUTES, candidate_buffer_minutes=0,
                  max_interviews_per_candidate=3)
    made = []
    reputation = []
    for number in range(1, employers + 1):
        employer = Employer(f"E{number}", SESSION_MINUTES, rng.randint(*SESSION_TABLES),
                            (Vacancy(f"E{number}-V1"),))
        least, most = sorted(rng.randint(SESSION_MIN_CANDIDATES, SESSION_MAX_CANDIDATES)
                             for _ in range(2))
        made.append(_fit_wish(employer, event, least, most))
        reputation.append(rng.gauss(0, 1))
    youth = []
    for number in range(1, candidates + 1):
        free = sorted(rng.sample(range(SESSIONS), min(SESSIONS_PER_YOUTH, SESSIONS)))
        windows: tuple[Window, ...] = tuple(
            (SESSION_DAY_START + s * SESSION_MINUTES,
             SESSION_DAY_START + (s + 1) * SESSION_MINUTES) for s in free)
        rating = [r + rng.gauss(0, RATING_NOISE) for r in reputation]
        best = sorted(range(employers), key=lambda i: (-rating[i], i))
        wishes = min(rng.randint(*SESSION_WISHES), employers)
        youth.append(Candidate(
            id=f"C{number}", age=rng.randint(16, 29), languages=("fi",),
            available=windows, preferences=tuple(made[i].vacancies[0].id for i in best[:wishes]),
            open_to_other=rng.random() < SESSION_OPEN_TO_OTHER,
            priority=1 if rng.random() < SESSION_PRIORITY else 0))
    return Problem(event=event, employers=tuple(made), candidates=tuple(youth))


def tight_windows(employers: int, candidates: int, seed: int, hours: int = 4) -> Problem:
    """Realistic, but employers sit in two short windows with a break in each (with 3-6
    tables) and youth, open to any suitable job, are free for one window of 2-3 hours: most
    have two or three interviews to fit between the employers' windows, so a schedule with
    the same upper tiers can wait much less or much more (tier 5, waiting)."""
    problem = generate(employers, candidates, seed, hours)
    rng = _rng("tight_windows", seed)
    event = problem.event
    half_hours = (event.end - event.start) // 30
    changed = []
    for employer in problem.employers:
        windows = []
        for part in range(2):
            length = rng.randrange(TIGHT_WINDOW_MINUTES[0], TIGHT_WINDOW_MINUTES[1] + 1, 30)
            low = event.start + part * (event.end - event.start) // 2
            high = event.start + (part + 1) * (event.end - event.start) // 2
            start = low + rng.randrange(0, max(1, (high - low - length) // 30 + 1)) * 30
            windows.append((start, min(start + length, high)))
        breaks = tuple((s + (e - s) // 2 // 15 * 15, s + (e - s) // 2 // 15 * 15
                        + TIGHT_BREAK_MINUTES) for s, e in windows)
        # Enough tables that most youth get two or three interviews to fit in their window.
        employer = dataclasses.replace(employer, available=tuple(windows), breaks=breaks,
                                       tables=rng.randint(*TIGHT_TABLES))
        changed.append(_fit_wish(employer, event, employer.min_candidates,
                                 employer.max_candidates))
    youth = []
    for candidate in problem.candidates:
        length = rng.randrange(TIGHT_YOUTH_WINDOW[0] // 30, TIGHT_YOUTH_WINDOW[1] // 30 + 1)
        length = min(length, half_hours)
        start = event.start + rng.randrange(0, half_hours - length + 1) * 30
        # Everyone takes any suitable job too, so most youth have several interviews to fit.
        youth.append(dataclasses.replace(candidate, available=((start, start + length * 30),),
                                         open_to_other=True))
    return dataclasses.replace(problem, employers=tuple(changed), candidates=tuple(youth))


def scarce_cards(employers: int, candidates: int, seed: int, hours: int = 4) -> Problem:
    """Realistic, but every vacancy requires one of a few rare cards that 8 % of youth hold
    each, so few youth can go anywhere and eligibility, not tables, limits the day."""
    problem = generate(employers, candidates, seed, hours)
    rng = _rng("scarce_cards", seed)
    changed = []
    for employer in problem.employers:
        vacancies = tuple(dataclasses.replace(v, requires=tuple(sorted(
            {*v.requires, rng.choice(SCARCE_CARDS)}))) for v in employer.vacancies)
        changed.append(dataclasses.replace(employer, vacancies=vacancies))
    youth = []
    for candidate in problem.candidates:
        rare = {card for card in SCARCE_CARDS if rng.random() < SCARCE_SHARE}
        common = {card for card in candidate.has if card not in SCARCE_CARDS}
        youth.append(dataclasses.replace(candidate, has=tuple(sorted(common | rare))))
    return dataclasses.replace(problem, employers=tuple(changed), candidates=tuple(youth))


def one_interview(employers: int, candidates: int, seed: int, hours: int = 4) -> Problem:
    """Realistic, but each youth has at most one interview (the realistic events allow 3):
    coverage and preference become an assignment, and waiting is always 0."""
    problem = generate(employers, candidates, seed, hours)
    event = dataclasses.replace(problem.event, max_interviews_per_candidate=1)
    return dataclasses.replace(problem, event=event)


FAMILIES: dict[str, FamilyBuilder] = {
    "realistic": generate,
    "binding_minimums": binding_minimums,
    "sessions": sessions,
    "tight_windows": tight_windows,
    "scarce_cards": scarce_cards,
    "one_interview": one_interview,
}
DEFAULT_FAMILY = "realistic"


def generate_family(family: str, employers: int, candidates: int, seed: int,
                    hours: int = 4) -> Problem:
    """An event of `family` (see FAMILIES); raises ValueError on unknown names or sizes."""
    if family not in FAMILIES:
        raise ValueError(f"unknown family {family!r}; choose from {', '.join(FAMILIES)}")
    if employers < 1:
        raise ValueError(f"employers must be at least 1, got {employers}")
    if candidates < 0:
        raise ValueError(f"candidates must be at least 0, got {candidates}")
    if not 1 <= hours <= 12:
        raise ValueError(f"hours must be between 1 and 12, got {hours}")
    problem = FAMILIES[family](employers, candidates, seed, hours)
    validate_problem(problem)
    return problem
