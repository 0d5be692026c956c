"""The waiting list: a declined or cancelled interview's time goes to someone else.

After a decline or a cancellation is committed, `offer_freed_time` starts a short re-solve in
the background (`refill_job`, through `recruit.core.jobs`). The engine keeps every published
interview (tier 1), so the only differences from the published schedule are new interviews in
the freed times. Then, per the event's `change_policy`:

* "automatic": the new schedule is published at once, and publishing e-mails exactly the
  people whose schedule changed (through the change path, `recruit.changes.notify`);
* "review": the draft waits; staff see the pending changes
  (`recruit.scheduling.waitlist_review`) and publish them with one button.

A draft that already differed from the published schedule before the re-solve (staff edits in
progress) is never published automatically: those edits are for staff to send.
"""

from __future__ import annotations

import logging
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from recruit.booking.operations import BOOKED_SOURCES, lock_row
from recruit.core import jobs
from recruit.extensions import db
from recruit.models import Event, Interview, SolveRun, utcnow
from recruit.scheduling.bridge import (
    Schedule,
    build_problem,
    live_interviews,
    schedule_to_dict,
    solve,
)
from recruit.scheduling.build_summary import summary_of
from recruit.scheduling.publishing import ScheduleError, publish_schedule
from recruit.scheduling.queries import active_run, latest_version, published_entries
from recruit.scheduling.store import store_schedule

log = logging.getLogger(__name__)

DEFAULT_TIME_LIMIT_SECONDS = 10
# A run whose answer no longer fits (someone booked meanwhile) solves again this many times.
REFILL_ATTEMPTS = 2
# Marks a SolveRun as the waiting list's, so staff pages can tell it from a full build.
RUN_KIND = {"kind": "waitlist"}
_WHERE_AND_WHEN = ("vacancy_id", "table_no", "start_minute", "end_minute")


def offer_freed_time(event: Event) -> SolveRun | None:
    """Start re-solving for the waiting list (after a commit that freed a published time).

    Commits (the job reads the run in its own session). Returns None when nothing was
    started: nothing is published yet, or a solve is running (a waiting-list run looks again
    for times freed while it ran, see `refill_job`).
    """
    if latest_version(event) is None or active_run(event) is not None:
        return None
    limit = current_app.config.get("WAITLIST_TIME_LIMIT_SECONDS", DEFAULT_TIME_LIMIT_SECONDS)
    run = SolveRun(event_id=event.id, status="queued", time_limit=int(limit),
                   progress=dict(RUN_KIND))
    db.session.add(run)
    db.session.commit()
    try:
        jobs.enqueue(refill_job, run.id, timeout=2 * run.time_limit + 120)
    except jobs.JobQueueUnavailable:
        log.exception("could not queue the waiting list", extra={"object_id": run.id})
        run.status, run.error, run.finished_at = "failed", "queue_unavailable", utcnow()
        db.session.commit()
        return None
    return run


def draft_is_published(event: Event) -> bool:
    """True when the draft equals the published schedule, apart from freed times and
    interviews people booked themselves (both already known to everyone concerned)."""
    entries = {entry["id"]: entry for entry in published_entries(event)}
    existing = set(db.session.scalars(
        sa.select(Interview.id).where(Interview.id.in_(list(entries)))
    )) if entries else set()
    if set(entries) - existing:
        return False  # staff removed a published interview and have not published that yet
    for row in live_interviews(event):
        entry = entries.get(row.id)
        if entry is None:
            if row.source not in BOOKED_SOURCES:
                return False
        elif any(entry[key] != getattr(row, key) for key in _WHERE_AND_WHEN):
            return False
    return True


def _solve(event: Event, run: SolveRun) -> Schedule:
    return solve(build_problem(event).problem, time_limit=run.time_limit, seed=run.seed,
                 workers=current_app.config.get("SOLVER_WORKERS", 2))


def refill_job(run_id: int) -> None:
    """The background job: re-solve keeping the published schedule, store, maybe publish."""
    run = db.session.get(SolveRun, run_id)
    if run is None or run.status != "queued":
        return
    run.status, run.started_at = "running", utcnow()
    db.session.commit()
    started, event_id = run.started_at, run.event_id
    for attempt in range(1, REFILL_ATTEMPTS + 1):
        try:
            _refill(db.session.get_one(SolveRun, run_id))
            break
        except (IntegrityError, ValueError, ScheduleError):
            # Someone booked or changed a time while the engine ran: its answer no longer
            # fits the database. Solve again from what is there now.
            db.session.rollback()
            if attempt == REFILL_ATTEMPTS:
                _fail(run_id, "changed_while_solving")
                return
        except Exception:
            db.session.rollback()
            log.exception("waiting list run failed", extra={"object_id": run_id})
            _fail(run_id, "internal_error")
            return
    offer_times_freed_since(db.session.get(Event, event_id), started)


def _refill(run: SolveRun) -> None:
    event = run.event
    automatic = event.change_policy == "automatic" and draft_is_published(event)
    schedule = _solve(event, run)
    if schedule.status not in ("OPTIMAL", "FEASIBLE"):
        _finish(run, "failed", error=schedule.message or schedule.status)
        db.session.commit()
        return
    # Declines that arrived while the engine ran must not come back to life: with the
    # event's row held, `store_schedule` reads them all.
    lock_row(Event, event.id)
    store_schedule(event, schedule.interviews)
    _finish(run, "done", result=schedule_to_dict(schedule))
    if automatic:
        publish_schedule(event, None)
    db.session.commit()


def _fail(run_id: int, error: str) -> None:
    failed = db.session.get(SolveRun, run_id)
    if failed is not None:
        _finish(failed, "failed", error=error)
        db.session.commit()


def _finish(run: SolveRun, status: str, *, result: dict[str, Any] | None = None,
            error: str | None = None) -> None:
    run.status, run.finished_at, run.error = status, utcnow(), error
    if result is not None:
        run.result, run.summary = result, summary_of(result)
    db.session.flush()


def offer_times_freed_since(event: Event | None, since: Any) -> None:
    """A time freed while a run (this waiting-list run, or a staff build, during which
    `offer_freed_time` starts nothing) was solving was not in its problem: offer it now."""
    if event is None or since is None:
        return
    freed_later = db.session.scalar(
        sa.select(sa.func.count(Interview.id)).where(
            Interview.event_id == event.id, Interview.cancelled_at > since
        )
    )
    if freed_later:
        offer_freed_time(event)
