"""One tier optimised by CP-SAT from a complete schedule, within the tier's share of the
time; the tier is then fixed at the value reached (see `solver.engine`)."""

from __future__ import annotations

from collections.abc import Callable

from solver.model import Key, ScheduleModel, hint
from solver.neighbourhood import improve
from solver.settings import (
    DETERMINISTIC_TIME_PER_SECOND,
    MIN_STAGE_SECONDS,
    NEIGHBOURHOOD_TIME_SHARE,
)
from solver.solve_state import SolveState
from solver.stages import run_stage
from solver.tiers import MINIMISED

ModelFactory = Callable[[tuple[Key, ...]], tuple[ScheduleModel, bool]]


def search_tier(run: SolveState, get_model: ModelFactory, name: str, chosen: tuple[Key, ...],
              relaxation: int, *, share: float = 1.0, settle: bool = True,
              hinted: bool = True, polish: bool = False) -> tuple[Key, ...]:
    """Optimise one tier from `chosen`; fix it; return the (possibly better) schedule.

    `relaxation` is a proven bound of our own. `get_model` builds (or returns) the model and
    says whether it holds every option that matters for this tier (then CP-SAT's bound is a
    bound too); it is only called when the hint does not already meet the relaxation.
    `share` of the tier's time is used; with `settle=False` the tier stays open (a first,
    cheaper pass on a smaller model). With `hinted=False` the search starts without a hint
    (for a model `chosen` does not fit, where repairing the hint costs more than it helps).
    With `polish`, a stage that ends short of its bound leaves NEIGHBOURHOOD_TIME_SHARE of
    its time to neighbourhood rounds (solver.neighbourhood) on the same model.
    """
    value = run.values_of(chosen)[name]
    bound, proven = relaxation, relaxation == value
    budget = run.budget(name) * share
    if not proven and budget >= MIN_STAGE_SECONDS and not run.stopped():
        sm, exact_model = get_model(chosen)
        if hinted:
            hint(sm, run.problem, chosen)
        else:
            sm.model.clear_hints()
        whole = budget * (1 - NEIGHBOURHOOD_TIME_SHARE) if polish else budget
        result = run_stage(sm, name, name not in MINIMISED, whole, seed=run.seed,
                           workers=run.workers, report=run.report,
                           should_stop=run.should_stop, target=relaxation,
                           deadline=run.deadline)
        run.stages += 1
        run.spent += result.work / DETERMINISTIC_TIME_PER_SECOND
        run.cut = run.cut or result.cut
        better = result.found and (result.value < value if name in MINIMISED
                                   else result.value > value)
        if better:
            chosen, value = result.chosen, result.value
        if result.found and exact_model:
            tighter = max if name in MINIMISED else min
            bound = tighter(result.bound, relaxation)
        if polish and bound != value and not result.proven:
            chosen = improve(sm, run.problem, name, chosen, bound, budget - whole,
                             tuple(run.done), seed=run.seed, workers=run.workers,
                             deadline=run.deadline, report=run.report,
                             should_stop=run.should_stop)
            value = run.values_of(chosen)[name]
            run.stages += 1
        proven = bound == value
    if settle:
        run.settle(name, value, bound, proven)
    return chosen
