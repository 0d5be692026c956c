"""Why each young person has no interview on the draft, computed once per draft and kept.

The engine's explainer needs the whole event's problem (every employer, every young person,
every interview): about half a second at 40 employers × 1,200 youth. The schedule page used
to pay that on every load. Now the explanation and the draft's tier values are kept in
`DraftExplanation` with a fingerprint of what they were computed from; a page load asks the
database for the fingerprint (one statement of counts, sums and latest changes) and computes
the explanation again only when it differs. Any change to the draft or to its inputs, through
a build, a move, a booking, a cancellation, an edited person or employer, a publish, gives a
new fingerprint, so the page never shows an explanation of a draft that no longer is.
A build stores the explanation of the draft it wrote (`refresh`), so the first page after it
is quick too.

Stored are candidate ids and the engine's reason codes and details (ids, no names); the page
turns the notes it shows into sentences in the reader's language.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from recruit.extensions import db
from recruit.models import (
    Candidate,
    CandidateInterest,
    CandidateWindow,
    DraftExplanation,
    DraftExplanationNote,
    Employer,
    EmployerWindow,
    Event,
    EventBreak,
    Interview,
    ScheduleVersion,
    Vacancy,
    candidate_card,
    utcnow,
    vacancy_requirement,
)
from recruit.scheduling import same_day
from recruit.scheduling.bridge import (
    Bridge,
    Reason,
    SolverInterview,
    build_problem,
    explain,
    live_interviews,
    solver_interviews,
    tier_values,
)


@dataclass(frozen=True)
class LeftOutNote:
    """One young person without an interview: the engine's reasons, or why they were left out
    of the problem altogether (`left_out`, a code of `text.left_out_sentence`)."""

    candidate_id: int
    reasons: tuple[Reason, ...] = ()
    left_out: str = ""

    @property
    def code(self) -> str:
        """The main reason's code (the first the engine gives), for the counts by reason."""
        if self.left_out:
            return self.left_out
        return self.reasons[0].code if self.reasons else ""


@dataclass(frozen=True)
class Explanation:
    """The kept explanation: counts, tier values and how many notes; `notes` reads the few a
    page shows."""

    event_id: int
    pool: int
    draft_values: dict[str, int]
    # How many young people have each main reason code.
    code_counts: dict[str, int]
    total: int

    def notes(self, start: int = 0, stop: int | None = None) -> list[LeftOutNote]:
        """The notes from position `start` up to `stop` (all to the end when None)."""
        query = (
            sa.select(DraftExplanationNote)
            .where(DraftExplanationNote.event_id == self.event_id,
                   DraftExplanationNote.position >= start)
            .order_by(DraftExplanationNote.position)
        )
        if stop is not None:
            query = query.where(DraftExplanationNote.position < stop)
        return [_note_from_row(row) for row in db.session.scalars(query)]


def draft_in_problem(bridge: Bridge, rows: Sequence[Interview]) -> list[SolverInterview]:
    """The draft's interviews the problem knows (not those of people since left out)."""
    candidates = {c.id for c in bridge.problem.candidates}
    vacancies = {v.id for e in bridge.problem.employers for v in e.vacancies}
    return [i for i in solver_interviews(rows)
            if i.candidate in candidates and i.vacancy in vacancies]


def _summary(*columns: Any) -> list[Any]:
    return [sa.func.count(), *(sa.func.coalesce(sa.func.sum(c), 0) for c in columns)]


def draft_fingerprint(event: Event) -> str:
    """A digest of everything the explanation depends on, read in one statement.

    Rows added or removed change a count or a sum of ids; rows changed in place change an
    `updated_at` (candidates, employers, interviews, the event) or a sum of the values the
    engine reads (windows, ranks, cards, a vacancy's age and languages).
    """
    eid = event.id
    employer_ids = sa.select(Employer.id).where(Employer.event_id == eid)
    candidate_ids = sa.select(Candidate.id).where(Candidate.event_id == eid)
    vacancy_ids = sa.select(Vacancy.id).where(Vacancy.employer_id.in_(employer_ids))
    parts = [
        sa.select(Event.updated_at).where(Event.id == eid),
        sa.select(*_summary(EventBreak.start_minute * 1441 + EventBreak.end_minute))
        .where(EventBreak.event_id == eid),
        sa.select(sa.func.count(), sa.func.max(Employer.updated_at), sa.func.sum(Employer.id))
        .where(Employer.event_id == eid),
        sa.select(*_summary(EmployerWindow.id,
                            EmployerWindow.start_minute * 1441 + EmployerWindow.end_minute))
        .where(EmployerWindow.employer_id.in_(employer_ids)),
        sa.select(*_summary(Vacancy.id, Vacancy.min_age,
                            sa.func.length(sa.cast(Vacancy.languages, sa.String))))
        .where(Vacancy.employer_id.in_(employer_ids)),
        sa.select(*_summary(vacancy_requirement.c.vacancy_id * 7919
                            + vacancy_requirement.c.card_id))
        .where(vacancy_requirement.c.vacancy_id.in_(vacancy_ids)),
        sa.select(sa.func.count(), sa.func.max(Candidate.updated_at), sa.func.sum(Candidate.id))
        .where(Candidate.event_id == eid),
        sa.select(*_summary(CandidateWindow.id,
                            CandidateWindow.start_minute * 1441 + CandidateWindow.end_minute))
        .where(CandidateWindow.candidate_id.in_(candidate_ids)),
        sa.select(*_summary(candidate_card.c.candidate_id * 7919 + candidate_card.c.card_id))
        .where(candidate_card.c.candidate_id.in_(candidate_ids)),
        sa.select(*_summary(CandidateInterest.id,
                            CandidateInterest.rank * 7919 + CandidateInterest.vacancy_id))
        .where(CandidateInterest.candidate_id.in_(candidate_ids)),
        sa.select(sa.func.count(), sa.func.max(Interview.updated_at),
                  *(sa.func.coalesce(sa.func.sum(c), 0) for c in (
                      Interview.id, Interview.start_minute * 64 + Interview.table_no)))
        .where(Interview.event_id == eid),
        sa.select(sa.func.max(ScheduleVersion.number)).where(ScheduleVersion.event_id == eid),
    ]
    # One statement: each part a subquery in the select list (a row of scalars each).
    columns: list[Any] = []
    for part in parts:
        sub = part.subquery()
        columns.extend(sa.select(col).scalar_subquery() for col in sub.c)
    row = db.session.execute(sa.select(*columns)).one()
    text = "|".join(str(value) for value in row)
    text += f"|today:{same_day.earliest_new_start(event)}"
    return hashlib.sha256(text.encode()).hexdigest()


def _note_from_row(row: DraftExplanationNote) -> LeftOutNote:
    return LeftOutNote(
        row.candidate_id,
        tuple(Reason(code=code, text=text, detail=tuple((k, v) for k, v in detail))
              for code, text, detail in row.reasons),
        row.left_out,
    )


def _compute(event: Event) -> tuple[dict[str, Any], list[LeftOutNote]]:
    """The explanation of the draft as it is now: the head row's data and the notes."""
    bridge = build_problem(event)
    draft = draft_in_problem(bridge, live_interviews(event))
    unscheduled, _not_first = explain(bridge.problem, draft)
    notes = [LeftOutNote(int(note.candidate[1:]), tuple(note.reasons)) for note in unscheduled]
    notes += [LeftOutNote(int(key[1:]), left_out=code)
              for key, code in bridge.left_out if key.startswith("C")]
    counts: dict[str, int] = {}
    for note in notes:
        counts[note.code] = counts.get(note.code, 0) + 1
    data = {
        "pool": len(bridge.problem.candidates),
        "draft_values": dict(tier_values(bridge.problem, draft)),
        "code_counts": counts,
        "total": len(notes),
    }
    return data, notes


def _read(event_id: int, data: dict[str, Any]) -> Explanation:
    return Explanation(
        event_id=event_id,
        pool=int(data["pool"]),
        draft_values={str(k): int(v) for k, v in data["draft_values"].items()},
        code_counts={str(k): int(v) for k, v in data["code_counts"].items()},
        total=int(data["total"]),
    )


def _store(event: Event, row: DraftExplanation | None, fingerprint: str,
           data: dict[str, Any], notes: Sequence[LeftOutNote]) -> None:
    try:
        with db.session.begin_nested():
            if row is None:
                db.session.add(DraftExplanation(event_id=event.id, fingerprint=fingerprint,
                                                data=data))
            else:
                row.fingerprint, row.data, row.computed_at = fingerprint, data, utcnow()
                db.session.execute(sa.delete(DraftExplanationNote)
                                   .where(DraftExplanationNote.event_id == event.id))
            db.session.flush()
            if notes:
                db.session.execute(sa.insert(DraftExplanationNote), [
                    {"event_id": event.id, "position": n, "candidate_id": note.candidate_id,
                     "left_out": note.left_out,
                     "reasons": [[r.code, r.text, [list(pair) for pair in r.detail]]
                                 for r in note.reasons]}
                    for n, note in enumerate(notes)
                ])
    except IntegrityError:
        # Another request stored the same draft's explanation at the same moment.
        pass


def draft_explanation(event: Event) -> Explanation:
    """The explanation of the draft as it is now: the kept one when its fingerprint still
    matches, else computed and kept (flushed; the caller commits)."""
    fingerprint = draft_fingerprint(event)
    row = db.session.get(DraftExplanation, event.id)
    if row is not None and row.fingerprint == fingerprint:
        try:
            return _read(event.id, row.data)
        except (KeyError, TypeError, ValueError, AttributeError):
            pass  # kept by an older version of this module: computed again below
    data, notes = _compute(event)
    _store(event, row, fingerprint, data, notes)
    return _read(event.id, data)


def refresh(event: Event) -> Explanation:
    """Compute and keep the explanation of the draft just written (a build calls this)."""
    db.session.flush()
    fingerprint = draft_fingerprint(event)
    data, notes = _compute(event)
    _store(event, db.session.get(DraftExplanation, event.id), fingerprint, data, notes)
    return _read(event.id, data)
