"""The CP-SAT model: one boolean per allowed interview, one helper per hard rule and tier.

Shaped like OR-Tools' shift_scheduling_sat example: data -> variables in a dict keyed by
tuples -> one function per rule -> one expression per objective tier. The engine (stages.py)
decides which tier is optimised when.

Formulation (chosen by measurement, see the issue): x[candidate, employer, vacancy, start] is
true when that interview takes place. Variables exist only for options (solver.slots), i.e.
combinations on the employer's grid, inside the candidate's availability, for a vacancy the
candidate is eligible for and wants. A candidate's interviews must not overlap including the
buffer: each interview blocks [start, end + buffer), and for every time point at most one
blocking interview of the candidate may cover it (AtMostOne). Two intervals overlap exactly
when one contains the other's start, so the candidate's own start times are the only time
points needed.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from solver.problem import Problem
from solver.slots import Option

Key = tuple[str, str, str, int]
"""(candidate, employer, vacancy, start): one interview, as placements name it."""


def option_key(option: Option) -> Key:
    return option.candidate, option.employer, option.vacancy, option.start


@dataclass
class ScheduleModel:
    """The model, its interview variables and the expression of each objective tier."""

    model: cp_model.CpModel
    x: dict[Key, cp_model.IntVar]
    options: dict[Key, Option]
    tiers: dict[str, cp_model.LinearExprT] = field(default_factory=dict)
    covered: dict[str, cp_model.IntVar] = field(default_factory=dict)
    shortfall: dict[str, cp_model.IntVar] = field(default_factory=dict)
    span: dict[str, tuple[cp_model.IntVar, cp_model.IntVar, int]] = field(default_factory=dict)


def _grouped(x: Mapping[Key, cp_model.IntVar], by) -> dict:
    groups: dict = defaultdict(list)
    for key, var in x.items():
        groups[by(key)].append(var)
    return groups


# --- hard rules -------------------------------------------------------------------------------

def add_candidate_no_overlap(sm: ScheduleModel, buffer: int) -> None:
    """A candidate's interviews never overlap and keep `buffer` minutes between them."""
    keys_by_candidate: dict[str, list[Key]] = defaultdict(list)
    for key in sm.x:
        keys_by_candidate[key[0]].append(key)
    for candidate in sorted(keys_by_candidate):
        keys = sorted(keys_by_candidate[candidate], key=lambda k: (k[3], k))
        if len(keys) < 2:
            continue
        longest = max(sm.options[k].end - k[3] for k in keys) + buffer
        starts = [k[3] for k in keys]
        seen: set[tuple[Key, ...]] = set()
        for point in sorted(set(starts)):
            # Only interviews starting in (point - longest, point] can cover the point.
            low, high = bisect_right(starts, point - longest), bisect_right(starts, point)
            covering = tuple(k for k in keys[low:high] if point < sm.options[k].end + buffer)
            if len(covering) > 1 and covering not in seen:
                seen.add(covering)
                sm.model.add_at_most_one(sm.x[k] for k in covering)


def add_table_capacity(sm: ScheduleModel, problem: Problem) -> None:
    """At most `tables` interviews of an employer in one slot (slots never overlap)."""
    tables = {e.id: e.tables for e in problem.employers}
    for (employer, _start), group in sorted(_grouped(sm.x, lambda k: (k[1], k[3])).items()):
        if len(group) > tables[employer]:
            sm.model.add(cp_model.LinearExpr.sum(group) <= tables[employer])


def add_max_interviews_per_candidate(sm: ScheduleModel, problem: Problem) -> None:
    limit = problem.event.max_interviews_per_candidate
    for _, group in sorted(_grouped(sm.x, lambda k: k[0]).items()):
        if len(group) > limit:
            sm.model.add(cp_model.LinearExpr.sum(group) <= limit)


def add_one_per_pair(sm: ScheduleModel) -> None:
    """At most one interview per candidate-employer pair."""
    for _, group in sorted(_grouped(sm.x, lambda k: (k[0], k[1])).items()):
        if len(group) > 1:
            sm.model.add_at_most_one(group)


def add_max_candidates_per_employer(sm: ScheduleModel, problem: Problem) -> None:
    """At most max_candidates distinct candidates (= interviews, one per pair) per employer."""
    limit = {e.id: e.max_candidates for e in problem.employers}
    for employer, group in sorted(_grouped(sm.x, lambda k: k[1]).items()):
        if len(group) > limit[employer]:
            sm.model.add(cp_model.LinearExpr.sum(group) <= limit[employer])


def add_locks(sm: ScheduleModel, problem: Problem) -> None:
    """Locked interviews take place exactly.

    A lock without a variable breaks a hard rule; the engine reports it as INFEASIBLE before
    any model is built (engine.lock_conflict), so here it is simply absent.
    """
    for lock in problem.locks:
        key = (lock.candidate, lock.employer, lock.vacancy, lock.start)
        if key in sm.x:
            sm.model.add(sm.x[key] == 1)


# --- objective tiers ---------------------------------------------------------------------------

def published_not_kept(sm: ScheduleModel, problem: Problem) -> cp_model.LinearExprT:
    """Tier 1: published interviews not held unchanged (a vanished option counts as moved)."""
    kept = [sm.x[key] for p in problem.published
            if (key := (p.candidate, p.employer, p.vacancy, p.start)) in sm.x]
    return len(problem.published) - cp_model.LinearExpr.sum(kept)


def coverage(sm: ScheduleModel, problem: Problem) -> tuple[cp_model.LinearExprT,
                                                            cp_model.LinearExprT]:
    """Tier 2: (priority candidates covered, candidates covered)."""
    priority = {c.id: c.priority > 0 for c in problem.candidates}
    for candidate, group in sorted(_grouped(sm.x, lambda k: k[0]).items()):
        covered = sm.model.new_bool_var(f"covered[{candidate}]")
        sm.model.add(cp_model.LinearExpr.sum(group) >= covered)
        sm.covered[candidate] = covered
    return (cp_model.LinearExpr.sum([v for c, v in sm.covered.items() if priority[c]]),
            cp_model.LinearExpr.sum(list(sm.covered.values())))


def shortfall(sm: ScheduleModel, problem: Problem) -> cp_model.LinearExprT:
    """Tier 3: sum over employers of max(0, min_candidates - interviews)."""
    groups = _grouped(sm.x, lambda k: k[1])
    constant = 0
    for employer in sorted(problem.employers, key=lambda e: e.id):
        if employer.min_candidates <= 0:
            continue
        group = groups.get(employer.id, [])
        if not group:
            constant += employer.min_candidates  # nobody can come: a fixed shortfall
            continue
        short = sm.model.new_int_var(0, employer.min_candidates, f"shortfall[{employer.id}]")
        sm.model.add(short >= employer.min_candidates - cp_model.LinearExpr.sum(group))
        sm.shortfall[employer.id] = short
    return constant + cp_model.LinearExpr.sum(list(sm.shortfall.values()))


def preference(sm: ScheduleModel) -> cp_model.LinearExprT:
    """Tier 4: sum of preference weights of the interviews held."""
    keys = list(sm.x)
    return cp_model.LinearExpr.weighted_sum([sm.x[k] for k in keys],
                                           [sm.options[k].weight for k in keys])


def waiting(sm: ScheduleModel, problem: Problem) -> cp_model.LinearExprT:
    """Tier 5: idle minutes between a candidate's consecutive interviews, beyond the buffer.

    Per candidate: (last end - first start) - minutes interviewed - buffer x (interviews - 1),
    which is the sum of the gaps minus the buffer each gap must keep anyway.
    """
    if problem.event.max_interviews_per_candidate < 2:
        return 0
    buffer = problem.event.candidate_buffer_minutes
    keys_by_candidate: dict[str, list[Key]] = defaultdict(list)
    for key in sm.x:
        keys_by_candidate[key[0]].append(key)
    variables: list[cp_model.IntVar] = []
    coefficients: list[int] = []
    for candidate in sorted(keys_by_candidate):
        keys = keys_by_candidate[candidate]
        if len({k[1] for k in keys}) < 2:
            continue  # one employer at most: never two interviews, never any waiting
        low = min(k[3] for k in keys)
        high = max(sm.options[k].end for k in keys)
        first = sm.model.new_int_var(low, high, f"first_start[{candidate}]")
        last = sm.model.new_int_var(low, high, f"last_end[{candidate}]")
        sm.model.add(last >= first)
        covered = sm.covered[candidate]
        for key in keys:
            sm.model.add(first <= key[3]).only_enforce_if(sm.x[key])
            sm.model.add(last >= sm.options[key].end).only_enforce_if(sm.x[key])
            # The buffer term counts interviews - 1, so `covered` must be exact here.
            sm.model.add_implication(sm.x[key], covered)
        sm.span[candidate] = (first, last, low)
        variables.extend([last, first, covered])
        coefficients.extend([1, -1, buffer])
        for key in keys:
            variables.append(sm.x[key])
            coefficients.append(-(sm.options[key].end - key[3]) - buffer)
    return cp_model.LinearExpr.weighted_sum(variables, coefficients)


def build_model(problem: Problem, options: Iterable[Option]) -> ScheduleModel:
    """Variables in sorted key order, every hard rule, and every tier's expression."""
    model = cp_model.CpModel()
    by_key = {option_key(o): o for o in options}
    x = {key: model.new_bool_var(f"x[{key[0]},{key[2]},{key[3]}]") for key in sorted(by_key)}
    sm = ScheduleModel(model, x, by_key)
    add_candidate_no_overlap(sm, problem.event.candidate_buffer_minutes)
    add_table_capacity(sm, problem)
    add_max_interviews_per_candidate(sm, problem)
    add_one_per_pair(sm)
    add_max_candidates_per_employer(sm, problem)
    add_locks(sm, problem)
    sm.tiers["kept_published"] = published_not_kept(sm, problem)
    sm.tiers["priority_covered"], sm.tiers["covered"] = coverage(sm, problem)
    sm.tiers["shortfall"] = shortfall(sm, problem)
    sm.tiers["preference"] = preference(sm)
    sm.tiers["waiting"] = waiting(sm, problem)
    return sm


def hint(sm: ScheduleModel, problem: Problem, chosen: Iterable[Key]) -> None:
    """Replace the model's hint by a complete one: every variable, helpers included."""
    chosen = set(chosen)
    sm.model.clear_hints()
    for key, var in sm.x.items():
        sm.model.add_hint(var, key in chosen)
    count_at: dict[str, int] = defaultdict(int)
    for key in chosen:
        count_at[key[1]] += 1
    covered = {k[0] for k in chosen}
    for candidate, var in sm.covered.items():
        sm.model.add_hint(var, candidate in covered)
    minimum = {e.id: e.min_candidates for e in problem.employers}
    for employer, var in sm.shortfall.items():
        sm.model.add_hint(var, max(0, minimum[employer] - count_at[employer]))
    for candidate, (first, last, low) in sm.span.items():
        own = [k for k in chosen if k[0] == candidate]
        if own:
            sm.model.add_hint(first, min(k[3] for k in own))
            sm.model.add_hint(last, max(sm.options[k].end for k in own))
        else:
            # An empty day: both ends at the lowest value keeps last >= first and waiting 0.
            sm.model.add_hint(first, low)
            sm.model.add_hint(last, low)
