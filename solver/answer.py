"""The end of a solve: the chosen options as a Schedule with its tiers, bounds, the
explanation of who was left out and the statistics; and interviews as option keys."""

from __future__ import annotations

import time
from collections.abc import Iterable

from solver.bound import loose_bounds
from solver.model import Key
from solver.problem import Interview, Schedule
from solver.settings import EXPLAIN_MARGIN_SECONDS
from solver.solve_state import SolveState
from solver.tiers import TIER_NAMES, lexicographic_key, tier_results, tier_values


def model_keys(run: SolveState, interviews: Iterable[Interview]) -> tuple[Key, ...]:
    """The interviews as option keys; a vacancy the options dropped maps to its kept twin."""
    keys = []
    twins: dict[tuple[str, str, int], Key] = {}
    for i in interviews:
        key = (i.candidate, i.employer, i.vacancy, i.start)
        if key not in run.by_key:
            if not twins:  # rare; on 200 x 6,000 this map of every option took seconds
                twins = {(k[0], k[1], k[3]): k for k in run.by_key}
            key = twins[i.candidate, i.employer, i.start]
        keys.append(key)
    return tuple(sorted(keys))


def answer(run: SolveState, chosen: tuple[Key, ...], baseline: tuple[Interview, ...],
           baseline_values: dict[str, int], first_solution: float) -> Schedule:
    """The schedule of `chosen` (never worse than the greedy's), with every tier's value and
    bound, the unscheduled candidates explained, and the solve's statistics."""
    problem = run.problem
    interviews = run.interviews(chosen)
    values = tier_values(problem, interviews)
    if lexicographic_key(baseline_values) < lexicographic_key(values):
        interviews, values = baseline, baseline_values  # never worse than the greedy
    unsettled = [name for name in TIER_NAMES if name not in run.bounds]
    if unsettled:  # a stop or the deadline came first: bounds true for every schedule
        loose = loose_bounds(problem, run.options if run.complete else (),
                             complete=run.complete)
        run.values = dict(values)
        for name in unsettled:
            run.bounds[name] = loose[name]
            run.proven[name] = values[name] == loose[name]
            run.report(name)  # every tier is reported once, the time limit's too
    objectives = tier_results(values, run.bounds, run.proven)
    from solver.explain import explain  # imported late to keep layers apart

    end = run.started + run.time_limit - EXPLAIN_MARGIN_SECONDS

    def explain_late() -> bool:
        late = time.monotonic() >= end
        run.cut = run.cut or late
        return late

    unscheduled, not_first_choice = explain(problem, interviews, should_stop=explain_late)
    stats = {
        "first_solution_seconds": round(first_solution, 3),
        "total_seconds": round(run.elapsed(), 3),
        "variables": float(run.variables),
        "constraints": float(run.constraints),
        "stages": float(run.stages),
        # 1 when the wall clock cut a step short: only then may the same input, seed and
        # workers give another schedule (see docs/problem-format.md, "Determinism").
        "wall_clock_cut": float(run.cut),
        # 1 when the solve stopped once tiers 1-4 were proven (improve_waiting=False).
        "waiting_skipped": float(run.waiting_skipped),
    }
    status = "OPTIMAL" if all(t.proven for t in objectives) else "FEASIBLE"
    return Schedule(status, interviews, unscheduled, not_first_choice, objectives,
                    tier_results(baseline_values, run.bounds), stats)
