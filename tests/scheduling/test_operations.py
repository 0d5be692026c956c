"""Operations on the draft and published schedule, without HTTP (recruit.scheduling.publishing)."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sqlalchemy as sa

from recruit.extensions import db
from recruit.models import Interview, OutboxMessage, ScheduleVersion, SolveRun, utcnow
from recruit.scheduling import publishing as operations
from recruit.scheduling.bridge import build_problem, live_interviews, solver_interviews
from recruit.scheduling.queries import published_view
from recruit.scheduling.store import store_schedule
from solver.engine import solve
from solver.validate import check_schedule
from tests.scheduling.support import TEST_TIME_LIMIT, small_event


@pytest.fixture
def setup(make_event, make_employer, make_vacancy, make_candidate):
    return small_event(make_event, make_employer, make_vacancy, make_candidate)


def _solve_into_draft(event, seed: int = 1):
    bridge = build_problem(event)
    schedule = solve(bridge.problem, time_limit=TEST_TIME_LIMIT, seed=seed)
    assert schedule.status in ("OPTIMAL", "FEASIBLE")
    store_schedule(event, schedule.interviews)
    db.session.commit()
    return bridge.problem, schedule


def _state(event) -> list[tuple]:
    db.session.expire_all()
    return sorted((i.id, i.candidate_id, i.vacancy_id, i.start_minute, i.table_no, i.locked)
                  for i in live_interviews(event))


# --- edits ----------------------------------------------------------------------------------


def test_move_into_a_clash_names_the_rule_and_saves_nothing(setup, make_interview, staff_user):
    event, youth = setup["event"], setup["youth"]
    barista, seller = setup["barista"], setup["seller"]
    at_cafe = make_interview(youth[0], barista, start_minute=9 * 60 + 45)
    make_interview(youth[0], seller, start_minute=9 * 60)
    before = _state(event)
    with pytest.raises(operations.ScheduleError) as refused:
        operations.move_interview(at_cafe, start_minute=9 * 60 + 15, table_no=1, by=staff_user)
    assert {v.rule for v in refused.value.rules} == {"candidate_overlap"}
    db.session.rollback()
    assert _state(event) == before


def test_move_to_a_table_the_employer_does_not_have_is_refused(setup, make_interview,
                                                                staff_user):
    interview = make_interview(setup["youth"][3], setup["seller"], start_minute=9 * 60)
    with pytest.raises(operations.ScheduleError) as refused:
        operations.move_interview(interview, start_minute=9 * 60, table_no=2, by=staff_user)
    assert [v.rule for v in refused.value.rules] == ["table_out_of_range"]


def test_a_locked_interview_moves_with_its_lock(setup, make_interview, staff_user):
    event, youth, barista = setup["event"], setup["youth"], setup["barista"]
    interview = make_interview(youth[0], barista, start_minute=9 * 60, locked=True)
    operations.move_interview(interview, start_minute=9 * 60 + 45, table_no=2, by=staff_user)
    db.session.commit()
    problem = build_problem(event).problem
    assert [(p.candidate, p.start) for p in problem.locks] == [(f"C{youth[0].id}", 9 * 60 + 45)]
    schedule = solve(problem, time_limit=TEST_TIME_LIMIT, seed=1)
    assert any(i.candidate == f"C{youth[0].id}" and i.start == 9 * 60 + 45
               for i in schedule.interviews)


def test_edits_wait_for_a_running_solve(setup, make_interview, staff_user):
    event, youth, barista = setup["event"], setup["youth"], setup["barista"]
    interview = make_interview(youth[0], barista)
    db.session.add(SolveRun(event_id=event.id, status="running", time_limit=30,
                            started_at=utcnow()))
    db.session.commit()
    for edit in (
        lambda: operations.move_interview(interview, start_minute=9 * 60 + 15, table_no=1,
                                          by=staff_user),
        lambda: operations.remove_interview(interview, staff_user),
        lambda: operations.set_locked(interview, True, staff_user),
        lambda: operations.publish_schedule(event, staff_user),
    ):
        with pytest.raises(operations.ScheduleError) as refused:
            edit()
        assert refused.value.status == 409


def test_lock_is_refused_when_it_clashes_with_another_lock(setup, make_interview, staff_user):
    youth, barista, seller = setup["youth"], setup["barista"], setup["seller"]
    make_interview(youth[0], barista, start_minute=9 * 60, locked=True)
    # Overlapping the first: the database would refuse its cells, so the row is made without
    # them, as an import or an old schedule might have left it.
    second = make_interview(youth[0], seller, start_minute=9 * 60, claim_cells=False)
    with pytest.raises(operations.ScheduleError) as refused:
        operations.set_locked(second, True, staff_user)
    assert {v.rule for v in refused.value.rules} == {"candidate_overlap"}
    db.session.rollback()
    assert not db.session.get(Interview, second.id).locked


# --- publishing -------------------------------------------------------------------------------


def test_publish_numbers_versions_and_raises_sequence_on_change(setup, staff_user):
    event = setup["event"]
    _solve_into_draft(event)
    first = operations.publish_schedule(event, staff_user)
    db.session.commit()
    assert first.version.number == 1
    assert len(first.added) == len(live_interviews(event)) and not first.changed
    # Publishing tells the young people itself, in its own transaction: one invitation each.
    invited = db.session.scalars(sa.select(OutboxMessage.recipient).where(
        OutboxMessage.kind == "interview_invite")).all()
    assert sorted(invited) == sorted(i.candidate.email for i in live_interviews(event))

    rows = live_interviews(event)
    moved = next(r for r in rows if r.employer_id == setup["cafe"].id)
    free = _free_cafe_slot(event, moved)
    operations.move_interview(moved, start_minute=free[0], table_no=free[1], by=staff_user)
    removed = next(r for r in rows if r.id != moved.id)
    removed_id = removed.id
    operations.remove_interview(removed, staff_user)
    db.session.commit()
    second = operations.publish_schedule(event, staff_user)
    db.session.commit()
    assert second.version.number == 2
    assert [e["id"] for e in second.changed] == [moved.id]
    assert second.changed[0]["sequence"] == 1
    assert [e["id"] for e in second.removed] == [removed_id]
    numbers = db.session.scalars(sa.select(ScheduleVersion.number).order_by(
        ScheduleVersion.number)).all()
    assert numbers == [1, 2]


def _free_cafe_slot(event, interview) -> tuple[int, int]:
    """Another (start, table) of the cafe where moving the interview keeps every rule."""
    problem = build_problem(event).problem
    others = [i for i in solver_interviews(live_interviews(event))
              if (i.candidate, i.start) != (f"C{interview.candidate_id}", interview.start_minute)]
    for start in (9 * 60, 9 * 60 + 15, 9 * 60 + 45):
        for table in (1, 2):
            moved = replace(solver_interviews([interview])[0], start=start, end=start + 15,
                            table=table)
            unchanged = (start, table) == (interview.start_minute, interview.table_no)
            if not unchanged and not check_schedule(problem, [*others, moved]):
                return start, table
    pytest.fail("the solved cafe has no free slot for this candidate: the fixture no longer fits")


def test_published_versions_cannot_be_changed(setup, make_interview, staff_user):
    event = setup["event"]
    make_interview(setup["youth"][0], setup["seller"])
    version = operations.publish_schedule(event, staff_user).version
    db.session.commit()
    version.snapshot = {"interviews": []}
    with pytest.raises(ValueError, match="cannot be changed"):
        db.session.flush()
    db.session.rollback()
    assert len(db.session.get(ScheduleVersion, version.id).snapshot["interviews"]) == 1


def test_public_view_shows_the_published_time_not_the_draft(setup, make_interview, staff_user):
    event, youth, barista = setup["event"], setup["youth"], setup["barista"]
    interview = make_interview(youth[0], barista, start_minute=9 * 60)
    operations.publish_schedule(event, staff_user)
    db.session.commit()
    operations.move_interview(interview, start_minute=9 * 60 + 45, table_no=2, by=staff_user)
    db.session.commit()
    [shown] = published_view(event)
    assert (shown.entry["start_minute"], shown.entry["table_no"]) == (9 * 60, 1)
    assert shown.interview.start_minute == 9 * 60 + 45  # the draft, for staff only


def test_resolve_after_publish_keeps_the_published_interviews(
    setup, make_candidate, staff_user
):
    event, barista, seller = setup["event"], setup["barista"], setup["seller"]
    _solve_into_draft(event, seed=1)
    operations.publish_schedule(event, staff_user)
    db.session.commit()
    published = {i.id: (i.candidate_id, i.vacancy_id, i.start_minute, i.table_no)
                 for i in live_interviews(event)}
    # One young person cancels; a newcomer signs up who wants the same vacancies.
    cancelled = live_interviews(event)[0]
    cancelled.cancelled_at = utcnow()
    cancelled.release_cells()
    make_candidate(event, cards=["hygiene_passport"], interests=[barista, seller])
    db.session.commit()

    problem, schedule = _solve_into_draft(event, seed=7)
    kept = next(t for t in schedule.objectives if t.name == "kept_published")
    assert kept.value == 0
    now = {i.id: (i.candidate_id, i.vacancy_id, i.start_minute, i.table_no)
           for i in live_interviews(event)}
    for interview_id, where in published.items():
        if interview_id != cancelled.id:
            assert now[interview_id] == where
    assert check_schedule(problem, solver_interviews(live_interviews(event))) == []


def test_two_publishes_at_once_cannot_take_one_number(setup, make_interview, staff_user,
                                                       monkeypatch):
    """The unique (event, number) decides a race; the loser gets a 409 and saves nothing."""
    event = setup["event"]
    make_interview(setup["youth"][0], setup["seller"])
    operations.publish_schedule(event, staff_user)
    db.session.commit()
    # The second publisher read the versions before the first one committed.
    monkeypatch.setattr(operations, "latest_version", lambda _event: None)
    with pytest.raises(operations.ScheduleError) as refused:
        operations.publish_schedule(event, staff_user)
    assert refused.value.status == 409
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ScheduleVersion)) == 1
