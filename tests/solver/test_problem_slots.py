"""The one slot grid (engine, web, lock checks) follows DESIGN §3 and agrees with the validator's
own, written apart on purpose."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from solver import validate
from solver.generate import generate
from solver.problem import Employer, Event, Vacancy, parse_hhmm
from solver.slots import employer_slots

EVENT = Event(date="2027-03-12", start=parse_hhmm("09:00"), end=parse_hhmm("13:00"))


def employer(minutes: int, available=(), breaks=()) -> Employer:
    return Employer("E1", minutes, 1, (Vacancy("E1-V1"),), tuple(available), tuple(breaks))


def hm(*times: str) -> tuple[int, ...]:
    return tuple(parse_hhmm(t) for t in times)


def test_back_to_back_from_each_window_start() -> None:
    slots = employer_slots(
        EVENT, employer(20, available=[hm("09:00", "10:00"), hm("11:10", "12:00")])
    )
    assert slots == hm("09:00", "09:20", "09:40", "11:10", "11:30")


def test_whole_event_when_no_availability_is_given() -> None:
    slots = employer_slots(EVENT, employer(60))
    assert slots == hm("09:00", "10:00", "11:00", "12:00")


def test_a_slot_that_would_overlap_a_break_starts_when_it_ends() -> None:
    slots = employer_slots(
        EVENT, employer(15, available=[hm("09:00", "10:00")], breaks=[hm("09:20", "09:30")])
    )
    # 09:15-09:30 would overlap the break: the next slot starts at 09:30, not 09:15 or 09:20.
    assert slots == hm("09:00", "09:30", "09:45")


def test_a_slot_ends_by_its_window_end() -> None:
    slots = employer_slots(EVENT, employer(25, available=[hm("09:00", "10:00")]))
    assert slots == hm("09:00", "09:25")


employers = st.builds(
    lambda minutes, cuts, break_at, break_len: (minutes, cuts, break_at, break_len),
    st.sampled_from([5, 10, 15, 20, 25, 30, 45]),
    st.lists(st.integers(0, 48), min_size=0, max_size=4, unique=True),
    st.integers(0, 47),
    st.integers(1, 6),
)


def build(minutes: int, cuts: list[int], break_at: int, break_len: int) -> Employer:
    """Windows between sorted cut points (5-minute steps from 09:00), one break inside one."""
    points = sorted(cuts)
    windows = [
        (EVENT.start + 5 * a, EVENT.start + 5 * b)
        for a, b in zip(points[::2], points[1::2], strict=False)
        if a < b
    ]
    host = windows[0] if windows else (EVENT.start, EVENT.end)
    start = host[0] + 5 * break_at
    end = min(start + 5 * break_len, host[1])
    breaks = [(start, end)] if start < end else []
    return employer(minutes, windows, breaks)


@settings(max_examples=200, deadline=None)
@given(spec=employers)
def test_same_grid_as_the_validator(spec: tuple) -> None:
    made = build(*spec)
    assert employer_slots(EVENT, made) == validate.employer_slots(EVENT, made)


def test_generated_employers_agree_with_the_validator() -> None:
    problem = generate(employers=40, candidates=0, seed=9, hours=6)
    assert any(e.breaks for e in problem.employers)
    for made in problem.employers:
        assert employer_slots(problem.event, made) == validate.employer_slots(problem.event, made)
