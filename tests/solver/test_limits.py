"""A time limit shorter than building every option still gets a valid answer with true bounds."""

from __future__ import annotations

import dataclasses
import time

from solver import build_options, check_schedule, generate, max_coverage, solve
from solver.limits import options_in_time
from solver.problem import Placement


def test_options_cut_short_keep_the_locked_candidates() -> None:
    prob = generate(10, 300, seed=4)
    every = build_options(prob)
    last = max(every, key=lambda o: o.candidate)  # built last: candidates go in id order
    locked = dataclasses.replace(
        prob, locks=(Placement(last.candidate, last.employer, last.vacancy, last.start),))
    options, complete = options_in_time(locked, deadline=time.monotonic() - 1)
    assert not complete
    assert {o for o in every if o.candidate == last.candidate} <= set(options)
    assert len(options) < len(every)
    assert options_in_time(locked, deadline=time.monotonic() + 60) == (every, True)


def test_a_limit_shorter_than_the_options_gives_a_valid_schedule_and_true_bounds() -> None:
    prob = generate(40, 1200, seed=2)
    schedule = solve(prob, time_limit=0.05, seed=1, workers=1)
    assert schedule.status == "FEASIBLE"
    assert check_schedule(prob, schedule.interviews) == []
    tiers = {t.name: t for t in schedule.objectives}
    # The bounds must hold for every schedule, so for the best one too.
    best = max_coverage(prob, build_options(prob))
    assert tiers["covered"].bound >= best.covered > tiers["covered"].value
    assert tiers["priority_covered"].bound >= best.priority_covered
    assert not any(t.proven for t in schedule.objectives if t.value != t.bound)
