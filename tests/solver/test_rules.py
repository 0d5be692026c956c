"""Every hard rule binds: on each tiny problem, breaking the rule would score better.

Each test solves with the engine, checks the schedule with the independent validator and
asserts exactly what the rule forces.
"""

from __future__ import annotations

from solver.engine import solve
from solver.problem import Problem, Schedule
from solver.problem import parse_hhmm as hm
from tests.solver.conftest import (
    as_tuples,
    assert_valid,
    candidate,
    employer,
    event,
    placement,
    problem,
    vacancy,
)


def solved(prob: Problem) -> Schedule:
    schedule = solve(prob, time_limit=5.0, seed=0, workers=1)
    assert_valid(prob, schedule.interviews)
    return schedule


def test_interviews_start_on_the_employers_grid() -> None:
    # 20-minute slots at 09:00, 09:20, 09:40; the candidate is free 09:10-09:35 only.
    prob = problem([employer("E1", minutes=20)],
                   [candidate("C1", ["E1-V1"], available=[("09:10", "09:35")])])
    assert solved(prob).interviews == ()


def test_the_slot_after_a_break_starts_when_the_break_ends() -> None:
    prob = problem([employer("E1", minutes=20, breaks=[("09:10", "09:25")])],
                   [candidate("C1", ["E1-V1"], available=[("09:25", "09:45")])])
    assert as_tuples(solved(prob).interviews) == {("C1", "E1", "E1-V1", hm("09:25"))}


def test_interviews_fit_the_candidates_availability() -> None:
    prob = problem([employer("E1")], [candidate("C1", ["E1-V1"], available=[("09:00", "09:10")])])
    assert solved(prob).interviews == ()


def test_touching_availability_windows_join() -> None:
    # The only slot, 09:05-09:20, fits neither window alone, only the two joined at 09:10;
    # the validator accepts it, so the engine, the greedy and the flow bound must too.
    from solver.baseline import greedy_bookings
    from solver.bound import max_coverage
    from solver.slots import build_options

    prob = problem([employer("E1", available=[("09:05", "09:20")])],
                   [candidate("C1", ["E1-V1"], available=[("09:00", "09:10"), ("09:10", "10:00")])])
    assert as_tuples(solved(prob).interviews) == {("C1", "E1", "E1-V1", hm("09:05"))}
    options = build_options(prob)
    assert as_tuples(greedy_bookings(prob, options).interviews(prob)) == {
        ("C1", "E1", "E1-V1", hm("09:05"))}
    assert max_coverage(prob, options).covered == 1
    # Windows that do not touch still do not join.
    gap = [("09:00", "09:10"), ("09:15", "10:00")]
    apart = problem([employer("E1", available=[("09:05", "09:20")])],
                    [candidate("C1", ["E1-V1"], available=gap)])
    assert solved(apart).interviews == ()


def test_at_most_tables_interviews_at_once() -> None:
    one_slot = [("09:00", "09:15")]
    people = [candidate(f"C{i}", ["E1-V1"]) for i in range(3)]
    assert len(solved(problem([employer("E1", available=one_slot)], people)).interviews) == 1
    two_tables = solved(problem([employer("E1", available=one_slot, tables=2)], people))
    assert len(two_tables.interviews) == 2
    assert {i.table for i in two_tables.interviews} == {1, 2}


def test_a_candidates_interviews_never_overlap() -> None:
    prob = problem([employer("E1", available=[("09:00", "09:15")]),
                    employer("E2", available=[("09:00", "09:15")])],
                   [candidate("C1", ["E1-V1", "E2-V1"])])
    assert len(solved(prob).interviews) == 1


def test_the_buffer_keeps_back_to_back_interviews_apart() -> None:
    employers = [employer("E1", available=[("09:00", "09:15")]),
                 employer("E2", available=[("09:15", "09:30")])]
    people = [candidate("C1", ["E1-V1", "E2-V1"])]
    assert len(solved(problem(employers, people, at=event(buffer=0))).interviews) == 2
    assert len(solved(problem(employers, people, at=event(buffer=5))).interviews) == 1


def test_at_most_max_interviews_per_candidate() -> None:
    prob = problem([employer("E1"), employer("E2"), employer("E3")],
                   [candidate("C1", ["E1-V1", "E2-V1", "E3-V1"])],
                   at=event(max_interviews=2))
    assert len(solved(prob).interviews) == 2


def test_at_most_max_candidates_per_employer() -> None:
    prob = problem([employer("E1", max_candidates=2, min_candidates=4)],
                   [candidate(f"C{i}", ["E1-V1"]) for i in range(4)])
    assert len(solved(prob).interviews) == 2


def test_one_interview_per_candidate_and_employer() -> None:
    prob = problem([employer("E1", [vacancy("E1-A"), vacancy("E1-B")], min_candidates=2)],
                   [candidate("C1", ["E1-A", "E1-B"])])
    assert as_tuples(solved(prob).interviews) == {("C1", "E1", "E1-A", hm("09:00"))}


def test_a_missing_card_rules_the_vacancy_out() -> None:
    prob = problem([employer("E1", [vacancy("E1-V1", requires=["forklift"])])],
                   [candidate("C1", ["E1-V1"], has=["hygiene"])])
    assert solved(prob).interviews == ()


def test_the_candidate_must_speak_one_of_the_languages() -> None:
    prob = problem([employer("E1", [vacancy("E1-V1", languages=["sv", "en"])])],
                   [candidate("C1", ["E1-V1"], languages=["fi"]),
                    candidate("C2", ["E1-V1"], languages=["fi", "en"])])
    assert {i.candidate for i in solved(prob).interviews} == {"C2"}


def test_the_candidate_must_be_old_enough() -> None:
    prob = problem([employer("E1", [vacancy("E1-V1", min_age=18)])],
                   [candidate("C1", ["E1-V1"], age=17), candidate("C2", ["E1-V1"], age=18)])
    assert {i.candidate for i in solved(prob).interviews} == {"C2"}


def test_only_wanted_vacancies_unless_open_to_other() -> None:
    # E2 is short of candidates and free, but C1 ranked only E1 (whose one slot C0 holds).
    employers = [employer("E1", available=[("09:00", "09:15")]),
                 employer("E2", min_candidates=1)]
    closed = problem(employers, [candidate("C0", ["E1-V1"], priority=1),
                                 candidate("C1", ["E1-V1"])])
    assert {i.candidate for i in solved(closed).interviews} == {"C0"}
    opened = problem(employers, [candidate("C0", ["E1-V1"], priority=1),
                                 candidate("C1", ["E1-V1"], open_to_other=True)])
    # E2 is free all hour, so any of its slots is as good as another for C1.
    assert {(i.candidate, i.employer, i.vacancy) for i in solved(opened).interviews} == {
        ("C0", "E1", "E1-V1"), ("C1", "E2", "E2-V1")}


def test_locks_are_kept_even_when_they_cost_coverage() -> None:
    # Locking C1 into E1's only slot leaves the priority candidate P without an interview.
    prob = problem([employer("E1", available=[("09:00", "09:15")])],
                   [candidate("C1", ["E1-V1"], open_to_other=True),
                    candidate("P", ["E1-V1"], priority=1)],
                   locks=[placement("C1", "E1", "E1-V1", "09:00")])
    schedule = solved(prob)
    assert as_tuples(schedule.interviews) == {("C1", "E1", "E1-V1", hm("09:00"))}
    assert schedule.status == "OPTIMAL"


def test_contradicting_locks_are_infeasible_with_a_message() -> None:
    prob = problem([employer("E1"), employer("E2")],
                   [candidate("C1", ["E1-V1", "E2-V1"])],
                   locks=[placement("C1", "E1", "E1-V1", "09:00"),
                          placement("C1", "E2", "E2-V1", "09:00")])
    schedule = solve(prob, time_limit=1.0)
    assert schedule.status == "INFEASIBLE"
    assert "C1" in schedule.message and "E2" in schedule.message
    assert schedule.interviews == ()


def test_a_lock_breaking_a_rule_is_infeasible() -> None:
    prob = problem([employer("E1", [vacancy("E1-V1", min_age=18)])],
                   [candidate("C1", ["E1-V1"], age=16)],
                   locks=[placement("C1", "E1", "E1-V1", "09:00")])
    schedule = solve(prob, time_limit=1.0)
    assert schedule.status == "INFEASIBLE"
    assert "hard rule" in schedule.message
