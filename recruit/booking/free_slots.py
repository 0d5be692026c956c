"""Free interview slots one young person may book themselves (read-only).

The rules are the engine's (DESIGN §3), applied through the bridge to the same solver objects
a build makes: a slot on the employer's own grid (breaks respected), inside the person's
availability, a vacancy they are eligible for (cards, language, age) and chose (or any, when
open to other vacancies), at most one interview per employer, the event's buffer between their
interviews, at most the event's number of interviews per person, and an employer's table free
and its candidate limit not reached.

The answer costs what it concerns: the person's own rows, the employers they may still meet
(their grid and vacancies) and the tables those employers have taken, read by a handful of
queries, as plain rows (no ORM objects per employer). It never builds the whole event's
problem. `free_offers` answers per employer (a fair's booking page lists them, with how many
free times each has), and `free_slots` is the same answer as one list of slots.

The person's own draft interview that no published version lists and that nobody booked (the
waiting list or staff placed them there; their page does not show it) does not count against
their own choice at that employer: a booking there replaces it
(`recruit.booking.operations.book`). At other employers it still keeps its time, as it will
be published.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

import sqlalchemy as sa

from recruit.extensions import db
from recruit.models import (
    BOOKED_SOURCES,
    Candidate,
    Employer,
    EmployerWindow,
    Event,
    Interview,
    PublishedEntry,
    RequirementCard,
    ScheduleVersion,
    Vacancy,
    utcnow,
    vacancy_requirement,
)
from recruit.scheduling.bridge import (
    EmployerFacts,
    SolverEmployer,
    db_id,
    engine_candidate,
    engine_employers_with_slots,
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
class EmployerOffer:
    """What one employer offers the person: the vacancies she may book there and the free
    times, each (start, end, table), earliest first."""

    employer_id: int
    company_name: str
    vacancies: tuple[tuple[int, str], ...]  # (id, title), by title
    times: tuple[tuple[int, int, int], ...]

    def slots(self) -> list[FreeSlot]:
        return [FreeSlot(self.employer_id, vacancy_id, start, end, table)
                for start, end, table in self.times for vacancy_id, _title in self.vacancies]


class _Held(NamedTuple):
    """A live interview of an employer, as far as free slots care (a named tuple: a fair's
    page reads every interview of the employers offered)."""

    candidate_id: int
    table_no: int
    start_minute: int
    end_minute: int


@dataclass(frozen=True)
class _EmployerRows:
    """An employer read as plain rows: the engine's facts and the words a page shows."""

    facts: EmployerFacts
    company_name: str
    titles: dict[int, str]


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
    offers = free_offers(candidate, ignore_others=ignore_others, now=now,
                         vacancy_ids=vacancy_ids, version=version)
    return slots_of(offers)


def slots_of(offers: Sequence[EmployerOffer]) -> list[FreeSlot]:
    slots = [slot for offer in offers for slot in offer.slots()]
    return sorted(slots, key=lambda s: (s.start_minute, s.employer_id, s.vacancy_id))


def free_offers(
    candidate: Candidate,
    *,
    ignore_others: bool = False,
    now: datetime | None = None,
    vacancy_ids: Collection[int] | None = None,
    employer_id: int | None = None,
    version: ScheduleVersion | LookUp | None = LOOK_UP,
) -> list[EmployerOffer]:
    """The free slots of `free_slots`, per employer (by employer id), with the company's name
    and the vacancies' titles; only employers with a free time. `employer_id` narrows the
    answer to that employer (and reads only its rows).

    Read in a fixed number of statements, as plain rows (no ORM objects per employer), so a
    booking page at a fair can say what every employer offers at little cost."""
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
    if employer_id is not None and employer_id in met:
        return []
    rows = {row.facts.id: row for row in _employers_to_meet(candidate, met, vacancy_ids,
                                                             employer_id)}
    employers = engine_employers_with_slots(event, [row.facts for row in rows.values()])
    me = engine_candidate(event, candidate, [e for e, _starts in employers], own)
    if me is None:
        return []
    wanted: list[tuple[SolverEmployer, tuple[int, ...], list[int]]] = []
    for employer, starts in employers:
        vacancies = [
            db_id(v.id) for v in employer.vacancies
            # As in the engine: a vacancy they ranked, or any suitable one if open to others.
            if is_eligible(me, v) and (me.open_to_other or v.id in me.preferences)
            and (vacancy_ids is None or db_id(v.id) in vacancy_ids)
        ]
        if vacancies:
            wanted.append((employer, starts, vacancies))
    held = {} if ignore_others else _held_by([db_id(e.id) for e, _s, _v in wanted])
    buffer = event.candidate_buffer_minutes
    still_to_come = _still_to_come(event, now or utcnow())
    # Employers of a fair share most of their slots: each span is checked against her
    # availability once.
    fits: dict[tuple[int, int], bool] = {}
    offers: list[EmployerOffer] = []
    for employer, starts, vacancies in wanted:
        key = db_id(employer.id)
        # The person's own row here can only be a hidden draft, which the booking replaces.
        others = [row for row in held.get(key, []) if row.candidate_id != candidate.id]
        if len({row.candidate_id for row in others}) >= employer.max_candidates:
            continue
        free_table = _free_tables(employer.tables, others)
        busy = [(row.start_minute, row.end_minute) for row in live
                if row.employer_id != key or key not in hidden]
        if len(busy) >= event.max_interviews_per_candidate:
            continue
        times = []
        for start in starts:
            end = start + employer.interview_minutes
            if not still_to_come(start):
                continue
            fit = fits.get((start, end))
            if fit is None:
                fit = fits[(start, end)] = fits_availability(me, start, end)
            if not fit or any(
                _overlaps(start, end, o_start, o_end, buffer) for o_start, o_end in busy
            ):
                continue
            table = free_table(start, end)
            if table is not None:
                times.append((start, end, table))
        if times:
            titles = rows[key].titles
            shown = tuple(sorted(((v, titles[v]) for v in vacancies),
                                 key=lambda pair: (pair[1], pair[0])))
            offers.append(EmployerOffer(key, rows[key].company_name, shown, tuple(times)))
    return offers


def _still_to_come(event: Event, moment: datetime) -> Callable[[int], bool]:
    """Whether a start minute of the event day is after `moment`; each minute's instant is
    worked out once (a fair's employers share most of their start minutes)."""
    answers: dict[int, bool] = {}

    def check(minute: int) -> bool:
        answer = answers.get(minute)
        if answer is None:
            answer = answers[minute] = event.local_datetime(minute) > moment
        return answer

    return check


def _published(version: ScheduleVersion | None) -> sa.ColumnElement[bool]:
    """For a query of interviews: whether `version` lists the interview."""
    if version is None:
        return sa.false()
    return sa.exists().where(
        PublishedEntry.version_id == version.id, PublishedEntry.interview_id == Interview.id
    )


def _employers_to_meet(
    candidate: Candidate, met: Collection[int], vacancy_ids: Collection[int] | None,
    employer_id: int | None = None,
) -> list[_EmployerRows]:
    """The event's approved employers the person has not met (nor declined), with their grid
    and vacancies, as plain rows in four statements; only those of `vacancy_ids`, or the one
    `employer_id`, when given."""
    chosen = sa.select(Employer.id).where(
        Employer.event_id == candidate.event_id, Employer.status == "approved")
    if met:
        chosen = chosen.where(Employer.id.not_in(list(met)))
    if vacancy_ids is not None:
        chosen = chosen.where(
            Employer.id.in_(sa.select(Vacancy.employer_id).where(Vacancy.id.in_(list(vacancy_ids))))
        )
    if employer_id is not None:
        chosen = chosen.where(Employer.id == employer_id)
    employers = db.session.execute(
        sa.select(Employer.id, Employer.company_name, Employer.interview_minutes,
                  Employer.tables, Employer.min_candidates, Employer.max_candidates)
        .where(Employer.id.in_(chosen)).order_by(Employer.id)
    ).all()
    if not employers:
        return []
    ids = [row.id for row in employers]
    windows: dict[tuple[int, str], list[tuple[int, int]]] = defaultdict(list)
    for owner, kind, start, end in db.session.execute(
        sa.select(EmployerWindow.employer_id, EmployerWindow.kind, EmployerWindow.start_minute,
                  EmployerWindow.end_minute)
        .where(EmployerWindow.employer_id.in_(ids))
        .order_by(EmployerWindow.start_minute, EmployerWindow.id)
    ):
        windows[(owner, kind)].append((start, end))
    vacancies = db.session.execute(
        sa.select(Vacancy.id, Vacancy.employer_id, Vacancy.title, Vacancy.languages,
                  Vacancy.min_age)
        .where(Vacancy.employer_id.in_(ids)).order_by(Vacancy.id)
    ).all()
    cards: dict[int, list[str]] = defaultdict(list)
    if vacancies:
        for vacancy_id, code in db.session.execute(
            sa.select(vacancy_requirement.c.vacancy_id, RequirementCard.code)
            .join(RequirementCard, RequirementCard.id == vacancy_requirement.c.card_id)
            .where(vacancy_requirement.c.vacancy_id.in_([v.id for v in vacancies]))
            .order_by(RequirementCard.code)
        ):
            cards[vacancy_id].append(code)
    by_employer: dict[int, list[Any]] = defaultdict(list)
    for vacancy in vacancies:
        by_employer[vacancy.employer_id].append(vacancy)
    return [
        _EmployerRows(
            facts=EmployerFacts(
                id=row.id, interview_minutes=row.interview_minutes, tables=row.tables,
                min_candidates=row.min_candidates, max_candidates=row.max_candidates,
                available=tuple(windows[(row.id, "available")]),
                breaks=tuple(windows[(row.id, "break")]),
                vacancies=tuple(
                    (v.id, tuple(cards[v.id]), tuple(v.languages or ()), v.min_age)
                    for v in by_employer[row.id]
                ),
            ),
            company_name=row.company_name,
            titles={v.id: v.title for v in by_employer[row.id]},
        )
        for row in employers
    ]


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


def _free_tables(tables: int, held: Sequence[_Held]) -> Callable[[int, int], int | None]:
    """The first of tables 1..`tables` free for all of [start, end), given the interviews
    `held` there: each table's interviews merged into sorted spans once, then a binary search
    per question (a fair asks it for every slot of every employer)."""
    spans: dict[int, list[list[int]]] = {}
    for row in sorted(held, key=lambda r: r.start_minute):
        merged = spans.setdefault(row.table_no, [])
        if merged and row.start_minute < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], row.end_minute)
        else:
            merged.append([row.start_minute, row.end_minute])
    by_table = [
        ([span[0] for span in spans.get(t, [])], [span[1] for span in spans.get(t, [])])
        for t in range(1, tables + 1)
    ]

    def first_free(start: int, end: int) -> int | None:
        for number, (starts, ends) in enumerate(by_table, start=1):
            # The first span ending after `start` is the only one that may overlap.
            i = bisect.bisect_right(ends, start)
            if i == len(ends) or starts[i] >= end:
                return number
        return None

    return first_free
