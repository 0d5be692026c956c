"""On tiny random events the engine's tier values equal a brute-force enumeration's.

The enumeration shares no code with the engine: it lists slots, checks rules and scores
schedules in its own plain way, walks every schedule candidate by candidate (pruning only on
hard rules) and keeps the lexicographically best tier values.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from itertools import combinations, pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver.baseline import fill_greedily
from solver.engine import solve
from solver.problem import Candidate, Employer, Event, Placement, Problem, Vacancy
from tests.solver.conftest import assert_valid

WEIGHTS = {0: 10, 1: 7, 2: 5, 3: 4, 4: 3}  # rank -> score, as documented in solver.settings


def _slots(event: Event, employer: Employer) -> list[int]:
    starts = []
    for lo, hi in employer.available or [(event.start, event.end)]:
        t = lo
        while t + employer.interview_minutes <= hi:
            clash = [b for a, b in employer.breaks if a < t + employer.interview_minutes and t < b]
            if clash:
                t = max(clash)
            else:
                starts.append(t)
                t += employer.interview_minutes
    return starts


def _choices(problem: Problem, cand: Candidate) -> list[tuple]:
    """Every allowed single interview of the candidate: (employer, vacancy, start, end, score)."""
    out = []
    for emp in problem.employers:
        for vac in emp.vacancies:
            ranked = vac.id in cand.preferences
            if not (ranked or cand.open_to_other):
                continue
            if any(card not in cand.has for card in vac.requires) or cand.age < vac.min_age:
                continue
            if vac.languages and not set(vac.languages) & set(cand.languages):
                continue
            score = WEIGHTS.get(cand.preferences.index(vac.id), 2) if ranked else 1
            for start in _slots(problem.event, emp):
                end = start + emp.interview_minutes
                if cand.available and not any(a <= start and end <= b
                                              for a, b in cand.available):
                    continue
                out.append((emp.id, vac.id, start, end, score))
    return out


def _days(problem: Problem, cand: Candidate) -> list[tuple]:
    """Every set of interviews one candidate may hold on their own."""
    singles = _choices(problem, cand)
    buffer = problem.event.candidate_buffer_minutes
    days: list[tuple] = [()]
    for size in range(1, problem.event.max_interviews_per_candidate + 1):
        for combo in combinations(singles, size):
            if len({c[0] for c in combo}) < size:
                continue
            ordered = sorted(combo, key=lambda c: c[2])
            if all(b[2] >= a[3] + buffer for a, b in pairwise(ordered)):
                days.append(tuple(ordered))
    return days


def schedule_values(problem: Problem) -> Iterator[tuple[int, ...]]:
    """(kept, -priority, -covered, shortfall, -preference, waiting) of every schedule that
    holds every lock (kept counts the published interviews not kept)."""
    employers = {e.id: e for e in problem.employers}
    days = [_days(problem, c) for c in problem.candidates]
    locks = {(p.candidate, p.employer, p.vacancy, p.start) for p in problem.locks}
    published = [(p.candidate, p.employer, p.vacancy, p.start) for p in problem.published]
    per_slot: dict[tuple[str, int], int] = {}
    per_employer: dict[str, int] = {}
    chosen: list[tuple] = []

    def score() -> tuple[int, ...]:
        held = {(c.id, d[0], d[1], d[2]) for c, day in zip(problem.candidates, chosen,
                                                             strict=True) for d in day}
        if not locks <= held:
            return ()
        covered = [c for c, day in zip(problem.candidates, chosen, strict=True) if day]
        short = sum(max(0, e.min_candidates - per_employer.get(e.id, 0))
                    for e in problem.employers)
        pref = sum(d[4] for day in chosen for d in day)
        buffer = problem.event.candidate_buffer_minutes
        wait = sum(b[2] - a[3] - buffer for day in chosen for a, b in pairwise(day))
        return (sum(p not in held for p in published), -sum(c.priority > 0 for c in covered),
                -len(covered), short, -pref, wait)

    def walk(i: int) -> Iterator[tuple[int, ...]]:
        if i == len(days):
            value = score()
            if value:
                yield value
            return
        for day in days[i]:
            if any(per_slot.get((d[0], d[2]), 0) >= employers[d[0]].tables
                   or per_employer.get(d[0], 0) >= employers[d[0]].max_candidates
                   for d in day):
                continue
            for d in day:
                per_slot[d[0], d[2]] = per_slot.get((d[0], d[2]), 0) + 1
                per_employer[d[0]] = per_employer.get(d[0], 0) + 1
            chosen.append(day)
            yield from walk(i + 1)
            chosen.pop()
            for d in day:
                per_slot[d[0], d[2]] -= 1
                per_employer[d[0]] -= 1

    yield from walk(0)


def brute_force(problem: Problem) -> tuple[int, ...] | None:
    """Best (kept, -priority, -covered, shortfall, -preference, waiting) over all schedules
    that hold every lock; None when no schedule does."""
    return min(schedule_values(problem), default=None)


@st.composite
def tiny_problems(draw: st.DrawFn) -> Problem:
    length = draw(st.sampled_from([20, 30]))
    event = Event("2027-03-12", 540, 600, grid_minutes=5,
                  candidate_buffer_minutes=draw(st.sampled_from([0, 10])),
                  max_interviews_per_candidate=draw(st.integers(1, 2)))
    cards, langs = ["hygiene", "forklift"], ["fi", "en"]
    employers = []
    for e in range(draw(st.integers(1, 2))):
        vacancies = tuple(
            Vacancy(f"E{e}-V{v}",
                    tuple(draw(st.lists(st.sampled_from(cards), max_size=1, unique=True))),
                    tuple(draw(st.lists(st.sampled_from(langs), max_size=1, unique=True))),
                    draw(st.sampled_from([0, 18])))
            for v in range(draw(st.integers(1, 2))))
        employers.append(Employer(
            f"E{e}", length, draw(st.integers(1, 2)), vacancies,
            min_candidates=draw(st.integers(0, 3)), max_candidates=draw(st.integers(1, 4))))
    vacancy_ids = [v.id for e in employers for v in e.vacancies]
    candidates = []
    for c in range(draw(st.integers(1, 5))):
        late = draw(st.booleans())
        candidates.append(Candidate(
            f"C{c}", draw(st.sampled_from([17, 20])),
            tuple(draw(st.lists(st.sampled_from(langs), min_size=1, unique=True))),
            tuple(draw(st.lists(st.sampled_from(cards), unique=True))),
            ((570, 600),) if late else (),
            tuple(draw(st.lists(st.sampled_from(vacancy_ids), unique=True, max_size=2))),
            draw(st.booleans()), draw(st.sampled_from([0, 0, 1]))))
    # Published interviews and locks at the first slots, possibly clashing with each other:
    # tier 1 then has several ways to keep them, and some locks cannot all hold.
    placements = st.builds(
        lambda c, e, start: Placement(candidates[c % len(candidates)].id, employers[e].id,
                                      employers[e].vacancies[0].id, start),
        st.integers(0, 4), st.integers(0, len(employers) - 1), st.sampled_from([540, 540 + length]))
    published = tuple(draw(st.lists(placements, max_size=3, unique=True)))
    locks = tuple(draw(st.lists(placements, max_size=1)))
    return Problem(event, tuple(employers), tuple(candidates), locks, published)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_problems())
def test_engine_matches_brute_force(problem: Problem) -> None:
    schedule = solve(problem, time_limit=5.0, seed=0, workers=1)
    best = brute_force(problem)
    if best is None:
        assert schedule.status == "INFEASIBLE"
        assert schedule.message
        return
    assert_valid(problem, schedule.interviews)
    got = {t.name: t.value for t in schedule.objectives}
    engine = (got["kept_published"], -got["priority_covered"], -got["covered"],
              got["shortfall"], -got["preference"], got["waiting"])
    assert engine == best
    assert schedule.status == "OPTIMAL"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_problems())
def test_cp_sat_model_alone_matches_brute_force(problem: Problem) -> None:
    """With only the coverage flow's schedule as hint, CP-SAT must reach tiers 3-5 itself."""
    import solver.engine as engine

    original = engine.lexicographic_relaxation

    def without_schedule(*args, **kwargs):
        return replace(original(*args, **kwargs), added=())

    def no_fill(*args, **kwargs) -> None:
        return None

    engine.lexicographic_relaxation, engine.fill_greedily = without_schedule, no_fill
    try:
        schedule = solve(problem, time_limit=5.0, seed=0, workers=1)
    finally:
        engine.lexicographic_relaxation, engine.fill_greedily = original, fill_greedily
    if schedule.status == "INFEASIBLE":
        assert brute_force(problem) is None
        return
    assert_valid(problem, schedule.interviews)
    got = {t.name: t.value for t in schedule.objectives}
    engine_values = (got["kept_published"], -got["priority_covered"], -got["covered"],
                     got["shortfall"], -got["preference"], got["waiting"])
    assert engine_values == brute_force(problem)
