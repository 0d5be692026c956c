"""The check-in list: who has arrived for which interview, marked with one tap at the door.

An interview's arrival is what staff marked on the list (arrived, late, no-show); with nothing
marked, a person whose booking QR code was scanned at the door (`Candidate.checked_in_at`)
reads as arrived for all their interviews. Every read here is one query whatever the number
of rows shown, so the page and the employer's polling cost what they show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import contains_eager

from recruit.booking.operations import BOOKED_SOURCES, check_in_open
from recruit.core import audit
from recruit.extensions import db
from recruit.models import Candidate, Employer, Event, Interview, StaffUser, utcnow
from recruit.models.schedule import INTERVIEW_ARRIVALS
from recruit.people.operations import OperationError
from recruit.scheduling.queries import published_entries

ARRIVAL_LABELS = {
    "arrived": _l("Arrived"),
    "late": _l("Late"),
    "no_show": _l("No-show"),
}
# Longest search text taken; anything longer is cut, never refused (it is a search box).
SEARCH_MAX_LENGTH = 100


def arrival_of(interview: Interview, checked_in_at: datetime | None) -> str | None:
    """The marked arrival, else "arrived" when the person was checked in at the door."""
    if interview.arrival is not None:
        return interview.arrival
    return "arrived" if checked_in_at is not None else None


@dataclass(frozen=True)
class CheckInRow:
    interview: Interview
    candidate_name: str
    employer_name: str
    vacancy_title: str
    arrival: str | None


@dataclass(frozen=True)
class CheckInCounts:
    expected: int = 0
    arrived: int = 0
    late: int = 0
    no_show: int = 0

    @property
    def waiting(self) -> int:
        return self.expected - self.arrived - self.late - self.no_show


def employer_choices(event: Event) -> list[tuple[int, str]]:
    """The approved employers of the event, by name: the list's employer filter."""
    rows = db.session.execute(
        sa.select(Employer.id, Employer.company_name)
        .where(Employer.event_id == event.id, Employer.status == "approved")
        .order_by(Employer.company_name)
    )
    return [(employer_id, name) for employer_id, name in rows]


def _on_schedule(event: Event) -> sa.ColumnElement[bool]:
    """Live interviews people know of: published ones, and those booked since publishing."""
    published = [entry["id"] for entry in published_entries(event)]
    known: sa.ColumnElement[bool] = Interview.source.in_(BOOKED_SOURCES)
    if published:
        known = sa.or_(known, Interview.id.in_(published))
    return sa.and_(Interview.event_id == event.id, Interview.cancelled_at.is_(None), known)


def _search(text: str) -> sa.ColumnElement[bool]:
    words = text.strip()[:SEARCH_MAX_LENGTH].lower().split()
    conditions = []
    for word in words:
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        conditions.append(sa.or_(
            sa.func.lower(Candidate.first_name).like(pattern, escape="\\"),
            sa.func.lower(Candidate.last_name).like(pattern, escape="\\"),
            sa.func.lower(Employer.company_name).like(pattern, escape="\\"),
        ))
    return sa.and_(sa.true(), *conditions)


def _filtered(event: Event, employer_id: int | None, search: str) -> sa.ColumnElement[bool]:
    conditions = [_on_schedule(event), _search(search)]
    if employer_id is not None:
        conditions.append(Interview.employer_id == employer_id)
    return sa.and_(*conditions)


def count_rows(event: Event, *, employer_id: int | None = None, search: str = "") -> int:
    """How many interviews the filters match (for the list's pages); one query."""
    return db.session.scalar(
        sa.select(sa.func.count(Interview.id))
        .join(Interview.candidate).join(Interview.employer)
        .where(_filtered(event, employer_id, search))
    ) or 0


def checkin_rows(
    event: Event, *, employer_id: int | None = None, search: str = "",
    offset: int = 0, limit: int | None = None,
) -> list[CheckInRow]:
    """The event's interviews by time and employer, filtered, one page of them; one query."""
    query = (
        sa.select(Interview)
        .join(Interview.candidate)
        .join(Interview.employer)
        .join(Interview.vacancy)
        .options(contains_eager(Interview.candidate), contains_eager(Interview.employer),
                 contains_eager(Interview.vacancy))
        .where(_filtered(event, employer_id, search))
        .order_by(Interview.start_minute, Employer.company_name, Interview.table_no,
                  Interview.id)
        .offset(offset).limit(limit)
    )
    return [
        CheckInRow(
            interview=row,
            candidate_name=row.candidate.full_name,
            employer_name=row.employer.company_name,
            vacancy_title=row.vacancy.title,
            arrival=arrival_of(row, row.candidate.checked_in_at),
        )
        for row in db.session.scalars(query).unique()
    ]


def door_list(event: Event) -> list[CheckInRow]:
    """Every interview on the schedule by the young person's name, then time: the list at
    the door, where people say their name. One query."""
    rows = checkin_rows(event)
    return sorted(rows, key=lambda r: (r.interview.candidate.last_name.casefold(),
                                       r.interview.candidate.first_name.casefold(),
                                       r.interview.candidate_id, r.interview.start_minute))


def checkin_counts(event: Event, *, employer_id: int | None = None) -> CheckInCounts:
    """Interviews expected and how many are marked each way; one query."""
    effective = sa.case(
        (Interview.arrival.is_not(None), Interview.arrival),
        (Candidate.checked_in_at.is_not(None), "arrived"),
        else_=None,
    )
    query = (
        sa.select(effective, sa.func.count(Interview.id))
        .join(Interview.candidate)
        .where(_on_schedule(event))
        .group_by(effective)
    )
    if employer_id is not None:
        query = query.where(Interview.employer_id == employer_id)
    found = {state: number for state, number in db.session.execute(query)}
    return CheckInCounts(
        expected=sum(found.values()),
        arrived=found.get("arrived", 0),
        late=found.get("late", 0),
        no_show=found.get("no_show", 0),
    )


def employer_arrivals(employer: Employer) -> dict[int, str | None]:
    """Interview id → arrival for the employer's live interviews (what their roster polls)."""
    rows = db.session.execute(
        sa.select(Interview.id, Interview.arrival, Candidate.checked_in_at)
        .join(Interview.candidate)
        .where(Interview.employer_id == employer.id, Interview.cancelled_at.is_(None))
    )
    return {
        interview_id: arrival or ("arrived" if checked_in_at is not None else None)
        for interview_id, arrival, checked_in_at in rows
    }


def person_arrivals(candidate: Candidate) -> dict[int, str | None]:
    """Interview id → arrival for one person's live interviews."""
    rows = db.session.scalars(
        sa.select(Interview).where(Interview.candidate_id == candidate.id,
                                   Interview.cancelled_at.is_(None))
    )
    return {row.id: arrival_of(row, candidate.checked_in_at) for row in rows}


def interview_on_list(event: Event, interview_id: int) -> Interview | None:
    return db.session.scalar(
        sa.select(Interview).where(_on_schedule(event), Interview.id == interview_id)
    )


def mark_arrival(
    interview: Interview, arrival: str | None, by: StaffUser | None, *,
    now: datetime | None = None,
) -> None:
    """Mark (or clear, with None) the arrival for one interview; flushes, the caller commits.

    Only on the event day (in its own time zone). Marking someone arrived or late also checks
    the person in, so their other interviews show them as here.
    """
    event = interview.event
    if not check_in_open(event, now):
        raise OperationError(str(_l("Check-in opens on the day of the event.")))
    if arrival is not None and arrival not in INTERVIEW_ARRIVALS:
        raise OperationError(str(_l("Choose arrived, late or no-show.")), field="arrival")
    if interview.cancelled_at is not None:
        raise OperationError(str(_l("This interview was cancelled.")))
    interview.arrival = arrival
    interview.arrival_marked_at = (now or utcnow()) if arrival is not None else None
    candidate = interview.candidate
    if arrival in ("arrived", "late") and candidate.checked_in_at is None:
        candidate.checked_in_at = now or utcnow()
    db.session.flush()
    audit.record("interview.arrival", interview, by)
