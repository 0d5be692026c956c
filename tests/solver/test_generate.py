"""generate(): valid, deterministic, and shaped like a real Työnantajatreffit event."""

from __future__ import annotations

import datetime
import statistics
from collections import Counter

import pytest

from solver.generate import SECTORS, generate, generate_event
from solver.problem import Problem
from solver.problem_io import load_problem, problem_to_dict
from solver.slots import employer_slots

# The codes of recruit/data/cards.csv (the project's card list).
KNOWN_CARDS = {
    "hygiene_passport",
    "alcohol_passport",
    "occupational_safety_card",
    "hot_work_card",
    "first_aid_card",
    "driving_licence_b",
    "forklift_card",
    "electrical_safety_card",
    "road_safety_card",
    "security_steward_card",
    "taxi_licence",
}


@pytest.fixture(scope="module")
def big() -> Problem:
    return generate(employers=30, candidates=1000, seed=11)


@pytest.mark.parametrize(
    ("employers", "candidates", "seed", "hours"),
    [(1, 80, 0, 4), (10, 300, 1, 4), (4, 0, 2, 1), (7, 90, 3, 2), (12, 200, 4, 8), (3, 30, 5, 6)],
)
def test_generated_events_pass_validation(
    employers: int, candidates: int, seed: int, hours: int
) -> None:
    problem = generate(employers, candidates, seed, hours=hours)
    assert load_problem(problem_to_dict(problem)) == problem
    assert len(problem.employers) == employers and len(problem.candidates) == candidates
    assert problem.event.start == 9 * 60
    assert problem.event.end == 9 * 60 + hours * 60
    day = datetime.date.fromisoformat(problem.event.date)
    assert day.weekday() < 5 and day.year == 2027


def test_same_seed_same_event_other_seed_other_event() -> None:
    assert generate(5, 100, seed=42) == generate(5, 100, seed=42)
    assert generate(5, 100, seed=42) != generate(5, 100, seed=43)


@pytest.mark.parametrize(
    ("employers", "candidates", "hours"), [(0, 10, 4), (2, -1, 4), (2, 10, 0), (2, 10, 13)]
)
def test_bad_arguments_are_refused(employers: int, candidates: int, hours: int) -> None:
    with pytest.raises(ValueError):
        generate(employers, candidates, seed=1, hours=hours)


def test_youth_are_15_to_29_and_mostly_18_to_24(big: Problem) -> None:
    ages = [c.age for c in big.candidates]
    assert min(ages) >= 15 and max(ages) <= 29
    assert 0.55 < sum(18 <= a <= 24 for a in ages) / len(ages) < 0.85
    assert min(ages) == 15 and max(ages) == 29


def test_languages_mostly_finnish_with_others(big: Problem) -> None:
    spoken = Counter(lang for c in big.candidates for lang in c.languages)
    share = {lang: count / len(big.candidates) for lang, count in spoken.items()}
    assert share["fi"] > 0.8
    assert 0.4 < share["en"] < 0.8
    assert {"sv", "ru", "ar", "so", "et", "uk"} <= set(spoken)
    # Some youth can only be interviewed in a language other than Finnish.
    assert any("fi" not in c.languages for c in big.candidates)


def test_shares_of_youth(big: Problem) -> None:
    n = len(big.candidates)
    assert 0.33 < sum(bool(c.available) for c in big.candidates) / n < 0.47
    assert 0.25 < sum(c.priority > 0 for c in big.candidates) / n < 0.35
    assert 0.45 < sum(c.open_to_other for c in big.candidates) / n < 0.7
    counts = Counter(len(c.preferences) for c in big.candidates)
    assert set(counts) == {0, 1, 2, 3}
    # Without any wish a youth is always open to other jobs, or could never be placed.
    assert all(c.open_to_other for c in big.candidates if not c.preferences)


def test_partial_availability_is_inside_the_event(big: Problem) -> None:
    event = big.event
    for c in big.candidates:
        for start, end in c.available:
            assert event.start <= start < end <= event.end
            assert end - start >= 60
        if c.available:
            assert sum(end - start for start, end in c.available) >= 90


def test_cards_follow_the_card_list_and_age_limits(big: Problem) -> None:
    used = {card for e in big.employers for v in e.vacancies for card in v.requires}
    held = {card for c in big.candidates for card in c.has}
    assert used <= KNOWN_CARDS and held <= KNOWN_CARDS
    assert {"hygiene_passport", "alcohol_passport", "forklift_card", "driving_licence_b"} <= held
    for c in big.candidates:
        if {"alcohol_passport", "security_steward_card", "driving_licence_b"} & set(c.has):
            assert c.age >= 18
    for e in big.employers:
        for v in e.vacancies:
            if {"alcohol_passport", "security_steward_card"} & set(v.requires):
                assert v.min_age == 18


def test_employers_vary_like_real_ones(big: Problem) -> None:
    employers = big.employers
    assert {e.interview_minutes for e in employers} == {10, 15, 20}
    assert {e.tables for e in employers} == {1, 2, 3}
    assert {len(e.vacancies) for e in employers} <= {1, 2, 3}
    assert any(e.breaks for e in employers) and not all(e.breaks for e in employers)
    assert any(e.available for e in employers)
    for e in employers:
        assert e.max_candidates >= 1 and 0.5 * e.max_candidates <= e.min_candidates
        assert e.min_candidates <= e.max_candidates
        slots = len(employer_slots(big.event, e))
        # Enough tables for the wish at most: never a table more than max_candidates needs.
        assert e.max_candidates <= e.tables * slots
        assert (e.tables - 1) * slots < e.max_candidates
    assert 15 < statistics.mean(e.max_candidates for e in employers) < 35


def test_some_employers_are_over_and_some_under_subscribed(big: Problem) -> None:
    wishes = Counter(
        vacancy_id.split("-")[0] for c in big.candidates for vacancy_id in c.preferences
    )
    over = [e.id for e in big.employers if wishes[e.id] > e.max_candidates]
    under = [e.id for e in big.employers if wishes[e.id] < e.min_candidates]
    assert over and under
    assert max(wishes.values()) > 4 * min(wishes[e.id] for e in big.employers)


def test_generate_event_names_sectors_and_job_titles() -> None:
    generated = generate_event(employers=12, candidates=30, seed=8)
    assert generated.problem == generate(12, 30, seed=8)
    sectors = {sector.name: sector for sector in SECTORS}
    for employer in generated.problem.employers:
        sector = sectors[generated.sectors[employer.id]]
        jobs = {job.title: job for job in sector.jobs}
        for vacancy in employer.vacancies:
            job = jobs[generated.titles[vacancy.id]]
            assert (job.requires, job.languages, job.min_age) == (
                vacancy.requires,
                vacancy.languages,
                vacancy.min_age,
            )
