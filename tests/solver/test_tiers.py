"""Each objective tier decides an outcome, and a lower tier never buys a higher one."""

from __future__ import annotations

from solver.engine import evaluate, solve
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
)


def solved(prob: Problem) -> Schedule:
    schedule = solve(prob, time_limit=5.0, seed=0, workers=1)
    assert_valid(prob, schedule.interviews)
    assert schedule.status == "OPTIMAL"
    return schedule


def values(schedule: Schedule) -> dict[str, int]:
    return {t.name: t.value for t in schedule.objectives}


def test_keeping_the_published_schedule_beats_covering_a_priority_candidate() -> None:
    one_slot = [employer("E1", available=[("09:00", "09:15")])]
    people = [candidate("C1", ["E1-V1"]), candidate("P", ["E1-V1"], priority=1)]
    fresh = solved(problem(one_slot, people))
    assert {i.candidate for i in fresh.interviews} == {"P"}
    republished = solved(problem(one_slot, people,
                                 published=[placement("C1", "E1", "E1-V1", "09:00")]))
    assert {i.candidate for i in republished.interviews} == {"C1"}
    assert values(republished)["kept_published"] == 0
    assert values(republished)["priority_covered"] == 0


def test_priority_candidates_come_before_earlier_sign_ups() -> None:
    prob = problem([employer("E1", available=[("09:00", "09:15")])],
                   [candidate("C1", ["E1-V1"]), candidate("P", ["E1-V1"], priority=2)])
    assert {i.candidate for i in solved(prob).interviews} == {"P"}


def test_covering_one_more_candidate_beats_a_better_preference_score() -> None:
    # C1 could take both slots for 10 + 7 points; giving E2 to C2 scores 10 + 1 only.
    prob = problem([employer("E1", available=[("09:00", "09:15")]),
                    employer("E2", available=[("09:30", "09:45")])],
                   [candidate("C1", ["E1-V1", "E2-V1"]),
                    candidate("C2", open_to_other=True)],
                   at=event(max_interviews=2))
    schedule = solved(prob)
    assert as_tuples(schedule.interviews) == {("C1", "E1", "E1-V1", hm("09:00")),
                                              ("C2", "E2", "E2-V1", hm("09:30"))}
    assert values(schedule)["preference"] == 11


def test_shortfall_beats_the_candidates_first_choice() -> None:
    prob = problem([employer("E1", min_candidates=1), employer("E2")],
                   [candidate("C1", ["E2-V1"], open_to_other=True)],
                   at=event(max_interviews=1))
    schedule = solved(prob)
    assert {i.employer for i in schedule.interviews} == {"E1"}
    assert values(schedule)["shortfall"] == 0
    assert values(schedule)["preference"] == 1


def test_higher_ranked_vacancies_score_more() -> None:
    prob = problem([employer("E1"), employer("E2")],
                   [candidate("C1", ["E2-V1", "E1-V1"])], at=event(max_interviews=1))
    schedule = solved(prob)
    assert {i.employer for i in schedule.interviews} == {"E2"}
    assert values(schedule)["preference"] == 10


def test_a_second_interview_is_worth_waiting_for() -> None:
    prob = problem([employer("E1", available=[("09:00", "09:15")]),
                    employer("E2", available=[("09:45", "10:00")])],
                   [candidate("C1", ["E1-V1", "E2-V1"])], at=event(max_interviews=2))
    schedule = solved(prob)
    assert len(schedule.interviews) == 2
    assert values(schedule)["waiting"] == 30


def test_waiting_decides_between_otherwise_equal_days() -> None:
    prob = problem([employer("E1", available=[("09:00", "09:30")]),
                    employer("E2", available=[("09:30", "09:45")])],
                   [candidate("C1", ["E1-V1", "E2-V1"])], at=event(max_interviews=2))
    schedule = solved(prob)
    assert as_tuples(schedule.interviews) == {("C1", "E1", "E1-V1", hm("09:15")),
                                              ("C1", "E2", "E2-V1", hm("09:30"))}
    assert values(schedule)["waiting"] == 0


def test_evaluate_scores_any_schedule_on_every_tier() -> None:
    prob = problem([employer("E1", min_candidates=3), employer("E2")],
                   [candidate("C1", ["E1-V1", "E2-V1"], priority=1), candidate("C2", ["E2-V1"])],
                   at=event(max_interviews=2),
                   published=[placement("C2", "E2", "E2-V1", "09:00")])
    schedule = solved(prob)
    scored = {t.name: t.value for t in evaluate(prob, schedule.interviews)}
    assert scored == values(schedule)
    assert scored == {"kept_published": 0, "priority_covered": 1, "covered": 2,
                      "shortfall": 2, "preference": 27, "waiting": 0}


def test_moving_interviews_to_cut_waiting_never_moves_published_ones() -> None:
    from solver.retime import retime
    from solver.slots import build_options

    # C2 would also wait less at 09:30, but their 09:00 interview is published.
    prob = problem([employer("E1", tables=2), employer("E2", tables=2,
                                                       available=[("09:45", "10:00")])],
                   [candidate("C1", ["E1-V1", "E2-V1"]), candidate("C2", ["E1-V1", "E2-V1"])],
                   at=event(max_interviews=2),
                   published=[placement("C2", "E1", "E1-V1", "09:00")])
    options = build_options(prob)
    by_key = {(o.candidate, o.employer, o.vacancy, o.start): o for o in options}
    grouped: dict = {}
    for option in options:
        grouped.setdefault((option.candidate, option.vacancy), []).append(option)
    day = [("C1", "E1", "E1-V1", hm("09:00")), ("C1", "E2", "E2-V1", hm("09:45")),
           ("C2", "E1", "E1-V1", hm("09:00")), ("C2", "E2", "E2-V1", hm("09:45"))]
    moved = retime(prob, day, by_key, grouped)
    assert set(moved) == {("C1", "E1", "E1-V1", hm("09:30")), ("C1", "E2", "E2-V1", hm("09:45")),
                          ("C2", "E1", "E1-V1", hm("09:00")), ("C2", "E2", "E2-V1", hm("09:45"))}


def test_waiting_is_cut_by_swapping_slots_when_the_better_slot_is_taken() -> None:
    from solver.retime import retime
    from solver.slots import build_options

    prob = problem([employer("E1", available=[("09:00", "09:30")]),
                    employer("E2", available=[("09:30", "09:45")])],
                   [candidate("C1", ["E1-V1", "E2-V1"]), candidate("C2", ["E1-V1"])],
                   at=event(max_interviews=2))
    options = build_options(prob)
    by_key = {(o.candidate, o.employer, o.vacancy, o.start): o for o in options}
    grouped: dict = {}
    for option in options:
        grouped.setdefault((option.candidate, option.vacancy), []).append(option)
    day = [("C1", "E1", "E1-V1", hm("09:00")), ("C1", "E2", "E2-V1", hm("09:30")),
           ("C2", "E1", "E1-V1", hm("09:15"))]
    assert set(retime(prob, day, by_key, grouped)) == {
        ("C1", "E1", "E1-V1", hm("09:15")), ("C1", "E2", "E2-V1", hm("09:30")),
        ("C2", "E1", "E1-V1", hm("09:00"))}
