"""Max-flow coverage optimum and the flow bounds of tiers 3 and 4."""

from __future__ import annotations

from solver.bound import (
    lexicographic_relaxation,
    max_coverage,
    preference_upper_bound,
    shortfall_lower_bound,
)
from solver.generate import generate
from solver.slots import build_options
from tests.solver.conftest import candidate, employer, event, problem


def test_coverage_flow_reroutes_to_cover_everyone() -> None:
    # Greedy would give C1 the E1 slot; the flow moves C1 to E2 so that C2 is covered too.
    prob = problem([employer("E1", available=[("09:00", "09:15")]),
                    employer("E2", available=[("09:00", "09:15")])],
                   [candidate("C1", ["E1-V1", "E2-V1"]), candidate("C2", ["E1-V1"])])
    coverage = max_coverage(prob, build_options(prob))
    assert coverage.covered == 2
    assert {(o.candidate, o.employer) for o in coverage.added} == {("C1", "E2"), ("C2", "E1")}


def test_coverage_puts_priority_first() -> None:
    # One slot: the priority candidate wins even though both could take it.
    prob = problem([employer("E1", available=[("09:00", "09:15")])],
                   [candidate("C1", ["E1-V1"]), candidate("C2", ["E1-V1"], priority=1)])
    coverage = max_coverage(prob, build_options(prob))
    assert (coverage.priority_covered, coverage.covered) == (1, 1)
    assert [o.candidate for o in coverage.added] == ["C2"]


def test_priority_first_even_when_it_costs_two_others() -> None:
    # E1 meets one candidate at most: the priority one, not one of the two who came first.
    prob = problem([employer("E1", max_candidates=1)],
                   [candidate("A", ["E1-V1"]), candidate("B", ["E1-V1"]),
                    candidate("P", ["E1-V1"], priority=2)])
    coverage = max_coverage(prob, build_options(prob))
    assert (coverage.priority_covered, coverage.covered) == (1, 1)


def test_shortfall_bound_counts_tables_and_pairs() -> None:
    # E1 wants 3 but has a single 15-minute slot and one table: at least 2 short.
    prob = problem([employer("E1", available=[("09:00", "09:15")], min_candidates=3)],
                   [candidate(f"C{i}", ["E1-V1"]) for i in range(3)])
    assert shortfall_lower_bound(prob, build_options(prob)) == 2


def test_preference_bound_takes_each_candidates_best_vacancies() -> None:
    prob = problem([employer("E1"), employer("E2")],
                   [candidate("C1", ["E2-V1", "E1-V1"])], at=event(max_interviews=1))
    assert preference_upper_bound(prob, build_options(prob)) == 10


def test_the_lexicographic_relaxation_covers_exactly_as_many_as_the_coverage_flow() -> None:
    for seed in range(4):
        prob = generate(5, 70, seed, hours=2)
        options = build_options(prob)
        coverage = max_coverage(prob, options)
        relaxed = lexicographic_relaxation(prob, options)
        assert (relaxed.priority_covered, relaxed.covered) == (coverage.priority_covered,
                                                               coverage.covered)
        assert relaxed.shortfall >= shortfall_lower_bound(prob, options)
        assert relaxed.preference <= preference_upper_bound(prob, options)
