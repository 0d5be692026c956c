"""No double booking: the database itself refuses overlapping interviews (DESIGN §5).

See `recruit/models/schedule.py` for how grid cells express the rule on both engines.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from recruit.extensions import db
from recruit.models import Interview, InterviewCell
from tests.factories import assert_database_refuses


def test_occupied_cells_cover_the_interview_and_the_buffer(app, make_interview):
    interview = make_interview(start_minute=9 * 60)  # 09:00-09:15, 5-minute grid
    assert list(interview.occupied_cells(5, 5)) == [108, 109, 110, 111]
    assert list(interview.occupied_cells(5, 0)) == [108, 109, 110]
    # A 7-minute buffer rounds up to two cells: a 5-minute gap is too short, 10 is enough.
    assert list(interview.occupied_cells(5, 7)) == [108, 109, 110, 111, 112]
    assert list(interview.table_cell_range(5)) == [108, 109, 110]
    assert sorted(c.cell for c in interview.candidate_cells) == [108, 109, 110, 111]
    with pytest.raises(ValueError, match="not on a 10-minute grid"):
        Interview(start_minute=545, end_minute=560).occupied_cells(10, 0)


@pytest.mark.parametrize(
    ("second_start", "allowed"), [(555, False), (560, True), (520, True), (525, False)]
)
def test_candidate_buffer_is_enforced_by_the_database(
    app,
    make_event,
    make_employer,
    make_vacancy,
    make_candidate,
    make_interview,
    second_start,
    allowed,
):
    event = make_event(candidate_buffer_minutes=5)
    candidate = make_candidate(event)
    make_interview(candidate, make_vacancy(make_employer(event)), start_minute=540)  # 9:00-9:15
    other = make_vacancy(make_employer(event))
    if allowed:
        make_interview(candidate, other, start_minute=second_start)
    else:
        with pytest.raises(IntegrityError):
            make_interview(candidate, other, start_minute=second_start)
        db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Interview)) == (
        2 if allowed else 1
    )


def test_a_table_never_holds_two_interviews_at_once(
    app, make_event, make_employer, make_vacancy, make_candidate, make_interview
):
    event = make_event()
    employer = make_employer(event, tables=2)
    vacancy = make_vacancy(employer)
    make_interview(make_candidate(event), vacancy, start_minute=540, table_no=1)
    # Same table, overlapping but not the same start (a hand-moved interview of 20 minutes).
    with pytest.raises(IntegrityError):
        make_interview(make_candidate(event), vacancy, start_minute=550, end_minute=570, table_no=1)
    db.session.rollback()
    make_interview(make_candidate(event), vacancy, start_minute=540, table_no=2)
    make_interview(make_candidate(event), vacancy, start_minute=555, table_no=1)


def test_same_slot_twice_is_refused_even_without_cells(
    app, make_event, make_employer, make_vacancy, make_candidate, make_interview
):
    event = make_event()
    vacancy = make_vacancy(make_employer(event))
    make_interview(make_candidate(event), vacancy, start_minute=540)
    with pytest.raises(IntegrityError):
        make_interview(make_candidate(event), vacancy, start_minute=540, claim_cells=False)
    db.session.rollback()


def test_one_live_interview_per_candidate_and_employer(
    app, make_event, make_employer, make_vacancy, make_candidate, make_interview
):
    event = make_event()
    employer = make_employer(event, tables=2)
    candidate = make_candidate(event)
    first = make_interview(candidate, make_vacancy(employer), start_minute=540)
    with pytest.raises(IntegrityError):
        make_interview(candidate, make_vacancy(employer), start_minute=600, table_no=2)
    db.session.rollback()
    # Once the first is cancelled and its time released, the pair may meet again.
    first = db.session.get(Interview, first.id)
    first.cancelled_at = dt.datetime.now(dt.UTC)
    first.release_cells()
    db.session.commit()
    again = make_interview(candidate, first.vacancy, start_minute=540)
    assert again.uid != first.uid


def test_a_cell_cannot_belong_to_another_candidate_than_its_interview(
    app, make_interview, make_candidate
):
    interview = make_interview()
    stranger = make_candidate(interview.event)
    assert_database_refuses(
        InterviewCell(interview_id=interview.id, candidate_id=stranger.id, cell=1)
    )


def test_moving_an_interview_reclaims_its_cells(
    app, make_event, make_employer, make_vacancy, make_candidate, make_interview
):
    event = make_event()
    candidate = make_candidate(event)
    interview = make_interview(candidate, make_vacancy(make_employer(event)), start_minute=540)
    interview.start_minute, interview.end_minute = 545, 560  # overlaps its own old cells
    interview.claim_cells(event.grid_minutes, event.candidate_buffer_minutes)
    db.session.commit()
    assert sorted(c.cell for c in interview.candidate_cells) == [109, 110, 111, 112]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(InterviewCell)) == 4


def test_vacancy_with_interviews_cannot_be_deleted_silently(app, make_interview):
    interview = make_interview()
    db.session.delete(interview.vacancy)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_interview_response_and_source_are_checked(app, make_interview):
    interview = make_interview()
    interview.response = "perhaps"
    assert_database_refuses()
    interview = db.session.get(Interview, interview.id)
    interview.source = "robot"
    assert_database_refuses()


@pytest.mark.parametrize("race", ["same_table_slot", "overlapping_table_slots", "one_candidate"])
def test_concurrent_bookings_leave_exactly_one_interview(
    app, make_event, make_employer, make_vacancy, make_candidate, race
):
    """Threads with their own connections race for one place: the database picks one winner."""
    racers = 12
    event = make_event()
    if race == "one_candidate":
        # One young person, booked by twelve employers at the same time.
        candidate_id = make_candidate(event).id
        bookings = [
            (candidate_id, vacancy.employer_id, vacancy.id, 600)
            for vacancy in (make_vacancy(make_employer(event)) for _ in range(racers))
        ]
    else:
        vacancy = make_vacancy(make_employer(event))
        starts = [600] * racers if race == "same_table_slot" else [600, 605, 610] * (racers // 3)
        bookings = [
            (make_candidate(event).id, vacancy.employer_id, vacancy.id, start) for start in starts
        ]
    event_id = event.id
    barrier = threading.Barrier(racers)
    outcomes: list[str] = []

    def book(candidate_id: int, employer_id: int, vacancy_id: int, start: int) -> None:
        with app.app_context():
            try:
                interview = Interview(
                    event_id=event_id,
                    employer_id=employer_id,
                    vacancy_id=vacancy_id,
                    candidate_id=candidate_id,
                    table_no=1,
                    start_minute=start,
                    end_minute=start + 15,
                )
                db.session.add(interview)
                barrier.wait(timeout=30)
                db.session.flush()
                interview.claim_cells(5, 5)
                db.session.commit()
                outcomes.append("booked")
            except IntegrityError:
                db.session.rollback()
                outcomes.append("taken")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=book, args=booking) for booking in bookings]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["booked"] + ["taken"] * (racers - 1)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Interview)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(InterviewCell)) == 4
