"""Editing and publishing the draft schedule.

Every edit is first checked with the engine's independent validator
(`solver.validate.check_schedule`) on the whole draft as it would be after the edit; a rule the
edit would break is named in the error and nothing is saved. The database's cell tables are
the last line of defence: a clash they catch (someone else changed the draft at the same
moment) becomes a 409, never a half-saved change.

Operations flush; the caller commits. While a solve runs, the draft is the solver's to
replace, so edits and publishing wait for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from recruit.booking.operations import BOOKED_SOURCES
from recruit.changes.notify import notify_changes
from recruit.core import audit
from recruit.extensions import db
from recruit.mail.roster_ready import employers_to_notify, queue_roster_ready
from recruit.models import (
    Candidate,
    Event,
    Interview,
    PublishedEntry,
    ScheduleVersion,
    StaffUser,
    Vacancy,
    utcnow,
)
from recruit.scheduling.bridge import (
    SolverInterview,
    Violation,
    build_problem,
    check_schedule,
    live_interviews,
    solver_interviews,
)
from recruit.scheduling.left_out import notify_left_out
from recruit.scheduling.queries import active_run, latest_version, snapshot_entry


class ScheduleError(Exception):
    """An edit or action refused; `message` is shown to staff, `rules` are the broken rules."""

    def __init__(
        self, message: Any, *, rules: Sequence[Violation] = (), status: int = 400
    ) -> None:
        # Kept lazy: it is rendered in the language of the request that shows it.
        super().__init__(message)
        self.message = message
        self.rules = list(rules)
        self.status = status


def _require_idle(event: Event) -> None:
    if active_run(event) is not None:
        raise ScheduleError(
            _l("A schedule is being built right now; wait for it to finish or stop it."),
            status=409,
        )


def _new_violations(
    event: Event, before: Sequence[Interview], after: Sequence[SolverInterview],
    locks_after: Sequence[Interview],
) -> list[Violation]:
    """Violations the change brings: rules broken after it that were not broken before.

    Comparing with the draft as it is keeps an old problem elsewhere (say, a young person who
    changed their availability since the solve) from blocking an unrelated edit.
    """
    problem = build_problem(event, locks_after).problem
    existing = set(check_schedule(problem, solver_interviews(before)))
    return [v for v in check_schedule(problem, list(after)) if v not in existing]


def _refuse(violations: list[Violation]) -> None:
    if violations:
        raise ScheduleError(_l("The change would break a scheduling rule."), rules=violations)


def _claim(interview: Interview, event: Event) -> None:
    try:
        interview.claim_cells(event.grid_minutes, event.candidate_buffer_minutes)
    except IntegrityError:
        db.session.rollback()
        raise ScheduleError(
            _l("That time or table was just taken by another change. Reload and try again."),
            status=409,
        ) from None


def move_interview(
    interview: Interview, *, start_minute: int, table_no: int, by: StaffUser | None
) -> None:
    """Move an interview to another time and/or table of its employer."""
    event = interview.event
    _require_idle(event)
    rows = live_interviews(event)
    end = start_minute + interview.employer.interview_minutes
    moved = replace(
        solver_interviews([interview])[0], table=table_no, start=start_minute, end=end
    )
    others = [row for row in rows if row.id != interview.id]
    # A locked interview moves with its lock (the lock is wherever staff put it), so only the
    # other locks are checked as locks; the moved one is checked as an interview.
    after = [*solver_interviews(others), moved]
    _refuse(_new_violations(event, rows, after, [r for r in others if r.locked]))
    interview.release_cells()
    db.session.flush()
    interview.start_minute, interview.end_minute, interview.table_no = start_minute, end, table_no
    if interview.source == "solver":
        interview.source = "staff"
    _claim(interview, event)
    audit.record("interview.move", interview, by)
    db.session.flush()
    # An interview someone booked is known to them as it is, not as published: its move is
    # told now. A published one moves for people with the next publish.
    notify_changes(event, reason="interview.move")


def add_interview(
    event: Event, candidate: Candidate, vacancy: Vacancy, *, start_minute: int, table_no: int,
    by: StaffUser | None,
) -> Interview:
    """Add an interview to the draft by hand, checked like every other edit."""
    _require_idle(event)
    if candidate.event_id != event.id or vacancy.employer.event_id != event.id:
        raise ScheduleError(_l("The young person or the vacancy is not of this event."))
    employer = vacancy.employer
    rows = live_interviews(event)
    if any(r.candidate_id == candidate.id and r.employer_id == employer.id for r in rows):
        raise ScheduleError(_l("The young person already has an interview with this employer."),
                            status=409)
    interview = Interview(
        event_id=event.id, employer_id=employer.id, vacancy_id=vacancy.id,
        candidate_id=candidate.id, table_no=table_no, start_minute=start_minute,
        end_minute=start_minute + employer.interview_minutes, source="staff",
    )
    after = [*solver_interviews(rows), *solver_interviews([interview])]
    _refuse(_new_violations(event, rows, after, [r for r in rows if r.locked]))
    db.session.add(interview)
    db.session.flush()
    _claim(interview, event)
    audit.record("interview.add", interview, by)
    db.session.flush()
    return interview


def remove_interview(interview: Interview, by: StaffUser | None) -> None:
    """Take an interview off the draft. A published one is cancelled by the next publish;
    one a young person (or a counsellor) booked is cancelled at once and they are told, as
    they were told of the booking at once."""
    event = interview.event
    _require_idle(event)
    if interview.locked:
        raise ScheduleError(_l("Unlock the interview before removing it."), status=409)
    audit.record("interview.remove", interview, by)
    if interview.source in BOOKED_SOURCES:
        # Kept, cancelled, as history: the cancellation names its employer and vacancy.
        interview.cancelled_at = utcnow()
        interview.release_cells()
    else:
        db.session.delete(interview)
    db.session.flush()
    notify_changes(event, reason="interview.remove")


def set_locked(interview: Interview, locked: bool, by: StaffUser | None) -> None:
    """Lock an interview (the next solve keeps it exactly) or unlock it.

    A lock must itself keep every rule, together with the other locks: otherwise the next
    solve could not keep them all and would fail.
    """
    event = interview.event
    _require_idle(event)
    if locked and not interview.locked:
        locked_before = [r for r in live_interviews(event) if r.locked]
        locked_after = [*locked_before, interview]
        _refuse(
            _new_violations(event, locked_before, solver_interviews(locked_after), locked_after)
        )
    interview.locked = locked
    audit.record("interview.lock" if locked else "interview.unlock", interview, by)
    db.session.flush()


def record_entries(version: ScheduleVersion, entries: Sequence[dict[str, Any]]) -> None:
    """Index the new version's snapshot entries by person and employer (`PublishedEntry`), in
    the transaction that makes the version: the pages of one person or one employer read
    these rows instead of the whole snapshot."""
    if entries:
        db.session.execute(sa.insert(PublishedEntry),
                           [PublishedEntry.row_of(version.id, entry) for entry in entries])


@dataclass
class PublishResult:
    version: ScheduleVersion
    added: list[dict[str, Any]] = field(default_factory=list)
    changed: list[dict[str, Any]] = field(default_factory=list)
    # Entries of the previous version no longer on the schedule: each needs a CANCEL.
    removed: list[dict[str, Any]] = field(default_factory=list)
    # The live interviews the version holds.
    rows: list[Interview] = field(default_factory=list)


_WHERE_AND_WHEN = ("vacancy_id", "table_no", "start_minute", "end_minute")


def publish_schedule(event: Event, by: StaffUser | None) -> PublishResult:
    """Freeze the draft as the next numbered version and tell everyone, in one transaction.

    See `record_version`. Everyone whose schedule changed is told in this same transaction:
    the e-mails exist exactly when the version does. (The staff page and the API publish
    with `recruit.scheduling.fanout.publish_in_background`, which tells people from a job.)
    """
    result = record_version(event, by)
    tell_about_version(event, result)
    return result


def tell_about_version(event: Event, result: PublishResult) -> None:
    """Queue every message a new version owes: the employers' roster e-mails, the young
    people's calendar messages (through the change path, which compares the new version
    with what they were told: new interviews, moves, removals, and what a version does not
    show, such as the event's date or venue) and the "no interview this time" notices."""
    queue_roster_ready(event, result)
    notify_changes(event, reason="schedule.publish", employers_told=employers_to_notify(result))
    notify_left_out(event, result.version.number, result.rows)
    db.session.flush()


def record_version(event: Event, by: StaffUser | None) -> PublishResult:
    """Freeze the draft as the next numbered version; the public pages show it from now on.
    Nobody is told yet (see `tell_about_version`). Flushes.

    The whole draft is validated first. An interview that changed since the previous
    version gets its calendar SEQUENCE raised, so calendars take the update.
    """
    _require_idle(event)
    rows = live_interviews(event)
    previous = latest_version(event)
    if not rows and previous is None:
        raise ScheduleError(_l("There is nothing to publish yet: build the schedule first."))
    problem = build_problem(event).problem
    _refuse(check_schedule(problem, solver_interviews(rows)))
    before = {e["id"]: e for e in previous.snapshot["interviews"]} if previous else {}
    result_added, result_changed = [], []
    for row in rows:
        old = before.pop(row.id, None)
        if old is None:
            result_added.append(row)
        elif any(old[key] != getattr(row, key) for key in _WHERE_AND_WHEN):
            row.sequence = max(row.sequence, old["sequence"]) + 1
            result_changed.append(row)
    db.session.flush()
    number = (previous.number if previous else 0) + 1
    entries = [snapshot_entry(row) for row in rows]
    version = ScheduleVersion(
        event_id=event.id,
        number=number,
        published_by_id=by.id if by is not None else None,
        snapshot={"interviews": entries},
    )
    db.session.add(version)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise ScheduleError(
            _l("Someone else published this schedule at the same moment. Reload the page."),
            status=409,
        ) from None
    record_entries(version, entries)
    audit.record("schedule.publish", version, by, event_id=event.id)
    return PublishResult(
        version=version,
        added=[snapshot_entry(r) for r in result_added],
        changed=[snapshot_entry(r) for r in result_changed],
        removed=list(before.values()),
        rows=list(rows),
    )
