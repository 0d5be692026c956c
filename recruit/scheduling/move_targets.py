"""Where one interview may go: every slot of its employer, each allowed or refused with why.

The rules are the validator's, read from the same engine objects the bridge builds, for one
employer and one young person only (never the whole event): a slot on the employer's own grid
(their windows and breaks), a table nobody else holds then, inside the young person's
availability (on the event day: still to come), and the event's buffer from their other
interviews. Moving still goes through `publishing.move_interview`, whose validator has the
last word; this list is what the board highlights and the keyboard form offers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from recruit.core.i18n import format_minute
from recruit.extensions import db
from recruit.models import Candidate, Employer, Interview
from recruit.scheduling.bridge import (
    fits_availability,
    slot_starts_of,
    solver_candidate_of,
    solver_employer_of,
)


@dataclass(frozen=True)
class Target:
    """One cell of the employer's columns: a start time at a table."""

    start: int
    end: int
    table: int
    allowed: bool
    current: bool = False
    # Why the interview cannot go here, in the request's language ("" when allowed).
    reason: str = ""

    @property
    def key(self) -> str:
        return f"{self.start}-{self.table}"


def _overlaps(start: int, end: int, other_start: int, other_end: int, gap: int = 0) -> bool:
    return start < other_end + gap and other_start < end + gap


def _live(*conditions: sa.ColumnElement[bool]) -> list[Interview]:
    return list(db.session.scalars(
        sa.select(Interview).where(Interview.cancelled_at.is_(None), *conditions)
    ))


def move_targets(interview: Interview, *, now: datetime | None = None) -> list[Target]:
    """Every slot × table of the interview's employer, in time order, allowed or not."""
    return cell_targets(interview.employer, interview.candidate, interview, now=now)


def cell_targets(employer: Employer, candidate: Candidate, moving: Interview | None = None,
                 *, now: datetime | None = None) -> list[Target]:
    """Every slot × table of `employer` for `candidate`: where `moving` (their interview
    there) may go, or, without it, where a new interview of theirs may be added."""
    event = employer.event
    solver_employer = solver_employer_of(event, employer)
    if solver_employer is None:
        return []
    minutes = employer.interview_minutes
    moving_id = moving.id if moving is not None else -1
    at_employer = _live(Interview.employer_id == employer.id, Interview.id != moving_id)
    own = _live(Interview.candidate_id == candidate.id)
    others = [row for row in own if row.id != moving_id]
    me = solver_candidate_of(event, candidate, own, now=now)
    buffer = event.candidate_buffer_minutes
    names = _company_names([row.employer_id for row in others])
    targets = []
    for start in slot_starts_of(event, solver_employer):
        end = start + minutes
        clash = next((row for row in others
                      if _overlaps(start, end, row.start_minute, row.end_minute, buffer)), None)
        personal = ""
        if moving is None and any(row.employer_id == employer.id for row in own):
            personal = _("%(name)s already has an interview with this employer.",
                         name=candidate.first_name)
        elif me is not None and not fits_availability(me, start, end):
            personal = _("%(name)s is not available then.", name=candidate.first_name)
        elif clash is not None:
            personal = _("%(name)s has another interview at %(time)s (%(employer)s); "
                         "%(buffer)s min must be left between interviews.",
                         name=candidate.first_name, time=format_minute(clash.start_minute),
                         employer=names.get(clash.employer_id, ""), buffer=buffer)
        for table in range(1, employer.tables + 1):
            current = moving is not None and (start, table) == (
                moving.start_minute, moving.table_no)
            holder = next((row for row in at_employer if row.table_no == table
                           and _overlaps(start, end, row.start_minute, row.end_minute)), None)
            reason = personal
            if current:
                reason = _("The interview is here now.")
            elif holder is not None:
                reason = _("Table %(table)s is taken then.", table=table)
            targets.append(Target(start, end, table, allowed=not reason, current=current,
                                  reason=reason))
    return targets


def _company_names(employer_ids: list[int]) -> dict[int, str]:
    if not employer_ids:
        return {}
    rows = db.session.execute(
        sa.select(Employer.id, Employer.company_name).where(Employer.id.in_(employer_ids))
    )
    return {employer_id: name for employer_id, name in rows}
