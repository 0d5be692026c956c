"""Neighbourhood rounds improve one tier and never give up a tier above it."""

from __future__ import annotations

import time

from solver.model import build_model
from solver.neighbourhood import improve
from solver.problem import Interview
from solver.slots import build_options
from solver.tables import assign_tables
from solver.tiers import tier_values
from tests.solver.conftest import assert_valid, candidate, employer, event, problem


def _run(prob, name, chosen, fixed_tiers, seconds=2.0):
    sm = build_model(prob, build_options(prob))
    return improve(sm, prob, name, tuple(sorted(chosen)), -1 if name == "waiting" else 10**6,
                   seconds, fixed_tiers, seed=0, workers=2, deadline=time.monotonic() + 30,
                   report=lambda *_: None, should_stop=None)


def _interviews(prob, chosen):
    options = {(o.candidate, o.employer, o.vacancy, o.start): o for o in build_options(prob)}
    return assign_tables(prob, (Interview(*k[:3], 0, k[3], options[k].end) for k in chosen))


def test_rounds_close_a_gap_in_the_day_and_keep_the_tiers_above() -> None:
    prob = problem([employer("E1"), employer("E2")],
                   [candidate("C1", ["E1-V1", "E2-V1"])], at=event("09:00", "10:00"))
    start = (("C1", "E1", "E1-V1", 9 * 60), ("C1", "E2", "E2-V1", 9 * 60 + 45))
    before = tier_values(prob, _interviews(prob, start))
    assert before["waiting"] == 30
    chosen = _run(prob, "waiting", start, ("kept_published", "priority_covered", "covered",
                                           "shortfall", "preference"))
    after = tier_values(prob, _interviews(prob, chosen))
    assert after["waiting"] == 0
    assert {k: v for k, v in after.items() if k != "waiting"} == {
        k: v for k, v in before.items() if k != "waiting"}
    assert_valid(prob, _interviews(prob, chosen))


def test_rounds_fill_an_employer_below_its_minimum_without_losing_coverage() -> None:
    # C1 can go to E1 or E2; E2 needs one candidate. Moving C1 there cuts the shortfall to 0
    # and keeps C1 covered; moving C2 (who only wants E1) away would uncover C2.
    prob = problem([employer("E1"), employer("E2", min_candidates=1)],
                   [candidate("C1", ["E1-V1", "E2-V1"]), candidate("C2", ["E1-V1"])],
                   at=event("09:00", "09:30", max_interviews=1))
    start = (("C1", "E1", "E1-V1", 9 * 60), ("C2", "E1", "E1-V1", 9 * 60 + 15))
    assert tier_values(prob, _interviews(prob, start))["shortfall"] == 1
    chosen = _run(prob, "shortfall", start, ("kept_published", "priority_covered", "covered"))
    after = tier_values(prob, _interviews(prob, chosen))
    assert after["shortfall"] == 0 and after["covered"] == 2
    assert_valid(prob, _interviews(prob, chosen))


def test_no_time_no_rounds() -> None:
    prob = problem([employer("E1"), employer("E2")],
                   [candidate("C1", ["E1-V1", "E2-V1"])], at=event("09:00", "10:00"))
    start = (("C1", "E1", "E1-V1", 9 * 60), ("C1", "E2", "E2-V1", 9 * 60 + 45))
    assert _run(prob, "waiting", start, (), seconds=0.0) == start
