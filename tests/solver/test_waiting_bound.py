"""The waiting bound (tier 5) never exceeds the true least waiting, and binds where it should."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver.engine import solve
from solver.problem import Candidate, Employer, Event, Placement, Problem, Vacancy
from solver.slots import build_options
from solver.waiting_bound import least_waiting, waiting_lower_bound
from tests.solver.conftest import assert_valid, candidate, employer, event, problem
from tests.solver.test_bruteforce import schedule_values


def test_two_quarter_hours_with_a_buffer_always_wait() -> None:
    # 15-minute grids from 09:00 and a 5-minute buffer: the next start after 09:15 + 5 is
    # 09:30, ten idle minutes, whatever the order.
    quarter = (15, (540, 555, 570, 585))
    assert least_waiting((quarter, quarter), 5) == 10
    # A 20-minute interview between them fits exactly: 09:00-09:15, 09:20-09:40, 09:45.
    assert least_waiting((quarter, (20, (540, 560, 580)), quarter), 5) == 0
    assert least_waiting((quarter,), 5) == 0
    assert least_waiting(((15, (540,)), (15, (540,))), 0) is None  # the same slot only


def test_the_bound_proves_a_schedule_that_must_wait() -> None:
    # C1 wants both employers and both are needed for the best preference score; their
    # 15-minute grids with a 5-minute buffer force 10 minutes of waiting. CP-SAT's own bound
    # is 0 here; with the employer-set bound the engine proves the schedule optimal.
    prob = problem([employer("E1"), employer("E2")],
                   [candidate("C1", ["E1-V1", "E2-V1"])], at=event(buffer=5))
    schedule = solve(prob, time_limit=5.0, seed=0, workers=1)
    assert_valid(prob, schedule.interviews)
    waiting = next(t for t in schedule.objectives if t.name == "waiting")
    assert (waiting.value, waiting.bound, waiting.proven) == (10, 10, True)
    assert schedule.status == "OPTIMAL"


@st.composite
def small_events(draw: st.DrawFn) -> Problem:
    """Two employers, often with different interview lengths (grids), up to 4 youth who may
    have several interviews: the events where waiting can be forced."""
    event = Event("2027-03-12", 540, 600, grid_minutes=5,
                  candidate_buffer_minutes=draw(st.sampled_from([0, 5, 10])),
                  max_interviews_per_candidate=draw(st.integers(2, 3)))
    employers = tuple(
        Employer(f"E{e}", draw(st.sampled_from([10, 15, 20])), draw(st.integers(1, 2)),
                 (Vacancy(f"E{e}-V1"),), min_candidates=draw(st.integers(0, 3)),
                 max_candidates=draw(st.integers(1, 4)))
        for e in range(2))
    windows = st.sampled_from([(), ((540, 570),), ((555, 600),), ((540, 560), (560, 600))])
    candidates = tuple(
        Candidate(f"C{c}", 20, ("fi",), (), draw(windows),
                  tuple(draw(st.permutations([e.vacancies[0].id for e in employers]))),
                  False, draw(st.sampled_from([0, 1])))
        for c in range(draw(st.integers(1, 4))))
    first = employers[0]
    locks = tuple(draw(st.lists(st.builds(
        lambda c: Placement(candidates[c % len(candidates)].id, first.id, first.vacancies[0].id,
                            540), st.integers(0, 3)), max_size=1)))
    return Problem(event, employers, candidates, locks, ())


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_events())
def test_the_bound_never_exceeds_the_least_waiting(prob: Problem) -> None:
    """For every value of tiers 2-4 some schedule reaches, the bound is at most the least
    waiting among the schedules with those values (found by enumerating all of them)."""
    least: dict[tuple[int, ...], int] = defaultdict(lambda: 10**9)
    for values in schedule_values(prob):
        least[values[1:5]] = min(least[values[1:5]], values[5])
    options = build_options(prob)
    for (priority, covered, shortfall, preference), waiting in least.items():
        values = {"priority_covered": -priority, "covered": -covered, "shortfall": shortfall,
                  "preference": -preference}
        assert waiting_lower_bound(prob, options, values, time_limit=5.0).bound <= waiting
