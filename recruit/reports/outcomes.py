"""The interview outcomes of one event as staff see them: one row per live interview.

This table is personal data (who was interviewed, who was hired), so it is for logged-in
staff only and never part of the anonymous report. Staff need to know who a row is about to
correct it or to follow a young person up, so it names the young person, with the sign-up
number that tells two people of the same name apart; it carries no contact details and no
birth year. The employer's free-text note is shown on the page but left out of the files: it
can hold an assessment of a person, and a file travels further than the service, whose
retention period deletes the note with the rest of the event.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from recruit.extensions import db
from recruit.models import Candidate, Employer, Event, Interview, Vacancy
from recruit.reports.counts import came_to_interview, outcome_category
from recruit.reports.report import OUTCOME_LABELS


@dataclass(frozen=True)
class OutcomeLine:
    interview_id: int
    start_minute: int
    end_minute: int
    employer: str
    vacancy: str
    table_no: int
    signup_number: int
    person: str
    attended: bool | None
    outcome: str | None
    note: str

    @property
    def category(self) -> str:
        return outcome_category(self.attended, self.outcome)

    @property
    def category_label(self) -> str:
        return str(OUTCOME_LABELS[self.category])


def outcome_lines(event: Event, interview_id: int | None = None) -> list[OutcomeLine]:
    """The event's live interviews by time, employer and table (one query); only the one
    with `interview_id` when given."""
    only = () if interview_id is None else (Interview.id == interview_id,)
    rows = db.session.execute(
        sa.select(
            Interview.id, Interview.start_minute, Interview.end_minute, Employer.company_name,
            Vacancy.title, Interview.table_no, Candidate.signup_seq, Candidate.first_name,
            Candidate.last_name, came_to_interview(), Interview.outcome, Interview.outcome_note,
        )
        .join(Employer, Employer.id == Interview.employer_id)
        .join(Vacancy, Vacancy.id == Interview.vacancy_id)
        .join(Candidate, Candidate.id == Interview.candidate_id)
        .where(Interview.event_id == event.id, Interview.cancelled_at.is_(None), *only)
        .order_by(Interview.start_minute, Employer.company_name, Interview.table_no,
                  Interview.id)
    )
    return [
        OutcomeLine(row[0], row[1], row[2], row[3], row[4], row[5], row[6],
                    f"{row[7]} {row[8]}", row[9], row[10], row[11] or "")
        for row in rows
    ]


def outcome_line(event: Event, interview_id: int) -> OutcomeLine | None:
    """One live interview of the event, or None (another event's, or cancelled)."""
    found = outcome_lines(event, interview_id)
    return found[0] if found else None


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def file_header() -> list[str]:
    return [str(label) for label in (
        _l("Start"), _l("End"), _l("Employer"), _l("Vacancy"), _l("Table"),
        _l("Sign-up number"), _l("Young person"), _l("Came"), _l("Outcome"),
    )]


def file_rows(lines: list[OutcomeLine]) -> Iterator[list[object]]:
    """Rows of the CSV and XLSX files (without the employer's note; see the module text)."""
    yes, no = str(_l("yes")), str(_l("no"))
    for line in lines:
        came = "" if line.attended is None else (yes if line.attended else no)
        yield [_clock(line.start_minute), _clock(line.end_minute), line.employer, line.vacancy,
               line.table_no, line.signup_number, line.person, came, line.category_label]
