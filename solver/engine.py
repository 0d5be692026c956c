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
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterable

from solver.baseline import (
    Bookings,
    book_or_retime,
    by_vacancy,
    fill_greedily,
    greedy_bookings,
    option_index,
)
from solver.bound import (
    Relaxed,
    lexicographic_relaxation,
    loose_bounds,
    max_coverage,
    preference_upper_bound,
    shortfall_lower_bound,
)
from solver.limits import options_in_time
from solver.model import Key, ScheduleModel, build_model, hint, option_key
from solver.neighbourhood import improve
from solver.problem import Interview, Problem, Schedule, TierResult
from solver.retime import retime
from solver.settings import (
    DETERMINISTIC_TIME_PER_SECOND,
    EXPLAIN_MARGIN_SECONDS,
    FLOW_SECONDS_PER_OPTION,
    LARGE_MODEL_VARIABLES,
    LARGE_WAITING_SECONDS,
    MIN_STAGE_SECONDS,
    NEIGHBOURHOOD_TIME_SHARE,
    OPTIONS_TIME_SHARE,
    RELAXED_PAIRS_TIME_SHARE,
    RESERVE_TIME_SHARE,
    RETIME_TIME_SHARE,
    SECONDS_PER_OPTION,
    STAGE_TIME_SHARES,
)
from solver.slots import Option
from solver.stages import run_stage
from solver.tables import assign_tables
from solver.tiers import MINIMISED, TIER_NAMES, lexicographic_key, tier_results, tier_values
from solver.waiting_bound import WaitingBound, waiting_lower_bound

Progress = Callable[[dict], None]


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


class _Run:
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
            _fix(sm, name, self.values[name])
        self.models.append(sm)
        self.variables = max(self.variables, len(sm.model.proto.variables))
        self.constraints = max(self.constraints, len(sm.model.proto.constraints))
        return sm

    def settle(self, name: str, value: int, bound: int, proven: bool) -> None:
        """Record a finished tier and keep it at its value in every model from now on."""
        self.values[name], self.bounds[name], self.proven[name] = value, bound, proven
        self.done.append(name)
        for sm in self.models:
            _fix(sm, name, value)
        self.report(name)


def _fix(sm: ScheduleModel, name: str, value: int) -> None:
    """Keep a finished tier at its value in every later stage."""
    if name in MINIMISED:
        sm.model.add(sm.tiers[name] <= value)
    else:
        sm.model.add(sm.tiers[name] >= value)


ModelFactory = Callable[[tuple[Key, ...]], tuple[ScheduleModel, bool]]


def _cp_stage(run: _Run, get_model: ModelFactory, name: str, chosen: tuple[Key, ...],
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


def _published_stage(run: _Run, chosen: tuple[Key, ...]) -> tuple[Key, ...]:
    """Tier 1 on a model of the locked and published interviews only (exact for tier 1)."""
    problem = run.problem
    placed = {(p.candidate, p.employer, p.vacancy, p.start)
              for p in problem.locks + problem.published}
    fixed_keys = placed & run.by_key.keys()
    unkeepable = len(problem.published) - sum(
        (p.candidate, p.employer, p.vacancy, p.start) in run.by_key for p in problem.published)
    hinted = tuple(k for k in chosen if k in fixed_keys)
    if not problem.published:
        run.settle("kept_published", 0, 0, True)
        return hinted
    def small_model(_chosen: tuple[Key, ...]) -> tuple[ScheduleModel, bool]:
        return run.model(run.by_key[k] for k in sorted(fixed_keys)), True

    return _cp_stage(run, small_model, "kept_published", hinted, unkeepable)


def _coverage_stage(run: _Run, kept: tuple[Key, ...]) -> tuple[Key, ...]:
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


def _cp_coverage(run: _Run, chosen: tuple[Key, ...]) -> tuple[Key, ...]:
    """Tier 2 by CP-SAT on the full model, bounded by the flow without tier 1."""
    full: list[ScheduleModel] = []

    def full_model(_chosen: tuple[Key, ...]) -> tuple[ScheduleModel, bool]:
        if not full:
            full.append(run.model(run.options))
        return full[0], True

    relaxed_coverage = max_coverage(run.problem, run.options)
    chosen = _cp_stage(run, full_model, "priority_covered", chosen,
                       relaxed_coverage.priority_covered)
    return _cp_stage(run, full_model, "covered", chosen, relaxed_coverage.covered)


def _filled(run: _Run, fixed: Iterable[Option], added: Iterable[Option]) -> tuple[Key, ...]:
    """Fixed interviews, then `added` (re-timed or dropped on a clash), then greedy."""
    bookings = Bookings(run.problem)
    for option in fixed:
        bookings.book(option)
    book_or_retime(bookings, added, run.grouped)
    fill_greedily(run.problem, bookings, run.grouped)
    return tuple(sorted(option_key(o) for o in bookings.booked))


def _later_model(run: _Run, chosen: tuple[Key, ...]) -> tuple[ScheduleModel, bool]:
    """The model for tiers 3-5 and whether it holds every option (see the module doc).

    Built once, at the first stage that needs it, around that stage's hint.
    """
    if run.later is None:
        run.later = _build_later_model(run, chosen)
    return run.later


def _build_later_model(run: _Run, chosen: tuple[Key, ...]) -> tuple[ScheduleModel, bool]:
    if len(run.options) <= LARGE_MODEL_VARIABLES:
        return run.model(run.options), True
    pairs = {(k[0], k[1]) for k in chosen}
    if run.relaxed is not None:
        pairs |= {(o.candidate, o.employer) for o in run.relaxed.added}
    placed = {(p.candidate, p.employer, p.vacancy, p.start)
              for p in run.problem.locks + run.problem.published}
    return run.model(o for o in run.options
                     if (o.candidate, o.employer) in pairs or option_key(o) in placed), False


def _retime_model(run: _Run, chosen: tuple[Key, ...]) -> tuple[ScheduleModel, bool]:
    """Only the hint's candidate-employer pairs, at any of their slots: re-timing them keeps
    tiers 1-4 as they are and is a small model in which waiting falls fast."""
    return _pairs_model(run, {(k[0], k[1]) for k in chosen}, chosen)


def _pairs_model(run: _Run, pairs: Iterable[tuple[str, str]],
                 _chosen: tuple[Key, ...]) -> tuple[ScheduleModel, bool]:
    """The options of these candidate-employer pairs and the placed interviews only."""
    pairs = set(pairs)
    placed = {(p.candidate, p.employer, p.vacancy, p.start)
              for p in run.problem.locks + run.problem.published}
    return run.model(o for o in run.options
                     if (o.candidate, o.employer) in pairs or option_key(o) in placed), False


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
    run = _Run(problem, options, index, started, time_limit, seed, workers, on_progress,
               should_stop)
    run.complete = complete
    run.cut = not complete
    baseline = greedy_bookings(problem, options, index=index, grouped=run.grouped,
                               should_stop=run.past_deadline).interviews(problem)
    baseline_values = tier_values(problem, baseline)
    first_solution = run.elapsed()
    run.values = dict(baseline_values)
    run.report("baseline")
    chosen = _model_keys(run, baseline)

    def finish(chosen: tuple[Key, ...]) -> Schedule:
        return _finish(run, chosen, baseline, baseline_values, first_solution)

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
    later = functools.partial(_later_model, run)
    # The relaxation's tier 3 bounds ours because its tier 2 equals the proven optimum (and
    # it is never weaker than the plain flow bound, which may cover fewer candidates); its
    # tier 4 bounds ours only when our tier 3 ends at the same value.
    chosen = _cp_stage(run, later, "shortfall", chosen,
                       shortfall_lower_bound(problem, options) if relaxed is None
                       else relaxed.shortfall, polish=True)
    chosen = _cp_stage(run, later, "preference", chosen,
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
        chosen = _cp_stage(run, functools.partial(_pairs_model, run, least.pairs), "waiting",
                           chosen, least.bound, share=RELAXED_PAIRS_TIME_SHARE, settle=False,
                           hinted=False)
    if len(options) <= LARGE_MODEL_VARIABLES:
        # The full model is worth its time only after the small re-timing model's quick win.
        chosen = _cp_stage(run, functools.partial(_retime_model, run), "waiting", chosen,
                           least.bound, share=RETIME_TIME_SHARE, settle=False)
        chosen = _cp_stage(run, later, "waiting", chosen, least.bound)
    else:
        # On large events the later model already is a neighbourhood; measured on 100 x
        # 3,000, CP-SAT found nothing beyond the local search in 130 s (4 runs), so it gets
        # a short try only.
        budget = run.budget("waiting")
        share = min(1.0, LARGE_WAITING_SECONDS / budget) if budget > 0 else 1.0
        chosen = _cp_stage(run, later, "waiting", chosen, least.bound, share=share)
    return finish(chosen)


def _settled_before_waiting(run: _Run) -> bool:
    """Tiers 1-4 are proven optimal: only waiting is left to improve."""
    return all(run.proven[name] for name in TIER_NAMES if name != "waiting")


def _model_keys(run: _Run, interviews: Iterable[Interview]) -> tuple[Key, ...]:
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


def _finish(run: _Run, chosen: tuple[Key, ...], baseline: tuple[Interview, ...],
            baseline_values: dict[str, int], first_solution: float) -> Schedule:
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
