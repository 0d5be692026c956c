"""Solve runs, interviews and published schedule versions.

How the database refuses a double booking (on SQLite and PostgreSQL alike)
------------------------------------------------------------------------
Time is cut into the event's grid cells: cell `c` is [c * grid, (c + 1) * grid) minutes since
local midnight. A live interview owns one row per cell it occupies in two tables:

* `interview_cell` (candidate side): the cells of [start, end + buffer), where buffer is the
  event's candidate buffer rounded *up* to whole cells. Two interviews of one candidate whose
  gap is shorter than the buffer then share a cell, and unique(candidate_id, cell) refuses the
  second. Interview times lie on the grid, so a gap shorter than the buffer is also shorter than
  the rounded-up buffer, and a gap of at least the buffer never collides: the rule is exact.
  The buffer cells after an interview are enough; the one before it is the previous
  interview's trailing buffer.
* `table_cell` (table side): the cells of [start, end) for (employer, table); unique
  (employer_id, table_no, cell) means a table never holds two interviews at once, whatever
  their lengths.

Both tables reference the interview through a composite foreign key that includes the
candidate (or employer and table), so a cell can never disagree with its interview.
Cancelling an interview (also when the candidate declines it) sets `cancelled_at` and deletes
its cells (`release_cells`); the row stays for history and the calendar's CANCEL, and the
partial unique indexes below count live interviews only. The grid and buffer of an event
therefore must not change while it has live interviews (the staff event form refuses that).

Interview ids are never reused: published snapshots name interviews by id, and a re-solve
deletes draft rows, so on SQLite (which would hand the highest deleted id out again) the
table is AUTOINCREMENT. PostgreSQL's sequences never go back.
"""

from __future__ import annotations

import math
import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, object_session, relationship

from recruit.extensions import Model
from recruit.models.base import UTCDateTime, one_of, utcnow

if TYPE_CHECKING:
    from recruit.models.candidate import Candidate
    from recruit.models.employer import Employer, Vacancy
    from recruit.models.event import Event

SOLVE_STATUSES = ("queued", "running", "done", "failed", "stopped")
INTERVIEW_SOURCES = ("solver", "staff", "self", "counsellor")
# Interviews the young person made themselves, or a counsellor made for them: binding at
# once (locked, so a re-solve keeps them) and known to the person before any publish.
BOOKED_SOURCES = ("self", "counsellor")
INTERVIEW_RESPONSES = ("pending", "confirmed", "declined")
INTERVIEW_OUTCOMES = ("hired", "second_round", "not_selected")
# Marked by staff at the door on the event day; nothing marked and the person checked in
# with their QR code reads as "arrived" (recruit.dayof.checkin).
INTERVIEW_ARRIVALS = ("arrived", "late", "no_show")

_LIVE = sa.text("cancelled_at IS NULL")


class SolveRun(Model):
    """One run of the solver for an event; the job's status and result live here, not in memory."""

    __tablename__ = "solve_run"
    __table_args__ = (
        sa.CheckConstraint(one_of("status", SOLVE_STATUSES), name="status_known"),
        sa.CheckConstraint("time_limit > 0", name="time_limit_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(sa.String(16), default="queued", server_default="queued")
    requested_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff_user.id", ondelete="SET NULL")
    )
    # The RQ job id when run on Redis; None for in-process runs.
    job_id: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    time_limit: Mapped[int] = mapped_column(default=60, server_default="60")  # seconds
    seed: Mapped[int] = mapped_column(default=0, server_default="0")
    # The running job's lease: renewed every few seconds while it works. A run whose lease
    # ran out lost its worker (killed, machine gone) and is marked failed
    # (`recruit.scheduling.queries.is_stale`).
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Set by the "stop" button; the running job polls it and ends the search early.
    stop_requested: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # Best result so far while running: {"elapsed": s, "objectives": [...], ...}.
    progress: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    # False: the build ends once coverage, priority, minimums and preferences are proven
    # best; True: it goes on shortening the waits between interviews until its time limit.
    improve_waiting: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    # The solver's answer with candidate/employer ids only: never names or addresses.
    # Deferred: it lists every interview and every young person left out, so the pages that
    # show a run read `summary` instead and load this only when they read it.
    result: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON, deferred=True)
    # What the schedule page says of the answer, written with `result` by the job that
    # finished the run (`recruit.scheduling.build_summary`): status, tier values, the
    # greedy's, statistics, how many young people and published interviews it had, the
    # employers it left out. A few hundred bytes whatever the size of the event.
    summary: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    error: Mapped[str | None] = mapped_column(sa.Text)

    event: Mapped[Event] = relationship()

    def __repr__(self) -> str:
        return f"<SolveRun {self.id} {self.status}>"


class Interview(Model):
    __tablename__ = "interview"
    __table_args__ = (
        # Targets of the cells' composite foreign keys.
        sa.UniqueConstraint("id", "candidate_id"),
        sa.UniqueConstraint("id", "employer_id", "table_no"),
        sa.Index(
            "uq_interview_live_table_slot",
            "employer_id",
            "table_no",
            "start_minute",
            unique=True,
            sqlite_where=_LIVE,
            postgresql_where=_LIVE,
        ),
        sa.Index(
            "uq_interview_live_candidate_employer",
            "candidate_id",
            "employer_id",
            unique=True,
            sqlite_where=_LIVE,
            postgresql_where=_LIVE,
        ),
        sa.CheckConstraint("table_no >= 1", name="table_no_positive"),
        sa.CheckConstraint("start_minute >= 0", name="start_in_day"),
        sa.CheckConstraint("end_minute > start_minute", name="end_after_start"),
        sa.CheckConstraint("sequence >= 0", name="sequence_not_negative"),
        sa.CheckConstraint(one_of("source", INTERVIEW_SOURCES), name="source_known"),
        sa.CheckConstraint(one_of("response", INTERVIEW_RESPONSES), name="response_known"),
        sa.CheckConstraint(
            "outcome IS NULL OR " + one_of("outcome", INTERVIEW_OUTCOMES), name="outcome_known"
        ),
        sa.CheckConstraint(
            "arrival IS NULL OR " + one_of("arrival", INTERVIEW_ARRIVALS), name="arrival_known"
        ),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    employer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("employer.id", ondelete="CASCADE"), index=True
    )
    # RESTRICT: removing a vacancy must cancel its interviews first (and notify people),
    # never make them disappear silently.
    vacancy_id: Mapped[int] = mapped_column(
        sa.ForeignKey("vacancy.id", ondelete="RESTRICT"), index=True
    )
    candidate_id: Mapped[int] = mapped_column(
        sa.ForeignKey("candidate.id", ondelete="CASCADE"), index=True
    )
    table_no: Mapped[int]
    start_minute: Mapped[int]
    end_minute: Mapped[int]
    # A locked interview is kept exactly by the next solve.
    locked: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    source: Mapped[str] = mapped_column(sa.String(16), default="solver", server_default="solver")
    response: Mapped[str] = mapped_column(
        sa.String(16), default="pending", server_default="pending"
    )
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # iCalendar identity: the UID never changes; SEQUENCE rises with every change sent out.
    uid: Mapped[str] = mapped_column(sa.String(64), unique=True, default=lambda: str(uuid.uuid4()))
    sequence: Mapped[int] = mapped_column(default=0, server_default="0")
    # On the day, marked by staff at the door (check-in list).
    arrival: Mapped[str | None] = mapped_column(sa.String(16))
    arrival_marked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # After the event, filled in by the employer.
    attended: Mapped[bool | None]
    outcome: Mapped[str | None] = mapped_column(sa.String(16))
    outcome_note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()
    employer: Mapped[Employer] = relationship()
    vacancy: Mapped[Vacancy] = relationship()
    candidate: Mapped[Candidate] = relationship()
    candidate_cells: Mapped[list[InterviewCell]] = relationship(
        back_populates="interview", cascade="all, delete-orphan", passive_deletes=True
    )
    table_cells: Mapped[list[TableCell]] = relationship(
        back_populates="interview", cascade="all, delete-orphan", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"<Interview {self.id}>"

    @property
    def is_live(self) -> bool:
        return self.cancelled_at is None

    def occupied_cells(self, grid_minutes: int, buffer_minutes: int) -> range:
        """Grid cells the candidate is taken by this interview: [start, end + buffer).

        The buffer is rounded up to whole cells (see the module docstring for why that is exact).
        """
        self._check_on_grid(grid_minutes)
        buffer_cells = math.ceil(max(buffer_minutes, 0) / grid_minutes)
        return range(
            self.start_minute // grid_minutes,
            math.ceil(self.end_minute / grid_minutes) + buffer_cells,
        )

    def table_cell_range(self, grid_minutes: int) -> range:
        """Grid cells the table is taken by this interview: [start, end)."""
        self._check_on_grid(grid_minutes)
        return range(self.start_minute // grid_minutes, math.ceil(self.end_minute / grid_minutes))

    def _check_on_grid(self, grid_minutes: int) -> None:
        if grid_minutes <= 0 or self.start_minute % grid_minutes:
            raise ValueError(
                f"interview start {self.start_minute} is not on a {grid_minutes}-minute grid"
            )

    def claim_cells(self, grid_minutes: int, buffer_minutes: int) -> None:
        """Replace this interview's cells to match its current time and table, and flush.

        The flush is what asks the database: a clash raises sqlalchemy.exc.IntegrityError,
        which the booking operation turns into "this time was just taken". Old cells are
        deleted in a flush of their own first, because one flush may insert before it deletes.
        """
        session = object_session(self)
        if session is None:
            raise RuntimeError("add the interview to a session before claiming its cells")
        self.release_cells()
        session.flush()
        self.candidate_cells = [
            InterviewCell(cell=cell) for cell in self.occupied_cells(grid_minutes, buffer_minutes)
        ]
        self.table_cells = [TableCell(cell=cell) for cell in self.table_cell_range(grid_minutes)]
        session.flush()

    def release_cells(self) -> None:
        """Free the time (on cancel); the caller flushes or commits."""
        self.candidate_cells = []
        self.table_cells = []


class InterviewCell(Model):
    """One grid cell of a candidate's time taken by an interview (plus its buffer)."""

    __tablename__ = "interview_cell"
    __table_args__ = (
        sa.UniqueConstraint("candidate_id", "cell"),
        sa.ForeignKeyConstraint(
            ["interview_id", "candidate_id"],
            ["interview.id", "interview.candidate_id"],
            ondelete="CASCADE",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(index=True)
    candidate_id: Mapped[int]
    cell: Mapped[int]

    interview: Mapped[Interview] = relationship(back_populates="candidate_cells")


class TableCell(Model):
    """One grid cell of an employer's interview table taken by an interview."""

    __tablename__ = "table_cell"
    __table_args__ = (
        sa.UniqueConstraint("employer_id", "table_no", "cell"),
        sa.ForeignKeyConstraint(
            ["interview_id", "employer_id", "table_no"],
            ["interview.id", "interview.employer_id", "interview.table_no"],
            ondelete="CASCADE",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(index=True)
    employer_id: Mapped[int]
    table_no: Mapped[int]
    cell: Mapped[int]

    interview: Mapped[Interview] = relationship(back_populates="table_cells")


class ScheduleVersion(Model):
    """A published schedule: numbered per event and never changed afterwards."""

    __tablename__ = "schedule_version"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "number"),
        sa.CheckConstraint("number >= 1", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("event.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    published_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff_user.id", ondelete="SET NULL")
    )
    # The interviews as published (ids, times, tables): the record of what people were told.
    # Deferred: a page that only asks whether (or which) version is out does not read the
    # whole document; one person's or employer's entries come from `PublishedEntry`.
    snapshot: Mapped[dict[str, Any]] = mapped_column(sa.JSON, deferred=True)

    event: Mapped[Event] = relationship()

    def __repr__(self) -> str:
        return f"<ScheduleVersion {self.event_id}#{self.number}>"


@sa.event.listens_for(ScheduleVersion, "before_update")
def _versions_are_immutable(_mapper: object, _connection: object, target: ScheduleVersion) -> None:
    # Only a deliberate change of a mapped column counts; relationship loads do not reach here.
    raise ValueError(f"published schedule version {target.number} cannot be changed")


class DraftExplanation(Model):
    """Why each young person of the pool has no interview on the draft, and the draft's tier
    values: the engine's explanation, computed once for the draft as it is and kept here.

    `fingerprint` sums up everything the explanation was computed from (the draft, the pool,
    the employers, the published version: `recruit.scheduling.explanation.draft_fingerprint`);
    a change to any of them, by whatever path, gives another fingerprint, and the schedule
    page then computes the explanation again once. Only ids and reason codes: no names.
    The notes, one row per young person, are in `DraftExplanationNote`, so a page reads the
    few it shows.
    """

    __tablename__ = "draft_explanation"

    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("event.id", ondelete="CASCADE"), primary_key=True
    )
    fingerprint: Mapped[str] = mapped_column(sa.String(64))
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # {"pool": young people in the problem, "draft_values": {tier: value},
    #  "code_counts": {main reason code: young people}, "total": notes}
    data: Mapped[dict[str, Any]] = mapped_column(sa.JSON)

    def __repr__(self) -> str:
        return f"<DraftExplanation {self.event_id}>"


class DraftExplanationNote(Model):
    """One young person without an interview on the draft and the engine's reasons, in the
    order the schedule page lists them (`position`)."""

    __tablename__ = "draft_explanation_note"

    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("draft_explanation.event_id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    candidate_id: Mapped[int] = mapped_column(
        sa.ForeignKey("candidate.id", ondelete="CASCADE"), index=True
    )
    # Why they were left out of the problem (a code), or "" and the engine's reasons:
    # [[code, text, [[key, value], ...]], ...].
    left_out: Mapped[str] = mapped_column(sa.String(32), default="")
    reasons: Mapped[list[Any]] = mapped_column(sa.JSON)


# The keys of a snapshot entry, in the order `recruit.scheduling.queries.snapshot_entry` writes.
ENTRY_KEYS = ("id", "uid", "sequence", "candidate_id", "employer_id", "vacancy_id", "table_no",
              "start_minute", "end_minute")


class PublishedEntry(Model):
    """One interview of a published version, exactly as the version's snapshot lists it.

    The index of the snapshot by person and by employer: a booking page or an employer's page
    reads its own few rows instead of parsing every interview of the event. Written by
    publishing in the transaction that makes the version (the only writer of versions) and,
    like the version, never changed. `interview_id` has no foreign key: a snapshot names
    interviews whose draft row was removed since, and so does its index.
    """

    __tablename__ = "published_entry"
    __table_args__ = (
        sa.UniqueConstraint("version_id", "interview_id"),
        sa.Index("ix_published_entry_version_candidate", "version_id", "candidate_id"),
        sa.Index("ix_published_entry_version_employer", "version_id", "employer_id"),
        sa.Index("ix_published_entry_interview", "interview_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("schedule_version.id", ondelete="CASCADE")
    )
    interview_id: Mapped[int]
    uid: Mapped[str] = mapped_column(sa.String(64))
    sequence: Mapped[int]
    candidate_id: Mapped[int]
    employer_id: Mapped[int]
    vacancy_id: Mapped[int]
    table_no: Mapped[int]
    start_minute: Mapped[int]
    end_minute: Mapped[int]

    @classmethod
    def row_of(cls, version_id: int, entry: dict[str, Any]) -> dict[str, Any]:
        """The table row (column values) of one snapshot entry of version `version_id`."""
        row = {key: entry[key] for key in ENTRY_KEYS if key != "id"}
        return {**row, "version_id": version_id, "interview_id": entry["id"]}

    def as_entry(self) -> dict[str, Any]:
        """The snapshot entry this row indexes (the same dictionary the snapshot holds)."""
        return {"id": self.interview_id, **{key: getattr(self, key) for key in ENTRY_KEYS[1:]}}

    def __repr__(self) -> str:
        return f"<PublishedEntry {self.version_id}:{self.interview_id}>"


@sa.event.listens_for(PublishedEntry, "before_update")
def _entries_are_immutable(_mapper: object, _connection: object, target: PublishedEntry) -> None:
    raise ValueError(f"published entry {target.interview_id} cannot be changed")
