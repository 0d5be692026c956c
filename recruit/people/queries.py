"""Read-only queries of the staff workspace (Indico's util.py): lookups, lists and counts.

Every lookup of an object below an event takes the event, so a URL that mixes one event's id
with another event's object finds nothing (and the view answers 404).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from recruit.core.access import only_visible
from recruit.extensions import db
from recruit.models import (
    Candidate,
    CandidateInterest,
    CandidateWindow,
    Employer,
    Event,
    Interview,
    RequirementCard,
    StaffUser,
    Vacancy,
    candidate_card,
)

_live = Interview.cancelled_at.is_(None)


# --- Events -------------------------------------------------------------------------------


def event_by_id(event_id: int) -> Event | None:
    return db.session.get(Event, event_id)


def upcoming_events(today: date, visible_to: StaffUser | None = None) -> list[Event]:
    """Events from `today` on; with `visible_to`, only those that staff member may see."""
    query = sa.select(Event).where(Event.date >= today).order_by(Event.date)
    if visible_to is not None:
        query = only_visible(query, visible_to)
    return list(db.session.scalars(query))


def past_events(today: date, visible_to: StaffUser | None = None) -> list[Event]:
    query = sa.select(Event).where(Event.date < today).order_by(Event.date.desc())
    if visible_to is not None:
        query = only_visible(query, visible_to)
    return list(db.session.scalars(query))


@dataclass
class EventOverview:
    employers: Counter[str] = field(default_factory=Counter)
    candidates: Counter[str] = field(default_factory=Counter)
    vacancies: int = 0
    interviews: int = 0
    candidates_with_interview: int = 0
    priority_candidates: int = 0


def event_overview(event: Event) -> EventOverview:
    overview = EventOverview()
    for status, count in db.session.execute(
        sa.select(Employer.status, sa.func.count())
        .where(Employer.event_id == event.id)
        .group_by(Employer.status)
    ):
        overview.employers[status] = count
    for status, count in db.session.execute(
        sa.select(Candidate.status, sa.func.count())
        .where(Candidate.event_id == event.id)
        .group_by(Candidate.status)
    ):
        overview.candidates[status] = count
    overview.vacancies = db.session.scalar(
        sa.select(sa.func.count(Vacancy.id)).join(Employer).where(Employer.event_id == event.id)
    ) or 0
    overview.interviews = db.session.scalar(
        sa.select(sa.func.count(Interview.id)).where(Interview.event_id == event.id, _live)
    ) or 0
    overview.candidates_with_interview = db.session.scalar(
        sa.select(sa.func.count(sa.distinct(Interview.candidate_id))).where(
            Interview.event_id == event.id, _live
        )
    ) or 0
    overview.priority_candidates = db.session.scalar(
        sa.select(sa.func.count(Candidate.id)).where(
            Candidate.event_id == event.id, Candidate.priority.is_(True)
        )
    ) or 0
    return overview


def has_live_interviews(event: Event) -> bool:
    return bool(
        db.session.scalar(
            sa.select(sa.exists().where(Interview.event_id == event.id, _live))
        )
    )


# --- Requirement cards --------------------------------------------------------------------


def all_cards() -> list[RequirementCard]:
    return list(
        db.session.scalars(
            sa.select(RequirementCard).order_by(
                RequirementCard.is_active.desc(), RequirementCard.code
            )
        )
    )


def card_by_id(card_id: int) -> RequirementCard | None:
    return db.session.get(RequirementCard, card_id)


def cards_for_event_form(event: Event | None) -> list[RequirementCard]:
    """Active cards, plus inactive ones the event already uses (so editing keeps them)."""
    chosen = {card.id for card in event.cards} if event is not None else set()
    return [card for card in all_cards() if card.is_active or card.id in chosen]


# --- Employers and vacancies --------------------------------------------------------------


def employer_of(event: Event, employer_id: int) -> Employer | None:
    return db.session.scalar(
        sa.select(Employer).where(Employer.id == employer_id, Employer.event_id == event.id)
    )


def vacancy_of(employer: Employer, vacancy_id: int) -> Vacancy | None:
    return db.session.scalar(
        sa.select(Vacancy).where(Vacancy.id == vacancy_id, Vacancy.employer_id == employer.id)
    )


def _employer_search(event: Event, text: str, status: str) -> sa.Select[Employer]:
    query = sa.select(Employer).where(Employer.event_id == event.id)
    text = text.strip()
    if text:
        query = query.where(
            sa.or_(
                Employer.company_name.icontains(text, autoescape=True),
                Employer.contact_name.icontains(text, autoescape=True),
                Employer.email.icontains(text, autoescape=True),
            )
        )
    if status:
        query = query.where(Employer.status == status)
    return query


def count_employers(event: Event, text: str = "", status: str = "") -> int:
    """How many employers of the event have `text` in their company, contact or e-mail (and
    the `status`, if given), without loading them."""
    found = _employer_search(event, text, status).subquery()
    return db.session.scalar(sa.select(sa.func.count()).select_from(found)) or 0


def employers_page(
    event: Event, text: str, status: str, offset: int, limit: int
) -> list[Employer]:
    """One page of those employers by company name, with their vacancies (the list counts
    them): the database sends only the rows shown."""
    query = (
        _employer_search(event, text, status)
        .options(selectinload(Employer.vacancies))
        .order_by(Employer.company_name, Employer.id)
        .offset(offset)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def duplicate_business_ids(event: Event) -> set[str]:
    """Business ids (Y-tunnus) on more than one sign-up of the event that is not rejected:
    staff see these flagged, to check whether the company signed up twice."""
    rows = db.session.scalars(
        sa.select(Employer.business_id)
        .where(Employer.event_id == event.id, Employer.status != "rejected")
        .group_by(Employer.business_id)
        .having(sa.func.count() > 1)
    )
    return set(rows)


def same_business(employer: Employer) -> list[Employer]:
    """The event's other sign-ups, not rejected, with this employer's business id."""
    return list(
        db.session.scalars(
            sa.select(Employer)
            .where(
                Employer.event_id == employer.event_id,
                Employer.business_id == employer.business_id,
                Employer.id != employer.id,
                Employer.status != "rejected",
            )
            .order_by(Employer.id)
        )
    )


def vacancy_choices(event: Event) -> list[tuple[int, str]]:
    """(id, "Company: title") of the vacancies a candidate can rank: not of rejected employers."""
    rows = db.session.execute(
        sa.select(Vacancy.id, Employer.company_name, Vacancy.title)
        .join(Employer)
        .where(Employer.event_id == event.id, Employer.status != "rejected")
        .order_by(Employer.company_name, Vacancy.title, Vacancy.id)
    )
    return [(vacancy_id, f"{company}: {title}") for vacancy_id, company, title in rows]


def interviews_of_employer(employer: Employer) -> list[Interview]:
    return list(
        db.session.scalars(
            sa.select(Interview)
            .where(Interview.employer_id == employer.id, _live)
            .order_by(Interview.start_minute, Interview.table_no)
        )
    )


# --- Candidates ---------------------------------------------------------------------------


def candidate_of(event: Event, candidate_id: int) -> Candidate | None:
    return db.session.scalar(
        sa.select(Candidate).where(Candidate.id == candidate_id, Candidate.event_id == event.id)
    )


@dataclass
class CandidateFilter:
    text: str = ""
    status: str = ""
    vacancy_id: int | None = None
    priority: bool | None = None
    card_id: int | None = None
    # True: only those with a live interview; False: only those without.
    has_interview: bool | None = None


def search_candidates(event: Event, where: CandidateFilter) -> list[Candidate]:
    query = sa.select(Candidate).where(Candidate.event_id == event.id)
    text = where.text.strip()
    if text:
        full_name = Candidate.first_name + " " + Candidate.last_name
        query = query.where(
            sa.or_(
                full_name.icontains(text, autoescape=True),
                Candidate.email.icontains(text, autoescape=True),
            )
        )
    if where.status:
        query = query.where(Candidate.status == where.status)
    if where.vacancy_id is not None:
        query = query.where(
            sa.exists().where(
                CandidateInterest.candidate_id == Candidate.id,
                CandidateInterest.vacancy_id == where.vacancy_id,
            )
        )
    if where.priority is not None:
        query = query.where(Candidate.priority.is_(where.priority))
    if where.card_id is not None:
        query = query.where(
            sa.exists().where(
                candidate_card.c.candidate_id == Candidate.id,
                candidate_card.c.card_id == where.card_id,
            )
        )
    if where.has_interview is not None:
        interview = sa.exists().where(Interview.candidate_id == Candidate.id, _live)
        query = query.where(interview if where.has_interview else ~interview)
    return list(
        db.session.scalars(query.order_by(Candidate.last_name, Candidate.first_name, Candidate.id))
    )


def interview_counts(event: Event) -> dict[int, int]:
    """Live interviews per candidate id (for the list's column)."""
    return dict(
        db.session.execute(
            sa.select(Interview.candidate_id, sa.func.count())
            .where(Interview.event_id == event.id, _live)
            .group_by(Interview.candidate_id)
        ).all()
    )


def interviews_of_candidate(candidate: Candidate) -> list[Interview]:
    return list(
        db.session.scalars(
            sa.select(Interview)
            .where(Interview.candidate_id == candidate.id, _live)
            .order_by(Interview.start_minute)
        )
    )


def candidate_windows_outside(event: Event, start: int, end: int) -> tuple[int, int]:
    """How many candidates have a window starting before `start`, and ending after `end`."""
    def count(condition: sa.ColumnElement[bool]) -> int:
        return db.session.scalar(
            sa.select(sa.func.count(sa.distinct(CandidateWindow.candidate_id)))
            .join(Candidate)
            .where(Candidate.event_id == event.id, condition)
        ) or 0

    return count(CandidateWindow.start_minute < start), count(CandidateWindow.end_minute > end)


def most_ranked_interests(event: Event) -> int:
    """The longest ranked list any candidate of the event has."""
    per_candidate = (
        sa.select(sa.func.count(CandidateInterest.id).label("ranked"))
        .join(Candidate)
        .where(Candidate.event_id == event.id)
        .group_by(CandidateInterest.candidate_id)
        .subquery()
    )
    return db.session.scalar(sa.select(sa.func.max(per_candidate.c.ranked))) or 0
