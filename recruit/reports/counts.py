"""The raw counts behind a report, aggregated in the database.

Each query groups by event (and by the figure's own dimension), so a report over one event
or over a year of events costs the same handful of statements, whatever the number of people:
the rows that come back are counts, never people. The exact counts stay inside the package;
`recruit.reports.report` hides the small ones before anything is shown.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa

from recruit.extensions import db
from recruit.models import (
    Candidate,
    Employer,
    Event,
    FollowUpAnswer,
    FollowUpRequest,
    Interview,
    Vacancy,
)
from recruit.reports.reasons import count_reasons

# Age in the calendar year of the event (only the birth year is collected). The sign-up form
# accepts 15–29; anything else (a staff-entered exception) counts as "other".
AGE_GROUPS = ((15, 17), (18, 20), (21, 24), (25, 29))
OTHER_AGE = "other"

# Every live interview falls in exactly one of these, so they add up to the interviews held.
OUTCOME_CATEGORIES = (
    "hired", "second_round", "not_selected", "no_show", "came_no_outcome", "not_recorded",
)


def age_group_label(low: int, high: int) -> str:
    return f"{low}–{high}"


AGE_LABELS = (*(age_group_label(low, high) for low, high in AGE_GROUPS), OTHER_AGE)


@dataclass
class Counts:
    """Exact counts for one event or a sum of events. Counters are keyed by the dimension."""

    events: int = 0
    employers: int = 0
    vacancies: int = 0
    positions: int = 0
    signups: Counter[str] = field(default_factory=Counter)  # by age group
    priority_signups: int = 0
    cancelled: int = 0
    scheduled: Counter[str] = field(default_factory=Counter)  # youth with an interview, by age
    priority_scheduled: int = 0
    came: int = 0  # youth who came to at least one interview
    priority_came: int = 0
    hired: Counter[str] = field(default_factory=Counter)  # youth hired, by age
    priority_hired: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)  # interviews by OUTCOME_CATEGORIES
    languages: Counter[str] = field(default_factory=Counter)  # sign-ups by language spoken
    left_out: int = 0  # youth the latest schedule run could not place, still without one
    reasons: Counter[tuple[str, str]] = field(default_factory=Counter)  # (code, card) -> youth
    # The impact follow-up: people asked and answers, by audience ("youth", "employer").
    follow_up_asked: Counter[str] = field(default_factory=Counter)
    follow_up_answered: Counter[str] = field(default_factory=Counter)
    situations: Counter[str] = field(default_factory=Counter)  # youth's answers by situation
    helped: Counter[str] = field(default_factory=Counter)  # youth's answers: did it help
    follow_up_hires: int = 0  # young people employers say started working for them

    def add(self, other: Counts) -> None:
        for name, value in vars(other).items():
            if isinstance(value, Counter):
                getattr(self, name).update(value)
            else:
                setattr(self, name, getattr(self, name) + value)

    @property
    def interviews(self) -> int:
        return sum(self.outcomes.values())


def events_between(start: sa.Date | object, end: sa.Date | object) -> sa.Select:
    """The ids of events held between two dates (inclusive), as a subquery for IN."""
    return sa.select(Event.id).where(Event.date >= start, Event.date <= end)


def events_with_ids(ids: list[int]) -> sa.Select:
    return sa.select(Event.id).where(Event.id.in_(ids))


def age_group(age: int) -> str:
    """The AGE_GROUPS label of an age, or OTHER_AGE."""
    return next((age_group_label(low, high) for low, high in AGE_GROUPS if low <= age <= high),
                OTHER_AGE)


def _event_years(scope: sa.Select) -> dict[int, int]:
    return {event_id: day.year for event_id, day in db.session.execute(
        sa.select(Event.id, Event.date).where(Event.id.in_(scope)))}


def count_events(scope: sa.Select) -> dict[int, Counts]:
    """Exact counts per event id for every event in `scope` (a select of event ids)."""
    by_event: dict[int, Counts] = {
        event_id: Counts(events=1) for event_id in db.session.scalars(scope)
    }
    if not by_event:
        return by_event
    years = _event_years(scope)
    _employers(scope, by_event)
    _candidates(scope, by_event, years)
    _youth_with_interviews(scope, by_event, years)
    _interview_outcomes(scope, by_event)
    _languages(scope, by_event)
    _follow_up(scope, by_event)
    for event_id, (left_out, reasons) in count_reasons(list(by_event)).items():
        by_event[event_id].left_out = left_out
        by_event[event_id].reasons.update(reasons)
    return by_event


def _employers(scope: sa.Select, by_event: dict[int, Counts]) -> None:
    rows = db.session.execute(
        sa.select(
            Employer.event_id,
            sa.func.count(sa.distinct(Employer.id)),
            sa.func.count(Vacancy.id),
            sa.func.coalesce(sa.func.sum(Vacancy.positions), 0),
        )
        .outerjoin(Vacancy, Vacancy.employer_id == Employer.id)
        .where(Employer.event_id.in_(scope), Employer.status == "approved")
        .group_by(Employer.event_id)
    )
    for event_id, employers, vacancies, positions in rows:
        counts = by_event[event_id]
        counts.employers, counts.vacancies, counts.positions = employers, vacancies, positions


# Grouped by birth year, not by age group: plain columns group fastest, and the few rows per
# event (one per year of birth) are put in age groups here.
def _candidates(scope: sa.Select, by_event: dict[int, Counts], years: dict[int, int]) -> None:
    rows = db.session.execute(
        sa.select(Candidate.event_id, Candidate.status, Candidate.priority,
                  Candidate.birth_year, sa.func.count())
        .where(Candidate.event_id.in_(scope), Candidate.status.in_(("active", "cancelled")))
        .group_by(Candidate.event_id, Candidate.status, Candidate.priority, Candidate.birth_year)
    )
    for event_id, status, priority, birth_year, number in rows:
        counts = by_event[event_id]
        if status == "cancelled":
            counts.cancelled += number
            continue
        counts.signups[age_group(years[event_id] - birth_year)] += number
        if priority:
            counts.priority_signups += number


def _youth_with_interviews(
    scope: sa.Select, by_event: dict[int, Counts], years: dict[int, int]
) -> None:
    """Youth (not interviews) with a live interview, who came to one, who were hired."""
    # One row per person first (did they come to any interview, were they hired in any),
    # then counted by event, priority and birth year.
    person = (
        sa.select(
            Interview.candidate_id.label("candidate_id"),
            sa.func.max(sa.case((came_to_interview().is_(True), 1), else_=0)).label("came"),
            sa.func.max(sa.case((Interview.outcome == "hired", 1), else_=0)).label("hired"),
        )
        .join(Candidate, Candidate.id == Interview.candidate_id)
        .where(Interview.event_id.in_(scope), Interview.cancelled_at.is_(None))
        .group_by(Interview.candidate_id)
        .subquery()
    )
    rows = db.session.execute(
        sa.select(Candidate.event_id, Candidate.priority, Candidate.birth_year, sa.func.count(),
                  sa.func.sum(person.c.came), sa.func.sum(person.c.hired))
        .join(person, person.c.candidate_id == Candidate.id)
        .group_by(Candidate.event_id, Candidate.priority, Candidate.birth_year)
    )
    for event_id, priority, birth_year, scheduled, came, hired in rows:
        counts = by_event[event_id]
        group = age_group(years[event_id] - birth_year)
        counts.scheduled[group] += scheduled
        counts.came += came
        counts.hired[group] += hired
        if priority:
            counts.priority_scheduled += scheduled
            counts.priority_came += came
            counts.priority_hired += hired


def came_to_interview() -> sa.ColumnElement[bool]:
    """Whether the person came to the interview (None: nobody knows). The attendance the
    employer or staff recorded; without one, the door's mark on the day (arrived or late: came,
    no-show: did not); without that, whether they were checked in at the door. The same rule
    as the check-in list's (`recruit.dayof.checkin.arrival_of`), so the report agrees with
    what staff saw on the day. Needs `candidate` joined."""
    return sa.type_coerce(sa.case(
        (Interview.attended.is_not(None), Interview.attended),
        (Interview.arrival.in_(("arrived", "late")), sa.true()),
        (Interview.arrival == "no_show", sa.false()),
        (Candidate.checked_in_at.is_not(None), sa.true()),
        else_=sa.null(),
    ), sa.Boolean)


def _interview_outcomes(scope: sa.Select, by_event: dict[int, Counts]) -> None:
    came = came_to_interview().label("came")
    rows = db.session.execute(
        sa.select(Interview.event_id, came, Interview.outcome, sa.func.count())
        .join(Candidate, Candidate.id == Interview.candidate_id)
        .where(Interview.event_id.in_(scope), Interview.cancelled_at.is_(None))
        .group_by(Interview.event_id, came, Interview.outcome)
    )
    for event_id, attended, outcome, number in rows:
        by_event[event_id].outcomes[outcome_category(attended, outcome)] += number


def outcome_category(attended: bool | None, outcome: str | None) -> str:
    """Where one interview falls among OUTCOME_CATEGORIES."""
    if outcome:
        return outcome
    if attended is False:
        return "no_show"
    return "came_no_outcome" if attended else "not_recorded"


def _languages(scope: sa.Select, by_event: dict[int, Counts]) -> None:
    # Grouped by the stored list as text: a handful of combinations per event come back, and
    # the JSON column needs no engine-specific JSON functions (PostgreSQL's json has no "=").
    spoken = sa.cast(Candidate.languages, sa.Text)
    rows = db.session.execute(
        sa.select(Candidate.event_id, spoken, sa.func.count())
        .where(Candidate.event_id.in_(scope), Candidate.status == "active")
        .group_by(Candidate.event_id, spoken)
    )
    for event_id, text, number in rows:
        for code in set(json.loads(text or "[]")):
            by_event[event_id].languages[code] += number


def _follow_up(scope: sa.Select, by_event: dict[int, Counts]) -> None:
    """Who was asked and what they answered, in one statement (a UNION of two groupings)."""
    audience = sa.case((FollowUpRequest.candidate_id.is_(None), "employer"), else_="youth")
    nothing = sa.literal(None, sa.String)
    asked = (
        sa.select(FollowUpRequest.event_id, sa.literal("asked").label("source"),
                  audience.label("audience"), nothing.label("situation"),
                  nothing.label("helped"), sa.func.count().label("number"),
                  sa.literal(0).label("hires"))
        .where(FollowUpRequest.event_id.in_(scope))
        .group_by(FollowUpRequest.event_id, audience)
    )
    answered = (
        sa.select(FollowUpAnswer.event_id, sa.literal("answer"), FollowUpAnswer.audience,
                  FollowUpAnswer.situation, FollowUpAnswer.helped, sa.func.count(),
                  sa.func.coalesce(sa.func.sum(FollowUpAnswer.hires), 0))
        .where(FollowUpAnswer.event_id.in_(scope))
        .group_by(FollowUpAnswer.event_id, FollowUpAnswer.audience, FollowUpAnswer.situation,
                  FollowUpAnswer.helped)
    )
    for event_id, source, who, situation, helped, number, hires in db.session.execute(
        sa.union_all(asked, answered)
    ):
        counts = by_event[event_id]
        if source == "asked":
            counts.follow_up_asked[who] += number
            continue
        counts.follow_up_answered[who] += number
        counts.follow_up_hires += int(hires or 0)
        if situation:
            counts.situations[situation] += number
        if helped:
            counts.helped[helped] += number
