"""A filled draft for board tests and the board benchmark, without running the engine.

`demo_with_draft` makes the demo event (the engine's generator: employers with windows,
breaks and tables, youth with windows and ranked choices) and places youth first come, first
served on their ranked vacancies, keeping every rule the board shows (the employer's slots,
one interview per table, the young person's windows and the buffer between their
interviews). `vary_statuses` then gives some interviews each status the board tells apart.
"""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from recruit.changes.notify import notify_changes
from recruit.events.demo import create_demo_event
from recruit.extensions import db
from recruit.models import Candidate, Employer, Event, Interview, utcnow
from recruit.scheduling.bridge import (
    build_problem,
    candidate_key,
    is_eligible,
    slot_starts_of,
    solver_employer_of,
    vacancy_key,
)


def _fits(windows: list[tuple[int, int]], start: int, end: int) -> bool:
    return not windows or any(a <= start and end <= b for a, b in windows)


def demo_with_draft(employers: int = 8, youth: int = 200, seed: int = 2027, *,
                    fill: bool = False) -> Event:
    """The demo event with a first-come-first-served draft (committed).

    `fill` also places people at vacancies they did not rank but qualify for, as long as
    slots are left: a board as full as the event's tables allow (for the benchmark).
    """
    event = create_demo_event(employers, youth, seed=seed)
    db.session.commit()
    employer_rows = db.session.scalars(
        sa.select(Employer).where(Employer.event_id == event.id)
        .options(selectinload(Employer.windows), selectinload(Employer.vacancies))
    ).all()
    for employer in employer_rows:
        employer.status = "approved"
    slots: dict[int, list[int]] = {}
    by_vacancy: dict[int, Employer] = {}
    for employer in employer_rows:
        built = solver_employer_of(event, employer)
        slots[employer.id] = slot_starts_of(event, built) if built else []
        by_vacancy.update({v.id: employer for v in employer.vacancies})
    taken: dict[tuple[int, int], set[int]] = defaultdict(set)  # (employer, table) -> starts
    people = db.session.scalars(
        sa.select(Candidate).where(Candidate.event_id == event.id)
        .options(selectinload(Candidate.windows), selectinload(Candidate.interests))
        .order_by(Candidate.signup_seq)
    ).all()
    for person in people:
        person.email_verified_at = person.email_verified_at or utcnow()
    db.session.flush()
    problem = build_problem(event).problem
    engine_people = {c.id: c for c in problem.candidates}
    engine_vacancies = {v.id: v for e in problem.employers for v in e.vacancies}
    buffer, limit = event.candidate_buffer_minutes, event.max_interviews_per_candidate
    rows: list[Interview] = []
    for person in people:
        windows = [(w.start_minute, w.end_minute) for w in person.windows]
        mine: list[tuple[int, int]] = []
        met: set[int] = set()
        ranked = [i.vacancy_id for i in sorted(person.interests, key=lambda i: i.rank)]
        others = [v for v in by_vacancy if v not in ranked] if fill else []
        for vacancy_id in ranked + others:
            wanted = by_vacancy.get(vacancy_id)
            if wanted is None:
                continue
            employer = wanted
            if employer.id in met or len(mine) >= limit:
                continue
            me = engine_people.get(candidate_key(person.id))
            vacancy = engine_vacancies.get(vacancy_key(employer.id, vacancy_id))
            if me is None or vacancy is None or not is_eligible(me, vacancy):
                continue
            placed = False
            for start in slots[employer.id]:
                end = start + employer.interview_minutes
                if not _fits(windows, start, end) or any(
                    start < b + buffer and a < end + buffer for a, b in mine
                ):
                    continue
                for table in range(1, employer.tables + 1):
                    busy = taken[(employer.id, table)]
                    if any(start < s + employer.interview_minutes and s < end for s in busy):
                        continue
                    busy.add(start)
                    mine.append((start, end))
                    met.add(employer.id)
                    rows.append(Interview(
                        event=event, employer=employer, vacancy_id=vacancy_id,
                        candidate=person, table_no=table, start_minute=start, end_minute=end,
                    ))
                    placed = True
                    break
                if placed:
                    break
    db.session.add_all(rows)
    db.session.flush()
    for row in rows:
        row.claim_cells(event.grid_minutes, buffer)
    db.session.commit()
    return event


def vary_statuses(event: Event) -> None:
    """Give some interviews each status: confirmed, declined, booked by the young person or a
    counsellor, locked, checked in (committed; the bookings are told, as booking
    does)."""
    rows = db.session.scalars(
        sa.select(Interview).where(Interview.event_id == event.id).order_by(Interview.id)
    ).all()
    for index, row in enumerate(rows):
        kind = index % 9
        if kind == 1:
            row.response = "confirmed"
        elif kind == 2:
            row.response, row.cancelled_at = "declined", utcnow()
            row.release_cells()
        elif kind == 3:
            row.source = "self"
        elif kind == 4:
            row.source = "counsellor"
        elif kind == 5:
            row.locked = True
        elif kind == 6:
            row.candidate.checked_in_at = utcnow()
    db.session.flush()
    # The bookings were made outside the draft: their people are told now, as booking does.
    notify_changes(event, reason="test.bookings")
    db.session.commit()
