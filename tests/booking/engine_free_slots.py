"""The free-slot answer as it was first written, from the whole event's engine problem.

Kept as the reference the fast answer (recruit/booking/free_slots.py) is compared with: it
builds the problem exactly as a solve does, so it cannot drift from the engine's rules, and it
is far too slow for a page at a large fair, which is why the product no longer uses it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

import sqlalchemy as sa

from recruit.booking.free_slots import FreeSlot
from recruit.extensions import db
from recruit.models import Candidate, Interview, utcnow
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


def _overlaps(start: int, end: int, other_start: int, other_end: int, gap: int = 0) -> bool:
    return start < other_end + gap and other_start < end + gap


def engine_free_slots(
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
        vacancies = [v for v in employer.vacancies
                     if is_eligible(me, v) and (me.open_to_other or v.id in me.preferences)]
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


