"""Free interview slots one young person may book themselves (read-only).

The rules are the engine's (DESIGN §3), read from the same solver objects the bridge builds:
a slot on the employer's own grid (breaks respected), inside the person's availability, a
vacancy they are eligible for (cards, language, age) and chose (or any, when open to other
vacancies), at most one interview per employer,
the event's buffer between their interviews, at most the event's number of interviews per
person, and an employer's table free and its candidate limit not reached.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from recruit.extensions import db
from recruit.models import Candidate, Interview, Vacancy, utcnow
from recruit.scheduling.bridge import (
    SolverEmployer,
    build_problem,
    candidate_key,
    db_id,
    declined_pairs,
    employer_slots,
    fits_availability,
    is_eligible,
)


@dataclass(frozen=True)
class FreeSlot:
    employer_id: int
    vacancy_id: int
    start_minute: int
    end_minute: int
    table_no: int


def _overlaps(start: int, end: int, other_start: int, other_end: int, gap: int = 0) -> bool:
    return start < other_end + gap and other_start < end + gap


def free_slots(
    candidate: Candidate, *, ignore_others: bool = False, now: datetime | None = None
) -> list[FreeSlot]:
    """Every slot `candidate` could book now (still to come), earliest first.

    `ignore_others` leaves out what other people hold (tables, employers' limits): a slot in
    that list but not in the normal one is one somebody else has just taken.
    """
    event = candidate.event
    problem = build_problem(event).problem
    me = next((c for c in problem.candidates if c.id == candidate_key(candidate.id)), None)
    if me is None:
        return []
    live = db.session.scalars(
        sa.select(Interview).where(
            Interview.event_id == event.id, Interview.cancelled_at.is_(None)
        )
    ).all()
    own = [row for row in live if row.candidate_id == candidate.id]
    if len(own) >= event.max_interviews_per_candidate:
        return []
    by_employer: dict[int, list[Interview]] = defaultdict(list)
    for row in live:
        by_employer[row.employer_id].append(row)
    buffer = event.candidate_buffer_minutes
    moment = now or utcnow()
    met = {row.employer_id for row in own}
    met |= {employer_id for _me, employer_id in declined_pairs(event, candidate)}
    slots: list[FreeSlot] = []
    for employer in problem.employers:
        employer_id = db_id(employer.id)
        if employer_id in met:
            continue
        held = [] if ignore_others else by_employer[employer_id]
        if len({row.candidate_id for row in held}) >= employer.max_candidates:
            continue
        # As in the engine: a vacancy they ranked, or any suitable one if open to others.
        vacancies = [
            v for v in employer.vacancies
            if is_eligible(me, v) and (me.open_to_other or v.id in me.preferences)
        ]
        if not vacancies:
            continue
        for start in employer_slots(problem.event, employer):
            end = start + employer.interview_minutes
            if event.local_datetime(start) <= moment:
                continue
            if not fits_availability(me, start, end) or any(
                _overlaps(start, end, o.start_minute, o.end_minute, buffer) for o in own
            ):
                continue
            table = _free_table(employer, held, start, end)
            if table is None:
                continue
            slots += [
                FreeSlot(employer_id, db_id(v.id), start, end, table) for v in vacancies
            ]
    return sorted(slots, key=lambda s: (s.start_minute, s.employer_id, s.vacancy_id))


def _free_table(
    employer: SolverEmployer, held: list[Interview], start: int, end: int
) -> int | None:
    busy = {row.table_no for row in held if _overlaps(start, end, row.start_minute, row.end_minute)}
    return next((t for t in range(1, employer.tables + 1) if t not in busy), None)


@dataclass(frozen=True)
class SlotGroup:
    """The free times of one vacancy, for the self-booking list."""

    vacancy: Vacancy
    starts: list[int]


def group_slots(slots: list[FreeSlot]) -> list[SlotGroup]:
    starts: dict[int, list[int]] = defaultdict(list)
    for slot in slots:
        if slot.start_minute not in starts[slot.vacancy_id]:
            starts[slot.vacancy_id].append(slot.start_minute)
    if not starts:
        return []
    vacancies = db.session.scalars(
        sa.select(Vacancy).where(Vacancy.id.in_(list(starts)))
        .options(selectinload(Vacancy.employer))
    ).all()
    return sorted(
        (SlotGroup(v, sorted(starts[v.id])) for v in vacancies),
        key=lambda group: (group.vacancy.employer.company_name, group.vacancy.title),
    )
