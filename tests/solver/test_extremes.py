"""Valid input at the edges of every range always gets a schedule, never a traceback.

Few employers and candidates (so each example solves in a fraction of a second) but the
extreme values the format allows: a whole-day event on a 1-minute grid, 50 tables,
min_candidates 1,000, 10 interviews each, a buffer longer than the day, huge priorities,
ids of any Unicode text including characters outside the Basic Multilingual Plane.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from solver import (
    Candidate,
    Employer,
    Event,
    Problem,
    ProblemError,
    Vacancy,
    check_schedule,
    schedule_to_dict,
    solve,
    validate_problem,
)

ids = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), min_size=1,
              max_size=300).filter(lambda text: text.strip() != "")
cards = st.lists(st.sampled_from(["hygiene_passport", "forklift", "x" * 200]), unique=True,
                 max_size=2)
languages = st.lists(st.sampled_from(["fi", "sv", "en", "sme"]), unique=True, max_size=3)


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    grid = draw(st.sampled_from([1, 5, 60]))
    start = draw(st.sampled_from([0, 9 * 60]))
    end = draw(st.sampled_from([start + 60, 24 * 60]))
    length = end - start
    event = Event(
        date="2027-03-12", start=start, end=end, grid_minutes=grid,
        candidate_buffer_minutes=grid * draw(st.sampled_from([0, 1, 10**6, 10**15])),
        max_interviews_per_candidate=draw(st.sampled_from([1, 3, 10])),
    )
    employers = []
    for number in range(draw(st.integers(1, 3))):
        vacancies = tuple(
            Vacancy(draw(ids) + f"#{number}.{v}", tuple(draw(cards)), tuple(draw(languages)),
                    draw(st.sampled_from([0, 18, 35])))
            for v in range(draw(st.integers(1, 2)))
        )
        most = draw(st.sampled_from([1, 30, 1000]))
        employers.append(Employer(
            draw(ids) + f"#{number}",
            interview_minutes=draw(st.sampled_from([grid, length, max(grid, length // 2)])),
            tables=draw(st.sampled_from([1, 2, 50])),
            vacancies=vacancies,
            min_candidates=draw(st.sampled_from([0, most])),
            max_candidates=most,
        ))
    vacancy_ids = [v.id for e in employers for v in e.vacancies]
    candidates = tuple(
        Candidate(
            draw(ids) + f"#{number}",
            age=draw(st.sampled_from([14, 18, 35])),
            languages=tuple(draw(languages)),
            has=tuple(draw(cards)),
            preferences=tuple(draw(st.lists(st.sampled_from(vacancy_ids), unique=True))),
            open_to_other=draw(st.booleans()),
            priority=draw(st.sampled_from([0, 1, 2**63, 10**30])),
        )
        for number in range(draw(st.integers(0, 8)))
    )
    return Problem(event, tuple(employers), candidates)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_every_valid_problem_gets_a_valid_schedule(problem: Problem) -> None:
    try:
        validate_problem(problem)
    except ProblemError:
        assume(False)
    schedule = solve(problem, time_limit=2.0, seed=1, workers=1)
    assert schedule.status in ("OPTIMAL", "FEASIBLE"), schedule.message
    assert check_schedule(problem, schedule.interviews) == []
    json.dumps(schedule_to_dict(schedule), ensure_ascii=False).encode("utf-8")
