"""The e-mails a young person gets about their interviews: invite, update and cancellation.

Each is queued in the caller's transaction (`recruit.mail`), in the person's language, with a
fresh booking link (only token hashes are stored, so a link cannot be looked up again).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from recruit.changes.told import UNKNOWN, Known, next_sequence, record_told
from recruit.core import links
from recruit.extensions import db
from recruit.mail import messages
from recruit.mail.details import InterviewDetails, event_details, interview_details
from recruit.mail.outbox import queue_rendered
from recruit.models import Candidate, Employer, Event, Interview, Vacancy

INVITE, UPDATE, CANCEL = "invite", "update", "cancel"
_RENDER = {
    INVITE: messages.interview_invite,
    UPDATE: messages.interview_update,
    CANCEL: messages.interview_cancel,
}


def load_entries(entries: Iterable[dict[str, Any]]) -> list[Any]:
    """Load the rows that snapshot `entries` name (people, interviews, employers, vacancies
    with their cards) in one query per table, so the per-entry `db.session.get` calls that
    follow are answered from the identity map: no query, and no autoflush, per message.

    Returns the loaded rows; the caller keeps the list while it works (the identity map holds
    rows only as long as something else refers to them).
    """
    entries = list(entries)

    def ids(key: str) -> list[int]:
        return sorted({entry[key] for entry in entries})

    queries = (
        sa.select(Candidate).where(Candidate.id.in_(ids("candidate_id"))),
        sa.select(Interview).where(Interview.id.in_(ids("id"))),
        sa.select(Employer).where(Employer.id.in_(ids("employer_id"))),
        sa.select(Vacancy)
        .where(Vacancy.id.in_(ids("vacancy_id")))
        .options(selectinload(Vacancy.requirements)),
    )
    return [row for query in queries for row in db.session.scalars(query)] if entries else []


def details_of_entry(event: Event, entry: dict[str, Any], locale: str) -> InterviewDetails:
    """An interview as a published snapshot entry recorded it (its row may be gone)."""
    employer = db.session.get(Employer, entry["employer_id"])
    vacancy = db.session.get(Vacancy, entry["vacancy_id"])
    return InterviewDetails(
        uid=entry["uid"],
        sequence=entry["sequence"],
        start=event.local_datetime(entry["start_minute"]),
        end=event.local_datetime(entry["end_minute"]),
        employer_name=employer.company_name if employer is not None else "",
        vacancy_title=vacancy.title if vacancy is not None else "",
        table_label=str(entry["table_no"]),
        what_to_bring=tuple(card.name_for(locale) for card in vacancy.requirements)
        if vacancy is not None
        else (),
    )


def mailable(candidate: Candidate) -> bool:
    """False for an address nobody confirmed: it is never mailed."""
    return candidate.status != "unverified" and "@" in candidate.email


def queue_notice(
    kind: str, candidate: Candidate, details: InterviewDetails, told: Known = UNKNOWN
) -> None:
    """Queue one invite, update or cancellation for `candidate`, and remember what it said.

    `told` is what the person was told of this interview when the caller already knows it
    (the change path loads every row at once): then no query is made per message."""
    if not mailable(candidate):
        return
    sequence = next_sequence(candidate, details.uid, details.sequence, told)
    if sequence != details.sequence:
        details = replace(details, sequence=sequence)
    event = event_details(candidate.event)
    rendered = _RENDER[kind](
        candidate.locale,
        event=event,
        interview=details,
        first_name=candidate.first_name,
        attendee_email=candidate.email,
        booking_url=links.new_booking_url(candidate),
    )
    queue_rendered(db.session, rendered, to=candidate.email, event_id=candidate.event_id)
    record_told(candidate, "CANCEL" if kind == CANCEL else "REQUEST", event, details, told)


def queue_interview_notice(kind: str, interview: Interview) -> None:
    """Queue a notice about a live row as it is now (its time, table and sequence)."""
    candidate = interview.candidate
    queue_notice(kind, candidate, interview_details(interview, candidate.locale))
