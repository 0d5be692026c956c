"""Building a schedule in the background: start a solve, watch it, stop it, store its answer.

A SolveRun row is the whole state of a solve (status, progress, result, stop flag), so the
page that started it, any other web instance and the worker all see the same thing. The job
runs in its own app context and session (recruit.core.jobs); its progress callbacks may come from
the solver's own threads, so they write through the engine directly, never through the
session.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from recruit.booking.operations import lock_row
from recruit.core import audit, jobs
from recruit.extensions import db
from recruit.models import Event, SolveRun, StaffUser, utcnow
from recruit.scheduling import explanation
from recruit.scheduling.bridge import (
    ProblemError,
    build_problem,
    schedule_to_dict,
    solve,
    validate_problem,
)
from recruit.scheduling.build_summary import summary_of
from recruit.scheduling.publishing import ScheduleError
from recruit.scheduling.queries import ACTIVE_STATUSES, active_run, is_stale
from recruit.scheduling.store import store_schedule
from recruit.scheduling.waitlist import offer_times_freed_since

log = logging.getLogger(__name__)

# Progress is written at most this often: the page polls every few seconds anyway, and a
# write per solver callback would load the database for nothing.
PROGRESS_INTERVAL_SECONDS = 1.0
# The stop flag is read at most this often while the solver polls `should_stop`.
STOP_POLL_SECONDS = 0.5
# How often a running job renews its lease (well inside `queries.LEASE_SECONDS`).
LEASE_RENEW_SECONDS = 3.0


def queue_run(
    event: Event, by: StaffUser | None, *, time_limit: int | None = None, seed: int = 0,
    improve_waiting: bool = False,
) -> SolveRun:
    """A new queued SolveRun of the event, committed (the job reads it in another session)."""
    _retire_stale_runs(event)
    if active_run(event) is not None:
        raise ScheduleError(_l("A schedule is already being built for this event."), status=409)
    limit = time_limit or current_app.config.get("SOLVER_TIME_LIMIT_SECONDS", 60)
    run = SolveRun(
        event_id=event.id,
        status="queued",
        requested_by_id=by.id if by is not None else None,
        time_limit=max(1, int(limit)),
        seed=seed,
        improve_waiting=improve_waiting,
    )
    db.session.add(run)
    audit.record("schedule.build", run, by, event_id=event.id)
    db.session.commit()
    return run


def start_build(
    event: Event, by: StaffUser | None, *, time_limit: int | None = None, seed: int = 0,
    improve_waiting: bool = False,
) -> SolveRun:
    """Queue a solve of the event and start it in the background; commits.

    The run must be committed before the job starts, since the job reads it in another
    session (maybe on another machine); so unlike other operations this one commits.
    """
    run = queue_run(event, by, time_limit=time_limit, seed=seed,
                    improve_waiting=improve_waiting)
    try:
        job_id = jobs.enqueue(run_solve, run.id, timeout=2 * run.time_limit + 120)
    except jobs.JobQueueUnavailable:
        log.exception("could not queue solve run", extra={"object_id": run.id})
        run.status, run.error, run.finished_at = "failed", "queue_unavailable", utcnow()
        db.session.commit()
        raise ScheduleError(
            _l("The job queue is not reachable; the schedule was not built. Try again later."),
            status=503,
        ) from None
    if not job_id.startswith("thread:"):
        # Only the queue's id is worth keeping: it finds the job in RQ's own tools.
        db.session.execute(sa.update(SolveRun).where(SolveRun.id == run.id).values(job_id=job_id))
        db.session.commit()
    return run


def _retire_stale_runs(event: Event) -> None:
    stale = db.session.scalars(
        sa.select(SolveRun).where(
            SolveRun.event_id == event.id, SolveRun.status.in_(ACTIVE_STATUSES)
        )
    )
    for run in stale:
        _retire(run)


def _retire(run: SolveRun) -> bool:
    if run.status not in ACTIVE_STATUSES or not is_stale(run):
        return False
    lost = run.status == "running" and run.heartbeat_at is not None
    run.status, run.finished_at = "failed", utcnow()
    run.error = "worker_lost" if lost else "stale"
    return True


def retire_if_lost(run: SolveRun) -> SolveRun:
    """Mark a run whose worker died failed, so whoever looks at it sees that at once
    (a half-written schedule cannot exist: a build stores its answer in one transaction).
    Commits when it changed the run."""
    if _retire(run):
        log.warning("solve run lost its worker", extra={"object_id": run.id})
        db.session.commit()
    return run


def request_stop(run: SolveRun, by: StaffUser | None) -> None:
    """Ask a solve to stop; it keeps the best schedule found so far. Flushes."""
    if _retire(run):
        pass  # its worker is gone: nothing would ever read the stop flag
    elif run.status == "queued":
        # Not started: nothing to keep. The job sees the status and does nothing.
        run.status, run.finished_at = "stopped", utcnow()
    elif run.status == "running":
        run.stop_requested = True
    else:
        raise ScheduleError(_l("This solve has already finished."), status=409)
    audit.record("schedule.stop", run, by, event_id=run.event_id)
    db.session.flush()


class _RunChannel:
    """Progress out and the stop flag in, through the engine (safe from any thread)."""

    def __init__(self, engine: Engine, run_id: int) -> None:
        self.engine, self.run_id = engine, run_id
        self.lock = threading.Lock()
        self.latest: dict[str, Any] | None = None
        self.written_at = 0.0
        self.polled_at = 0.0
        self.stop = False

    def report(self, progress: dict[str, Any]) -> None:
        with self.lock:
            self.latest = progress
            if time.monotonic() - self.written_at >= PROGRESS_INTERVAL_SECONDS:
                self._write()

    def flush(self) -> None:
        with self.lock:
            if self.latest is not None:
                self._write()

    def _write(self) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                sa.update(SolveRun).where(SolveRun.id == self.run_id).values(progress=self.latest)
            )
        self.written_at = time.monotonic()

    def should_stop(self) -> bool:
        with self.lock:
            if not self.stop and time.monotonic() - self.polled_at >= STOP_POLL_SECONDS:
                with self.engine.connect() as connection:
                    self.stop = bool(
                        connection.scalar(
                            sa.select(SolveRun.stop_requested).where(SolveRun.id == self.run_id)
                        )
                    )
                self.polled_at = time.monotonic()
            return self.stop


class _Lease:
    """Renews the run's lease from a thread of its own while the job works (building the
    model takes seconds without any solver callback)."""

    def __init__(self, engine: Engine, run_id: int) -> None:
        self.engine, self.run_id = engine, run_id
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._renew, name=f"lease-{run_id}",
                                       daemon=True)
        self.thread.start()

    def _renew(self) -> None:
        while not self.done.wait(LEASE_RENEW_SECONDS):
            try:
                with self.engine.begin() as connection:
                    connection.execute(
                        sa.update(SolveRun)
                        .where(SolveRun.id == self.run_id, SolveRun.status == "running")
                        .values(heartbeat_at=utcnow())
                    )
            except Exception:  # the database away for a moment: the next renewal retries
                log.warning("could not renew a solve lease", extra={"object_id": self.run_id})

    def end(self) -> None:
        self.done.set()
        self.thread.join(timeout=LEASE_RENEW_SECONDS + 5)


def run_solve(run_id: int) -> None:
    """The job: solve the event of run `run_id` and store the answer as the draft.

    Records every outcome on the run (done, stopped, failed with a reason), so the page that
    watches it never waits for a job that is gone.
    """
    run = db.session.get(SolveRun, run_id)
    if run is None or run.status != "queued":
        return  # stopped before it started, or delivered twice
    run.status, run.started_at = "running", utcnow()
    run.heartbeat_at = run.started_at
    db.session.commit()
    channel = _RunChannel(db.engine, run_id)
    lease = _Lease(db.engine, run_id)
    try:
        bridge = build_problem(run.event)
        validate_problem(bridge.problem)
        schedule = solve(
            bridge.problem,
            time_limit=run.time_limit,
            seed=run.seed,
            workers=current_app.config.get("SOLVER_WORKERS", 2),
            on_progress=channel.report,
            should_stop=channel.should_stop,
            improve_waiting=run.improve_waiting,
        )
        channel.flush()
        db.session.refresh(run)
        result = schedule_to_dict(schedule)
        result["left_out"] = [{"id": key, "code": code} for key, code in bridge.left_out]
        # What this build had to keep: its result page speaks of these, not of later versions.
        result["published"] = len(bridge.problem.published)
        if schedule.status not in ("OPTIMAL", "FEASIBLE"):
            _finish(run, "failed", result=result, error=schedule.message or schedule.status)
            return
        # Held like the waiting list does, so a decline is either seen by the store or after.
        lock_row(Event, run.event_id)
        store_schedule(run.event, schedule.interviews)
        explanation.refresh(run.event)
        _finish(run, "stopped" if channel.stop else "done", result=result)
    except ProblemError as error:
        db.session.rollback()
        _finish(db.session.get(SolveRun, run_id), "failed", error="\n".join(error.errors))
    except IntegrityError:
        # Someone booked a time the answer also uses while the solve ran.
        db.session.rollback()
        _finish(db.session.get(SolveRun, run_id), "failed", error="changed_during_solve")
    except Exception:
        db.session.rollback()
        log.exception("solve run failed", extra={"object_id": run_id})
        _finish(db.session.get(SolveRun, run_id), "failed", error="internal_error")
    finally:
        lease.end()
    _after_build(run_id)


def _after_build(run_id: int) -> None:
    """A decline during the build started no waiting-list run (one run per event at a time):
    start it now that the build is over, for the times freed since the build began."""
    run = db.session.get(SolveRun, run_id)
    if run is None:
        return
    try:
        offer_times_freed_since(run.event, run.started_at)
    except Exception:
        db.session.rollback()
        log.exception("could not offer freed times after a build", extra={"object_id": run_id})


def _finish(
    run: SolveRun | None, status: str, *, result: dict[str, Any] | None = None,
    error: str | None = None
) -> None:
    if run is None:
        return
    run.status, run.finished_at = status, utcnow()
    if result is not None:
        run.result, run.summary = result, summary_of(result)
    run.error = error
    db.session.commit()
