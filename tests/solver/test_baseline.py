"""The greedy first-come-first-served baseline and the slot helpers it stands on."""

from __future__ import annotations

from solver.baseline import greedy_bookings, greedy_schedule
from solver.generate import generate
from solver.problem import parse_hhmm as hm
from solver.slots import build_options, employer_slots, fits_availability, is_eligible, wants
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


def test_slots_restart_after_a_break_and_end_inside_the_window() -> None:
    boss = employer("E1", minutes=20, available=[("09:00", "10:30")],
                    breaks=[("09:30", "09:45")])
    # 09:00, then 09:20 would overlap the break -> 09:45, 10:05; 10:25 would end after 10:30.
    assert employer_slots(event(end="11:00"), boss) == (hm("09:00"), hm("09:45"), hm("10:05"))


def test_slots_cover_the_whole_event_without_windows() -> None:
    assert employer_slots(event("09:00", "10:00"), employer("E1", minutes=15)) == (
        hm("09:00"), hm("09:15"), hm("09:30"), hm("09:45"))


def test_eligibility_needs_cards_language_and_age() -> None:
    job = vacancy("V", requires=["hygiene"], languages=["fi", "sv"], min_age=18)
    assert is_eligible(candidate("C", has=["hygiene"], languages=["sv"], age=18), job)
    assert not is_eligible(candidate("C", languages=["fi"], age=18), job)
    assert not is_eligible(candidate("C", has=["hygiene"], languages=["en"], age=18), job)
    assert not is_eligible(candidate("C", has=["hygiene"], languages=["fi"], age=17), job)
    assert is_eligible(candidate("C", languages=["en"]), vacancy("W"))


def test_wants_ranked_or_open_to_other() -> None:
    assert wants(candidate("C", ["V"]), vacancy("V"))
    assert not wants(candidate("C", ["X"]), vacancy("V"))
    assert wants(candidate("C", open_to_other=True), vacancy("V"))


def test_availability_fit() -> None:
    busy = candidate("C", available=[("09:00", "09:30")])
    assert fits_availability(busy, hm("09:15"), hm("09:30"))
    assert not fits_availability(busy, hm("09:20"), hm("09:35"))
    assert fits_availability(candidate("C"), hm("09:20"), hm("09:35"))
    # Touching windows are one stretch of time (as in the validator); a gap splits them.
    joined = candidate("C", available=[("09:10", "10:00"), ("09:00", "09:10")])
    assert fits_availability(joined, hm("09:05"), hm("09:20"))
    split = candidate("C", available=[("09:00", "09:10"), ("09:15", "10:00")])
    assert not fits_availability(split, hm("09:05"), hm("09:20"))


def test_first_come_gets_the_only_slot_even_if_a_later_one_has_no_other_choice() -> None:
    prob = problem([employer("E1", available=[("09:00", "09:15")]),
                    employer("E2", available=[("09:00", "09:15")])],
                   [candidate("C1", ["E1-V1", "E2-V1"], open_to_other=True),
                    candidate("C2", ["E1-V1"])],
                   at=event(max_interviews=1))
    schedule = greedy_schedule(prob)
    assert_valid(prob, schedule)
    assert as_tuples(schedule) == {("C1", "E1", "E1-V1", hm("09:00"))}


def test_candidate_takes_ranked_vacancies_in_order_then_others_up_to_the_max() -> None:
    prob = problem([employer("E1"), employer("E2"), employer("E3")],
                   [candidate("C1", ["E2-V1"], open_to_other=True)],
                   at=event(buffer=5, max_interviews=2))
    schedule = greedy_schedule(prob)
    assert_valid(prob, schedule)
    assert as_tuples(schedule) == {("C1", "E2", "E2-V1", hm("09:00")),
                                   ("C1", "E1", "E1-V1", hm("09:30"))}


def test_locks_are_placed_before_anyone_chooses() -> None:
    prob = problem([employer("E1", available=[("09:00", "09:15")])],
                   [candidate("C1", ["E1-V1"]), candidate("C2", ["E1-V1"])],
                   locks=[placement("C2", "E1", "E1-V1", "09:00")])
    schedule = greedy_schedule(prob)
    assert_valid(prob, schedule)
    assert as_tuples(schedule) == {("C2", "E1", "E1-V1", hm("09:00"))}


def test_dropping_dominated_vacancies_does_not_change_the_greedy() -> None:
    for seed in range(4):
        prob = generate(6, 80, seed, hours=2)
        every = greedy_bookings(prob, build_options(prob, dominated=True)).interviews(prob)
        assert greedy_bookings(prob).interviews(prob) == every
        assert_valid(prob, every)
