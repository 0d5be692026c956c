"""After the interviews: the employer records attendance and the outcome of each one.

The figures feed the organisers' reports to their funders (interviews held, hires), so the
rules are strict: only a live interview of the published schedule, only from the start of the
event, and no outcome for someone who did not come.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l

from recruit.core import audit
from recruit.extensions import db
from recruit.models import Employer, Event, Interview, utcnow
from recruit.models.schedule import INTERVIEW_OUTCOMES
from recruit.people.operations import OperationError

NOTE_MAX_LENGTH = 1000


@dataclass(frozen=True)
class OutcomeData:
    # None: not recorded (yet).
    attended: bool | None
    outcome: str | None
    note: str = ""


def outcomes_open(event: Event, now: datetime | None = None) -> bool:
    """Outcomes can be recorded from the event's first interview on (in its own timezone)."""
    return (now or utcnow()) >= event.local_datetime(event.start_minute)


def record_outcome(
    interview: Interview, employer: Employer, data: OutcomeData, *, now: datetime | None = None
) -> None:
    """Store attendance, outcome and note of one interview; flushes, the caller commits.

    An outcome implies that the person came, so `attended` left unrecorded becomes True.
    """
    if interview.employer_id != employer.id:
        # The pages look interviews up through the employer; this guards other callers.
        raise OperationError(_l("This interview is not on your roster."))
    if interview.cancelled_at is not None:
        raise OperationError(_l("This interview was cancelled."))
    if not outcomes_open(employer.event, now):
        raise OperationError(_l("Attendance and outcomes can be recorded once the event has "
                                "started."))
    outcome = data.outcome or None
    if outcome is not None and outcome not in INTERVIEW_OUTCOMES:
        raise OperationError(_l("Choose one of the outcomes."), field="outcome")
    attended = data.attended
    if outcome is not None:
        if attended is False:
            raise OperationError(
                _l("Someone who did not come cannot have an outcome; change one of the two."),
                field="outcome",
            )
        attended = True
    note = data.note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise OperationError(
            _l("The note can be at most %(max)d characters long.", max=NOTE_MAX_LENGTH),
            field="note",
        )
    interview.attended = attended
    interview.outcome = outcome
    interview.outcome_note = note
    db.session.flush()
    # Ids only; no staff user: the employer recorded it through their private link.
    audit.record("interview.outcome", interview, None)
