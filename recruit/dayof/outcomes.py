"""After the interviews: attendance and outcome of each one, by the employer or by staff.

One set of rules for everyone who records them (the employer's form on their private page and
the staff corrections in `recruit.reports`), in `apply_outcome`: only a live interview, only
from the start of the event, and no outcome for someone who did not come (an outcome means the
person came). The figures feed the organisers' reports to their funders, so the rules are
strict.

The employer's form offers one choice per interview (`RESULTS`): a result stands for the pair
(attended, outcome) the reports count.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l

from recruit.core import audit
from recruit.extensions import db
from recruit.models import Employer, Event, Interview, utcnow
from recruit.models.schedule import INTERVIEW_OUTCOMES
from recruit.people.operations import OperationError

NOTE_MAX_LENGTH = 1000

# One choice per interview: result → (attended, outcome). "" is "not recorded yet".
RESULTS: dict[str, tuple[bool | None, str | None]] = {
    "": (None, None),
    "hired": (True, "hired"),
    "second_round": (True, "second_round"),
    "not_selected": (True, "not_selected"),
    "came": (True, None),
    "no_show": (False, None),
}
RESULT_LABELS = {
    "": _l("Not recorded"),
    "hired": _l("Hired"),
    "second_round": _l("Second round"),
    "not_selected": _l("Not selected"),
    "came": _l("Came, not decided yet"),
    "no_show": _l("Did not come"),
}


@dataclass(frozen=True)
class OutcomeData:
    # None: not recorded (yet).
    attended: bool | None
    outcome: str | None
    note: str = ""


def result_of(attended: bool | None, outcome: str | None) -> str:
    """The form's choice for a stored pair."""
    if outcome is not None:
        return outcome
    return {None: "", True: "came", False: "no_show"}[attended]


def outcomes_open(event: Event, now: datetime | None = None) -> bool:
    """Outcomes can be recorded from the event's first interview on (in its own timezone)."""
    return (now or utcnow()) >= event.local_datetime(event.start_minute)


def apply_outcome(
    interview: Interview, attended: bool | None, outcome: str | None, *,
    note: str | None = None, now: datetime | None = None,
) -> None:
    """The rules every recorder follows; stores the values and flushes (no audit, no commit).

    `note` None leaves the note as it is (staff never rewrite the employer's note).
    Raises OperationError naming the field the problem belongs to.
    """
    if interview.cancelled_at is not None:
        raise OperationError(_l("This interview was cancelled."))
    if not outcomes_open(interview.event, now):
        raise OperationError(_l(
            "Attendance and outcomes can be recorded once the event has started."))
    outcome = outcome or None
    if outcome is not None and outcome not in INTERVIEW_OUTCOMES:
        raise OperationError(_l("Choose one of the outcomes."), field="outcome")
    if outcome is not None:
        if attended is False:
            raise OperationError(
                _l("Someone who did not come cannot have an outcome; change one of the two."),
                field="outcome",
            )
        attended = True
    if note is not None:
        note = note.strip()
        if len(note) > NOTE_MAX_LENGTH:
            raise OperationError(
                _l("The note can be at most %(max)d characters long.", max=NOTE_MAX_LENGTH),
                field="note",
            )
        interview.outcome_note = note
    interview.attended = attended
    interview.outcome = outcome
    db.session.flush()


def record_outcome(
    interview: Interview, employer: Employer, data: OutcomeData, *, now: datetime | None = None
) -> None:
    """The employer records one interview; flushes, the caller commits."""
    if interview.employer_id != employer.id:
        # The pages look interviews up through the employer; this guards other callers.
        raise OperationError(_l("This interview is not on your roster."))
    apply_outcome(interview, data.attended, data.outcome, note=data.note, now=now)
    # Ids only; no staff user: the employer recorded it through their private link.
    audit.record("interview.outcome", interview, None)


@dataclass(frozen=True)
class RosterResult:
    result: str
    note: str = ""


class OutcomesRefused(Exception):
    """Some rows of the employer's form break a rule; nothing was saved.

    `errors` maps interview id → (field, message)."""

    def __init__(self, errors: dict[int, tuple[str, str]]) -> None:
        super().__init__(f"{len(errors)} rows refused")
        self.errors = errors


def record_roster_outcomes(
    employer: Employer, interviews: Mapping[int, Interview],
    results: Mapping[int, RosterResult], *, now: datetime | None = None,
) -> int:
    """The employer's whole form at once: every row or none (OutcomesRefused).

    `interviews` are the employer's live interviews on their roster, by id; `results` the
    form's rows. Returns how many interviews changed; flushes, the caller commits.
    """
    errors: dict[int, tuple[str, str]] = {}
    changed = 0
    for interview_id, row in results.items():
        interview = interviews.get(interview_id)
        if interview is None or interview.employer_id != employer.id:
            errors[interview_id] = ("result", str(_l("This interview is not on your roster.")))
            continue
        if row.result not in RESULTS:
            errors[interview_id] = ("result", str(_l("Choose one of the outcomes.")))
            continue
        attended, outcome = RESULTS[row.result]
        before = (interview.attended, interview.outcome, interview.outcome_note)
        try:
            apply_outcome(interview, attended, outcome, note=row.note, now=now)
        except OperationError as error:
            errors[interview_id] = (error.field or "result", str(error.message))
            continue
        if (interview.attended, interview.outcome, interview.outcome_note) != before:
            audit.record("interview.outcome", interview, None)
            changed += 1
    if errors:
        raise OutcomesRefused(errors)
    db.session.flush()
    return changed
