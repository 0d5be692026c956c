"""Publishing from the staff page and the API: the version is recorded in the request, people
are told by a background job.

At 40 employers and 1,200 young people a publish owes about 1,100 messages; rendering them
took most of the 5-6 s the request used to take. Now the request records the version
(`publishing.record_version`) and a `PublishRun` in one transaction and queues `tell_people`
(RQ when REDIS_URL is set, a thread otherwise: `recruit.core.jobs`), which queues the
messages in steps, each step in one transaction with its progress:

1. the roster e-mails of the employers whose roster the version changed;
2. the young people in batches of `BATCH_SIZE` in id order, each batch through the one change
   path (`notify_changes` limited to the batch): what each was told is recorded with the
   message, so a batch is either wholly queued and remembered, or not at all;
3. the roster e-mail of any other employer the batches found changed;
4. the "no interview this time" notices (each remembered on the person).

A job that dies (worker killed, machine restarted) leaves the run with an old lease; the
progress page (and `flask resume-publishing`, run by `flask periodic`) queue it again, and
the new job goes on after the last committed step: no message is queued twice, none is
skipped. A job claims the run with a token of its own, and a step commits only while the
token is still its own, so an old job that comes back to life stops instead of telling
people a second time.
"""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from recruit.changes.notify import ChangeCounts, notify_changes, tell_rosters_changed
from recruit.core import audit, jobs
from recruit.extensions import db
from recruit.mail.roster_ready import employers_to_notify, queue_roster_changed
from recruit.models import Candidate, Event, PublishRun, ScheduleVersion, StaffUser, utcnow
from recruit.scheduling.bridge import live_interviews
from recruit.scheduling.left_out import notify_left_out
from recruit.scheduling.publishing import ScheduleError, record_version

log = logging.getLogger(__name__)

# Young people per transaction: small enough that a batch commits in well under a second
# at 40 x 1,200 (and a resumed job repeats little), large enough that the per-batch reads
# of the published snapshot stay a small share.
BATCH_SIZE = 100
# A running job renews its lease at every step; a run this long without renewal lost its
# job (a step takes seconds at most; the "no interview" notices the longest, about 5 s at
# 40 x 1,200 on a loaded machine).
LEASE_SECONDS = 60
# A batch that clashed with a change made at the same moment (both told one person) is
# tried again this often: the other change's record then says what is still owed.
BATCH_ATTEMPTS = 3
ACTIVE = ("queued", "running")


def _lease_seconds() -> int:
    return int(current_app.config.get("PUBLISH_LEASE_SECONDS", LEASE_SECONDS))


def active_publish(event: Event) -> PublishRun | None:
    """The event's publish still telling people, if any."""
    return db.session.scalar(
        sa.select(PublishRun)
        .where(PublishRun.event_id == event.id, PublishRun.status.in_(ACTIVE))
        .order_by(PublishRun.id.desc())
        .limit(1)
    )


def _busy(event: Event) -> bool:
    run = active_publish(event)
    return run is not None and not is_lost(run)


def run_of(event: Event, run_id: int) -> PublishRun | None:
    run = db.session.get(PublishRun, run_id)
    return run if run is not None and run.event_id == event.id else None


def publish_in_background(event: Event, by: StaffUser | None) -> PublishRun:
    """Record the draft as the next version and queue the job that tells people; commits.

    Refused (409) while the previous publish is still telling people: its batches and this
    version's would only repeat each other's work.
    """
    if _busy(event):
        raise ScheduleError(
            _l("The previous publish is still sending its messages; wait for it to finish."),
            status=409,
        )
    run = record_publish(event, by)
    _queue(run)
    return run


def record_publish(event: Event, by: StaffUser | None) -> PublishRun:
    """The first half of `publish_in_background`: the version and its `PublishRun`,
    committed together; nobody is told until `tell_people` runs."""
    result = record_version(event, by)
    total = db.session.scalar(
        sa.select(sa.func.count()).select_from(Candidate).where(Candidate.event_id == event.id)
    ) or 0
    run = PublishRun(
        event_id=event.id,
        version_id=result.version.id,
        roster_employer_ids=sorted(employers_to_notify(result)),
        other_employer_ids=[],
        people_total=total,
    )
    db.session.add(run)
    db.session.flush()
    audit.record("schedule.publish_messages", run, by, event_id=event.id)
    db.session.commit()
    return run


def _queue(run: PublishRun) -> None:
    """Queue the job; without a reachable Redis it runs in this process instead (the run
    is in the database, so nothing depends on which process tells people)."""
    job_id = jobs.enqueue(tell_people, run.id, fallback_to_thread=True)
    if not job_id.startswith("thread:"):
        db.session.execute(
            sa.update(PublishRun).where(PublishRun.id == run.id).values(job_id=job_id)
        )
        db.session.commit()


def preview_publish(event: Event, by: StaffUser | None) -> ChangeCounts:
    """The calendar messages publishing would send, counted without rendering any; nothing
    is kept (everything is rolled back). Errors of the publish pass through."""
    try:
        record_version(event, by)
        return notify_changes(event, reason="schedule.publish", dry_run=True)
    finally:
        db.session.rollback()


def is_lost(run: PublishRun) -> bool:
    """Queued or running, but its lease ran out: the job that had it is gone."""
    if run.status not in ACTIVE:
        return False
    seen = run.heartbeat_at or run.created_at
    return utcnow() - seen > timedelta(seconds=_lease_seconds())


def resume_if_lost(run: PublishRun) -> PublishRun:
    """Queue a lost run again (it goes on after its last committed step). Commits."""
    if is_lost(run):
        log.warning("publish job lost; queued again", extra={"object_id": run.id})
        # Queued again, its old job (if only slow) no longer its owner; the fresh lease
        # keeps the pages that look at it meanwhile from queuing more jobs.
        run.status, run.worker_token, run.heartbeat_at = "queued", None, utcnow()
        db.session.commit()
        _queue(run)
    return run


def retry(run: PublishRun, by: StaffUser | None) -> None:
    """Queue a failed run again (staff's "try again"); 409 unless it failed. Commits."""
    if run.status != "failed":
        raise ScheduleError(_l("Only a publish whose messages failed can be tried again."),
                            status=409)
    run.status, run.error, run.finished_at = "queued", None, None
    run.heartbeat_at = utcnow()
    audit.record("schedule.publish_messages_retry", run, by, event_id=run.event_id)
    db.session.commit()
    _queue(run)


def resume_lost_runs() -> int:
    """Queue every lost publish job again (the CLI's periodic sweep); returns how many."""
    runs = list(db.session.scalars(sa.select(PublishRun).where(PublishRun.status.in_(ACTIVE))))
    lost = [run for run in runs if is_lost(run)]
    for run in lost:
        resume_if_lost(run)
    return len(lost)


class _Claim:
    """This job's hold on its run: every step's transaction ends by renewing it, and a step
    whose run was claimed by another job since is rolled back."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.token = secrets.token_hex(16)

    def take(self) -> bool:
        lost_before = utcnow() - timedelta(seconds=_lease_seconds())
        claimed = db.session.execute(
            sa.update(PublishRun)
            .where(
                PublishRun.id == self.run_id,
                sa.or_(
                    PublishRun.status == "queued",
                    sa.and_(PublishRun.status == "running",
                            sa.or_(PublishRun.heartbeat_at.is_(None),
                                   PublishRun.heartbeat_at < lost_before)),
                ),
            )
            .values(status="running", worker_token=self.token, heartbeat_at=utcnow(),
                    started_at=utcnow())
        ).rowcount  # type: ignore[attr-defined]
        db.session.commit()
        return claimed == 1

    def commit(self, **values: object) -> bool:
        """Commit the step with `values` on the run; False (rolled back) if no longer ours."""
        renewed = db.session.execute(
            sa.update(PublishRun)
            .where(PublishRun.id == self.run_id, PublishRun.worker_token == self.token)
            .values(heartbeat_at=utcnow(), **values)
        ).rowcount  # type: ignore[attr-defined]
        if renewed != 1:
            db.session.rollback()
            return False
        db.session.commit()
        return True


def tell_people(run_id: int) -> None:
    """The job: queue every message of the publish `run_id`, resuming after the last
    committed step. Records a failure on the run (and it can be queued again)."""
    claim = _Claim(run_id)
    if not claim.take():
        return  # finished, or another job has it
    try:
        _tell(claim)
    except Exception:
        db.session.rollback()
        log.exception("publish job failed", extra={"object_id": run_id})
        db.session.execute(
            sa.update(PublishRun)
            .where(PublishRun.id == run_id, PublishRun.worker_token == claim.token)
            .values(status="failed", error="internal_error", finished_at=utcnow())
        )
        db.session.commit()


def _load(run_id: int) -> tuple[PublishRun, Event, ScheduleVersion]:
    run = db.session.get(PublishRun, run_id, populate_existing=True)
    assert run is not None
    version = db.session.get(ScheduleVersion, run.version_id)
    assert version is not None
    return run, run.event, version


def _tell(claim: _Claim) -> None:
    run, event, version = _load(claim.run_id)
    if not run.rosters_queued:
        queue_roster_changed(event, set(run.roster_employer_ids),
                             version.snapshot.get("interviews", []))
        if not claim.commit(rosters_queued=True,
                            messages_queued=run.messages_queued + len(run.roster_employer_ids)):
            return
    while True:
        run, event, version = _load(claim.run_id)
        batch = list(db.session.scalars(
            sa.select(Candidate.id)
            .where(Candidate.event_id == event.id, Candidate.id > run.after_candidate_id)
            .order_by(Candidate.id)
            .limit(current_app.config.get("PUBLISH_BATCH_SIZE", BATCH_SIZE))
        ))
        if not batch:
            break
        counts = _tell_batch(claim, run, event, batch)
        if counts is None:
            return
    run, event, version = _load(claim.run_id)
    others = set(run.other_employer_ids) - set(run.roster_employer_ids)
    if others:
        tell_rosters_changed(event, others)
        if not claim.commit(other_employer_ids=[],
                            messages_queued=run.messages_queued + len(others)):
            return
        run, event, version = _load(claim.run_id)
    if not run.left_out_done:
        snapshot_ids = {entry["id"] for entry in version.snapshot.get("interviews", [])}
        rows = [row for row in live_interviews(event) if row.id in snapshot_ids]
        told = notify_left_out(event, version.number, rows)
        if not claim.commit(left_out_done=True, messages_queued=run.messages_queued + told):
            return
    claim.commit(status="done", finished_at=utcnow())


def _tell_batch(claim: _Claim, run: PublishRun, event: Event,
                batch: list[int]) -> ChangeCounts | None:
    """One batch in one transaction with its progress; None when the run is no longer ours."""
    for attempt in range(1, BATCH_ATTEMPTS + 1):
        try:
            counts = notify_changes(
                event, reason="schedule.publish", candidate_ids=batch,
                employers_told=set(run.roster_employer_ids), tell_employers=False,
            )
            others = sorted(set(run.other_employer_ids) | counts.employers)
            done = min(run.people_total, run.people_done + len(batch))
            if not claim.commit(after_candidate_id=batch[-1], people_done=done,
                                other_employer_ids=others,
                                messages_queued=run.messages_queued + counts.total):
                return None
            return counts
        except IntegrityError:
            # A change at the same moment told someone of this batch first: read again.
            db.session.rollback()
            if attempt == BATCH_ATTEMPTS:
                raise
            run, event, _version = _load(claim.run_id)
    return None
