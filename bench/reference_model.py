"""The reference the engine is measured against: the obvious lexicographic CP-SAT model.

Written apart from the engine on purpose: it reads the problem's types and nothing else of
`solver` (no options, slots, model, bounds or engine), so a mistake or a blind spot in the
engine's staged search cannot hide in both. One boolean per allowed (candidate, vacancy,
start), every hard rule as a constraint, and the tiers optimised one after another on the
same model, each fixed at the value reached (its optimum when proven) before the next. The
preference weights are the product's definition (solver.settings).

The tiers are those of docs/problem-format.md: published interviews not kept (min), priority
candidates covered (max), candidates covered (max), shortfall below min_candidates (min),
preference score (max) and waiting (min): per candidate, the sum over consecutive interviews
of next start - previous end - candidate_buffer_minutes.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from solver.problem import Candidate, Employer, Problem, joined_windows
from solver.settings import LOWER_RANK_WEIGHT, OPEN_TO_OTHER_WEIGHT, RANK_WEIGHTS

TIERS = ("kept_published", "priority_covered", "covered", "shortfall", "preference", "waiting")
MINIMISED = {"kept_published", "shortfall", "waiting"}
LATER_TIER_SHARE = 0.1
"""Share of the whole time limit each tier keeps back for every tier after it (at 0.05 a
later tier's share, 1-4 s, was spent in presolve on a loaded machine, ending the run)."""


@dataclass(frozen=True)
class Booked:
    candidate: str
    employer: str
    vacancy: str
    table: int
    start: int
    end: int


@dataclass
class ReferenceResult:
    interviews: tuple[Booked, ...]
    values: dict[str, int]
    proven: dict[str, bool]
    seconds: float
    status: str
    tier_seconds: dict[str, float] = field(default_factory=dict)


def grid(problem: Problem, employer: Employer) -> list[int]:
    """Slot starts: back to back from each window's start; a slot hitting a break starts
    when the break ends; a slot ends by its window's end."""
    event = problem.event
    length = employer.interview_minutes
    starts = set()
    for low, high in sorted(employer.available or ((event.start, event.end),)):
        t = low
        while t + length <= high:
            clash = [b for a, b in employer.breaks if a < t + length and t < b]
            if clash:
                t = max(clash)
            else:
                starts.add(t)
                t += length
    return sorted(starts)


def free(candidate: Candidate, start: int, end: int) -> bool:
    return not candidate.available or any(
        a <= start and end <= b for a, b in joined_windows(candidate.available))


def weight(candidate: Candidate, vacancy: str) -> int:
    if vacancy not in candidate.preferences:
        return OPEN_TO_OTHER_WEIGHT
    rank = candidate.preferences.index(vacancy)
    return RANK_WEIGHTS[rank] if rank < len(RANK_WEIGHTS) else LOWER_RANK_WEIGHT


def allowed(candidate: Candidate, vacancy) -> bool:
    return (all(card in candidate.has for card in vacancy.requires)
            and (not vacancy.languages or bool(set(vacancy.languages) & set(candidate.languages)))
            and candidate.age >= vacancy.min_age
            and (candidate.open_to_other or vacancy.id in candidate.preferences))


class ReferenceModel:
    """The model and one expression per tier."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        event = problem.event
        buffer = event.candidate_buffer_minutes
        m = self.model = cp_model.CpModel()
        self.x: dict[tuple[str, str, str, int], cp_model.IntVar] = {}
        self.end: dict[tuple[str, str, str, int], int] = {}
        self.weight: dict[tuple[str, str, str, int], int] = {}
        self.span: dict[str, tuple[cp_model.IntVar, cp_model.IntVar, list]] = {}
        starts = {e.id: grid(problem, e) for e in problem.employers}
        for c in problem.candidates:
            for e in problem.employers:
                for v in e.vacancies:
                    if not allowed(c, v):
                        continue
                    for s in starts[e.id]:
                        if free(c, s, s + e.interview_minutes):
                            key = (c.id, e.id, v.id, s)
                            self.x[key] = m.new_bool_var(str(key))
                            self.end[key] = s + e.interview_minutes
                            self.weight[key] = weight(c, v.id)
        by_candidate, by_pair, by_slot, by_employer = (defaultdict(list) for _ in range(4))
        for key, var in self.x.items():
            by_candidate[key[0]].append(key)
            by_pair[key[0], key[1]].append(var)
            by_slot[key[1], key[3]].append(var)
            by_employer[key[1]].append(var)
        employers = {e.id: e for e in problem.employers}
        # Hard rules.
        for keys in by_candidate.values():
            m.add(sum(self.x[k] for k in keys) <= event.max_interviews_per_candidate)
            # Two interviews overlap (buffer included) exactly when one covers the other's
            # start, so at each start at most one interview of the candidate may cover it.
            for point in {k[3] for k in keys}:
                covering = [self.x[k] for k in keys if k[3] <= point < self.end[k] + buffer]
                if len(covering) > 1:
                    m.add_at_most_one(covering)
        for group in by_pair.values():
            m.add_at_most_one(group)
        for (employer, _), group in by_slot.items():
            m.add(sum(group) <= employers[employer].tables)
        for employer, group in by_employer.items():
            m.add(sum(group) <= employers[employer].max_candidates)
        for lock in problem.locks:
            key = (lock.candidate, lock.employer, lock.vacancy, lock.start)
            if key in self.x:
                m.add(self.x[key] == 1)
            else:  # a lock that breaks a hard rule: nothing can keep it
                m.add_bool_or([])
        # Tiers.
        kept = [self.x[k] for p in problem.published
                if (k := (p.candidate, p.employer, p.vacancy, p.start)) in self.x]
        covered = {}
        waits = []
        for c in problem.candidates:
            keys = by_candidate.get(c.id, [])
            covered[c.id] = b = m.new_bool_var(f"covered {c.id}")
            # No option at all: the constant 0 keeps "covered" false.
            options: list[cp_model.LinearExprT] = [self.x[k] for k in keys] or [0]
            m.add_max_equality(b, options)
            if len(keys) < 2:
                continue
            low, high = min(k[3] for k in keys), max(self.end[k] for k in keys)
            first = m.new_int_var(low, high, f"first {c.id}")
            last = m.new_int_var(low, high, f"last {c.id}")
            for k in keys:
                m.add(first <= k[3]).only_enforce_if(self.x[k])
                m.add(last >= self.end[k]).only_enforce_if(self.x[k])
            m.add(first == last).only_enforce_if(~b)
            self.span[c.id] = (first, last, keys)
            busy = sum((self.end[k] - k[3] + buffer) * self.x[k] for k in keys)
            waits.append(last - first - busy + buffer * b)
        priority = {c.id for c in problem.candidates if c.priority > 0}
        shortfalls = []
        for e in problem.employers:
            if e.min_candidates > 0:
                short = m.new_int_var(0, e.min_candidates, f"short {e.id}")
                m.add(short >= e.min_candidates - sum(by_employer.get(e.id, [])))
                shortfalls.append(short)
        self.tiers = {
            "kept_published": len(problem.published) - sum(kept),
            "priority_covered": sum(covered[c] for c in priority),
            "covered": sum(covered.values()),
            "shortfall": sum(shortfalls),
            "preference": sum(w * self.x[k] for k, w in self.weight.items()),
            "waiting": sum(waits),
        }


def solve_reference(problem: Problem, time_limit: float, *, seed: int = 0,
                    workers: int = 2) -> ReferenceResult:
    """Optimise the tiers in order within `time_limit` seconds in all; each tier is fixed at
    its value before the next starts. A tier that finds no schedule in its time ends the
    run (a later tier cannot be optimised without fixing the ones above it)."""
    started = time.monotonic()
    deadline = started + time_limit
    ref = ReferenceModel(problem)
    m = ref.model
    values: dict[str, int] = {}
    proven: dict[str, bool] = {}
    tier_seconds: dict[str, float] = {}
    chosen: set[tuple[str, str, str, int]] = set()
    status = "UNKNOWN"
    if not problem.locks:  # nobody booked is a schedule: the first tier starts from it
        for var in ref.x.values():
            m.add_hint(var, False)
    for index, name in enumerate(TIERS):
        expression = ref.tiers[name]
        if isinstance(expression, int):  # nothing in the model can change it
            values[name], proven[name], tier_seconds[name] = expression, True, 0.0
            continue
        m.clear_objective()
        (m.minimize if name in MINIMISED else m.maximize)(expression)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = seed
        # A tier may use what is left but a small share kept for each later tier: the
        # higher tier matters more, and a tier that finishes early passes its time on.
        remaining = deadline - time.monotonic()
        later = len(TIERS) - index - 1
        solver.parameters.max_time_in_seconds = max(
            0.01, remaining / (later + 1), remaining - LATER_TIER_SHARE * time_limit * later)
        tier_started = time.monotonic()
        result = solver.solve(m)
        tier_seconds[name] = time.monotonic() - tier_started
        if result not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            status = solver.status_name(result)
            break
        status = "OPTIMAL" if result == cp_model.OPTIMAL and status != "FEASIBLE" else "FEASIBLE"
        value = round(solver.objective_value)
        values[name], proven[name] = value, result == cp_model.OPTIMAL
        chosen = {k for k, var in ref.x.items() if solver.boolean_value(var)}
        # The next tier starts from this complete solution (every variable hinted).
        m.clear_hints()
        solution = solver.response_proto.solution
        hinted = list(solution)
        # A tier above waiting leaves a day's ends loose (first <= start, last >= end);
        # hint them tight so the waiting tier starts from the schedule's true value.
        for first, last, keys in ref.span.values():
            own = [k for k in keys if k in chosen]
            hinted[first.index] = min((k[3] for k in own), default=hinted[first.index])
            hinted[last.index] = (max(ref.end[k] for k in own) if own
                                  else hinted[first.index])
        m.proto.solution_hint.vars.extend(range(len(hinted)))
        m.proto.solution_hint.values.extend(hinted)
        m.add(expression <= value) if name in MINIMISED else m.add(expression >= value)
    tables: dict[tuple[str, int], int] = defaultdict(int)
    booked = []
    for key in sorted(chosen, key=lambda k: (k[1], k[3], k[0])):
        tables[key[1], key[3]] += 1
        booked.append(Booked(key[0], key[1], key[2], tables[key[1], key[3]], key[3],
                             ref.end[key]))
    return ReferenceResult(tuple(booked), values, proven,
                           time.monotonic() - started, status, tier_seconds)
