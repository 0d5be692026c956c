"""One function every change after publishing ends in: `notify_changes`.

It compares what each young person was last told about each interview (`told_interview`)
with what is true now, and queues exactly the calendar messages owed, in the caller's
transaction: an invitation for an interview they never heard of, an update (SEQUENCE + 1) when
its day, time, time zone, venue, address or table differs from what they were told, and a
cancellation (SEQUENCE + 1) for one that is gone. Employers whose roster changed get the
roster e-mail (their calendar feed follows the schedule by itself). Young people who asked for
text messages also get a text with an update ("your interview moved") and with an invitation
that follows their first schedule ("a time opened for you"), `recruit.sms.notices`.

What is true now, for a person: the interviews of the latest published version whose row is
still live (or still waits on the draft for the next publish), at the event's current date,
time zone and venue; plus interviews they booked, or a counsellor booked for them. Draft-only
edits by staff reach people when they are published.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from recruit.booking.notices import (
    CANCEL,
    INVITE,
    UPDATE,
    details_of_entry,
    load_entries,
    mailable,
    queue_notice,
)
from recruit.booking.operations import BOOKED_SOURCES
from recruit.changes.told import told_of, told_of_row, told_rows
from recruit.extensions import db
from recruit.mail.details import InterviewDetails, event_details, interview_details
from recruit.mail.roster_ready import queue_roster_changed
from recruit.models import (
    Candidate,
    Event,
    Interview,
    PublishedEntry,
    ScheduleVersion,
    ToldInterview,
)
from recruit.scheduling.queries import published_entries
from recruit.sms.notices import MOVED, SLOT_OPENED, queue_change_sms


@dataclass
class ChangeCounts:
    """How many messages of each kind a change queued (or, previewed, would queue)."""

    invitations: int = 0
    updates: int = 0
    cancellations: int = 0
    # Employers whose roster the change touched (told by e-mail unless the caller does it).
    employers: set[int] = field(default_factory=set)

    @property
    def total(self) -> int:
        return self.invitations + self.updates + self.cancellations


@dataclass(frozen=True)
class _Truth:
    candidate: Candidate
    details: InterviewDetails
    row: Interview | None
    employer_id: int


def _true_now(
    event: Event, gone: set[int], candidate_ids: set[int] | None
) -> dict[tuple[str, int], _Truth]:
    entries = published_entries(event)
    if candidate_ids is not None:
        entries = [e for e in entries if e["candidate_id"] in candidate_ids]
    loaded = load_entries(entries)  # kept while we work: the identity map holds the rows
    truth: dict[tuple[str, int], _Truth] = {}
    published_ids = set()
    for entry in entries:
        published_ids.add(entry["id"])
        candidate = db.session.get(Candidate, entry["candidate_id"])
        if candidate is None or candidate.id in gone or candidate.status == "cancelled":
            continue
        row = db.session.get(Interview, entry["id"])
        if row is not None and row.cancelled_at is not None:
            continue
        details = details_of_entry(event, entry, candidate.locale)
        if row is not None:
            details = replace(details, sequence=max(row.sequence, details.sequence))
        truth[(entry["uid"], candidate.id)] = _Truth(candidate, details, row, entry["employer_id"])
    query = sa.select(Interview).where(
        Interview.event_id == event.id,
        Interview.cancelled_at.is_(None),
        Interview.source.in_(BOOKED_SOURCES),
    )
    if candidate_ids is not None:
        query = query.where(Interview.candidate_id.in_(sorted(candidate_ids)))
    booked = db.session.scalars(query)
    for row in booked:
        candidate = row.candidate
        if row.id in published_ids or candidate.id in gone or candidate.status == "cancelled":
            continue
        truth[(row.uid, candidate.id)] = _Truth(
            candidate, interview_details(row, candidate.locale), row, row.employer_id
        )
    del loaded
    return truth


def _cancel_details(
    event: Event, told: ToldInterview, locale: str
) -> tuple[InterviewDetails, Interview | None]:
    """The interview as the person was told it, for its cancellation (its row may be gone)."""
    row = db.session.scalar(sa.select(Interview).where(Interview.uid == told.interview_uid))
    if row is not None:
        details = interview_details(row, locale)
    else:
        details = _details_from_history(event, told.interview_uid, locale)
    zone = ZoneInfo(told.timezone)
    details = replace(
        details,
        start=datetime.fromisoformat(told.start_local).replace(tzinfo=zone),
        end=datetime.fromisoformat(told.end_local).replace(tzinfo=zone),
        table_label=told.table_label,
    )
    return details, row


def _details_from_history(event: Event, uid: str, locale: str) -> InterviewDetails:
    # The newest version that listed it, from the versions' index (not every snapshot).
    published = db.session.scalar(
        sa.select(PublishedEntry)
        .join(ScheduleVersion, ScheduleVersion.id == PublishedEntry.version_id)
        .where(ScheduleVersion.event_id == event.id, PublishedEntry.uid == uid)
        .order_by(ScheduleVersion.number.desc())
        .limit(1)
    )
    if published is not None:
        return details_of_entry(event, published.as_entry(), locale)
    moment = event.local_datetime(event.start_minute)
    return InterviewDetails(uid=uid, sequence=0, start=moment, end=moment, employer_name="",
                            vacancy_title="", table_label="")


def notify_changes(
    event: Event, *, reason: str, gone: set[int] | None = None,
    employers_told: set[int] | None = None, candidate_ids: Collection[int] | None = None,
    tell_employers: bool = True, dry_run: bool = False,
) -> ChangeCounts:
    """Queue every invitation, update and cancellation owed after a change to `event`.

    `reason` names the change (for the audit of what caused the messages); `gone` are
    candidates about to be erased (everything they were told is cancelled first);
    `employers_told` already got the roster e-mail in this transaction.
    `candidate_ids` limits the comparison to these young people (the background publish
    tells the event a batch at a time); `tell_employers=False` leaves the roster e-mails to
    the caller, who gets the employers in the counts; `dry_run` counts what would be queued
    and queues nothing (the publish preview). Flushes; the caller commits.
    """
    del reason  # named at every call so a reader sees why messages go out
    gone = gone or set()
    only = set(candidate_ids) if candidate_ids is not None else None
    told = {(r.interview_uid, r.candidate_id): r for r in told_rows(event.id, only)}
    truth = _true_now(event, gone, only)
    if not truth and not told:
        return ChangeCounts()
    now_event = event_details(event)
    counts = ChangeCounts()
    employers: set[int] = set()
    for key, item in truth.items():
        if not mailable(item.candidate):
            continue
        said = told.get(key)
        sequence = item.details.sequence
        if said is None:
            kind = INVITE
        elif said.method == "REQUEST" and told_of_row(said).same_place_and_time(
            told_of("REQUEST", now_event, item.details)
        ):
            continue
        else:
            kind = UPDATE if said.method == "REQUEST" else INVITE
            # Above what they were told; a publish may already have raised the row's.
            sequence = max(sequence, said.sequence + 1)
        if item.row is not None:
            item.row.sequence = max(item.row.sequence, sequence)
        if not dry_run:
            details = replace(item.details, sequence=sequence)
            queue_notice(kind, item.candidate, details, said)
            if kind == UPDATE:
                queue_change_sms(MOVED, item.candidate, details)
            elif told and (item.row is None or item.row.source not in BOOKED_SOURCES):
                # A new interview after people were first told theirs: a freed or added time
                # offered to them (not one they booked themselves).
                queue_change_sms(SLOT_OPENED, item.candidate, details)
        if kind == INVITE:
            counts.invitations += 1
        else:
            counts.updates += 1
        employers.add(item.employer_id)
    for key, said in told.items():
        if key in truth or said.method != "REQUEST":
            continue
        candidate = db.session.get(Candidate, said.candidate_id)
        if candidate is None or not mailable(candidate):
            continue
        details, row = _cancel_details(event, said, candidate.locale)
        sequence = max(details.sequence, said.sequence + 1)
        if row is not None:
            row.sequence = max(row.sequence, sequence)
            employers.add(row.employer_id)
        if not dry_run:
            queue_notice(CANCEL, candidate, replace(details, sequence=sequence), said)
        counts.cancellations += 1
    employers -= employers_told or set()
    counts.employers = employers
    if employers and tell_employers and not dry_run:
        tell_rosters_changed(event, employers, gone)
    db.session.flush()
    return counts


def tell_rosters_changed(event: Event, employer_ids: set[int], gone: set[int] | None = None
                         ) -> None:
    """Queue the roster e-mail for these employers, with the published roster as it is now."""
    entries: list[dict[str, Any]] = [
        e for e in published_entries(event) if e["candidate_id"] not in (gone or set())
    ]
    queue_roster_changed(event, employer_ids, entries)
