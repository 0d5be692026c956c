"""The scheduling engine: strict lexicographic optimisation of the five tiers.

`solve` works in stages; every stage starts from a complete, valid schedule (its hint) and
ends by fixing its tier at the value reached, so a lower tier can never buy a higher one:

0. greedy first-come-first-served (solver.baseline): the comparison and the first hint; it is
   the answer if nothing better is found in time;
1. kept_published: CP-SAT on the locked and published interviews alone (nothing else
   affects tier 1, so that small model is exact);
2. coverage by min-cost flow (solver.bound): exact, priority candidates first, with the locks
   and the interviews kept by stage 1 pre-booked. The lexicographic flow relaxation of tiers
   2-4 (overlaps allowed), with clashes re-timed or dropped and the day filled greedily, is
   the next hint and often already optimal;
3. shortfall, 4. preference, 5. waiting: CP-SAT each, skipped as proven when the hint meets
   the flow bound of its tier. When the whole-model stage of shortfall or preference ends
   short of its bound, neighbourhood rounds (solver.neighbourhood) re-decide a few dozen
   candidates at a time for the rest of the stage's time. Before waiting, a local search moves
   or swaps interviews to cut idle time (solver.retime); the employer-set relaxation
   (solver.waiting_bound) gives a lower bound on waiting and, when its LP is integral, its own
   pairs, which CP-SAT re-times first (often reaching the bound); then CP-SAT re-times the
   hint's pairs on a small model, then works on the model below. Up to LARGE_MODEL_VARIABLES
   options the model holds every option; above it (measured: presolve alone ate the budget on
   40 x 1,200) the model holds the options of the candidate-employer pairs in the hint and in
   the relaxation, so it can re-time and re-pair them; its CP-SAT bound is then not reported,
   only our own bounds (the waiting bound is 0 there: see solver.waiting_bound).

Bounds of tiers 3-5 are the tighter of CP-SAT's (full model only) and our relaxations (the
flows for tiers 3-4, the employer sets for tier 5); they hold given the higher tiers'
values. Determinism is explained in solver.stages.

The solve's clock, budgets and tiers reached live in solver.solve_state; one CP-SAT tier
stage in solver.tier_search, the models the later stages search in solver.stage_models,
and the final Schedule (bounds, explanation, statistics) is built in solver.answer.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterable

from solver.answer import answer, model_keys
from solver.baseline import (
    Bookings,
    book_or_retime,
    fill_greedily,
    greedy_bookings,
    option_index,
)
from solver.bound import (
    lexicographic_relaxation,
    max_coverage,
    preference_upper_bound,
    shortfall_lower_bound,
)
from solver.limits import options_in_time
from solver.model import Key, ScheduleModel, option_key
from solver.problem import Interview, Problem, Schedule, TierResult
from solver.retime import retime
from solver.settings import (
    FLOW_SECONDS_PER_OPTION,
    LARGE_MODEL_VARIABLES,
    LARGE_WAITING_SECONDS,
    OPTIONS_TIME_SHARE,
    RELAXED_PAIRS_TIME_SHARE,
    RETIME_TIME_SHARE,
)
from solver.slots import Option
from solver.solve_state import Progress, SolveState
from solver.stage_models import later_model, pairs_model, placed_keys, retime_model
from solver.tier_search import search_tier
from solver.tiers import TIER_NAMES, tier_results, tier_values
from solver.waiting_bound import WaitingBound, waiting_lower_bound


def evaluate(problem: Problem, interviews: Iterable[Interview]) -> tuple[TierResult, ...]:
    """Every tier's value for any schedule (bound = value, not proven: no search was done)."""
    return tier_results(tier_values(problem, interviews))


def lock_conflict(problem: Problem,
                  index: dict[tuple[str, str, str, int], Option]) -> str | None:
    """Why the locks cannot all hold, or None.

    Every rule between interviews only ever forbids adding one more, so booking the locks one
    by one finds a conflict exactly when there is one, whatever the order. `index` holds
    the options by (candidate, employer, vacancy, start) (solver.baseline.option_index).
    """
    bookings = Bookings(problem)
    for lock in problem.locks:
        where = (f"lock {lock.candidate} at {lock.employer} ({lock.vacancy}) "
                 f"{lock.start // 60:02d}:{lock.start % 60:02d}")
        option = index.get((lock.candidate, lock.employer, lock.vacancy, lock.start))
        if option is None:
            return (f"{where} breaks a hard rule (slot grid, availability, eligibility or a "
                    "vacancy the candidate does not want)")
        if not bookings.try_book(option):
            return f"{where} conflicts with the locks before it"
    return None


def _published_stage(run: SolveState, chosen: tuple[Key, ...]) -> tuple[Key, ...]:
    """Tier 1 on a model of the locked and published interviews only (exact for tier 1)."""
    problem = run.problem
    fixed_keys = placed_keys(problem) & run.by_key.keys()
    unkeepable = len(problem.published) - sum(
        (p.candidate, p.employer, p.vacancy, p.start) in run.by_key for p in problem.published)
    hinted = tuple(k for k in chosen if k in fixed_keys)
    if not problem.published:
        run.settle("kept_published", 0, 0, True)
        return hinted

    def small_model(_chosen: tuple[Key, ...]) -> tuple[ScheduleModel, bool]:
        return run.model(run.by_key[k] for k in sorted(fixed_keys)), True

    return search_tier(run, small_model, "kept_published", hinted, unkeepable)


def _coverage_stage(run: SolveState, kept: tuple[Key, ...]) -> tuple[Key, ...]:
    """Tier 2 by min-cost flow when tier 1 left one possible kept set, else by CP-SAT.

    The flow's schedule is the lexicographic relaxation of tiers 2-4 (overlaps allowed);
    clashing interviews are moved to another slot or dropped, then the day is filled greedily.
    Often that already reaches the relaxation's values, i.e. is optimal.
    """
    problem, options = run.problem, run.options
    published = {(p.candidate, p.employer, p.vacancy, p.start) for p in problem.published}
    keepable = published & run.by_key.keys()
    if published & set(kept) != keepable:
        # Several ways to keep the published schedule: only a full model is exact.
        return _cp_coverage(run, _filled(run, (run.by_key[k] for k in kept), ()))
    fixed = tuple(run.by_key[k] for k in sorted(kept))
    run.relaxed = relaxed = lexicographic_relaxation(problem, options, fixed)
    # Coverage needs one interview per candidate, which never overlaps, so the relaxation's
    # tier 2 is the exact optimum; the plain coverage flow is only a second hint.
    target = (relaxed.priority_covered, relaxed.covered)
    for added in (lambda: relaxed.added, lambda: max_coverage(problem, options, fixed).added):
        chosen = _filled(run, fixed, added())
        values = run.values_of(chosen)
        if (values["priority_covered"], values["covered"]) == target:
            for name, value in zip(("priority_covered", "covered"), target, strict=True):
                run.settle(name, value, value, True)
            return chosen
    # The coverage flow's own schedule always reaches its optimum; this is a safety net.
    return _cp_coverage(run, chosen)


def _cp_coverage(run: SolveState, chosen: tuple[Key, ...]) -> tuple[Key, ...]:
    """Tier 2 by CP-SAT on the full model, bounded by the flow without tier 1."""
    full: list[ScheduleModel] = []

    def full_model(_chosen: tuple[Key, ...]) -> tuple[ScheduleModel, bool]:
        if not full:
            full.append(run.model(run.options))
        return full[0], True

    relaxed_coverage = max_coverage(run.problem, run.options)
    chosen = search_tier(run, full_model, "priority_covered", chosen,
                       relaxed_coverage.priority_covered)
    return search_tier(run, full_model, "covered", chosen, relaxed_coverage.covered)


def _filled(run: SolveState, fixed: Iterable[Option], added: Iterable[Option]) -> tuple[Key, ...]:
    """Fixed interviews, then `added` (re-timed or dropped on a clash), then greedy."""
    bookings = Bookings(run.problem)
    for option in fixed:
        bookings.book(option)
    book_or_retime(bookings, added, run.grouped)
    fill_greedily(run.problem, bookings, run.grouped)
    return tuple(sorted(option_key(o) for o in bookings.booked))


def solve(problem: Problem, *, time_limit: float = 30.0, seed: int = 0, workers: int = 2,
          on_progress: Progress | None = None,
          should_stop: Callable[[], bool] | None = None,
          improve_waiting: bool = True) -> Schedule:
    """The best schedule found within `time_limit` seconds (see the module doc).

    With `improve_waiting=False` the solve ends as soon as tiers 1-4 are proven optimal and
    the quick local search on waiting (solver.retime: moves and swaps that keep tiers 1-4,
    no CP-SAT) has run: the CP-SAT stages of the waiting tier (5), which may take the rest
    of the time limit, are skipped, and waiting gets a bound true for every schedule, so its
    gap may stay open. When tiers 1-4 are not all proven by then, the search goes on as
    usual (stopping would not prove them).
    """
    started = time.monotonic()
    # Only the time limit cuts the options and the greedy short: a stop asked for at once
    # still gets the greedy's schedule.
    options, complete = options_in_time(problem, started + time_limit * OPTIONS_TIME_SHARE)
    index = option_index(options)
    conflict = lock_conflict(problem, index)
    if conflict is not None:
        return Schedule("INFEASIBLE", message=conflict,
                        stats={"total_seconds": round(time.monotonic() - started, 3)})
    run = SolveState(problem, options, index, started, time_limit, seed, workers, on_progress,
               should_stop)
    run.complete = complete
    run.cut = not complete
    baseline = greedy_bookings(problem, options, index=index, grouped=run.grouped,
                               should_stop=run.past_deadline).interviews(problem)
    baseline_values = tier_values(problem, baseline)
    first_solution = run.elapsed()
    run.values = dict(baseline_values)
    run.report("baseline")
    chosen = model_keys(run, baseline)

    def finish(chosen: tuple[Key, ...]) -> Schedule:
        return answer(run, chosen, baseline, baseline_values, first_solution)

    # Measured on 100 x 3,000: coverage takes 11 s and the options and the greedy 9 s, none
    # of which can be interrupted; a stop (or the deadline) is checked between the steps,
    # and the best schedule so far (at least the greedy's) is the answer.
    if run.out_of_time() or not complete:
        return finish(chosen)
    kept = _published_stage(run, chosen)
    # The flows cannot be interrupted: start them only when they fit before the deadline.
    if run.out_of_time() or not run.affords(len(options) * FLOW_SECONDS_PER_OPTION):
        return finish(chosen)
    chosen = _coverage_stage(run, kept)
    relaxed = run.relaxed
    later = functools.partial(later_model, run)
    # The relaxation's tier 3 bounds ours because its tier 2 equals the proven optimum (and
    # it is never weaker than the plain flow bound, which may cover fewer candidates); its
    # tier 4 bounds ours only when our tier 3 ends at the same value.
    chosen = search_tier(run, later, "shortfall", chosen,
                       shortfall_lower_bound(problem, options) if relaxed is None
                       else relaxed.shortfall, polish=True)
    chosen = search_tier(run, later, "preference", chosen,
                       relaxed.preference
                       if relaxed is not None and run.values["shortfall"] == relaxed.shortfall
                       else preference_upper_bound(problem, options), polish=True)
    if run.out_of_time():
        return finish(chosen)
    chosen = retime(problem, chosen, run.by_key, run.grouped)
    if not improve_waiting and _settled_before_waiting(run):
        run.waiting_skipped = True
        return finish(chosen)
    if run.out_of_time():
        return finish(chosen)
    # Large events have far more employer sets than WAITING_BOUND_MAX_SETS; skipping them
    # here saves reading millions of options only to find that out.
    small = len(options) <= LARGE_MODEL_VARIABLES
    least = (waiting_lower_bound(problem, options, run.values,
                                 time_limit=run.deadline - time.monotonic())
             if small else WaitingBound(0))
    if least.pairs:
        # The bound's own employer sets, re-timed on the real slots, often reach it. The
        # hint's pairs differ from them: measured on 10 x 300, repairing that hint left
        # waiting at 120 where a search without a hint reached the bound in a third of it.
        chosen = search_tier(run, functools.partial(pairs_model, run, least.pairs), "waiting",
                           chosen, least.bound, share=RELAXED_PAIRS_TIME_SHARE, settle=False,
                           hinted=False)
    if len(options) <= LARGE_MODEL_VARIABLES:
        # The full model is worth its time only after the small re-timing model's quick win.
        chosen = search_tier(run, functools.partial(retime_model, run), "waiting", chosen,
                           least.bound, share=RETIME_TIME_SHARE, settle=False)
        chosen = search_tier(run, later, "waiting", chosen, least.bound)
    else:
        # On large events the later model already is a neighbourhood; measured on 100 x
        # 3,000, CP-SAT found nothing beyond the local search in 130 s (4 runs), so it gets
        # a short try only.
        budget = run.budget("waiting")
        share = min(1.0, LARGE_WAITING_SECONDS / budget) if budget > 0 else 1.0
        chosen = search_tier(run, later, "waiting", chosen, least.bound, share=share)
    return finish(chosen)


def _settled_before_waiting(run: SolveState) -> bool:
    """Tiers 1-4 are proven optimal: only waiting is left to improve."""
    return all(run.proven[name] for name in TIER_NAMES if name != "waiting")
