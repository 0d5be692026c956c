"""Staff (or the organisation's systems) cancel one interview of the schedule.

Unlike taking an interview off the draft (`publishing.remove_interview`), a cancellation is
kept as history and reaches people at once through the change path: whoever was told of the
interview gets a calendar cancellation, the employer a new roster. Flushes; the caller commits.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from recruit.booking.operations import lock_row
from recruit.changes.notify import ChangeCounts, notify_changes
from recruit.core import audit
from recruit.extensions import db
from recruit.models import Event, Interview, StaffUser, utcnow
from recruit.scheduling.publishing import ScheduleError
from recruit.scheduling.queries import active_run


def cancel_interview(interview: Interview, by: StaffUser | None) -> ChangeCounts:
    """Cancel the interview and free its time; returns the messages queued."""
    if active_run(interview.event) is not None:
        raise ScheduleError(
            _l("A schedule is being built right now; wait for it to finish or stop it."),
            status=409,
        )
    lock_row(Event, interview.event_id)
    lock_row(Interview, interview.id)
    db.session.refresh(interview)
    if interview.cancelled_at is not None:
        raise ScheduleError(_l("This interview is already cancelled."), status=409)
    interview.cancelled_at = utcnow()
    interview.locked = False
    interview.release_cells()
    db.session.flush()
    audit.record("interview.cancel", interview, by)
    return notify_changes(interview.event, reason="interview.cancel")
