"""Read-only queries about an event's schedule: published versions, solve runs, interviews.

Published versions are the immutable record of what youth and employers were told.

The live Interview rows are the draft staff edit; a publish freezes them into a numbered
ScheduleVersion whose snapshot lists each interview (ids, UID, sequence, table and times). The
latest snapshot is what public pages show (`published_view`) and what the solver must keep
(tier 1), so a draft change is never seen before the next publish.

Every snapshot entry is also a row of `PublishedEntry`, indexed by person and by employer:
`entries_of` reads one person's or one employer's entries of a version, so their pages cost
what they show, not the size of the event.
"""

from __future__ import annotations

import enum
from collections.abc import Collection
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload, undefer

from recruit.extensions import db
from recruit.models import (
    Employer,
    Event,
    Interview,
    PublishedEntry,
    ScheduleVersion,
    SolveRun,
    Vacancy,
    utcnow,
)


def latest_version(event: Event) -> ScheduleVersion | None:
    """The newest published version (its snapshot is loaded only when read)."""
    return db.session.scalar(
        sa.select(ScheduleVersion)
        .where(ScheduleVersion.event_id == event.id)
        .order_by(ScheduleVersion.number.desc())
        .limit(1)
    )


class LookUp(enum.Enum):
    """`LOOK_UP`: the default of a `version` argument a page may pass when it has read the
    latest version already; otherwise the function looks it up."""

    LATEST = "latest"


LOOK_UP = LookUp.LATEST


def version_or_latest(
    event: Event, version: ScheduleVersion | LookUp | None
) -> ScheduleVersion | None:
    """`version` as given, or the latest published version when it is `LOOK_UP`."""
    return latest_version(event) if isinstance(version, LookUp) else version


def published_entries(event: Event) -> list[dict[str, Any]]:
    """The interviews of the latest published version as stored in its snapshot (the whole
    event's: for one person or employer, `entries_of` reads the index instead)."""
    version = db.session.scalar(
        sa.select(ScheduleVersion)
        .where(ScheduleVersion.event_id == event.id)
        .order_by(ScheduleVersion.number.desc())
        .options(undefer(ScheduleVersion.snapshot))
        .limit(1)
    )
    return list(version.snapshot.get("interviews", [])) if version is not None else []


def entries_of(
    version: ScheduleVersion | None, *, candidate_id: int | None = None,
    employer_id: int | None = None,
) -> list[dict[str, Any]]:
    """The entries of `version` of one young person or one employer (as its snapshot lists
    them), read from the index: a few rows, whatever the size of the event."""
    if version is None:
        return []
    query = sa.select(PublishedEntry).where(PublishedEntry.version_id == version.id)
    if candidate_id is not None:
        query = query.where(PublishedEntry.candidate_id == candidate_id)
    if employer_id is not None:
        query = query.where(PublishedEntry.employer_id == employer_id)
    return [row.as_entry() for row in db.session.scalars(query.order_by(PublishedEntry.id))]


def has_entries(version: ScheduleVersion | None) -> bool:
    """Whether `version` lists any interview at all."""
    if version is None:
        return False
    return db.session.scalar(
        sa.select(sa.exists().where(PublishedEntry.version_id == version.id))
    ) is True


def published_places(
    version: ScheduleVersion | None, interview_ids: Collection[int] | None = None
) -> dict[int, tuple[int, int]]:
    """Where `version` put each of these interviews (every one it lists when None): interview
    id → (start minute, table), read from the index, only the columns a mark needs."""
    if version is None or (interview_ids is not None and not interview_ids):
        return {}
    query = sa.select(PublishedEntry.interview_id, PublishedEntry.start_minute,
                      PublishedEntry.table_no).where(PublishedEntry.version_id == version.id)
    if interview_ids is not None:
        query = query.where(PublishedEntry.interview_id.in_(sorted(interview_ids)))
    return {row.interview_id: (row.start_minute, row.table_no)
            for row in db.session.execute(query)}


def latest_places(event: Event) -> dict[int, tuple[int, int]]:
    """`published_places` of every interview of the latest version, in one statement (the
    version found by a subquery): what a page showing the whole day needs."""
    latest = (
        sa.select(ScheduleVersion.id).where(ScheduleVersion.event_id == event.id)
        .order_by(ScheduleVersion.number.desc()).limit(1).scalar_subquery()
    )
    return {row.interview_id: (row.start_minute, row.table_no) for row in db.session.execute(
        sa.select(PublishedEntry.interview_id, PublishedEntry.start_minute,
                  PublishedEntry.table_no).where(PublishedEntry.version_id == latest)
    )}


def entries_without_row(version: ScheduleVersion | None) -> list[dict[str, Any]]:
    """The entries of `version` whose interview has no row any more (taken off the draft):
    the next publish cancels them. The database compares; only those entries come back."""
    if version is None:
        return []
    gone = ~sa.exists().where(Interview.id == PublishedEntry.interview_id)
    return [row.as_entry() for row in db.session.scalars(
        sa.select(PublishedEntry).where(PublishedEntry.version_id == version.id, gone)
        .order_by(PublishedEntry.id)
    )]


def entry_counts(versions: Collection[ScheduleVersion]) -> dict[int, int]:
    """How many interviews each of these versions lists, by version id (counted in the
    index: no snapshot is read)."""
    if not versions:
        return {}
    counts = {version_id: count for version_id, count in db.session.execute(
        sa.select(PublishedEntry.version_id, sa.func.count())
        .where(PublishedEntry.version_id.in_(sorted(v.id for v in versions)))
        .group_by(PublishedEntry.version_id)
    )}
    return {v.id: counts.get(v.id, 0) for v in versions}


def is_published(version: ScheduleVersion | None, interview_id: int) -> bool:
    """Whether `version` lists this interview."""
    if version is None:
        return False
    return db.session.scalar(sa.select(sa.exists().where(
        PublishedEntry.version_id == version.id, PublishedEntry.interview_id == interview_id
    ))) is True


def last_published_entries(event: Event, interview_ids: list[int]) -> list[dict[str, Any]]:
    """For each of these interviews, its entry in the newest version of the event that lists
    it (what people were last told of it); none for an interview never published."""
    if not interview_ids:
        return []
    rows = db.session.execute(
        sa.select(PublishedEntry)
        .join(ScheduleVersion, ScheduleVersion.id == PublishedEntry.version_id)
        .where(ScheduleVersion.event_id == event.id,
               PublishedEntry.interview_id.in_(interview_ids))
        .order_by(ScheduleVersion.number.desc())
    ).scalars()
    found: dict[int, dict[str, Any]] = {}
    for row in rows:
        found.setdefault(row.interview_id, row.as_entry())
    return list(found.values())


def snapshot_entry(interview: Interview) -> dict[str, Any]:
    return {
        "id": interview.id,
        "uid": interview.uid,
        "sequence": interview.sequence,
        "candidate_id": interview.candidate_id,
        "employer_id": interview.employer_id,
        "vacancy_id": interview.vacancy_id,
        "table_no": interview.table_no,
        "start_minute": interview.start_minute,
        "end_minute": interview.end_minute,
    }


@dataclass(frozen=True)
class PublishedInterview:
    """An interview as youth and employers see it: the published time, the live row's state."""

    entry: dict[str, Any]
    interview: Interview | None

    @property
    def cancelled(self) -> bool:
        return self.interview is not None and self.interview.cancelled_at is not None


def published_view(event: Event) -> list[PublishedInterview]:
    """What public pages show: the latest version, never the draft.

    Times and tables come from the snapshot, so a draft move is not seen before the next
    publish; a cancellation by the young person (on the row) is seen at once.
    """
    entries = published_entries(event)
    rows = {
        i.id: i
        for i in db.session.scalars(
            sa.select(Interview).where(Interview.id.in_([e["id"] for e in entries]))
        )
    } if entries else {}
    return [PublishedInterview(entry, rows.get(entry["id"])) for entry in entries]


# --- solve runs -------------------------------------------------------------------------

ACTIVE_STATUSES = ("queued", "running")
# A run still "active" this long after its time limit has lost its worker (a restart, a
# crash): it stops blocking new builds.
STALE_GRACE_SECONDS = 600
# A running job renews its lease (`SolveRun.heartbeat_at`) every few seconds
# (`recruit.scheduling.solving.LEASE_RENEW_SECONDS`); one this long without renewal is lost.
LEASE_SECONDS = 15


def is_stale(run: SolveRun) -> bool:
    """Queued or running, but nothing will finish it: its worker died."""
    now = utcnow()
    if run.status == "running" and run.heartbeat_at is not None:
        return now - run.heartbeat_at > timedelta(seconds=LEASE_SECONDS)
    limit = timedelta(seconds=2 * run.time_limit + STALE_GRACE_SECONDS)
    return now - (run.started_at or run.created_at) > limit


def active_run(event: Event) -> SolveRun | None:
    """The event's queued or running solve, if any; a stale one no longer counts."""
    run = db.session.scalar(
        sa.select(SolveRun)
        .where(SolveRun.event_id == event.id, SolveRun.status.in_(ACTIVE_STATUSES))
        .order_by(SolveRun.id.desc())
        .limit(1)
    )
    return None if run is None or is_stale(run) else run


def latest_run(event: Event) -> SolveRun | None:
    return db.session.scalar(
        sa.select(SolveRun)
        .where(SolveRun.event_id == event.id)
        .order_by(SolveRun.id.desc())
        .limit(1)
    )


def latest_result_run(event: Event) -> SolveRun | None:
    """The newest run that produced a schedule (done or stopped)."""
    return db.session.scalar(
        sa.select(SolveRun)
        .where(
            SolveRun.event_id == event.id,
            SolveRun.status.in_(("done", "stopped")),
            SolveRun.summary.is_not(None),
        )
        .order_by(SolveRun.id.desc())
        .limit(1)
    )


def run_of(event: Event, run_id: int) -> SolveRun | None:
    return db.session.scalar(
        sa.select(SolveRun).where(SolveRun.id == run_id, SolveRun.event_id == event.id)
    )


def interview_of(event: Event, interview_id: int) -> Interview | None:
    """A live interview of this event (another event's id finds nothing)."""
    return db.session.scalar(
        sa.select(Interview).where(
            Interview.id == interview_id,
            Interview.event_id == event.id,
            Interview.cancelled_at.is_(None),
        )
    )


def versions(event: Event) -> list[ScheduleVersion]:
    return list(
        db.session.scalars(
            sa.select(ScheduleVersion)
            .where(ScheduleVersion.event_id == event.id)
            .order_by(ScheduleVersion.number.desc())
        )
    )


def version_of(event: Event, number: int) -> ScheduleVersion | None:
    return db.session.scalar(
        sa.select(ScheduleVersion).where(
            ScheduleVersion.event_id == event.id, ScheduleVersion.number == number
        )
    )


# --- the draft, as much as one page shows -------------------------------------------------


def draft_counts(event: Event) -> dict[int, int]:
    """How many live interviews each employer has on the draft."""
    return {
        employer_id: count
        for employer_id, count in db.session.execute(
            sa.select(Interview.employer_id, sa.func.count())
            .where(Interview.event_id == event.id, Interview.cancelled_at.is_(None))
            .group_by(Interview.employer_id)
        )
    }


def placed_count(event: Event) -> int:
    """How many young people have at least one live interview on the draft."""
    return db.session.scalar(
        sa.select(sa.func.count(sa.distinct(Interview.candidate_id)))
        .where(Interview.event_id == event.id, Interview.cancelled_at.is_(None))
    ) or 0


def draft_employers(event: Event, holding: Collection[int]) -> list[tuple[int, str, bool]]:
    """(id, name, approved) of the employers a schedule page lists: the approved ones by id,
    then those no longer approved that still hold interviews (`holding`), by name."""
    rows = db.session.execute(
        sa.select(Employer.id, Employer.company_name, Employer.status)
        .where(Employer.event_id == event.id,
               sa.or_(Employer.status == "approved", Employer.id.in_(sorted(holding))))
    ).all()
    approved = sorted((r.id, r.company_name, True) for r in rows if r.status == "approved")
    others = sorted(((r.id, r.company_name, False) for r in rows if r.status != "approved"),
                    key=lambda item: (item[1], item[0]))
    return [*approved, *others]


def employers_with_grid(event: Event, ids: Collection[int]) -> dict[int, Employer]:
    """These employers of the event with what their slot grid is made of (windows,
    vacancies and their cards), by id."""
    if not ids:
        return {}
    return {
        employer.id: employer
        for employer in db.session.scalars(
            sa.select(Employer)
            .where(Employer.event_id == event.id, Employer.id.in_(sorted(ids)))
            .options(selectinload(Employer.windows),
                     selectinload(Employer.vacancies).selectinload(Vacancy.requirements))
        )
    }


def draft_rows(event: Event, employer_ids: list[int],
               window: tuple[int, int] | None = None) -> list[Interview]:
    """The live interviews of these employers, those starting inside `window` if given."""
    if not employer_ids:
        return []
    query = (
        sa.select(Interview)
        .where(Interview.event_id == event.id, Interview.cancelled_at.is_(None),
               Interview.employer_id.in_(employer_ids))
        .order_by(Interview.employer_id, Interview.start_minute, Interview.table_no)
    )
    if window is not None:
        query = query.where(Interview.start_minute >= window[0],
                            Interview.start_minute < window[1])
    return list(db.session.scalars(query))
