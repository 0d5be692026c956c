"""Free slots, answered from the person's own data, agree with the engine on random events.

Each example builds a small random event (employers with windows, breaks, tables, limits and
vacancies with cards, languages and ages; young people with windows, cards and languages),
books random slots and declines some, and then, for every person:

* every slot the fast answer offers is one the engine's independent validator accepts when it
  is added to the schedule as a booking (`check_schedule` on the problem a solve would see);
* it offers exactly what the answer built from the whole event's engine problem offers
  (tests/booking/engine_free_slots.py), the same vacancy, time and table.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.exc import IntegrityError

from recruit.booking.free_slots import FreeSlot, free_slots
from recruit.extensions import db
from recruit.models import Candidate, Interview, utcnow
from recruit.scheduling.bridge import (
    SolverInterview,
    build_problem,
    candidate_key,
    check_schedule,
    employer_key,
    live_interviews,
    solver_interviews,
    vacancy_key,
)
from tests.booking.engine_free_slots import engine_free_slots

CARDS = ("hygiene_passport", "alcohol_passport")
LANGUAGES = ("fi", "sv", "en")
START, END = 9 * 60, 11 * 60


def _window(draw: st.DrawFn, low: int = START, high: int = END) -> tuple[int, int]:
    start = draw(st.integers(low // 5, high // 5 - 3)) * 5
    end = draw(st.integers(start // 5 + 3, high // 5)) * 5
    return start, end


def _build(draw: st.DrawFn, factories: dict[str, Any]) -> Any:
    event = factories["event"](
        start_minute=START, end_minute=END,
        candidate_buffer_minutes=draw(st.sampled_from((0, 5, 15))),
        max_interviews_per_candidate=draw(st.sampled_from((1, 3, 3))),
        breaks=draw(st.sampled_from(([], [(600, 610)]))),
    )
    for _ in range(draw(st.integers(1, 3))):
        employer = factories["employer"](
            event,
            interview_minutes=draw(st.sampled_from((10, 15, 20))),
            tables=draw(st.integers(1, 2)),
            available=[_window(draw)],
            breaks=draw(st.sampled_from(([], [(580, 590)]))),
            min_candidates=0,
            max_candidates=draw(st.integers(1, 4)),
            status=draw(st.sampled_from(("approved", "approved", "approved", "pending"))),
        )
        for _ in range(draw(st.sampled_from((0, 1, 1, 2)))):
            factories["vacancy"](
                employer,
                requires=draw(st.sampled_from(((), (), (CARDS[0],)))),
                languages=draw(st.sampled_from(([], [], ["fi"], ["sv", "en"]))),
                min_age=draw(st.sampled_from((0, 0, 0, 21))),
            )
    people = [
        factories["candidate"](
            event,
            birth_year=event.date.year - draw(st.integers(16, 25)),
            languages=draw(st.lists(st.sampled_from(LANGUAGES), min_size=1, max_size=2,
                                    unique=True)),
            cards=draw(st.lists(st.sampled_from(CARDS), max_size=2, unique=True)),
            windows=draw(st.sampled_from(([], [(540, 600)], [(560, 660)], [(540, 570),
                                                                          (600, 660)]))),
            open_to_other=draw(st.booleans()),
            status=draw(st.sampled_from(("active",) * 5 + ("cancelled",))),
        )
        for _ in range(draw(st.integers(2, 5)))
    ]
    return event, people


def _book(person: Candidate, slot: FreeSlot, *, declined: bool) -> None:
    event = person.event
    interview = Interview(
        event_id=event.id, employer_id=slot.employer_id, vacancy_id=slot.vacancy_id,
        candidate_id=person.id, table_no=slot.table_no, start_minute=slot.start_minute,
        end_minute=slot.end_minute, source="self", locked=True, response="confirmed",
    )
    try:
        db.session.add(interview)
        db.session.flush()
        interview.claim_cells(event.grid_minutes, event.candidate_buffer_minutes)
        if declined:
            interview.response, interview.cancelled_at = "declined", utcnow()
            interview.release_cells()
        db.session.commit()
    except IntegrityError:  # the reference offered a clash: the comparison below shows it
        db.session.rollback()


def _accepted_by_validator(person: Candidate, slot: FreeSlot) -> list[Any]:
    """The validator's objections to the schedule with `slot` booked by `person`."""
    event = person.event
    problem = build_problem(event).problem
    key = candidate_key(person.id)
    wanted = vacancy_key(slot.employer_id, slot.vacancy_id)
    # A booking is wanted by the person who made it (as the bridge counts self-bookings).
    problem = replace(problem, candidates=tuple(
        replace(c, preferences=(*c.preferences, wanted)) if c.id == key else c
        for c in problem.candidates
    ))
    booked = SolverInterview(
        candidate=key, employer=employer_key(slot.employer_id), vacancy=wanted,
        table=slot.table_no, start=slot.start_minute, end=slot.end_minute,
    )
    before = {str(v) for v in check_schedule(problem, solver_interviews(live_interviews(event)))}
    after = check_schedule(problem, (*solver_interviews(live_interviews(event)), booked))
    return [v for v in after if str(v) not in before]


def random_event_with_bookings(data: st.DataObject, factories: dict[str, Any]) -> list[Any]:
    """A random event whose people then booked (and some declined) times the engine offered
    them; returns its people, with the session's objects expired so they read the bookings."""
    _event, people = _build(data.draw, factories)
    for _ in range(data.draw(st.integers(2, 12))):
        person = data.draw(st.sampled_from(people))
        offered = engine_free_slots(person)
        if offered:
            _book(person, data.draw(st.sampled_from(offered)), declined=data.draw(st.booleans()))
    db.session.expire_all()
    return people


@pytest.mark.slow
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_free_slots_agree_with_the_engine(
    app: Any, make_event: Any, make_employer: Any, make_vacancy: Any, make_candidate: Any,
    data: st.DataObject,
) -> None:
    people = random_event_with_bookings(data, {
        "event": make_event, "employer": make_employer, "vacancy": make_vacancy,
        "candidate": make_candidate})
    for person in people:
        fast = free_slots(person)
        assert fast == engine_free_slots(person)
        assert free_slots(person, ignore_others=True) == engine_free_slots(
            person, ignore_others=True)
        for slot in fast:
            assert _accepted_by_validator(person, slot) == [], slot
