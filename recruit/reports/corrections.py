"""Staff correct an interview's attendance and outcome (the employer records them first).

The rules are the employer's, from the one operation both use (`recruit.dayof.outcomes.
apply_outcome`). The employer's note is theirs and stays as they wrote it. Each correction is
audited with the staff member.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from recruit.dayof.outcomes import apply_outcome
from recruit.extensions import db
from recruit.models import AuditEntry, Interview
from recruit.models.schedule import INTERVIEW_OUTCOMES
from recruit.people.operations import OperationError

# The form's values: "" is "not recorded".
ATTENDANCE_VALUES = {"": None, "yes": True, "no": False}


class CorrectionRefused(ValueError):
    """The correction breaks a rule; `message` says which, in the reader's language."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = str(message)


def read_correction(attended: str, outcome: str) -> tuple[bool | None, str | None]:
    """The form's two fields as values, or CorrectionRefused for anything else."""
    if attended not in ATTENDANCE_VALUES:
        raise CorrectionRefused(_l("Choose whether the person came."))
    if outcome and outcome not in INTERVIEW_OUTCOMES:
        raise CorrectionRefused(_l("Choose one of the outcomes."))
    return ATTENDANCE_VALUES[attended], outcome or None


def correct_outcome(
    interview: Interview, attended: bool | None, outcome: str | None, *, staff_user_id: int,
    now: datetime | None = None,
) -> None:
    """Store the corrected attendance and outcome under the employer's rules; the caller
    commits."""
    try:
        apply_outcome(interview, attended, outcome, now=now)
    except OperationError as error:
        raise CorrectionRefused(error.message) from None
    db.session.add(AuditEntry(
        action="interview.outcome_corrected", object_type="interview", object_id=interview.id,
        event_id=interview.event_id, staff_user_id=staff_user_id,
    ))
    db.session.flush()
