"""What a young person does on their booking page: confirm, decline, cancel, self-book.

Every action is idempotent (doing it twice leaves the same state and gives the same answer)
and race-safe: the row it changes is locked first (`lock_row`), and for a booking the
database's own constraints have the last word. Each table slot and each candidate cell can be
held by one live interview only (`InterviewCell`, `TableCell` and the partial unique indexes
on `interview`), so when two people take the last free slot at the same moment, exactly one
insert succeeds and the other's IntegrityError becomes `SlotTaken`: "this time was just taken".

Operations flush; the caller commits (or rolls back on an error).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from recruit.booking.free_slots import FreeSlot, free_slots
from recruit.booking.notices import CANCEL, INVITE, queue_interview_notice, queue_notice
from recruit.core import audit
from recruit.extensions import db
from recruit.mail.details import interview_details
from recruit.models import (
    BOOKED_SOURCES,
    Candidate,
    Employer,
    Event,
    Interview,
    ScheduleVersion,
    StaffUser,
    Vacancy,
    utcnow,
)
from recruit.scheduling.queries import (
    LOOK_UP,
    LookUp,
    entries_of,
    is_published,
    last_published_entries,
    version_or_latest,
)


class BookingError(Exception):
    """An action refused; `message` is shown to the young person."""

    status = 400

    def __init__(self, message: object) -> None:
        super().__init__(message)
        self.message = message


class SlotTaken(BookingError):
    status = 409

    def __init__(self) -> None:
        super().__init__(_l("Sorry, this time was just taken by someone else. "
                            "Please choose another time."))


class NotVisible(LookupError):
    """The interview is not one of this person's: the view answers 404."""


def lock_row(model: type[db.Model], row_id: int) -> None:  # type: ignore[name-defined]
    """Hold a write lock on one row until the transaction ends.

    PostgreSQL: SELECT ... FOR NO KEY UPDATE (the NO KEY form leaves inserts of rows that
    merely reference this one free to go on, so a lock here never waits on a foreign key
    check elsewhere). SQLite has no row locks, but its first write takes the database's write
    lock, so a no-op UPDATE there serialises the transactions the same way.
    """
    table = model.__table__
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(
            sa.update(table).where(table.c.id == row_id).values({table.c.id: table.c.id})
        )
    else:
        db.session.execute(
            sa.select(table.c.id).where(table.c.id == row_id).with_for_update(key_share=True)
        )


# --- what the page shows -------------------------------------------------------------------


@dataclass(frozen=True)
class YouthInterview:
    """An interview as the young person was told it: published time, the row's state."""

    interview: Interview | None
    employer: Employer
    vacancy: Vacancy
    table_no: int
    start_minute: int
    end_minute: int

    @property
    def live(self) -> bool:
        return self.interview is not None and self.interview.cancelled_at is None

    @property
    def response(self) -> str:
        if self.interview is None:
            return "pending"
        return self.interview.response


def visible_interviews(
    candidate: Candidate, *, version: ScheduleVersion | LookUp | None = LOOK_UP
) -> list[YouthInterview]:
    """The person's published interviews plus those they (or a counsellor) booked, and the
    ones they declined even when a later version (a waiting-list refill) no longer lists them:
    the page keeps saying "Declined" at the time they were told.

    `version` is the latest published version when the caller has it already (a page reads
    it once); only the person's own entries of it are read."""
    version = version_or_latest(candidate.event, version)
    entries = entries_of(version, candidate_id=candidate.id)
    rows = {
        row.id: row
        for row in db.session.scalars(
            sa.select(Interview).where(Interview.candidate_id == candidate.id)
            .options(selectinload(Interview.employer), selectinload(Interview.vacancy))
        )
    }
    published_ids = {e["id"] for e in entries}
    declined_earlier = [
        row.id for row in rows.values()
        if row.id not in published_ids and row.source not in BOOKED_SOURCES
        and row.response == "declined"
    ]
    entries += last_published_entries(candidate.event, declined_earlier)
    # The employers and vacancies named, in one query each (a page lists a few).
    employers = _by_id(Employer, {e["employer_id"] for e in entries})
    vacancies = _by_id(Vacancy, {e["vacancy_id"] for e in entries})
    shown: list[YouthInterview] = []
    for entry in entries:
        row = rows.get(entry["id"])
        employer = employers.get(entry["employer_id"])
        vacancy = vacancies.get(entry["vacancy_id"])
        if employer is None or vacancy is None:
            continue
        shown.append(YouthInterview(row, employer, vacancy, entry["table_no"],
                                    entry["start_minute"], entry["end_minute"]))
    for row in rows.values():
        if row.id not in published_ids and row.source in BOOKED_SOURCES:
            shown.append(YouthInterview(row, row.employer, row.vacancy, row.table_no,
                                        row.start_minute, row.end_minute))
    return sorted(shown, key=lambda item: (item.start_minute, item.employer.id))


def _by_id(model: Any, ids: set[int]) -> dict[int, Any]:
    if not ids:
        return {}
    return {row.id: row for row in db.session.scalars(sa.select(model).where(model.id.in_(ids)))}


def page_status(
    candidate: Candidate, shown: list[YouthInterview], *,
    version: ScheduleVersion | LookUp | None = LOOK_UP,
) -> str:
    """"cancelled", "scheduled", "waiting_list" (published, nothing for them) or "waiting"."""
    if candidate.status == "cancelled":
        return "cancelled"
    if any(item.live for item in shown):
        return "scheduled"
    published = version_or_latest(candidate.event, version) is not None
    return "waiting_list" if published else "waiting"


def _own_item(candidate: Candidate, interview_id: int) -> YouthInterview:
    for item in visible_interviews(candidate):
        if item.interview is not None and item.interview.id == interview_id:
            return item
    raise NotVisible(interview_id)


def _own_interview(candidate: Candidate, interview_id: int) -> Interview:
    interview = _own_item(candidate, interview_id).interview
    assert interview is not None  # _own_item only finds items with a row
    return interview


# --- confirm, decline, cancel ---------------------------------------------------------------


def confirm(candidate: Candidate, interview_id: int) -> bool:
    """Confirm one interview; True when this call changed it."""
    interview = _own_interview(candidate, interview_id)
    lock_row(Interview, interview.id)
    db.session.refresh(interview)
    if interview.cancelled_at is not None:
        raise BookingError(_l("This interview is cancelled, so it can no longer be confirmed."))
    if interview.response == "confirmed":
        return False
    interview.response, interview.responded_at = "confirmed", utcnow()
    db.session.flush()
    return True


def _cancel(interview: Interview, *, told: YouthInterview | None) -> None:
    """Cancel a live interview and free its time; `told` is what the person was told about
    it (None: they never were, so no message)."""
    interview.response, interview.responded_at = "declined", utcnow()
    interview.cancelled_at = utcnow()
    interview.locked = False
    interview.sequence += 1
    interview.release_cells()
    db.session.flush()
    if told is not None:
        candidate = interview.candidate
        # The cancellation names the time and table the person was told, not a draft's.
        details = replace(
            interview_details(interview, candidate.locale),
            start=candidate.event.local_datetime(told.start_minute),
            end=candidate.event.local_datetime(told.end_minute),
            table_label=str(told.table_no),
        )
        queue_notice(CANCEL, candidate, details)


def decline(candidate: Candidate, interview_id: int) -> bool:
    """Decline one interview: it is cancelled and its time freed. True when this call did it
    (the caller then offers the time to the waiting list)."""
    item = _own_item(candidate, interview_id)
    interview = item.interview
    assert interview is not None
    # The event first: a waiting-list run holds it while it stores its answer, so a decline
    # lands either before the run reads the declines or after it has stored.
    lock_row(Event, candidate.event_id)
    lock_row(Interview, interview.id)
    db.session.refresh(interview)
    if interview.cancelled_at is not None:
        return False
    _cancel(interview, told=item)
    return True


def cancel_everything(candidate: Candidate) -> int:
    """Withdraw from the event: every interview cancelled, out of the pool. Returns how many
    interviews this call cancelled (0 when it had been done already)."""
    lock_row(Event, candidate.event_id)  # see `decline`
    lock_row(Candidate, candidate.id)
    db.session.refresh(candidate)
    if candidate.status == "cancelled":
        return 0
    known = {item.interview.id: item for item in visible_interviews(candidate) if item.interview}
    candidate.status = "cancelled"
    live = db.session.scalars(
        sa.select(Interview).where(
            Interview.candidate_id == candidate.id, Interview.cancelled_at.is_(None)
        )
    ).all()
    for interview in live:
        _cancel(interview, told=known.get(interview.id))
    db.session.flush()
    return len(live)


# --- self-booking ---------------------------------------------------------------------------


def booking_open(
    candidate: Candidate, now: datetime | None = None, *,
    version: ScheduleVersion | LookUp | None = LOOK_UP,
) -> bool:
    """Self-booking opens when the first schedule is published, for people in the pool, and
    closes when the event's interviews end."""
    event = candidate.event
    return (
        candidate.status == "active"
        and candidate.email_verified_at is not None
        and (now or utcnow()) < event.local_datetime(event.end_minute)
        and version_or_latest(event, version) is not None
    )


def book(
    candidate: Candidate, vacancy_id: int, start_minute: int, *,
    by: StaffUser | None = None, now: datetime | None = None,
) -> Interview:
    """Book a free slot for `candidate` (themselves, or a counsellor `by` for them).

    Raises SlotTaken when someone else got the time first, BookingError when the time is not
    one the person can have at all. On either the caller rolls back.

    The person's own draft interview at the same employer that is on no published version
    (the waiting list or staff placed them there; they cannot see it) does not stand in the
    way: the booking replaces it, in this transaction.
    """
    version = version_or_latest(candidate.event, LOOK_UP)
    if not booking_open(candidate, now, version=version):
        if version is None:
            raise BookingError(_l("Booking opens when the schedule has been published."))
        raise BookingError(_l("This time cannot be booked."))
    vacancy = db.session.get(Vacancy, vacancy_id)
    if vacancy is None or vacancy.employer.event_id != candidate.event_id:
        raise BookingError(_l("This time cannot be booked."))
    already = _same_booking(candidate, vacancy_id, start_minute)
    if already is not None and (
        already.source in BOOKED_SOURCES or is_published(version, already.id)
    ):
        return already  # the same booking sent twice (a double tap): nothing more to do
    if already is None:
        # First without any lock: a time somebody else already holds is answered at once, so
        # when a crowd presses "book" on one time, only those who may still win queue below.
        _free_slot(candidate, vacancy_id, start_minute, now, version)
    # Employer first, then the person: one order everywhere, so two bookings never wait on
    # each other in a circle. The employer's lock keeps its candidate limit exact; it is held
    # for this check and the insert alone (a few small queries on that employer's rows).
    lock_row(Employer, vacancy.employer_id)
    lock_row(Candidate, candidate.id)
    db.session.refresh(candidate)
    if candidate.status != "active":
        raise BookingError(_l("This time cannot be booked."))  # cancelled a moment ago
    already = _same_booking(candidate, vacancy_id, start_minute)
    if already is not None:
        if already.source in BOOKED_SOURCES or is_published(version, already.id):
            return already  # the same booking sent twice (a double tap): nothing more to do
        # A draft interview at this very time, not yet published (the waiting list or staff
        # placed the person there while the page was open): the booking takes it over, so
        # it binds at once and the page shows it as booked, like any other booking.
        return _booked(already, by=by, now=now)
    chosen = _free_slot(candidate, vacancy_id, start_minute, now, version)
    _give_way(candidate, chosen.employer_id, version, by)
    interview = Interview(
        event_id=candidate.event_id,
        employer_id=chosen.employer_id,
        vacancy_id=chosen.vacancy_id,
        candidate_id=candidate.id,
        table_no=chosen.table_no,
        start_minute=chosen.start_minute,
        end_minute=chosen.end_minute,
        source="self" if by is None else "counsellor",
        locked=True,
    )
    event = candidate.event
    try:
        db.session.add(interview)
        db.session.flush()
        interview.claim_cells(event.grid_minutes, event.candidate_buffer_minutes)
    except IntegrityError:
        db.session.rollback()
        raise SlotTaken from None
    return _booked(interview, by=by, now=now)


def _give_way(
    candidate: Candidate, employer_id: int, version: ScheduleVersion | None,
    by: StaffUser | None,
) -> None:
    """Remove the person's hidden draft interview at this employer (on no published version,
    not booked): the person never saw it, so nobody is told; their booking takes its place.
    The employer's and the person's rows are locked by the caller."""
    drafts = db.session.scalars(
        sa.select(Interview).where(
            Interview.candidate_id == candidate.id,
            Interview.employer_id == employer_id,
            Interview.cancelled_at.is_(None),
            Interview.source.not_in(BOOKED_SOURCES),
        )
    ).all()
    for draft in drafts:
        if is_published(version, draft.id):
            continue  # shown to them: the one-per-employer rule keeps it (free slots agree)
        audit.record("interview.replaced_by_booking", draft, by)
        draft.release_cells()
        db.session.delete(draft)
    if drafts:
        db.session.flush()


def _booked(interview: Interview, *, by: StaffUser | None, now: datetime | None) -> Interview:
    """Make `interview` the person's own booking: binding at once and told by e-mail."""
    interview.source = "self" if by is None else "counsellor"
    interview.locked = True
    interview.response, interview.responded_at = "confirmed", now or utcnow()
    if by is not None:
        audit.record("interview.book_for", interview, by)
    queue_interview_notice(INVITE, interview)
    db.session.flush()
    return interview


def _same_booking(candidate: Candidate, vacancy_id: int, start_minute: int) -> Interview | None:
    return db.session.scalar(
        sa.select(Interview).where(
            Interview.candidate_id == candidate.id,
            Interview.vacancy_id == vacancy_id,
            Interview.start_minute == start_minute,
            Interview.cancelled_at.is_(None),
        )
    )


def _free_slot(
    candidate: Candidate, vacancy_id: int, start_minute: int, now: datetime | None,
    version: ScheduleVersion | None,
) -> FreeSlot:
    """The free slot asked for; SlotTaken when only other people's bookings stand in the way,
    BookingError when the person could never have it."""
    wanted = (vacancy_id, start_minute)
    chosen = _matching(
        free_slots(candidate, now=now, vacancy_ids={vacancy_id}, version=version), wanted
    )
    if chosen is not None:
        return chosen
    blind = free_slots(candidate, ignore_others=True, now=now, vacancy_ids={vacancy_id},
                       version=version)
    if _matching(blind, wanted) is not None:
        raise SlotTaken
    raise BookingError(_l("This time cannot be booked."))


def _matching(slots: list[FreeSlot], wanted: tuple[int, int]) -> FreeSlot | None:
    return next((s for s in slots if (s.vacancy_id, s.start_minute) == wanted), None)


class CheckInClosed(Exception):
    """Check-in is only open on the event day (in the event's time zone)."""


def check_in_open(event: Event, now: datetime | None = None) -> bool:
    return (now or utcnow()).astimezone(ZoneInfo(event.timezone)).date() == event.date


def check_in(candidate: Candidate, by: StaffUser) -> bool:
    """Mark the person arrived (staff scanned their code); True when this call did it."""
    if not check_in_open(candidate.event):
        raise CheckInClosed
    lock_row(Candidate, candidate.id)
    db.session.refresh(candidate)
    if candidate.checked_in_at is not None:
        return False
    candidate.checked_in_at = utcnow()
    audit.record("candidate.check_in", candidate, by)
    db.session.flush()
    return True
