"""The state of one solve: the clock and budgets, the options, and what each tier reached
and proved. Every stage of `solver.engine` reads and records its tier here."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from solver.baseline import by_vacancy
from solver.bound import Relaxed
from solver.model import Key, ScheduleModel, build_model
from solver.problem import Interview, Problem
from solver.settings import RESERVE_TIME_SHARE, SECONDS_PER_OPTION, STAGE_TIME_SHARES
from solver.slots import Option
from solver.tables import assign_tables
from solver.tiers import MINIMISED, TIER_NAMES, tier_values

Progress = Callable[[dict], None]


class SolveState:
    """State of one solve: the clock, the options, what each tier reached and proved."""

    def __init__(self, problem: Problem, options: tuple[Option, ...],
                 by_key: dict[Key, Option], started: float, time_limit: float, seed: int,
                 workers: int, on_progress: Progress | None,
                 should_stop: Callable[[], bool] | None) -> None:
        self.problem = problem
        self.options = options
        self.by_key = by_key
        self.grouped = by_vacancy(options)
        # The clock starts when solve() is called: on 100 x 3,000 the options alone take
        # 5 s, which a deadline counted from here used to add to the time limit.
        self.started = started
        # Keep a share back for labelling tables and explaining the result.
        self.deadline = self.started + time_limit * (1 - RESERVE_TIME_SHARE)
        self.time_limit = time_limit
        # The CP-SAT stages' budgets come from this plan and the deterministic time they
        # used, never from the clock: same input, seed and workers give the same budgets
        # however loaded the machine is (the wall clock is only the deadline's safety net).
        self.plan = max(0.0, time_limit * (1 - RESERVE_TIME_SHARE)
                        - len(options) * SECONDS_PER_OPTION)
        self.spent = 0.0
        # Set when the wall clock cut anything short; then the answer may differ by load.
        self.cut = False
        self.seed, self.workers = seed, workers
        self.on_progress, self.should_stop = on_progress, should_stop
        self.values: dict[str, int] = {}
        self.bounds: dict[str, int] = {}
        self.proven: dict[str, bool] = dict.fromkeys(TIER_NAMES, False)
        self.done: list[str] = []
        self.stages = 0
        self.variables = 0
        self.constraints = 0
        self.relaxed: Relaxed | None = None
        # False when the time limit cut building the options short (see options_in_time).
        self.complete = True
        self.models: list[ScheduleModel] = []
        self.later: tuple[ScheduleModel, bool] | None = None
        # Set when the solve ended after tier 4 because waiting was not to be improved.
        self.waiting_skipped = False

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def stopped(self) -> bool:
        return self.should_stop is not None and self.should_stop()

    def past_deadline(self) -> bool:
        late = time.monotonic() >= self.deadline
        self.cut = self.cut or late
        return late

    def affords(self, seconds: float) -> bool:
        """The deadline leaves `seconds` for a step that cannot stop; else the clock cuts."""
        fits = time.monotonic() + seconds < self.deadline
        self.cut = self.cut or not fits
        return fits

    def out_of_time(self) -> bool:
        """A stop was asked for or the deadline has passed: skip the remaining steps.

        CP-SAT stages watch both themselves (solver.stages); this is for the steps between
        them (flows, local search, the waiting bound), which take seconds on large events.
        """
        return self.stopped() or self.past_deadline()

    def report(self, stage: str, value: int | None = None) -> None:
        if self.on_progress is None:
            return
        objectives = dict(self.values)
        if value is not None:
            objectives[stage] = value
        self.on_progress({"stage": stage, "elapsed": round(self.elapsed(), 3),
                          "objectives": objectives})

    def budget(self, name: str) -> float:
        remaining = [n for n in STAGE_TIME_SHARES if n not in self.done]
        shares = sum(STAGE_TIME_SHARES[n] for n in remaining)
        return max(0.0, self.plan - self.spent) * STAGE_TIME_SHARES[name] / shares

    def values_of(self, chosen: Iterable[Key]) -> dict[str, int]:
        return tier_values(self.problem, self.interviews(chosen))

    def interviews(self, chosen: Iterable[Key]) -> tuple[Interview, ...]:
        return assign_tables(self.problem, (
            Interview(k[0], k[1], k[2], 0, k[3], self.by_key[k].end) for k in chosen))

    def model(self, options: Iterable[Option]) -> ScheduleModel:
        """A model over `options` with every finished tier fixed at its value."""
        sm = build_model(self.problem, options)
        for name in self.done:
            fix_tier(sm, name, self.values[name])
        self.models.append(sm)
        self.variables = max(self.variables, len(sm.model.proto.variables))
        self.constraints = max(self.constraints, len(sm.model.proto.constraints))
        return sm

    def settle(self, name: str, value: int, bound: int, proven: bool) -> None:
        """Record a finished tier and keep it at its value in every model from now on."""
        self.values[name], self.bounds[name], self.proven[name] = value, bound, proven
        self.done.append(name)
        for sm in self.models:
            fix_tier(sm, name, value)
        self.report(name)


def fix_tier(sm: ScheduleModel, name: str, value: int) -> None:
    """Keep a finished tier at its value in every later stage."""
    if name in MINIMISED:
        sm.model.add(sm.tiers[name] <= value)
    else:
        sm.model.add(sm.tiers[name] >= value)
