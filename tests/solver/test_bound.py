"""Max-flow coverage optimum and the flow bounds of tiers 3 and 4."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solver.bound import (
    lexicographic_relaxation,
    max_coverage,
    preference_upper_bound,
    shortfall_lower_bound,
)
from solver.generate import generate
from solver.problem import Candidate, Employer, Event, Problem, Vacancy, parse_hhmm
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


def _relaxation_by_one_weighted_flow(prob, options) -> tuple[int, int, int, int]:
    """The relaxation's optimum by one flow whose costs nest the tiers (fits small events)."""
    from collections import Counter

    from solver.bound import _pair_network, _pair_weights

    weight = _pair_weights(options)
    count = len(prob.candidates) + 1
    short = max(weight.values()) * prob.event.max_interviews_per_candidate * count + 1
    cover = short * (sum(e.min_candidates for e in prob.employers) + 1)
    network, pairs = _pair_network(prob, options, {k: -w for k, w in weight.items()})
    # Replace each candidate's arc from the source by a first unit worth its coverage.
    by_candidate = {c.id: c for c in prob.candidates}
    names = {v: k for k, v in network.nodes.items()}
    for arc, (tail, head) in enumerate(list(zip(network.tails, network.heads, strict=True))):
        name = names[head]
        if tail == 0 and isinstance(name, tuple) and name[0] == "c":
            unit = cover * count if by_candidate[name[1]].priority > 0 else cover
            network.capacities[arc] -= 1
            network.arc("source", name, 1, -unit)
    reachable = {e for _, e in pairs}
    for e in prob.employers:
        if e.id in reachable:
            network.arc(("e", e.id), "sink", e.min_candidates, -short)
            network.arc(("e", e.id), "sink", e.max_candidates - e.min_candidates)
    _, flows = network.solve(len(options) + 1)
    names = {v: k for k, v in network.nodes.items()}
    chosen = [(names[t], names[h]) for t, h, f in zip(network.tails, network.heads, flows,
                                                      strict=False) if f > 0]
    picked = [(t[1], t[2]) for t, h in chosen if isinstance(t, tuple) and t[0] == "p"]
    covered = {c for c, _ in picked}
    booked = Counter(e for _, e in picked)
    return (sum(by_candidate[c].priority > 0 for c in covered), len(covered),
            sum(max(0, e.min_candidates - booked[e.id]) for e in prob.employers),
            sum(weight[p] for p in picked))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.lists(st.integers(0, 40), min_size=4, max_size=4),
       st.integers(1, 3))
def test_the_relaxation_in_stages_equals_one_nested_flow(seed: int, minimums: list[int],
                                                         most: int) -> None:
    # Minimums that bind and priority candidates competing for few interviews each: the
    # stages (one flow per tier) reach exactly the optimum of one flow whose costs nest
    # the tiers.
    generate = pytest.importorskip("solver.generate").generate
    made = generate(4, 80, seed, hours=2)
    at = dataclasses.replace(made.event, max_interviews_per_candidate=most)
    prob = dataclasses.replace(made, event=at, employers=tuple(
        dataclasses.replace(e, min_candidates=low, max_candidates=40)
        for e, low in zip(made.employers, minimums, strict=True)))
    options = build_options(prob)
    if not options:
        return
    relaxed = lexicographic_relaxation(prob, options)
    assert (relaxed.priority_covered, relaxed.covered, relaxed.shortfall,
            relaxed.preference) == _relaxation_by_one_weighted_flow(prob, options)


def test_huge_minimums_and_many_candidates_keep_flow_costs_small() -> None:
    # Nested costs grew with the square of the candidates times the sum of min_candidates:
    # 3 employers x 15,000 youth with min_candidates 1,000 were past OR-Tools' cost range.
    at = Event("2027-03-12", parse_hhmm("09:00"), parse_hhmm("10:00"),
               max_interviews_per_candidate=10)
    employers = tuple(Employer(f"E{i}", 60, 50, (Vacancy(f"E{i}-V1"),), min_candidates=1000,
                               max_candidates=1000) for i in range(3))
    youth = tuple(Candidate(f"C{j}", 20, preferences=("E0-V1",), open_to_other=True,
                            priority=j % 2) for j in range(15_000))
    prob = Problem(at, employers, youth)
    relaxed = lexicographic_relaxation(prob, build_options(prob))
    # One slot per employer, 50 tables: 150 interviews, all for priority candidates.
    assert (relaxed.priority_covered, relaxed.covered) == (150, 150)
    assert relaxed.shortfall == 3 * 1000 - 150
    assert relaxed.preference == 50 * 10 + 100 * 1
