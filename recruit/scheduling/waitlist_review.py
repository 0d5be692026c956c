"""What staff see of the waiting list: changes waiting to go out, and changes sent
automatically (read-only).

With change_policy "review" a waiting-list run leaves its answer in the draft; the draft
against the published schedule is what the next publish would tell people. With "automatic"
the system published it at once (a version with no staff member); the difference between
that version and the one before is what went out.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import undefer

from recruit.booking.operations import BOOKED_SOURCES
from recruit.extensions import db
from recruit.models import Candidate, Employer, Event, Interview, ScheduleVersion
from recruit.scheduling.bridge import live_interviews
from recruit.scheduling.queries import published_entries

_WHERE_AND_WHEN = ("vacancy_id", "table_no", "start_minute", "end_minute")
# "added": an invitation, "changed": an update, "removed": a cancellation, "declined": the
# young person declined or cancelled (they were told at that moment).
CHANGE_KINDS = ("added", "changed", "removed", "declined")


@dataclass(frozen=True)
class ChangeLine:
    kind: str
    start_minute: int
    end_minute: int
    table_no: int
    employer_name: str
    candidate_name: str


def _entry_of(row: Interview) -> dict[str, Any]:
    return {key: getattr(row, key) for key in ("id", "candidate_id", "employer_id",
                                               *_WHERE_AND_WHEN)}


def _lines(event: Event, changes: list[tuple[str, dict[str, Any]]]) -> list[ChangeLine]:
    employers = {
        employer_id: name
        for employer_id, name in db.session.execute(
            sa.select(Employer.id, Employer.company_name).where(Employer.event_id == event.id)
        )
    }
    people = {
        candidate_id: f"{first} {last}"
        for candidate_id, first, last in db.session.execute(
            sa.select(Candidate.id, Candidate.first_name, Candidate.last_name)
            .where(Candidate.event_id == event.id)
        )
    }
    lines = [
        ChangeLine(kind, entry["start_minute"], entry["end_minute"], entry["table_no"],
                   employers.get(entry["employer_id"], ""),
                   people.get(entry["candidate_id"], ""))
        for kind, entry in changes
    ]
    return sorted(lines, key=lambda line: (line.start_minute, line.employer_name))


def pending_changes(event: Event) -> list[ChangeLine]:
    """What the next publish would tell people: the draft against the published version."""
    entries = {entry["id"]: entry for entry in published_entries(event)}
    changes: list[tuple[str, dict[str, Any]]] = []
    for row in live_interviews(event):
        entry = entries.pop(row.id, None)
        if entry is None:
            if row.source not in BOOKED_SOURCES:
                changes.append(("added", _entry_of(row)))
        elif any(entry[key] != getattr(row, key) for key in _WHERE_AND_WHEN):
            changes.append(("changed", _entry_of(row)))
    for entry in entries.values():
        gone = db.session.get(Interview, entry["id"])
        declined = gone is not None and gone.response == "declined"
        changes.append(("declined" if declined else "removed", entry))
    return _lines(event, changes)


@dataclass(frozen=True)
class SentChanges:
    version: ScheduleVersion
    lines: list[ChangeLine]


def sent_automatically(event: Event, limit: int = 5) -> list[SentChanges]:
    """The latest versions the waiting list published by itself, each with what changed."""
    versions = list(db.session.scalars(
        sa.select(ScheduleVersion).where(ScheduleVersion.event_id == event.id)
        .order_by(ScheduleVersion.number.desc()).limit(limit + 1)
        .options(undefer(ScheduleVersion.snapshot))
    ))
    sent = []
    for newer, older in pairwise(versions):
        if newer.published_by_id is not None:
            continue
        before = {e["id"]: e for e in older.snapshot.get("interviews", [])}
        changes: list[tuple[str, dict[str, Any]]] = []
        for entry in newer.snapshot.get("interviews", []):
            old = before.pop(entry["id"], None)
            if old is None:
                changes.append(("added", entry))
            elif any(old[key] != entry[key] for key in _WHERE_AND_WHEN):
                changes.append(("changed", entry))
        changes += [("removed", entry) for entry in before.values()]
        sent.append(SentChanges(newer, _lines(event, changes)))
    return sent[:limit]
