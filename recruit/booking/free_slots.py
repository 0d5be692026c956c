"""Free interview slots one young person may book themselves (read-only).

The rules are the engine's (DESIGN §3), applied through the bridge to the same solver objects
a build makes: a slot on the employer's own grid (breaks respected), inside the person's
availability, a vacancy they are eligible for (cards, language, age) and chose (or any, when
open to other vacancies), at most one interview per employer, the event's buffer between their
interviews, at most the event's number of interviews per person, and an employer's table free
and its candidate limit not reached.

The answer costs what it concerns: the person's own rows, the employers they may still meet
(their grid and vacancies) and the tables those employers have taken, read by a handful of
queries. It never builds the whole event's problem, so a booking page or a booking costs the
same at a fair of 40 employers and 1,200 young people as at a Täsmärekry of one employer.

The person's own draft interview that no published version lists and that nobody booked (the
waiting list or staff placed them there; their page does not show it) does not count against
their own choice at that employer: a booking there replaces it
(`recruit.booking.operations.book`). At other employers it still keeps its time, as it will
be published.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from recruit.extensions import db
from recruit.models import (
    BOOKED_SOURCES,
    Candidate,
    Employer,
    Interview,
    PublishedEntry,
    ScheduleVersion,
    Vacancy,
    utcnow,
)
from recruit.scheduling.bridge import (
    SolverEmployer,
    db_id,
    engine_candidate,
    engine_employers,
    engine_slots,
    fits_availability,
    is_eligible,
)
from recruit.scheduling.queries import LOOK_UP, LookUp, version_or_latest


@dataclass(frozen=True)
class FreeSlot:
    employer_id: int
    vacancy_id: int
    start_minute: int
    end_minute: int
    table_no: int


@dataclass(frozen=True)
class _Held:
    """A live interview of an employer, as far as free slots care."""

    candidate_id: int
    table_no: int
    start_minute: int
    end_minute: int


def _overlaps(start: int, end: int, other_start: int, other_end: int, gap: int = 0) -> bool:
    return start < other_end + gap and other_start < end + gap


def free_slots(
    candidate: Candidate,
    *,
    ignore_others: bool = False,
    now: datetime | None = None,
    vacancy_ids: Collection[int] | None = None,
    version: ScheduleVersion | LookUp | None = LOOK_UP,
) -> list[FreeSlot]:
    """Every slot `candidate` could book now (still to come), earliest first.

    `ignore_others` leaves out what other people hold (tables, employers' limits): a slot in
    that list but not in the normal one is one somebody else has just taken. `vacancy_ids`
    narrows the answer to those vacancies (and reads only their employers). `version` is the
    latest published version when the caller has read it already.
    """
    event = candidate.event
    version = version_or_latest(event, version)
    mine = db.session.execute(
        sa.select(
            Interview.employer_id, Interview.start_minute, Interview.end_minute,
            Interview.cancelled_at, Interview.response, Interview.source,
            _published(version).label("published"),
        ).where(Interview.candidate_id == candidate.id)
    ).all()
    live = [row for row in mine if row.cancelled_at is None]
    # Hidden drafts: live, not booked, on no published version (so only once one exists).
    hidden = {row.employer_id for row in live if version is not None
              and row.source not in BOOKED_SOURCES and not row.published}
    own = [(row.start_minute, row.end_minute) for row in live]
    if len(own) - (1 if hidden else 0) >= event.max_interviews_per_candidate:
        return []
    # One interview per employer, and never again one the person declined.
    met = {row.employer_id for row in mine
           if (row.cancelled_at is None and row.employer_id not in hidden)
           or row.response == "declined"}
    employers = engine_employers(event, _employers_to_meet(candidate, met, vacancy_ids))
    me = engine_candidate(event, candidate, employers, own)
    if me is None:
        return []
    offered: list[tuple[SolverEmployer, list[int]]] = []
    for employer in employers:
        vacancies = [
            db_id(v.id) for v in employer.vacancies
            # As in the engine: a vacancy they ranked, or any suitable one if open to others.
            if is_eligible(me, v) and (me.open_to_other or v.id in me.preferences)
            and (vacancy_ids is None or db_id(v.id) in vacancy_ids)
        ]
        if vacancies:
            offered.append((employer, vacancies))
    held = {} if ignore_others else _held_by([db_id(e.id) for e, _v in offered])
    buffer = event.candidate_buffer_minutes
    moment = now or utcnow()
    slots: list[FreeSlot] = []
    for employer, vacancies in offered:
        employer_id = db_id(employer.id)
        # The person's own row here can only be a hidden draft, which the booking replaces.
        rows = [row for row in held.get(employer_id, []) if row.candidate_id != candidate.id]
        if len({row.candidate_id for row in rows}) >= employer.max_candidates:
            continue
        busy = [(row.start_minute, row.end_minute) for row in live
                if row.employer_id != employer_id or employer_id not in hidden]
        if len(busy) >= event.max_interviews_per_candidate:
            continue
        for start in engine_slots(event, employer):
            end = start + employer.interview_minutes
            if event.local_datetime(start) <= moment:
                continue
            if not fits_availability(me, start, end) or any(
                _overlaps(start, end, o_start, o_end, buffer) for o_start, o_end in busy
            ):
                continue
            table = _free_table(employer, rows, start, end)
            if table is None:
                continue
            slots += [FreeSlot(employer_id, v, start, end, table) for v in vacancies]
    return sorted(slots, key=lambda s: (s.start_minute, s.employer_id, s.vacancy_id))


def _published(version: ScheduleVersion | None) -> sa.ColumnElement[bool]:
    """For a query of interviews: whether `version` lists the interview."""
    if version is None:
        return sa.false()
    return sa.exists().where(
        PublishedEntry.version_id == version.id, PublishedEntry.interview_id == Interview.id
    )


def _employers_to_meet(
    candidate: Candidate, met: Collection[int], vacancy_ids: Collection[int] | None
) -> list[Employer]:
    """The event's approved employers the person has not met (nor declined), with their grid
    and vacancies; only those of `vacancy_ids` when given."""
    query = (
        sa.select(Employer)
        .where(Employer.event_id == candidate.event_id, Employer.status == "approved")
        .options(
            selectinload(Employer.windows),
            selectinload(Employer.vacancies).selectinload(Vacancy.requirements),
        )
        .order_by(Employer.id)
    )
    if met:
        query = query.where(Employer.id.not_in(list(met)))
    if vacancy_ids is not None:
        query = query.where(
            Employer.id.in_(sa.select(Vacancy.employer_id).where(Vacancy.id.in_(list(vacancy_ids))))
        )
    return list(db.session.scalars(query))


def _held_by(employer_ids: Collection[int]) -> dict[int, list[_Held]]:
    """The live interviews of these employers, by employer: their tables and candidates."""
    held: dict[int, list[_Held]] = defaultdict(list)
    if not employer_ids:
        return held
    rows = db.session.execute(
        sa.select(
            Interview.employer_id, Interview.candidate_id, Interview.table_no,
            Interview.start_minute, Interview.end_minute,
        ).where(Interview.employer_id.in_(list(employer_ids)), Interview.cancelled_at.is_(None))
    )
    for employer_id, candidate_id, table_no, start, end in rows:
        held[employer_id].append(_Held(candidate_id, table_no, start, end))
    return held


def _free_table(
    employer: SolverEmployer, held: Sequence[_Held], start: int, end: int
) -> int | None:
    busy = {row.table_no for row in held if _overlaps(start, end, row.start_minute, row.end_minute)}
    return next((t for t in range(1, employer.tables + 1) if t not in busy), None)
