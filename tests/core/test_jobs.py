"""Background solves: the in-process thread, a real RQ worker on Redis, stopping early, failures.

The RQ tests need a Redis server: TEST_REDIS_URL (default redis://127.0.0.1:6379/15). They are
skipped with the reason when it is unreachable, unless REQUIRE_REDIS=1. Each run uses a queue
of its own, so parallel runs on a shared server never take each other's jobs.
"""

from __future__ import annotations

import os
import secrets
import time

import pytest
import sqlalchemy as sa

from recruit.core import jobs
from recruit.extensions import db
from recruit.models import Interview, SolveRun, utcnow
from recruit.scheduling import solving
from recruit.scheduling.bridge import build_problem, live_interviews, solver_interviews
from recruit.scheduling.publishing import ScheduleError
from solver.validate import check_schedule
from tests.conftest import REDIS_URL
from tests.scheduling.support import TEST_TIME_LIMIT, small_event, wait_for_run


@pytest.fixture
def setup(make_event, make_employer, make_vacancy, make_candidate):
    return small_event(make_event, make_employer, make_vacancy, make_candidate)


def _assert_valid_draft(event) -> list[Interview]:
    rows = live_interviews(event)
    assert rows
    problem = build_problem(event).problem
    assert check_schedule(problem, solver_interviews(rows)) == []
    return rows


def test_thread_job_solves_and_stores_the_draft(setup, staff_user):
    event = setup["event"]
    run = solving.start_build(event, staff_user, time_limit=TEST_TIME_LIMIT, seed=5)
    assert run.job_id is None  # in-process: no queue id
    finished = wait_for_run(run.id)

    assert finished.status == "done", finished.error
    assert finished.started_at is not None and finished.finished_at >= finished.started_at
    assert finished.result["status"] in ("OPTIMAL", "FEASIBLE")
    assert finished.progress and "objectives" in finished.progress
    rows = _assert_valid_draft(event)
    assert len(rows) == len(finished.result["interviews"])


def test_a_second_build_waits_for_the_first(setup, staff_user):
    event = setup["event"]
    db.session.add(SolveRun(event_id=event.id, status="running", time_limit=60,
                            started_at=utcnow()))
    db.session.commit()
    with pytest.raises(ScheduleError) as refused:
        solving.start_build(event, staff_user, time_limit=TEST_TIME_LIMIT)
    assert refused.value.status == 409


def test_a_run_whose_worker_died_no_longer_blocks(setup, staff_user):
    event = setup["event"]
    from datetime import timedelta

    long_ago = utcnow() - timedelta(hours=3)
    stale = SolveRun(event_id=event.id, status="running", time_limit=10, created_at=long_ago,
                     started_at=long_ago)
    db.session.add(stale)
    db.session.commit()
    run = solving.start_build(event, staff_user, time_limit=TEST_TIME_LIMIT)
    assert wait_for_run(run.id).status == "done"
    db.session.refresh(stale)
    assert (stale.status, stale.error) == ("failed", "stale")


def test_stop_early_keeps_the_best_schedule_so_far(
    make_event, make_employer, make_vacancy, make_candidate, staff_user
):
    """A solve given a minute (and asked to keep improving waiting times, so that it would use
    it) is stopped after its first progress; it ends within seconds."""
    event = make_event()
    vacancies = []
    for _employer_number in range(5):
        employer = make_employer(event, tables=2, min_candidates=20, max_candidates=26)
        vacancies += [make_vacancy(employer), make_vacancy(employer)]
    for number in range(120):
        ranked = [vacancies[(number * 7 + k * 3) % len(vacancies)] for k in range(3)]
        make_candidate(event, interests=ranked, open_to_other=number % 3 == 0,
                       windows=[(9 * 60 + 30 * (number % 4), 13 * 60 - 20 * (number % 3))])
    run = solving.start_build(event, staff_user, time_limit=60, seed=1, improve_waiting=True)
    deadline = time.monotonic() + 30
    while True:
        db.session.rollback()
        current = db.session.get(SolveRun, run.id, populate_existing=True)
        if current.progress or current.status not in ("queued", "running"):
            break
        assert time.monotonic() < deadline, "no progress written"
        time.sleep(0.05)
    if current.status == "running":
        stopped_at = time.monotonic()
        solving.request_stop(current, staff_user)
        db.session.commit()
        finished = wait_for_run(run.id, timeout=30)
        # Far sooner than the 60 s the solve was given.
        assert time.monotonic() - stopped_at < 20
        if finished.status == "done":
            # The search proved every tier between the progress and the stop arriving.
            assert all(tier["proven"] for tier in finished.result["objectives"])
        else:
            assert finished.status == "stopped"
    else:
        finished = current  # every tier proven optimal before the stop could be sent
        assert finished.status == "done"
        assert all(tier["proven"] for tier in finished.result["objectives"])
    assert finished.stop_requested or finished.status == "done"
    assert finished.result["interviews"]
    _assert_valid_draft(event)


def test_stopping_a_queued_run_means_it_never_runs(setup, staff_user):
    event = setup["event"]
    run = SolveRun(event_id=event.id, status="queued", time_limit=5)
    db.session.add(run)
    db.session.commit()
    solving.request_stop(run, staff_user)
    db.session.commit()
    solving.run_solve(run.id)  # the job arriving late does nothing
    db.session.refresh(run)
    assert run.status == "stopped"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Interview)) == 0


def test_a_problem_the_solver_refuses_fails_the_run_with_the_reason(setup, staff_user,
                                                                      make_interview):
    event, youth, barista = setup["event"], setup["youth"], setup["barista"]
    # A lock that breaks a hard rule: youth[2] lacks the hygiene passport.
    make_interview(youth[2], barista, locked=True)
    run = solving.start_build(event, staff_user, time_limit=TEST_TIME_LIMIT)
    finished = wait_for_run(run.id)
    assert finished.status == "failed"
    assert f"C{youth[2].id}" in finished.error and "hygiene_passport" in finished.error


def test_unreachable_queue_fails_the_run_clearly(make_app, setup, staff_user):
    event_id, user_id = setup["event"].id, staff_user.id
    app = make_app(REDIS_URL="redis://127.0.0.1:1/0")
    with app.app_context():
        from recruit.models import Event, StaffUser

        with pytest.raises(ScheduleError) as refused:
            solving.start_build(db.session.get(Event, event_id), db.session.get(StaffUser, user_id),
                                time_limit=TEST_TIME_LIMIT)
        assert refused.value.status == 503
        run = db.session.scalar(sa.select(SolveRun))
        assert (run.status, run.error) == ("failed", "queue_unavailable")
        db.session.remove()


def test_rq_worker_runs_the_solve_from_the_database(
    make_app, database_url, setup, staff_user, redis_connection, monkeypatch
):
    """Enqueued through a real Redis, drained by a real RQ worker that builds its own app."""
    from rq import Queue, SimpleWorker

    queue_name = f"recruit-test-{os.getpid()}-{secrets.token_hex(4)}"
    event_id, user_id = setup["event"].id, staff_user.id
    app = make_app(REDIS_URL=REDIS_URL, RQ_QUEUE=queue_name)
    with app.app_context():
        from recruit.models import Event, StaffUser

        run = solving.start_build(db.session.get(Event, event_id),
                                  db.session.get(StaffUser, user_id), time_limit=TEST_TIME_LIMIT)
        run_id, job_id = run.id, run.job_id
        db.session.remove()
    assert job_id
    queue = Queue(queue_name, connection=redis_connection)
    try:
        assert queue.count == 1
        assert db.session.get(SolveRun, run_id).status == "queued"
        # The worker's job builds its app with create_app() from the environment, as in
        # production: point it at this test's database.
        monkeypatch.setenv("DATABASE_URL", database_url)
        monkeypatch.setenv("LOG_JSON", "false")
        worker = SimpleWorker([queue], connection=redis_connection)
        assert worker.work(burst=True)
        finished = wait_for_run(run_id, timeout=5)
        assert finished.status == "done", finished.error
        assert queue.fetch_job(job_id).get_status() == "finished"
        _assert_valid_draft(setup["event"])
    finally:
        queue.delete(delete_jobs=True)
        for key in redis_connection.scan_iter(f"*{queue_name}*"):
            redis_connection.delete(key)
        redis_connection.delete(f"rq:job:{job_id}", f"rq:results:{job_id}")


def test_job_path_names_a_module_function():
    assert jobs.job_path(solving.run_solve) == "recruit.scheduling.solving:run_solve"


def test_progress_is_written_at_most_once_a_second(setup):
    """A burst of solver callbacks costs one write; the last word is kept by the flush."""
    run = SolveRun(event_id=setup["event"].id, status="running", time_limit=5)
    db.session.add(run)
    db.session.commit()
    channel = solving._RunChannel(db.engine, run.id)
    writes = []

    def count_updates(_conn, _cursor, statement, *_args):
        if statement.startswith("UPDATE solve_run"):
            writes.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count_updates)
    try:
        for step in range(50):
            channel.report({"stage": "covered", "elapsed": step / 100, "objectives": {}})
        assert len(writes) == 1
        channel.flush()
        assert len(writes) == 2
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count_updates)
    db.session.refresh(run)
    assert run.progress["elapsed"] == 0.49


def test_flask_solve_stores_a_draft(runner, setup):
    event = setup["event"]
    result = runner.invoke(args=["solve", str(event.id), "--time-limit", str(TEST_TIME_LIMIT)])
    assert result.exit_code == 0, result.output
    assert "youth placed" in result.output
    _assert_valid_draft(event)
    missing = runner.invoke(args=["solve", "999999"])
    assert missing.exit_code != 0 and "no event" in missing.output


def test_flask_solve_refuses_while_a_build_runs(runner, setup):
    event = setup["event"]
    db.session.add(SolveRun(event_id=event.id, status="running", time_limit=60,
                            started_at=utcnow()))
    db.session.commit()
    result = runner.invoke(args=["solve", str(event.id)])
    assert result.exit_code == 1
    assert "already being built" in result.output


def test_a_booking_made_during_the_solve_fails_the_run_cleanly(setup, staff_user,
                                                                 make_interview, monkeypatch):
    """The answer is stored only if it still fits: a time booked meanwhile is never lost."""
    event, youth, seller = setup["event"], setup["youth"], setup["seller"]
    real_solve = solving.solve

    def solve_then_someone_books(problem, **options):
        schedule = real_solve(problem, **options)
        taken = next(i for i in schedule.interviews if i.employer == f"E{seller.employer_id}")
        other = next(c for c in youth if f"C{c.id}" != taken.candidate)
        make_interview(other, seller, start_minute=taken.start, table_no=taken.table,
                       source="self")
        return schedule

    monkeypatch.setattr(solving, "solve", solve_then_someone_books)
    run = solving.queue_run(event, staff_user, time_limit=TEST_TIME_LIMIT)
    solving.run_solve(run.id)
    db.session.expire_all()
    finished = db.session.get(SolveRun, run.id)
    assert (finished.status, finished.error) == ("failed", "changed_during_solve")
    [booked] = live_interviews(event)
    assert booked.source == "self"
