""""Fill gaps from now": on the event day, place walk-ins and the waiting list into the times
still free, without touching anything people already know.

The engine runs with every live interview as a lock (so each one that started or was
published stays exactly where it is) and with the young people's time starting at now plus the
same-day margin (`recruit.scheduling.same_day`), so nothing new lands in the past. The answer
is stored and published at once; publishing ends in the change path
(`recruit.changes.notify.notify_changes`), which tells exactly the people concerned: the
young people placed get their invitation, the employers their changed roster.

The run is a job like a build (it is a solve of the whole event); its result lives on the
SolveRun, marked with `RUN_KIND`, never in memory.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from recruit.booking.operations import lock_row
from recruit.core import audit, jobs
from recruit.extensions import db
from recruit.models import Event, SolveRun, StaffUser, utcnow
from recruit.scheduling.bridge import build_problem, live_interviews, solve
from recruit.scheduling.publishing import ScheduleError, publish_schedule
from recruit.scheduling.queries import active_run, latest_version
from recruit.scheduling.store import store_schedule
from recruit.scheduling.waitlist import draft_is_published

log = logging.getLogger(__name__)

RUN_KIND = "fill_gaps"
DEFAULT_TIME_LIMIT_SECONDS = 20


@dataclass(frozen=True)
class FillResult:
    status: str  # "done" or "failed"
    added: int = 0
    error: str | None = None


def can_fill(event: Event) -> None:
    """Raise ScheduleError when filling cannot start now, saying why."""
    if latest_version(event) is None:
        raise ScheduleError(_l("Publish the schedule first: filling gaps keeps the published "
                               "schedule and adds to it."))
    if active_run(event) is not None:
        raise ScheduleError(_l("A schedule is already being built for this event."), status=409)
    if not draft_is_published(event):
        raise ScheduleError(_l("The schedule has edits that are not published yet. Publish or "
                               "undo them on the Schedule tab first."), status=409)


def start_fill(event: Event, by: StaffUser | None) -> SolveRun:
    """Queue the fill as a job; commits (the job reads the run in its own session)."""
    can_fill(event)
    limit = current_app.config.get("FILL_GAPS_TIME_LIMIT_SECONDS", DEFAULT_TIME_LIMIT_SECONDS)
    run = SolveRun(event_id=event.id, status="queued", time_limit=int(limit),
                   requested_by_id=by.id if by is not None else None,
                   progress={"kind": RUN_KIND})
    db.session.add(run)
    audit.record("schedule.fill_gaps", run, by, event_id=event.id)
    db.session.commit()
    try:
        jobs.enqueue(fill_gaps_job, run.id, timeout=2 * run.time_limit + 120)
    except jobs.JobQueueUnavailable:
        log.exception("could not queue filling gaps", extra={"object_id": run.id})
        run.status, run.error, run.finished_at = "failed", "queue_unavailable", utcnow()
        db.session.commit()
        raise ScheduleError(
            _l("The job queue is not reachable; nothing was changed. Try again later."),
            status=503,
        ) from None
    return run


def fill_gaps(event: Event, by: StaffUser | None, *, time_limit: int,
              now: datetime | None = None, run: SolveRun | None = None) -> FillResult:
    """Solve with every live interview locked and nothing before now; store and publish.

    `run`, the job's own run, is finished before publishing (publishing waits for no run).
    Flushes; the caller commits. Raises IntegrityError when someone booked a time while the
    engine ran (the answer no longer fits): the caller solves again.
    """
    locks = live_interviews(event)
    problem = build_problem(event, locks, now=now).problem
    schedule = solve(problem, time_limit=time_limit, seed=0,
                     workers=current_app.config.get("SOLVER_WORKERS", 2))
    if schedule.status not in ("OPTIMAL", "FEASIBLE"):
        return FillResult("failed", error=schedule.message or schedule.status)
    lock_row(Event, event.id)
    store_schedule(event, schedule.interviews)
    if run is not None:
        run.status, run.finished_at = "done", utcnow()
        db.session.flush()
    published = publish_schedule(event, by)
    result = FillResult("done", added=len(published.added))
    if run is not None:
        run.progress = {"kind": RUN_KIND, "added": result.added}
    db.session.flush()
    return result


def fill_gaps_job(run_id: int) -> None:
    """The background job: fill, then record the outcome on the run."""
    run = db.session.get(SolveRun, run_id)
    if run is None or run.status != "queued":
        return
    run.status, run.started_at = "running", utcnow()
    db.session.commit()
    for attempt in (1, 2):
        run = db.session.get_one(SolveRun, run_id)
        by = db.session.get(StaffUser, run.requested_by_id) if run.requested_by_id else None
        try:
            result = fill_gaps(run.event, by, time_limit=run.time_limit, run=run)
        except (IntegrityError, ValueError, ScheduleError):
            db.session.rollback()
            if attempt == 2:
                _finish(run_id, FillResult("failed", error="changed_while_solving"))
                return
            continue
        except Exception:
            db.session.rollback()
            log.exception("filling gaps failed", extra={"object_id": run_id})
            _finish(run_id, FillResult("failed", error="internal_error"))
            return
        if result.status == "done":
            db.session.commit()
        else:
            db.session.rollback()
            _finish(run_id, result)
        return


def _finish(run_id: int, result: FillResult) -> None:
    run = db.session.get_one(SolveRun, run_id)
    run.status, run.finished_at, run.error = result.status, utcnow(), result.error
    run.progress = {"kind": RUN_KIND, "added": result.added}
    db.session.commit()


def latest_fill(event: Event) -> SolveRun | None:
    """The event's most recent fill run (for the page to say how it went)."""
    runs = db.session.scalars(
        sa.select(SolveRun).where(SolveRun.event_id == event.id)
        .order_by(SolveRun.id.desc()).limit(10)
    )
    return next((r for r in runs if (r.progress or {}).get("kind") == RUN_KIND), None)
