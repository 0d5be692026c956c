"""The bridge: database → solver.Problem → real engine → database (recruit.scheduling)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

import solver as sp
from recruit.extensions import db
from recruit.models import Interview, InterviewCell, TableCell
from recruit.scheduling.bridge import (
    build_problem,
    candidate_key,
    live_interviews,
    solver_interviews,
    vacancy_key,
)
from recruit.scheduling.store import store_schedule
from solver import validate_problem
from solver.engine import solve
from solver.validate import check_schedule
from tests.scheduling import support as schedule_support

SOLVE_SECONDS = schedule_support.TEST_TIME_LIMIT


@pytest.fixture
def small_event(make_event, make_employer, make_vacancy, make_candidate):
    made = schedule_support.small_event(make_event, make_employer, make_vacancy, make_candidate)
    return tuple(made[k] for k in ("event", "cafe", "shop", "barista", "seller", "youth"))


def test_problem_mirrors_the_database(small_event, make_employer, make_candidate):
    event, cafe, shop, barista, seller, youth = small_event
    make_employer(event, status="pending", vacancies=1)
    make_candidate(event, status="unverified", email_verified_at=None)
    problem = build_problem(event).problem

    assert [e.id for e in problem.employers] == [f"E{cafe.id}", f"E{shop.id}"]
    assert [c.id for c in problem.candidates] == [candidate_key(c.id) for c in youth]
    first = problem.candidates[0]
    assert first.age == 20
    assert first.has == ("hygiene_passport",)
    assert first.preferences == (vacancy_key(cafe.id, barista.id), vacancy_key(shop.id, seller.id))
    assert problem.candidates[3].available == ((9 * 60, 9 * 60 + 30),)
    assert problem.candidates[5].open_to_other and problem.candidates[5].priority == 1
    cafe_problem = problem.employers[0]
    # The event's lunch break reaches every employer.
    assert cafe_problem.breaks == ((9 * 60 + 30, 9 * 60 + 45),)
    assert cafe_problem.vacancies[0].requires == ("hygiene_passport",)
    assert cafe_problem.vacancies[0].languages == ("fi",)
    sp.validate_problem(problem)


def test_round_trip_through_the_real_engine(small_event):
    event, *_ = small_event
    problem = build_problem(event).problem
    schedule = solve(problem, time_limit=SOLVE_SECONDS, seed=1)
    assert schedule.status in ("OPTIMAL", "FEASIBLE")
    assert schedule.interviews

    summary = store_schedule(event, schedule.interviews)
    db.session.commit()

    assert summary.added == len(schedule.interviews)
    rows = live_interviews(event)
    stored = sorted(solver_interviews(rows), key=lambda i: (i.employer, i.start, i.table))
    expected = sorted(schedule.interviews, key=lambda i: (i.employer, i.start, i.table))
    assert stored == expected
    assert check_schedule(problem, stored) == []
    # Every stored interview holds its cells, so the database guards it from double booking.
    cells = db.session.scalar(sa.select(sa.func.count()).select_from(InterviewCell))
    table_cells = db.session.scalar(sa.select(sa.func.count()).select_from(TableCell))
    assert cells > 0 and table_cells > 0
    assert build_problem(event).problem == problem


def test_store_again_keeps_rows_and_locks(small_event):
    event, *_ = small_event
    problem = build_problem(event).problem
    first = solve(problem, time_limit=SOLVE_SECONDS, seed=1)
    store_schedule(event, first.interviews)
    db.session.commit()
    rows = live_interviews(event)
    rows[0].locked = True
    locked_id, locked_uid = rows[0].id, rows[0].uid
    db.session.commit()

    bridge = build_problem(event)
    assert len(bridge.problem.locks) == 1
    again = solve(bridge.problem, time_limit=SOLVE_SECONDS, seed=2)
    summary = store_schedule(event, again.interviews)
    db.session.commit()

    kept = db.session.get(Interview, locked_id)
    assert kept is not None and kept.uid == locked_uid and kept.locked
    assert summary.kept + summary.moved + summary.added == len(again.interviews)
    assert check_schedule(bridge.problem, solver_interviews(live_interviews(event))) == []


def test_people_the_solver_cannot_take_are_left_out_with_a_reason(
    make_event, make_employer, make_vacancy, make_candidate
):
    event = make_event()
    no_vacancy = make_employer(event)
    works = make_employer(event, vacancies=1)
    too_old = make_candidate(event, birth_year=event.date.year - 60)
    outside = make_candidate(event, windows=[(6 * 60, 7 * 60)])
    fine = make_candidate(event, interests=works.vacancies)
    bridge = build_problem(event)

    assert [e.id for e in bridge.problem.employers] == [f"E{works.id}"]
    assert [c.id for c in bridge.problem.candidates] == [f"C{fine.id}"]
    assert sorted(bridge.left_out) == sorted(
        [(f"E{no_vacancy.id}", "no_vacancy"), (f"C{too_old.id}", "age_out_of_range"),
         (f"C{outside.id}", "no_time")]
    )
    sp.validate_problem(bridge.problem)


def test_untidy_windows_are_repaired_not_refused(make_event, make_employer, make_candidate):
    event = make_event()
    # Overlapping, off-grid and partly outside the event: all as staff might type them.
    employer = make_employer(
        event, available=[(8 * 60, 10 * 60 + 2), (9 * 60 + 30, 11 * 60)], vacancies=1
    )
    make_candidate(event, windows=[(9 * 60 + 3, 12 * 60), (11 * 60 + 50, 14 * 60)],
                   interests=employer.vacancies)
    problem = build_problem(event).problem
    sp.validate_problem(problem)
    assert problem.employers[0].available == ((9 * 60, 11 * 60),)
    assert problem.candidates[0].available == ((9 * 60 + 5, 13 * 60),)


def test_interviews_people_booked_themselves_are_kept_like_locks(small_event, make_interview):
    event, _cafe, _shop, _barista, seller, youth = small_event
    booked = make_interview(youth[2], seller, start_minute=9 * 60, source="self")
    booked_id = booked.id
    bridge = build_problem(event)
    assert [(p.candidate, p.start) for p in bridge.problem.locks] == [
        (candidate_key(youth[2].id), 9 * 60)
    ]
    schedule = solve(bridge.problem, time_limit=SOLVE_SECONDS, seed=1)
    store_schedule(event, schedule.interviews)
    db.session.commit()
    db.session.expire_all()
    kept = db.session.get(Interview, booked_id)
    assert kept is not None and (kept.start_minute, kept.source) == (9 * 60, "self")


def test_a_booking_at_a_vacancy_the_person_did_not_rank_never_breaks_a_build(
    small_event, make_interview
):
    """A self-booked interview at a vacancy the person did not rank (and they are not open
    to others) is a lock the engine accepts: the booking counts as wanted, the build runs
    and keeps it."""
    event, _cafe, _shop, _barista, seller, youth = small_event
    unranked = make_interview(youth[1], seller, start_minute=9 * 60, source="self", locked=True)
    unranked_id = unranked.id
    problem = build_problem(event).problem
    validate_problem(problem)  # raises on a lock the engine would refuse
    assert (candidate_key(youth[1].id), 9 * 60) in {(p.candidate, p.start) for p in problem.locks}
    schedule = solve(problem, time_limit=SOLVE_SECONDS, seed=1)
    assert schedule.status in ("OPTIMAL", "FEASIBLE")
    store_schedule(event, schedule.interviews)
    db.session.commit()
    db.session.expire_all()
    kept = db.session.get(Interview, unranked_id)
    assert kept is not None and kept.start_minute == 9 * 60
