"""Recording what a calendar message told its recipient (see `recruit.models.told`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from recruit.extensions import db
from recruit.mail.details import EventDetails, InterviewDetails
from recruit.models import Candidate, ToldInterview, utcnow


@dataclass(frozen=True)
class Told:
    """The part of a calendar message that a person acts on: when, where, and whether."""

    method: str  # "REQUEST" or "CANCEL"
    start_local: str
    end_local: str
    timezone: str
    venue_name: str
    venue_address: str
    table_label: str

    def same_place_and_time(self, other: Told) -> bool:
        return (self.start_local, self.end_local, self.timezone, self.venue_name,
                self.venue_address, self.table_label) == (
            other.start_local, other.end_local, other.timezone, other.venue_name,
            other.venue_address, other.table_label)


def _local(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def told_of(method: str, event: EventDetails, interview: InterviewDetails) -> Told:
    return Told(
        method=method,
        start_local=_local(interview.start),
        end_local=_local(interview.end),
        timezone=event.timezone,
        venue_name=event.venue_name,
        venue_address=event.venue_address,
        table_label=interview.table_label,
    )


def told_of_row(row: ToldInterview) -> Told:
    return Told(row.method, row.start_local, row.end_local, row.timezone, row.venue_name,
                row.venue_address, row.table_label)


class Unknown:
    """What a person was told is not known to the caller: look it up."""


UNKNOWN = Unknown()
# The caller's knowledge of the person's row for the interview: the row, None for "never
# told" (both known without a query, e.g. the change path loaded them all), or UNKNOWN.
Known = ToldInterview | None | Unknown


def _told_row(candidate: Candidate, uid: str, known: Known) -> ToldInterview | None:
    if not isinstance(known, Unknown):
        return known
    return db.session.scalar(
        sa.select(ToldInterview).where(
            ToldInterview.interview_uid == uid, ToldInterview.candidate_id == candidate.id
        )
    )


def next_sequence(candidate: Candidate, uid: str, proposed: int, known: Known = UNKNOWN) -> int:
    """`proposed`, or one above the last SEQUENCE this person got for `uid` when that is not
    below it: a calendar ignores a message whose SEQUENCE does not rise."""
    row = _told_row(candidate, uid, known)
    last = row.sequence if row is not None else None
    return proposed if last is None or proposed > last else last + 1


def record_told(
    candidate: Candidate, method: str, event: EventDetails, interview: InterviewDetails,
    known: Known = UNKNOWN,
) -> None:
    """Remember that `candidate` was just sent `method` about `interview` (same transaction)."""
    told = told_of(method, event, interview)
    row = _told_row(candidate, interview.uid, known)
    if row is None:
        row = ToldInterview(
            event_id=candidate.event_id, candidate_id=candidate.id, interview_uid=interview.uid
        )
        db.session.add(row)
    row.method, row.sequence, row.told_at = method, interview.sequence, utcnow()
    row.start_local, row.end_local, row.timezone = told.start_local, told.end_local, told.timezone
    row.venue_name, row.venue_address = told.venue_name, told.venue_address
    row.table_label = told.table_label


def told_rows(event_id: int, candidate_ids: set[int] | None = None) -> list[ToldInterview]:
    query = sa.select(ToldInterview).where(ToldInterview.event_id == event_id)
    if candidate_ids is not None:
        query = query.where(ToldInterview.candidate_id.in_(sorted(candidate_ids)))
    return list(db.session.scalars(query))
