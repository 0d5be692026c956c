"""One CP-SAT stage: optimise one tier from a complete hint, within a time budget.

Determinism: a stage sets `random_seed`, a fixed `num_workers` and `interleave_search`,
whose search OR-Tools documents as "deterministic (independently of num_workers!)", and it is
limited by `max_deterministic_time` (work units, not seconds). Same problem + same seed
therefore give the same schedule on any machine load. `max_time_in_seconds` is only a
safety net at WALL_CLOCK_SAFETY_FACTOR times the budget; if it fires (a very slow machine)
or `should_stop` stops a stage, the result is still valid but may differ between runs.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from solver.model import Key, ScheduleModel
from solver.settings import (
    DETERMINISTIC_TIME_PER_SECOND,
    STOP_POLL_SECONDS,
    WALL_CLOCK_SAFETY_FACTOR,
    WORK_LIMIT_REACHED,
)


@dataclass(frozen=True)
class StageResult:
    name: str
    found: bool
    proven: bool
    chosen: tuple[Key, ...]
    value: int
    bound: int
    seconds: float
    infeasible: bool = False
    # CP-SAT's deterministic time used (work units: the same on any machine load), and
    # whether the wall clock (the deadline or the safety net) ended the stage instead.
    work: float = 0.0
    cut: bool = False


class _Watcher(cp_model.CpSolverSolutionCallback):
    """Reports each improving solution and stops the search when asked to."""

    def __init__(self, name: str, report: Callable[[str, int], None],
                 should_stop: Callable[[], bool] | None, target: int) -> None:
        super().__init__()
        self.name = name
        self.report = report
        self.should_stop = should_stop
        self.target = target
        self.reached = False

    def on_solution_callback(self) -> None:
        value = round(self.objective_value)
        self.report(self.name, value)
        # The target is a proven bound of our own: reaching it ends the stage as optimal.
        self.reached = value == self.target
        if self.reached or (self.should_stop is not None and self.should_stop()):
            self.stop_search()


def _parameters(solver: cp_model.CpSolver, budget: float, seed: int, workers: int,
                deadline: float) -> None:
    params = solver.parameters
    params.random_seed = seed
    params.num_workers = workers
    params.interleave_search = True
    params.max_deterministic_time = budget * DETERMINISTIC_TIME_PER_SECOND
    params.max_time_in_seconds = max(
        0.0, min(budget * WALL_CLOCK_SAFETY_FACTOR, deadline - time.monotonic()))
    # Measured on 10 x 300 with a feasible complete hint: probing took 1 s of a 2 s stage,
    # the big-linear-overlap search 1.0 of 1.4 deterministic units, and the orbitope
    # symmetry rule fixed hinted variables to false, so stages ended in presolve with
    # nothing. One presolve pass without those three leaves the budget to the search.
    params.cp_model_probing_level = 0
    params.max_presolve_iterations = 1
    params.symmetry_level = 0
    params.find_big_linear_overlap = False


def run_stage(sm: ScheduleModel, name: str, maximise: bool, budget: float, *, seed: int,
              workers: int, report: Callable[[str, int], None],
              should_stop: Callable[[], bool] | None, target: int,
              deadline: float) -> StageResult:
    """Optimise tier `name` with the model's current hint and constraints.

    The stage never runs past `deadline` (a time.monotonic() value). `target` is a bound
    proven elsewhere (a flow relaxation): a solution reaching it is optimal, so the search
    stops there instead of proving it again.
    """
    objective = sm.tiers[name]
    if maximise:
        sm.model.maximize(objective)
    else:
        sm.model.minimize(objective)
    solver = cp_model.CpSolver()
    _parameters(solver, budget, seed, workers, deadline)
    watcher = _Watcher(name, report, should_stop, target)
    done = threading.Event()
    late: list[bool] = []

    def poll() -> None:
        # CP-SAT may search a long time between solutions, and interleaved search finishes
        # a whole batch before it looks at its own time limit (measured: 10 s late on
        # 100 x 3,000); so the stop request and the deadline are also enforced from here.
        while not done.wait(STOP_POLL_SECONDS):
            if time.monotonic() >= deadline:
                late.append(True)
            if late or (should_stop is not None and should_stop()):
                solver.stop_search()
                return

    poller = threading.Thread(target=poll, daemon=True)
    started = time.monotonic()
    poller.start()
    try:
        status = solver.solve(sm.model, watcher)
    finally:
        done.set()
        poller.join()
    seconds = time.monotonic() - started
    sm.model.clear_objective()
    work = solver.response_proto.deterministic_time
    cut = bool(late) or (
        status not in (cp_model.OPTIMAL, cp_model.INFEASIBLE) and not watcher.reached
        and work < solver.parameters.max_deterministic_time * WORK_LIMIT_REACHED)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return StageResult(name, False, False, (), 0, 0, seconds,
                           infeasible=status == cp_model.INFEASIBLE, work=work, cut=cut)
    chosen = tuple(key for key, var in sm.x.items() if solver.boolean_value(var))
    value = round(solver.objective_value)
    raw_bound = solver.best_objective_bound
    # Objectives are integral: round the float bound inwards, never past an integer.
    bound = math.floor(raw_bound + 1e-6) if maximise else math.ceil(raw_bound - 1e-6)
    proven = status == cp_model.OPTIMAL or watcher.reached
    return StageResult(name, True, proven, chosen, value, target if watcher.reached else bound,
                       seconds, work=work, cut=cut)
