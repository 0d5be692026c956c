"""The board: the whole event day on one screen (read-only; no HTTP here).

Time runs down in rows of the event's grid; every employer's interview tables run across.
Each interview is one cell spanning its length, with every status that applies to it; a free
slot of an employer's own grid is a cell an interview can be dropped on. The page costs a
handful of queries whatever the size of the event: the interviews with their people's names
in one, the employers with their windows and vacancies in three, where the latest published
version put each interview in one (its index's columns, not the snapshot document).
Nothing here builds the engine problem.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from recruit.extensions import db
from recruit.models import Candidate, Employer, Event, Interview, Vacancy
from recruit.scheduling.bridge import slot_starts_of, solver_employer_of
from recruit.scheduling.queries import (
    has_entries,
    latest_places,
    latest_version,
    published_places,
)

# Every status the board shows, in the order of its legend; each has a colour AND an icon and
# a word, so that no status is told by colour alone.
STATUSES: dict[str, tuple[str, Any]] = {
    "draft": ("✎", _l("Draft (not published)")),
    "published": ("✓", _l("Published")),
    "confirmed": ("✔", _l("Confirmed by the young person")),
    "declined": ("✗", _l("Declined")),
    "self_booked": ("☝", _l("Booked by the young person")),
    "counsellor_booked": ("☎", _l("Booked by a counsellor")),
    "locked": ("⚷", _l("Locked")),
    "checked_in": ("⚑", _l("Checked in")),
}


# Which status colours a card that has several: what matters most on the day first.
_COLOUR_ORDER = ("checked_in", "declined", "confirmed", "self_booked", "counsellor_booked",
                 "locked", "published", "draft")


class FilterError(ValueError):
    """A filter value the board does not know (shown to staff, with a 400)."""


@dataclass(frozen=True)
class BoardFilters:
    employer_id: int | None = None
    vacancy_id: int | None = None
    status: str | None = None

    @property
    def active(self) -> bool:
        return any(v is not None for v in (self.employer_id, self.vacancy_id, self.status))


def parse_filters(args: dict[str, str]) -> BoardFilters:
    """The filters from the query string; FilterError names a value that is not allowed."""

    def number(name: str) -> int | None:
        raw = (args.get(name) or "").strip()
        if not raw:
            return None
        if not raw.isdigit():
            raise FilterError(name)
        return int(raw)

    status = (args.get("status") or "").strip() or None
    if status is not None and status not in STATUSES:
        raise FilterError("status")
    return BoardFilters(number("employer"), number("vacancy"), status)


@dataclass(frozen=True)
class Card:
    """One interview on the board."""

    interview_id: int
    candidate_id: int
    name: str
    vacancy: str
    start: int
    end: int
    table: int
    statuses: tuple[str, ...]
    dimmed: bool = False

    @property
    def primary(self) -> str:
        """The status the card's colour shows (its icons show all of them)."""
        return next(s for s in _COLOUR_ORDER if s in self.statuses)

    @property
    def classes(self) -> str:
        """The card's classes: its colour, then locked, declined and dimmed when they apply
        (written here once per card rather than tested one by one in the template)."""
        marks = [f"s-{self.primary}"]
        marks += [code for code in ("locked", "declined") if code in self.statuses]
        if self.dimmed:
            marks.append("dim")
        return " ".join(marks)


@dataclass(frozen=True)
class Column:
    employer_id: int
    table: int
    first: bool  # the employer's first table: the employer's name heads it


@dataclass(frozen=True)
class Cell:
    column: Column
    span: int  # rows
    start: int
    card: Card | None = None
    free: bool = False  # a slot of the employer's grid nobody holds
    declined: Card | None = None  # shown faded in a free slot


@dataclass
class BoardEmployer:
    employer_id: int
    name: str
    tables: int
    interviews: int
    vacancies: list[tuple[int, str]]


@dataclass
class Board:
    employers: list[BoardEmployer]
    all_employers: list[BoardEmployer]
    times: list[int]
    rows: list[list[Cell]]
    grid_minutes: int
    counts: Counter[str] = field(default_factory=Counter)
    interviews: int = 0
    people: int = 0


def _names(rows: Sequence[tuple[int, str, str, int]]) -> dict[int, str]:
    """Full names; two people of the same name are told apart by their birth year."""
    same = Counter((first, last) for _id, first, last, _year in rows)
    return {
        cid: f"{first} {last}" + (f" ({year})" if same[(first, last)] > 1 else "")
        for cid, first, last, year in rows
    }


def _statuses(row: sa.Row, published: dict[int, tuple[int, int]], any_version: bool,
              checked_in: bool) -> tuple[str, ...]:
    where = published.get(row.id)
    statuses = ["published" if where == (row.start_minute, row.table_no) else "draft"]
    if not any_version:
        statuses = ["draft"]
    if row.response == "confirmed":
        statuses.append("confirmed")
    if row.source == "self":
        statuses.append("self_booked")
    elif row.source == "counsellor":
        statuses.append("counsellor_booked")
    if row.locked:
        statuses.append("locked")
    if checked_in:
        statuses.append("checked_in")
    return tuple(statuses)


def _employers(event: Event) -> list[Employer]:
    return list(db.session.scalars(
        sa.select(Employer)
        .where(Employer.event_id == event.id, Employer.status == "approved")
        .options(selectinload(Employer.windows),
                 selectinload(Employer.vacancies).selectinload(Vacancy.requirements))
        .order_by(Employer.company_name, Employer.id)
    ))


def day_board(event: Event, filters: BoardFilters = BoardFilters()) -> Board:
    employers = _employers(event)
    rows = db.session.execute(
        sa.select(Interview.id, Interview.employer_id, Interview.vacancy_id,
                  Interview.candidate_id, Interview.table_no, Interview.start_minute,
                  Interview.end_minute, Interview.locked, Interview.source, Interview.response,
                  Candidate.first_name, Candidate.last_name, Candidate.birth_year,
                  Candidate.checked_in_at)
        .join(Candidate, Candidate.id == Interview.candidate_id)
        .where(Interview.event_id == event.id,
               sa.or_(Interview.cancelled_at.is_(None), Interview.response == "declined"))
    ).all()
    # A declined interview is cancelled and its slot free again: the board shows it faded in
    # the free slot, until someone else takes the slot.
    declined = [r for r in rows if r.response == "declined"]
    rows = [r for r in rows if r.response != "declined"]
    names = _names([(r.candidate_id, r.first_name, r.last_name, r.birth_year) for r in rows])
    published = latest_places(event)
    titles = {v.id: v.title for e in employers for v in e.vacancies}
    per_employer = Counter(r.employer_id for r in rows)
    board_employers = [
        BoardEmployer(e.id, e.company_name, e.tables, per_employer[e.id],
                      [(v.id, v.title) for v in e.vacancies])
        for e in employers
    ]
    shown_ids = {e.id for e in employers}
    if filters.vacancy_id is not None:
        shown_ids &= {e.id for e in employers if filters.vacancy_id in titles
                      and any(v.id == filters.vacancy_id for v in e.vacancies)}
    if filters.employer_id is not None:
        shown_ids &= {filters.employer_id}
    counts: Counter[str] = Counter()
    cards: dict[int, list[Card]] = {}
    for r in rows:
        statuses = _statuses(r, published, bool(published), r.checked_in_at is not None)
        counts.update(statuses)
        dimmed = (filters.status is not None and filters.status not in statuses) or (
            filters.vacancy_id is not None and r.vacancy_id != filters.vacancy_id)
        cards.setdefault(r.employer_id, []).append(Card(
            r.id, r.candidate_id, names[r.candidate_id], titles.get(r.vacancy_id, ""),
            r.start_minute, r.end_minute, r.table_no, statuses, dimmed))
    gone: dict[tuple[int, int, int], Card] = {}
    for r in declined:
        if filters.vacancy_id is not None and r.vacancy_id != filters.vacancy_id:
            continue
        counts["declined"] += 1
        gone[(r.employer_id, r.table_no, r.start_minute)] = Card(
            r.id, r.candidate_id, f"{r.first_name} {r.last_name}", titles.get(r.vacancy_id, ""),
            r.start_minute, r.end_minute, r.table_no, ("declined",),
            filters.status not in (None, "declined"))
    grid = event.grid_minutes
    times = list(range(event.start_minute, event.end_minute, grid))
    columns_cells: list[list[Cell]] = []
    shown = [e for e in employers if e.id in shown_ids]
    for employer in shown:
        solver_employer = solver_employer_of(event, employer)
        slots = set(slot_starts_of(event, solver_employer)) if solver_employer else set()
        span = max(1, employer.interview_minutes // grid)
        own = cards.get(employer.id, [])
        for table in range(1, employer.tables + 1):
            column = Column(employer.id, table, table == 1)
            cells = _column(column, times, grid, span, slots,
                            [c for c in own if c.table == table])
            if gone:
                cells = [
                    replace(c, declined=gone.get((employer.id, table, c.start))) if c.free
                    else c
                    for c in cells
                ]
            columns_cells.append(cells)
    # Row-major for the template: row i lists the cells that start on that row.
    by_row: list[list[Cell]] = [[] for _ in times]
    index = {t: i for i, t in enumerate(times)}
    for cells in columns_cells:
        for cell in cells:
            if cell.start in index:
                by_row[index[cell.start]].append(cell)
    return Board(
        employers=[b for b in board_employers if b.employer_id in shown_ids],
        all_employers=board_employers,
        times=times,
        rows=by_row,
        grid_minutes=grid,
        counts=counts,
        interviews=len(rows),
        people=len({r.candidate_id for r in rows}),
    )


def _column(column: Column, times: list[int], grid: int, span: int, slots: set[int],
            cards: list[Card]) -> list[Cell]:
    """One table's cells down the day: interviews, free slots and closed time."""
    starts = {c.start: c for c in cards}
    card_starts = sorted(starts)
    slot_starts = sorted(slots)
    first, last = times[0], times[-1] + grid
    cells: list[Cell] = []
    minute = first
    while minute < last:
        card = starts.get(minute)
        if card is not None:
            rows = max(1, -(-(min(card.end, last) - minute) // grid))
            cells.append(Cell(column, rows, minute, card=card))
            minute += rows * grid
            continue
        after = bisect.bisect_right(card_starts, minute)
        upcoming = card_starts[after] if after < len(card_starts) else last
        if minute in slots:
            rows = max(1, min(span, (upcoming - minute) // grid))
            cells.append(Cell(column, rows, minute, free=True))
            minute += rows * grid
            continue
        # Closed time (a break, outside the employer's hours) up to the next slot or
        # interview is one cell: the page grows with what it shows, not with the minutes.
        next_slot = bisect.bisect_right(slot_starts, minute)
        following = slot_starts[next_slot] if next_slot < len(slot_starts) else last
        rows = max(1, (min(upcoming, following) - minute) // grid)
        cells.append(Cell(column, rows, minute))
        minute += rows * grid
    return cells


@dataclass(frozen=True)
class DayItem:
    interview_id: int
    start: int
    end: int
    employer: str
    vacancy: str
    table: int
    statuses: tuple[str, ...]


@dataclass(frozen=True)
class Choice:
    rank: int
    vacancy: str
    employer: str
    has_interview: bool


@dataclass
class PersonDay:
    """One young person's day and choices, for the board's side panel."""

    candidate_id: int
    name: str
    windows: list[tuple[int, int]]
    interviews: list[DayItem]
    choices: list[Choice]
    open_to_other: bool
    checked_in: bool


def person_day(event: Event, candidate_id: int) -> PersonDay | None:
    candidate = db.session.scalar(
        sa.select(Candidate)
        .where(Candidate.id == candidate_id, Candidate.event_id == event.id)
        .options(selectinload(Candidate.windows), selectinload(Candidate.interests))
    )
    if candidate is None:
        return None
    rows = db.session.execute(
        sa.select(Interview.id, Interview.employer_id, Interview.vacancy_id,
                  Interview.table_no, Interview.start_minute, Interview.end_minute,
                  Interview.locked, Interview.source, Interview.response,
                  Employer.company_name, Vacancy.title)
        .join(Employer, Employer.id == Interview.employer_id)
        .join(Vacancy, Vacancy.id == Interview.vacancy_id)
        .where(Interview.candidate_id == candidate.id, Interview.cancelled_at.is_(None))
        .order_by(Interview.start_minute)
    ).all()
    checked_in = candidate.checked_in_at is not None
    version = latest_version(event)
    published = published_places(version, [r.id for r in rows])
    any_published = has_entries(version)
    interviews = [
        DayItem(r.id, r.start_minute, r.end_minute, r.company_name, r.title, r.table_no,
                _statuses(r, published, any_published, checked_in))
        for r in rows
    ]
    vacancy_ids = [i.vacancy_id for i in candidate.interests]
    vacancies = {
        v.id: (v.title, company, employer_id)
        for v, company, employer_id in db.session.execute(
            sa.select(Vacancy, Employer.company_name, Employer.id)
            .join(Employer).where(Vacancy.id.in_(vacancy_ids))
        )
    } if vacancy_ids else {}
    met = {r.employer_id for r in rows}
    choices = [
        Choice(i.rank, vacancies[i.vacancy_id][0], vacancies[i.vacancy_id][1],
               vacancies[i.vacancy_id][2] in met)
        for i in sorted(candidate.interests, key=lambda i: i.rank)
        if i.vacancy_id in vacancies
    ]
    return PersonDay(
        candidate.id, f"{candidate.first_name} {candidate.last_name}",
        [(w.start_minute, w.end_minute) for w in candidate.windows],
        interviews, choices, candidate.open_to_other, checked_in,
    )
