"""Realistic synthetic events for tests, benchmarks and demos (docs/problem-format.md,
"Generated events").

The distributions follow what Ohjaamo organisers see at Työnantajatreffit: most youth are
18-24 and speak Finnish, a good share hold a hygiene passport or a driving licence, a few
employers draw most of the interest while others struggle to fill their day. Everything is
drawn from one `random.Random(seed)`, in a fixed order, so a seed always gives the same event.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

from solver.problem import Candidate, Employer, Event, Problem, Vacancy, Window
from solver.slots import employer_slots


@dataclass(frozen=True)
class Job:
    """A kind of vacancy an employer of a sector offers."""

    title: str
    requires: tuple[str, ...] = ()
    min_age: int = 0
    languages: tuple[str, ...] = ("fi",)


@dataclass(frozen=True)
class Sector:
    name: str
    weight: float
    jobs: tuple[Job, ...]


# Card codes are those of recruit/data/cards.csv (the requirement cards staff start from).
SECTORS = (
    Sector(
        "restaurant and café",
        3.0,
        (
            Job("cook", ("hygiene_passport",)),
            Job("waiter", ("hygiene_passport",), languages=("fi", "en")),
            Job("bartender", ("hygiene_passport", "alcohol_passport"), min_age=18),
            Job("dishwasher", languages=()),
        ),
    ),
    Sector(
        "construction",
        2.0,
        (
            Job("construction worker", ("occupational_safety_card",)),
            Job("roofing assistant", ("occupational_safety_card", "hot_work_card")),
            Job("road works assistant", ("occupational_safety_card", "road_safety_card")),
        ),
    ),
    Sector(
        "warehouse and logistics",
        2.0,
        (
            Job("warehouse worker", ("forklift_card",)),
            Job("order picker", languages=("fi", "en")),
            Job("delivery driver", ("driving_licence_b",), min_age=18),
        ),
    ),
    Sector(
        "retail",
        2.5,
        (
            Job("sales assistant", languages=("fi", "sv")),
            Job("cashier", min_age=16),
            Job("shelf stocker", languages=()),
        ),
    ),
    Sector(
        "cleaning",
        1.5,
        (
            Job("cleaner", languages=()),
            Job("property maintenance worker", ("driving_licence_b",), min_age=18),
        ),
    ),
    Sector(
        "security",
        1.0,
        (
            Job("security steward", ("security_steward_card",), min_age=18),
            Job("event steward", ("first_aid_card",), min_age=17),
        ),
    ),
    Sector(
        "health care",
        1.5,
        (
            Job("care assistant", ("first_aid_card",), min_age=18),
            Job("home care helper", ("first_aid_card", "driving_licence_b"), min_age=18),
        ),
    ),
    Sector(
        "IT support",
        1.0,
        (
            Job("IT support trainee", languages=("fi", "en")),
            Job("service desk agent", languages=("en",)),
        ),
    ),
    Sector(
        "electrical installation",
        0.5,
        (Job("electrician's assistant", ("electrical_safety_card", "occupational_safety_card")),),
    ),
)

# Share of youth holding each card (before the preference boost below); age limits from
# cards.csv: serving alcohol and security work need 18.
CARD_SHARES = {
    "hygiene_passport": (0.40, 15),
    "alcohol_passport": (0.20, 18),
    "occupational_safety_card": (0.20, 16),
    "hot_work_card": (0.05, 16),
    "first_aid_card": (0.30, 15),
    "driving_licence_b": (0.45, 18),
    "forklift_card": (0.10, 16),
    "electrical_safety_card": (0.03, 16),
    "road_safety_card": (0.05, 16),
    "security_steward_card": (0.08, 18),
}
# A youth who ranks a vacancy usually applied because they hold its cards.
HOLDS_CARDS_OF_WISHES = 0.6

AGE_WEIGHTS = {
    15: 2,
    16: 3,
    17: 4,
    18: 10,
    19: 10,
    20: 10,
    21: 9,
    22: 9,
    23: 8,
    24: 7,
    25: 4,
    26: 3,
    27: 3,
    28: 2,
    29: 2,
}
FIRST_LANGUAGES = {"fi": 78, "sv": 5, "ru": 4, "ar": 3, "so": 3, "et": 3, "uk": 4}
SPEAKS_FINNISH_AS_SECOND = 0.5
SPEAKS_ENGLISH = 0.6
SPEAKS_SWEDISH_AS_SECOND = 0.1

PARTLY_AVAILABLE = 0.4
PREFERENCE_COUNT_WEIGHTS = {0: 15, 1: 30, 2: 30, 3: 25}
OPEN_TO_OTHER = 0.5
PRIORITY = 0.3
INTERVIEW_MINUTES_WEIGHTS = {10: 2, 15: 5, 20: 3}
MAX_TABLES = 3
UNDERSTAFFED = 0.25
VACANCY_COUNT_WEIGHTS = {1: 4, 2: 4, 3: 2}
EMPLOYER_PARTLY_AVAILABLE = 0.25
EMPLOYER_BREAK = 0.4
# Popularity is log-normal: a few employers get most of the wishes.
POPULARITY_SIGMA = 0.8
# An employer wants 20-30 candidates at a typical event of 25 youth per employer; the wish
# scales with the actual ratio within these limits.
WANTED_RANGE = (20, 30)
YOUTH_PER_EMPLOYER = 25
SCALE_LIMITS = (0.3, 1.5)
MIN_SHARE_OF_MAX = (0.6, 0.9)
GRID_MINUTES = 5
BUFFER_MINUTES = 5
MAX_INTERVIEWS = 3
EVENT_START = 9 * 60
# Events run on working days of spring 2027 (the season of summer-job fairs).
EVENT_DAYS = tuple(
    day.isoformat()
    for day in (datetime.date(2027, 3, 1) + datetime.timedelta(days=n) for n in range(61))
    if day.weekday() < 5
)


Choice = TypeVar("Choice")


def _pick(rng: random.Random, weights: Mapping[Choice, float]) -> Choice:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@dataclass(frozen=True)
class GeneratedEvent:
    """A generated problem with what the problem format does not carry: for the demo data."""

    problem: Problem
    sectors: Mapping[str, str]  # employer id -> sector name
    titles: Mapping[str, str]  # vacancy id -> job title


def generate(employers: int, candidates: int, seed: int, hours: int = 4) -> Problem:
    """A realistic event from 09:00 lasting `hours`, the same for the same arguments."""
    return generate_event(employers, candidates, seed, hours).problem


def generate_event(employers: int, candidates: int, seed: int, hours: int = 4) -> GeneratedEvent:
    """`generate` plus each employer's sector and each vacancy's job title."""
    if employers < 1:
        raise ValueError(f"employers must be at least 1, got {employers}")
    if candidates < 0:
        raise ValueError(f"candidates must be at least 0, got {candidates}")
    if not 1 <= hours <= 12:
        raise ValueError(f"hours must be between 1 and 12, got {hours}")
    rng = random.Random(seed)
    event = Event(
        date=rng.choice(EVENT_DAYS),
        start=EVENT_START,
        end=EVENT_START + hours * 60,
        grid_minutes=GRID_MINUTES,
        candidate_buffer_minutes=BUFFER_MINUTES,
        max_interviews_per_candidate=MAX_INTERVIEWS,
    )
    scale = min(
        max(candidates / (employers * YOUTH_PER_EMPLOYER), SCALE_LIMITS[0]), SCALE_LIMITS[1]
    )
    made = [_employer(rng, event, number, scale) for number in range(1, employers + 1)]
    popularity = [rng.lognormvariate(0, POPULARITY_SIGMA) for _ in made]
    jobs: dict[str, Job] = {}
    weights: dict[str, float] = {}  # vacancy id -> chance of being ranked
    for (_, _, picked), employer_popularity in zip(made, popularity, strict=True):
        for vacancy, job in picked:
            jobs[vacancy.id] = job
            weights[vacancy.id] = employer_popularity / len(picked)
    youth = tuple(
        _candidate(rng, event, number, weights, jobs) for number in range(1, candidates + 1)
    )
    return GeneratedEvent(
        problem=Problem(event=event, employers=tuple(e for e, _, _ in made), candidates=youth),
        sectors={employer.id: sector.name for employer, sector, _ in made},
        titles={vacancy_id: job.title for vacancy_id, job in jobs.items()},
    )


def _employer(
    rng: random.Random, event: Event, number: int, scale: float
) -> tuple[Employer, Sector, list[tuple[Vacancy, Job]]]:
    sector = rng.choices(SECTORS, weights=[s.weight for s in SECTORS])[0]
    count = min(_pick(rng, VACANCY_COUNT_WEIGHTS), len(sector.jobs))
    picked = [
        (Vacancy(f"E{number}-V{index}", job.requires, job.languages, job.min_age), job)
        for index, job in enumerate(rng.sample(sector.jobs, count), start=1)
    ]
    minutes = _pick(rng, INTERVIEW_MINUTES_WEIGHTS)
    available: tuple[Window, ...] = ()
    length = event.end - event.start
    if rng.random() < EMPLOYER_PARTLY_AVAILABLE and length >= 180:
        # Arrives an hour late or leaves an hour early.
        available = (
            ((event.start + 60, event.end),)
            if rng.random() < 0.5
            else ((event.start, event.end - 60),)
        )
    breaks: tuple[Window, ...] = ()
    open_from, open_until = available[0] if available else (event.start, event.end)
    if rng.random() < EMPLOYER_BREAK and open_until - open_from >= 150:
        middle = (open_from + open_until) // 2 // 30 * 30
        breaks = ((middle, middle + 30),)
    vacancies = tuple(v for v, _ in picked)
    one_table = Employer(f"E{number}", minutes, 1, vacancies, available, breaks)
    slots = len(employer_slots(event, one_table))
    wanted = round(rng.uniform(*WANTED_RANGE) * scale)
    # An employer brings as many interviewers as its wish needs (at most MAX_TABLES); some
    # bring one fewer and cannot meet everyone they asked for.
    tables = min(MAX_TABLES, -(-wanted // slots))
    if tables > 1 and rng.random() < UNDERSTAFFED:
        tables -= 1
    most = max(1, min(tables * slots, wanted))
    least = min(most, round(most * rng.uniform(*MIN_SHARE_OF_MAX)))
    employer = Employer(one_table.id, minutes, tables, vacancies, available, breaks, least, most)
    return employer, sector, picked


def _candidate(
    rng: random.Random, event: Event, number: int, weights: dict[str, float], jobs: dict[str, Job]
) -> Candidate:
    age = _pick(rng, AGE_WEIGHTS)
    first = _pick(rng, FIRST_LANGUAGES)
    languages = [first]
    if first != "fi" and rng.random() < SPEAKS_FINNISH_AS_SECOND:
        languages.append("fi")
    if first == "fi" and rng.random() < SPEAKS_SWEDISH_AS_SECOND:
        languages.append("sv")
    if rng.random() < SPEAKS_ENGLISH:
        languages.append("en")

    wanted_count = min(_pick(rng, PREFERENCE_COUNT_WEIGHTS), len(weights))
    preferences = _weighted_sample(rng, weights, wanted_count)
    # Nobody signs up to be interviewed by no one: without wishes, any suitable job will do.
    open_to_other = not preferences or rng.random() < OPEN_TO_OTHER

    has = {
        card
        for card, (share, min_age) in CARD_SHARES.items()
        if age >= min_age and rng.random() < share
    }
    for vacancy_id in preferences:
        if rng.random() < HOLDS_CARDS_OF_WISHES:
            has.update(card for card in jobs[vacancy_id].requires if age >= CARD_SHARES[card][1])
    return Candidate(
        id=f"C{number}",
        age=age,
        languages=tuple(languages),
        has=tuple(sorted(has)),
        available=_availability(rng, event),
        preferences=preferences,
        open_to_other=open_to_other,
        priority=1 if rng.random() < PRIORITY else 0,
    )


def _weighted_sample(rng: random.Random, weights: dict[str, float], count: int) -> tuple[str, ...]:
    """`count` distinct vacancy ids, more popular ones more likely and ranked earlier."""
    remaining = dict(weights)
    chosen = []
    for _ in range(count):
        vacancy_id = rng.choices(list(remaining), weights=list(remaining.values()))[0]
        chosen.append(vacancy_id)
        del remaining[vacancy_id]
    return tuple(chosen)


def _availability(rng: random.Random, event: Event) -> tuple[Window, ...]:
    """Empty (the whole event) for most; one or two half-hour aligned windows for the rest."""
    if rng.random() >= PARTLY_AVAILABLE:
        return ()
    half_hours = (event.end - event.start) // 30
    if half_hours < 3:
        return ()
    if half_hours >= 6 and rng.random() < 0.2:
        # Away in the middle (a lecture, a shift): two windows with a gap.
        gap_start = rng.randrange(2, half_hours - 3)
        gap_end = gap_start + rng.randrange(1, 3)
        return (
            (event.start, event.start + gap_start * 30),
            (event.start + gap_end * 30, event.end),
        )
    length = rng.randrange(3, half_hours)
    offset = rng.randrange(0, half_hours - length + 1)
    start = event.start + offset * 30
    return ((start, start + length * 30),)
