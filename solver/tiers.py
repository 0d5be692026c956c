"""The five objective tiers, evaluated on any schedule.

Tier values are computed here from the interviews alone (not from the model), so the engine,
the greedy baseline and the tests all measure a schedule the same way.

| tier | name             | sense | value                                                   |
|------|------------------|-------|---------------------------------------------------------|
| 1    | kept_published   | min   | published interviews not kept unchanged (same candidate, |
|      |                  |       | employer, vacancy and start)                            |
| 2    | priority_covered | max   | priority candidates (priority > 0) with an interview    |
| 2    | covered          | max   | candidates with at least one interview                  |
| 3    | shortfall        | min   | sum over employers of max(0, min_candidates - booked)   |
| 4    | preference       | max   | sum of preference weights (solver.settings)             |
| 5    | waiting          | min   | sum over consecutive interviews of a candidate of       |
|      |                  |       | next start - previous end - candidate_buffer_minutes    |

Waiting counts only idle time beyond the buffer the rules demand anyway: a day of interviews
each starting exactly `candidate_buffer_minutes` after the previous one ends waits 0, so 0 is
a bound that can be met and a schedule is not penalised for the number of its interviews.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from itertools import pairwise

from solver.problem import Interview, Problem, TierResult
from solver.slots import preference_weight

TIER_NAMES: tuple[str, ...] = (
    "kept_published", "priority_covered", "covered", "shortfall", "preference", "waiting")
MINIMISED: frozenset[str] = frozenset({"kept_published", "shortfall", "waiting"})


def tier_values(problem: Problem, interviews: Iterable[Interview]) -> dict[str, int]:
    """Every tier's value for the schedule, keyed by tier name."""
    interviews = tuple(interviews)
    candidates = {c.id: c for c in problem.candidates}
    placed = {(i.candidate, i.employer, i.vacancy, i.start) for i in interviews}
    not_kept = sum((p.candidate, p.employer, p.vacancy, p.start) not in placed
                   for p in problem.published)
    covered = {i.candidate for i in interviews}
    per_employer = Counter(i.employer for i in interviews)
    shortfall = sum(max(0, e.min_candidates - per_employer[e.id]) for e in problem.employers)
    preference = sum(preference_weight(candidates[i.candidate], i.vacancy) for i in interviews)
    by_candidate: dict[str, list[Interview]] = defaultdict(list)
    for interview in interviews:
        by_candidate[interview.candidate].append(interview)
    waiting = 0
    for own in by_candidate.values():
        own.sort(key=lambda i: i.start)
        waiting += sum(nxt.start - prev.end - problem.event.candidate_buffer_minutes
                       for prev, nxt in pairwise(own))
    return {
        "kept_published": not_kept,
        "priority_covered": sum(candidates[c].priority > 0 for c in covered),
        "covered": len(covered),
        "shortfall": shortfall,
        "preference": preference,
        "waiting": waiting,
    }


def gap(value: int, bound: int) -> float:
    """Relative gap |bound - value| / max(1, |bound|)."""
    return abs(bound - value) / max(1, abs(bound))


def tier_results(values: Mapping[str, int], bounds: Mapping[str, int] | None = None,
                 proven: Mapping[str, bool] | None = None) -> tuple[TierResult, ...]:
    """TierResults in tier order; without bounds each bound is the value itself, unproven."""
    results = []
    for name in TIER_NAMES:
        value = values[name]
        bound = value if bounds is None else bounds[name]
        tier_gap = gap(value, bound)
        is_proven = bool(proven and proven.get(name)) and tier_gap == 0.0
        results.append(TierResult(name, value, bound, tier_gap, is_proven))
    return tuple(results)


def lexicographic_key(values: Mapping[str, int]) -> tuple[int, ...]:
    """A key that sorts schedules best first: smaller is better on every tier in order."""
    return tuple(values[n] if n in MINIMISED else -values[n] for n in TIER_NAMES)
