"""A lower bound on tier 5 (waiting) with tiers 2-4 held at their values: employer sets.

CP-SAT's own bound on waiting is 0 on every event we measured: with fractional interviews
the span of a candidate's day (first start, last end) costs nothing. Waiting comes from the
slot grids instead: on a 15-minute grid with a 5-minute buffer, two interviews are at least
10 minutes apart beyond the buffer, however the day is arranged. This module counts that.

The relaxation: each candidate picks a set of employers S (at most
max_interviews_per_candidate, each a pair the candidate has options with, the locked ones
included). Its cost is the least waiting the candidate could have at S if they were alone at
the event: `least_waiting(S)` over the slots of S inside the candidate's availability, with
the buffer (sets that cannot be fitted at all are not offered). The choice must do at least
as well as the schedule on tiers 2-4: priority candidates and candidates covered at least
their values, shortfall at most its value, preference at least its value (each pair worth
its best vacancy), at most max_candidates per employer and at most tables x slots of it.

Every schedule that holds tiers 2-4 at those values is one choice of the relaxation (its
candidates' employer sets) whose cost is at most its waiting, so the relaxation's optimum,
and its LP's optimum below that, bound the waiting of every such schedule from below. Dropped:
which table a slot still has (so two candidates may both take the best slot), and tier 1 (a
published interview may be moved here): both only enlarge the relaxation. Locks are kept
(their employer in the set, at the locked start).

The number of sets grows as (employers per candidate)^max_interviews; above
WAITING_BOUND_MAX_SETS the bound is not computed (large events report a waiting bound of 0).
"""

from __future__ import annotations

import itertools
import math
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ortools.linear_solver import pywraplp

from solver.problem import Problem
from solver.settings import LP_BOUND_TOLERANCE, LP_INTEGRAL_TOLERANCE, WAITING_BOUND_MAX_SETS
from solver.slots import Option, employer_slots

Times = tuple[int, tuple[int, ...]]
"""(interview minutes, slot starts the candidate can take) of one employer."""


def least_waiting(times: tuple[Times, ...], buffer: int) -> int | None:
    """Least waiting of one candidate alone with one interview at each employer, or None.

    For a fixed order and first start, taking each next interview at its earliest slot after
    the previous end plus the buffer gives the earliest possible end of every later one
    (a later end never opens more slots), so it gives the least waiting of that order and
    first start; the minimum over orders and first starts is the candidate's least waiting.
    """
    if len(times) < 2:
        return 0
    minutes = sum(length for length, _ in times)
    idle = buffer * (len(times) - 1)
    best: int | None = None
    for order in itertools.permutations(times):
        (first_length, first_starts), rest = order[0], order[1:]
        for start in first_starts:
            end = start + first_length
            for length, starts in rest:
                at = bisect_left(starts, end + buffer)
                if at == len(starts):
                    break
                end = starts[at] + length
            else:
                wait = end - start - minutes - idle
                if best is None or wait < best:
                    best = wait
                if best == 0:
                    return 0
    return best


@dataclass(frozen=True)
class EmployerSet:
    """One choice of the relaxation: a candidate's employers, its weight and least waiting."""

    candidate: str
    employers: tuple[str, ...]
    weight: int
    waiting: int


def employer_sets(problem: Problem, options: Iterable[Option]) -> list[EmployerSet] | None:
    """Every set a candidate could attend alone, or None above WAITING_BOUND_MAX_SETS."""
    buffer = problem.event.candidate_buffer_minutes
    limit = problem.event.max_interviews_per_candidate
    starts: dict[tuple[str, str], set[int]] = defaultdict(set)
    weight: dict[tuple[str, str], int] = {}
    length: dict[str, int] = {}
    for option in options:
        pair = (option.candidate, option.employer)
        starts[pair].add(option.start)
        weight[pair] = max(weight.get(pair, 0), option.weight)
        length[option.employer] = option.end - option.start
    locked: dict[str, dict[str, int]] = defaultdict(dict)
    for lock in problem.locks:
        locked[lock.candidate][lock.employer] = lock.start
        starts[lock.candidate, lock.employer] &= {lock.start}
    by_candidate: dict[str, list[str]] = defaultdict(list)
    for candidate, employer in sorted(starts):
        by_candidate[candidate].append(employer)
    count = sum(math.comb(len(e), k) for e in by_candidate.values() for k in range(1, limit + 1))
    if count > WAITING_BOUND_MAX_SETS:
        return None
    cache: dict[tuple[Times, ...], int | None] = {}
    sets = []
    for candidate, employers in by_candidate.items():
        must = set(locked[candidate])
        for size in range(max(1, len(must)), limit + 1):
            for chosen in itertools.combinations(employers, size):
                if not must <= set(chosen):
                    continue
                times = tuple((length[e], tuple(sorted(starts[candidate, e]))) for e in chosen)
                if times not in cache:
                    cache[times] = least_waiting(times, buffer)
                wait = cache[times]
                if wait is not None:
                    sets.append(EmployerSet(candidate, chosen,
                                            sum(weight[candidate, e] for e in chosen), wait))
    return sets


@dataclass(frozen=True)
class WaitingBound:
    """A proven lower bound on waiting, and the relaxation's choice when it is integral.

    `pairs` are the (candidate, employer) pairs of an optimal choice of the relaxation when
    the LP's optimum is integral (then `bound` is that choice's cost): re-timing those
    pairs on the real slots may reach the bound, which proves the schedule optimal.
    """

    bound: int
    pairs: tuple[tuple[str, str], ...] = ()


def waiting_lower_bound(problem: Problem, options: Iterable[Option],
                        values: Mapping[str, int], *, time_limit: float) -> WaitingBound:
    """A lower bound on waiting for tiers 2-4 at `values` (see the module doc).

    The bound is the optimum of the relaxation's LP (every set's choice between 0 and 1),
    solved by GLOP: weaker than the integer optimum in general, but on the events we
    measured the LP's optimum was integral, and it takes a fraction of a second where the
    integer program took 5 s. Bound 0 when there are too many sets, or the LP fails or is
    not solved within `time_limit` seconds.
    """
    sets = employer_sets(problem, options)
    if not sets or not any(s.waiting for s in sets):
        return WaitingBound(0)
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:
        return WaitingBound(0)
    chosen = [solver.NumVar(0.0, 1.0, f"set{n}") for n in range(len(sets))]
    by_candidate: dict[str, list[pywraplp.Variable]] = defaultdict(list)
    by_employer: dict[str, list[pywraplp.Variable]] = defaultdict(list)
    for option_set, var in zip(sets, chosen, strict=True):
        by_candidate[option_set.candidate].append(var)
        for employer_id in option_set.employers:
            by_employer[employer_id].append(var)
    locked = {lock.candidate for lock in problem.locks}
    for candidate, group in sorted(by_candidate.items()):
        # A locked candidate attends their lock; anyone else at most one set (or none).
        if candidate in locked:
            solver.Add(solver.Sum(group) == 1)
        else:
            solver.Add(solver.Sum(group) <= 1)
    priority = {c.id for c in problem.candidates if c.priority > 0}
    solver.Add(solver.Sum([v for c, group in by_candidate.items() if c in priority
                           for v in group]) >= values["priority_covered"])
    solver.Add(solver.Sum(chosen) >= values["covered"])
    shortfall = []
    for employer in sorted(problem.employers, key=lambda e: e.id):
        attending = solver.Sum(by_employer.get(employer.id, []))
        room = min(employer.max_candidates,
                   employer.tables * len(employer_slots(problem.event, employer)))
        solver.Add(attending <= room)
        if employer.min_candidates > 0:
            short = solver.NumVar(0.0, employer.min_candidates, f"short[{employer.id}]")
            solver.Add(short >= employer.min_candidates - attending)
            shortfall.append(short)
    solver.Add(solver.Sum(shortfall) <= values["shortfall"])
    solver.Add(solver.Sum([s.weight * v for s, v in zip(sets, chosen, strict=True)])
               >= values["preference"])
    solver.Minimize(solver.Sum([s.waiting * v for s, v in zip(sets, chosen, strict=True)
                                if s.waiting]))
    # Milliseconds; at least 1, since MPSolver reads 0 as "no limit".
    solver.SetTimeLimit(max(1, int(time_limit * 1000)))
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return WaitingBound(0)
    # The objective is integral on integral choices, so the LP's value rounds up; the
    # tolerance keeps GLOP's floating-point error (far smaller) from rounding past an integer.
    bound = max(0, math.ceil(solver.Objective().Value() - LP_BOUND_TOLERANCE))
    picked = [s for s, v in zip(sets, chosen, strict=True)
              if v.solution_value() > 1 - LP_INTEGRAL_TOLERANCE]
    integral = all(v.solution_value() < LP_INTEGRAL_TOLERANCE
                   or v.solution_value() > 1 - LP_INTEGRAL_TOLERANCE for v in chosen)
    if not integral or sum(s.waiting for s in picked) != bound:
        return WaitingBound(bound)
    return WaitingBound(bound, tuple(sorted((s.candidate, e) for s in picked
                                            for e in s.employers)))
