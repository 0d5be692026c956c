"""Read-only queries for the employer's private page: their roster as published.

Only the latest published schedule version is shown, never the draft staff are editing: times
and tables come from the version's entries of this employer (`entries_of`, the snapshot's index,
so the page reads this employer's rows only); bookings young people made themselves after
publishing are added, as they see them too. A candidate's introduction and
contact details appear only when the candidate agreed to share them with employers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from recruit.extensions import db
from recruit.models import BOOKED_SOURCES, Employer, Interview, PublishedEntry
from recruit.scheduling.queries import entries_of, has_entries, latest_version, snapshot_entry


@dataclass(frozen=True)
class RosterEntry:
    interview: Interview
    start_minute: int
    end_minute: int
    table_no: int
    vacancy_title: str
    # First name and the initial of the last name: enough to greet the person at the table.
    candidate_name: str
    response: str
    cancelled: bool
    # None unless the candidate consented to share them (`share_with_employers`).
    introduction: str | None = None
    email: str | None = None
    phone: str | None = None


def short_name(first_name: str, last_name: str) -> str:
    initial = last_name.strip()[:1]
    return f"{first_name.strip()} {initial}." if initial else first_name.strip()


def roster_of(employer: Employer) -> list[RosterEntry] | None:
    """The employer's interviews by time and table; None before any publish.

    The published ones with their published time and table, plus those young people booked
    themselves (or a counsellor booked for them) since: those bind at once and the person
    already sees them on their own page, so the employer must see them too.
    """
    version = latest_version(employer.event)
    if not has_entries(version):
        return None
    assert version is not None
    titles = {vacancy.id: vacancy.title for vacancy in employer.vacancies}
    published = entries_of(version, employer_id=employer.id)
    rows = {
        row.id: row
        for row in db.session.scalars(
            sa.select(Interview).where(Interview.id.in_([e["id"] for e in published]))
            .options(selectinload(Interview.candidate))
        )
    } if published else {}
    entries = [_entry(rows[entry["id"]], entry, titles)
               for entry in published if entry["id"] in rows]
    booked = db.session.scalars(
        sa.select(Interview).where(
            Interview.employer_id == employer.id,
            Interview.source.in_(BOOKED_SOURCES),
            ~sa.exists().where(PublishedEntry.version_id == version.id,
                               PublishedEntry.interview_id == Interview.id),
        ).options(selectinload(Interview.candidate))
    )
    entries.extend(_entry(row, snapshot_entry(row), titles) for row in booked)
    return sorted(entries, key=lambda e: (e.start_minute, e.table_no))


def _entry(interview: Interview, entry: dict[str, Any], titles: dict[int, str]) -> RosterEntry:
    """`entry` gives the time and table as the people were told them (a snapshot entry)."""
    cancelled = interview.cancelled_at is not None
    candidate = interview.candidate
    shared = candidate.share_with_employers and not cancelled
    return RosterEntry(
        interview=interview,
        start_minute=entry["start_minute"],
        end_minute=entry["end_minute"],
        table_no=entry["table_no"],
        vacancy_title=titles.get(entry["vacancy_id"], ""),
        # A cancelled interview keeps its time on the roster (the table is free then) but no
        # longer says who it was.
        candidate_name="" if cancelled else short_name(candidate.first_name,
                                                       candidate.last_name),
        response=interview.response,
        cancelled=cancelled,
        introduction=(candidate.introduction.strip() or None) if shared else None,
        email=candidate.email if shared else None,
        phone=(candidate.phone or None) if shared else None,
    )


def published_interview(employer: Employer, interview_id: int) -> Interview | None:
    """One live interview of the employer's published roster, or None (the page answers 404)."""
    for entry in roster_of(employer) or []:
        if entry.interview.id == interview_id and not entry.cancelled:
            return entry.interview
    return None
