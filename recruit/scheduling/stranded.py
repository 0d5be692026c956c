"""Interviews an edit of the event or of an employer would strand off their employer's slots.

After publishing, people know where and when their interviews are. An edit of the event's
hours or breaks, or of an employer's times, breaks, interview length or table count, that
would leave a scheduled interview where no interview of that employer can be, is refused with
how many interviews and whose, never carried out silently. Staff move or remove those
interviews on the schedule first (which tells the people concerned), then make the edit.

"Scheduled" covers both the draft (the live rows) and the latest published version (what
people were told), as long as the interview still stands.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa

from recruit.extensions import db
from recruit.models import Employer, Event, Interview
from recruit.scheduling.bridge import employer_starts
from recruit.scheduling.queries import published_entries


@dataclass(frozen=True)
class HeldTime:
    """A time and table an interview holds, in the draft or as published."""

    employer_id: int
    start_minute: int
    end_minute: int
    table_no: int


def held_times(event: Event, employer_id: int | None = None) -> set[HeldTime]:
    query = sa.select(Interview).where(
        Interview.event_id == event.id, Interview.cancelled_at.is_(None)
    )
    if employer_id is not None:
        query = query.where(Interview.employer_id == employer_id)
    rows = {row.id: row for row in db.session.scalars(query)}
    held = {HeldTime(r.employer_id, r.start_minute, r.end_minute, r.table_no)
            for r in rows.values()}
    held |= {
        HeldTime(e["employer_id"], e["start_minute"], e["end_minute"], e["table_no"])
        for e in published_entries(event) if e["id"] in rows
    }
    return held


def _off_the_slots(event: Event, held: set[HeldTime]) -> set[HeldTime]:
    off: set[HeldTime] = set()
    for employer_id in {h.employer_id for h in held}:
        employer = db.session.get(Employer, employer_id)
        if employer is None:
            continue
        starts = employer_starts(event, employer)
        off |= {
            h for h in held
            if h.employer_id == employer_id and (
                h.start_minute not in starts
                or h.end_minute - h.start_minute != employer.interview_minutes
                or h.table_no > employer.tables
            )
        }
    return off


def stranded_by(
    event: Event, change: Callable[[], object], employer_id: int | None = None
) -> list[HeldTime]:
    """The scheduled times `change` would leave off their employer's slots (and that fit
    before it: an old problem elsewhere does not block an unrelated edit).

    `change` applies the edit to the models; it is flushed, judged and rolled back, so this
    ends the request's transaction: call it before anything the request means to keep.
    """
    held = held_times(event, employer_id)
    if not held:
        return []
    before = _off_the_slots(event, held)
    try:
        change()
        db.session.flush()
        after = _off_the_slots(event, held)
    finally:
        db.session.rollback()
    return sorted(after - before, key=lambda h: (h.employer_id, h.start_minute, h.table_no))


def whose(times: list[HeldTime]) -> str:
    """"Kahvila Oy: 2, Kauppa Oy: 1": how many of the times each employer holds."""
    counts = Counter(h.employer_id for h in times)
    names = {row.id: row.company_name for row in db.session.execute(
        sa.select(Employer.id, Employer.company_name).where(Employer.id.in_(sorted(counts)))
    )}
    return ", ".join(f"{names.get(i, '?')}: {n}" for i, n in
                     sorted(counts.items(), key=lambda item: names.get(item[0], "")))
