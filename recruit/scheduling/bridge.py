"""The bridge between the database and the solver (DESIGN §2: the only place that knows both).

`build_problem(event)` turns the event's approved employers and active youth into a
`solver.Problem`; `recruit.scheduling.store.store_schedule` writes a solver answer back as the
draft interviews. Ids travel as "E<employer id>", "E<employer id>-V<vacancy id>" and
"C<candidate id>", so the solver's output maps back to rows without a lookup table.

Draft and published: the live Interview rows are the working (draft) schedule staff edit. A
publish freezes them into a numbered ScheduleVersion snapshot; the latest snapshot is what
youth and employers are shown (`schedule_queries.published_view`) and what the solver
must keep (tier 1).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from recruit.extensions import db
from recruit.models import (
    Candidate,
    Employer,
    Event,
    Interview,
    Vacancy,
)
from recruit.scheduling import same_day
from recruit.scheduling.queries import published_entries

# The solver, as the rest of the app uses it: this module is the only one that imports it
# (its public API alone), and the rest of the app imports these names from here.
from solver import (
    MINIMISED,
    GeneratedEvent,
    Placement,
    Problem,
    ProblemError,
    Reason,
    Schedule,
    TierResult,
    Violation,
    Window,
    check_schedule,
    employer_slots,
    explain,
    fits_availability,
    generate_event,
    is_eligible,
    schedule_from_dict,
    schedule_to_dict,
    solve,
    tier_values,
    validate_problem,
)
from solver import Candidate as SolverCandidate
from solver import Employer as SolverEmployer
from solver import Event as SolverEvent
from solver import Interview as SolverInterview
from solver import Vacancy as SolverVacancy

# The solver names this module passes on (the rest are its own functions below).
__all__ = [
    "MINIMISED",
    "GeneratedEvent",
    "Placement",
    "Problem",
    "ProblemError",
    "Reason",
    "Schedule",
    "SolverCandidate",
    "SolverEmployer",
    "SolverEvent",
    "SolverInterview",
    "SolverVacancy",
    "TierResult",
    "Violation",
    "Window",
    "check_schedule",
    "employer_slots",
    "explain",
    "fits_availability",
    "generate_event",
    "is_eligible",
    "schedule_from_dict",
    "schedule_to_dict",
    "solve",
    "tier_values",
    "validate_problem",
]

# The solver checks ages in this range as plausible; outside it a birth year is a typo.
SOLVER_MIN_AGE = 14
SOLVER_MAX_AGE = 35

# Interviews a young person booked themselves, or a counsellor booked for them, are promises
# made outside the draft: a solve keeps them exactly, like staff locks.
KEPT_SOURCES = ("self", "counsellor")

def employer_key(employer_id: int) -> str:
    return f"E{employer_id}"


def vacancy_key(employer_id: int, vacancy_id: int) -> str:
    return f"E{employer_id}-V{vacancy_id}"


def candidate_key(candidate_id: int) -> str:
    return f"C{candidate_id}"


def db_id(key: str) -> int:
    """The row id in a solver id: "C12" → 12, "E3" → 3, "E3-V7" → 7 (the vacancy)."""
    return int(key.rsplit("V", 1)[-1] if "-V" in key else key[1:])


@dataclass
class Bridge:
    """A problem built from the database, and who was left out of it and why."""

    problem: Problem
    # (solver id, code): "no_vacancy", "no_slot", "off_grid", "no_time", "age_out_of_range".
    left_out: list[tuple[str, str]] = field(default_factory=list)


# --- windows --------------------------------------------------------------------------------


def _normalise(
    windows: Iterable[tuple[int, int]], bounds: tuple[int, int], grid: int
) -> tuple[Window, ...]:
    """Windows clipped to `bounds`, shrunk onto the grid, sorted and merged where they touch.

    The solver refuses off-grid, overlapping or out-of-event windows; staff-entered data may
    have any of those, and the intent of each is clear enough to repair rather than refuse.
    """
    low, high = bounds
    snapped = []
    for start, end in windows:
        start = math.ceil(max(start, low) / grid) * grid
        end = (min(end, high) // grid) * grid
        if start < end:
            snapped.append((start, end))
    merged: list[list[int]] = []
    for start, end in sorted(snapped):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((start, end) for start, end in merged)


def _breaks_inside(
    breaks: Sequence[Window], available: Sequence[Window]
) -> tuple[Window, ...]:
    """Each break cut to the available windows it falls in (the solver wants them inside one)."""
    cut = []
    for start, end in breaks:
        for low, high in available:
            a, b = max(start, low), min(end, high)
            if a < b:
                cut.append((a, b))
    return tuple(sorted(cut))


# --- the problem ----------------------------------------------------------------------------


def approved_employers(event: Event) -> list[Employer]:
    return list(
        db.session.scalars(
            sa.select(Employer)
            .where(Employer.event_id == event.id, Employer.status == "approved")
            .options(
                selectinload(Employer.windows),
                selectinload(Employer.vacancies).selectinload(Vacancy.requirements),
            )
            .order_by(Employer.id)
        )
    )


def active_candidates(event: Event) -> list[Candidate]:
    """Youth in the pool: e-mail confirmed and not cancelled, in sign-up order."""
    return list(
        db.session.scalars(
            sa.select(Candidate)
            .where(
                Candidate.event_id == event.id,
                Candidate.status == "active",
                Candidate.email_verified_at.is_not(None),
            )
            .options(
                selectinload(Candidate.windows),
                selectinload(Candidate.cards),
                selectinload(Candidate.interests),
            )
            .order_by(Candidate.signup_seq, Candidate.id)
        )
    )


def live_interviews(event: Event) -> list[Interview]:
    return list(
        db.session.scalars(
            sa.select(Interview)
            .where(Interview.event_id == event.id, Interview.cancelled_at.is_(None))
            .order_by(Interview.employer_id, Interview.start_minute, Interview.table_no)
        )
    )


def _solver_event(event: Event) -> SolverEvent:
    return SolverEvent(
        date=event.date.isoformat(),
        start=event.start_minute,
        end=event.end_minute,
        timezone=event.timezone,
        grid_minutes=event.grid_minutes,
        candidate_buffer_minutes=event.candidate_buffer_minutes,
        max_interviews_per_candidate=event.max_interviews_per_candidate,
    )


@dataclass(frozen=True)
class EmployerFacts:
    """What the engine needs of one employer, as plain values: pages that ask about many
    employers read these from rows instead of loading ORM objects. A vacancy is (id, cards
    required sorted by code, languages, minimum age)."""

    id: int
    interview_minutes: int
    tables: int
    min_candidates: int
    max_candidates: int
    available: tuple[Window, ...]
    breaks: tuple[Window, ...]
    vacancies: tuple[tuple[int, tuple[str, ...], tuple[str, ...], int], ...]


def employer_facts(employer: Employer) -> EmployerFacts:
    return EmployerFacts(
        id=employer.id,
        interview_minutes=employer.interview_minutes,
        tables=employer.tables,
        min_candidates=employer.min_candidates,
        max_candidates=employer.max_candidates,
        available=tuple((w.start_minute, w.end_minute) for w in employer.available),
        breaks=tuple((w.start_minute, w.end_minute) for w in employer.breaks),
        vacancies=tuple(
            (v.id, tuple(card.code for card in v.requirements), tuple(v.languages), v.min_age)
            for v in employer.vacancies
        ),
    )


def _event_breaks(event: Event) -> tuple[Window, ...]:
    return tuple((b.start_minute, b.end_minute) for b in event.breaks)


def _solver_employer(
    event: Event, solver_event: SolverEvent, employer: Employer
) -> tuple[SolverEmployer | None, str]:
    built, why, _starts = _built_employer(solver_event, _event_breaks(event),
                                          employer_facts(employer))
    return built, why


# The answer depends on nothing but the arguments, so a process remembers it: a fair's booking
# pages ask about the same forty employers on every request, and an edit of an employer or the
# event changes the arguments themselves (nothing to invalidate).
@functools.lru_cache(maxsize=4096)
def _built_employer(
    solver_event: SolverEvent, event_breaks: tuple[Window, ...], facts: EmployerFacts
) -> tuple[SolverEmployer | None, str, tuple[int, ...]]:
    """The employer as a build puts it in the problem (None and why when it leaves it out),
    and its slot grid."""
    bounds, grid = (solver_event.start, solver_event.end), solver_event.grid_minutes
    if not facts.vacancies:
        return None, "no_vacancy", ()
    if facts.interview_minutes % grid:
        return None, "off_grid", ()
    available = _normalise(facts.available or [bounds], bounds, grid)
    pauses = [*facts.breaks, *event_breaks]
    breaks = _breaks_inside(_normalise(pauses, bounds, grid), available)
    vacancies = tuple(
        SolverVacancy(
            id=vacancy_key(facts.id, vacancy_id),
            requires=requires,
            languages=tuple(dict.fromkeys(languages)),
            min_age=min_age,
        )
        for vacancy_id, requires, languages, min_age in facts.vacancies
    )
    built = SolverEmployer(
        id=employer_key(facts.id),
        interview_minutes=facts.interview_minutes,
        tables=facts.tables,
        vacancies=vacancies,
        available=available,
        breaks=breaks,
        min_candidates=facts.min_candidates,
        max_candidates=facts.max_candidates,
    )
    starts = employer_slots(solver_event, built) if available else ()
    if not starts:
        return None, "no_slot", ()
    return built, "", starts


def employer_starts(event: Event, employer: Employer) -> frozenset[int]:
    """Where the employer's interviews may start, as the event and the employer are set now
    (no start at all when the employer cannot be scheduled, e.g. a length off the grid)."""
    solver_event = _solver_event(event)
    built, _reason = _solver_employer(event, solver_event, employer)
    return frozenset(employer_slots(solver_event, built)) if built is not None else frozenset()


def _solver_candidate(
    event: Event,
    candidate: Candidate,
    vacancy_keys: dict[int, str],
    earliest: int | None = None,
    kept: Sequence[Window] = (),
) -> tuple[SolverCandidate | None, str]:
    age = candidate.age_on(event.date)
    if not SOLVER_MIN_AGE <= age <= SOLVER_MAX_AGE:
        return None, "age_out_of_range"
    bounds = (event.start_minute, event.end_minute)
    own = [(w.start_minute, w.end_minute) for w in candidate.windows]
    available = _normalise(own, bounds, event.grid_minutes)
    if own and not available:
        # Windows all outside the event: an empty tuple would mean "the whole event".
        return None, "no_time"
    if earliest is not None:
        available = same_day.cut_windows(available or (bounds,), earliest, kept)
        if not available:
            return None, "too_late"
    preferences = tuple(
        vacancy_keys[interest.vacancy_id]
        for interest in sorted(candidate.interests, key=lambda i: i.rank)
        if interest.vacancy_id in vacancy_keys
    )
    return (
        SolverCandidate(
            id=candidate_key(candidate.id),
            age=age,
            languages=tuple(dict.fromkeys(candidate.languages)),
            has=tuple(card.code for card in candidate.cards),
            available=available,
            preferences=preferences,
            open_to_other=candidate.open_to_other,
            priority=1 if candidate.priority else 0,
        ),
        "",
    )


def is_fixed(interview: Interview) -> bool:
    """True for an interview a solve must keep exactly (see KEPT_SOURCES)."""
    return interview.locked or interview.source in KEPT_SOURCES


def placement_of(interview: Interview) -> Placement:
    return Placement(
        candidate=candidate_key(interview.candidate_id),
        employer=employer_key(interview.employer_id),
        vacancy=vacancy_key(interview.employer_id, interview.vacancy_id),
        start=interview.start_minute,
    )


def _earliest(event: Event, now: datetime | None) -> int | None:
    """Today's first start for a new interview, on the event's grid (see `same_day`)."""
    earliest = same_day.earliest_new_start(event, now)
    if earliest is None:
        return None
    return math.ceil(max(earliest, event.start_minute) / event.grid_minutes) * event.grid_minutes


def _spans_by_candidate(rows: Iterable[Interview]) -> dict[int, list[Window]]:
    spans: dict[int, list[Window]] = {}
    for row in rows:
        spans.setdefault(row.candidate_id, []).append((row.start_minute, row.end_minute))
    return spans


def build_problem(
    event: Event, locks: Sequence[Interview] | None = None, *, now: datetime | None = None
) -> Bridge:
    """The event as a solver problem.

    The locks are the live interviews that are locked or were booked by the young person or a
    counsellor; an edit being checked passes the rows that will be locks after it instead.
    A pair the young person declined is out of the problem (`without_declined`), unless staff
    hold or lock an interview for it again.
    On the event day, the young people's windows start at `now` + the margin (`same_day`).
    The published placements are the latest version's interviews that are still live, at the
    time and place people were told.
    """
    solver_event = _solver_event(event)
    left_out: list[tuple[str, str]] = []
    employers: list[SolverEmployer] = []
    vacancy_keys: dict[int, str] = {}
    for employer in approved_employers(event):
        built, why = _solver_employer(event, solver_event, employer)
        if built is None:
            left_out.append((employer_key(employer.id), why))
            continue
        employers.append(built)
        vacancy_keys.update({v.id: vacancy_key(employer.id, v.id) for v in employer.vacancies})
    live = live_interviews(event)
    earliest = _earliest(event, now)
    kept = _spans_by_candidate((*live, *(locks or ()))) if earliest is not None else {}
    candidates: list[SolverCandidate] = []
    for candidate in active_candidates(event):
        built_candidate, why = _solver_candidate(
            event, candidate, vacancy_keys, earliest, kept.get(candidate.id, ())
        )
        if built_candidate is None:
            left_out.append((candidate_key(candidate.id), why))
        else:
            candidates.append(built_candidate)

    fixed = [i for i in live if is_fixed(i)] if locks is None else locks
    # A pair staff put back on purpose (a live or locked interview) is theirs to keep.
    held = {(i.candidate_id, i.employer_id) for i in (*live, *fixed)}
    candidates = without_declined(candidates, employers, declined_pairs(event) - held)
    known = {c.id for c in candidates} | set(vacancy_keys.values())

    def in_problem(placement: Placement) -> bool:
        return placement.candidate in known and placement.vacancy in known

    # A person who booked a time, or had one booked for them, wants it: counted as wanted,
    # their booking is a lock the engine accepts even at a vacancy they did not rank.
    candidates = _wanting_their_bookings(
        candidates, [placement_of(i) for i in fixed if i.source in KEPT_SOURCES]
    )
    lock_placements = tuple(p for p in map(placement_of, fixed) if in_problem(p))
    live_ids = {i.id for i in live}
    published = tuple(
        p
        for p in (
            _snapshot_placement(entry)
            for entry in published_entries(event)
            if entry["id"] in live_ids
        )
        if in_problem(p) and p not in lock_placements
    )
    problem = Problem(
        event=solver_event,
        employers=tuple(employers),
        candidates=tuple(candidates),
        locks=lock_placements,
        published=published,
    )
    return Bridge(problem=problem, left_out=left_out)


def engine_employers(event: Event, employers: Iterable[Employer]) -> list[SolverEmployer]:
    """`employers` as the engine sees them, leaving out those a build would leave out (no
    vacancy, an interview length off the grid, no slot). For questions about a few
    employers, without building the whole problem."""
    solver_event = _solver_event(event)
    built = (_solver_employer(event, solver_event, employer) for employer in employers)
    return [employer for employer, _why in built if employer is not None]


def engine_employers_with_slots(
    event: Event, facts: Iterable[EmployerFacts]
) -> list[tuple[SolverEmployer, tuple[int, ...]]]:
    """Employers read as plain values, as the engine sees them (those a build would leave
    out left out), each with the start minutes of its slot grid."""
    solver_event, event_breaks = _solver_event(event), _event_breaks(event)
    built = (_built_employer(solver_event, event_breaks, one) for one in facts)
    return [(employer, starts) for employer, _why, starts in built if employer is not None]


def engine_slots(event: Event, employer: SolverEmployer) -> tuple[int, ...]:
    """Start minutes of one employer's slot grid, as the engine walks it."""
    return employer_slots(_solver_event(event), employer)


def engine_candidate(
    event: Event,
    candidate: Candidate,
    employers: Sequence[SolverEmployer],
    own: Sequence[Window],
) -> SolverCandidate | None:
    """One young person as a build would put them in the problem (None: a build leaves them
    out), for questions about that person alone. `own` are the spans of their live
    interviews, kept in their windows on the event day as a build keeps them; their
    preferences name only vacancies of `employers`."""
    if candidate.status != "active" or candidate.email_verified_at is None:
        return None
    vacancy_keys = {db_id(v.id): v.id for e in employers for v in e.vacancies}
    earliest = _earliest(event, None)
    built, _why = _solver_candidate(
        event, candidate, vacancy_keys, earliest, own if earliest is not None else ()
    )
    return built


def _wanting_their_bookings(
    candidates: Sequence[SolverCandidate], kept: Sequence[Placement]
) -> list[SolverCandidate]:
    """The candidates with each booked interview's vacancy counted as wanted (after their
    ranked ones): a person who booked a time, or had one booked for them, wants it, even at
    a vacancy they did not rank on the sign-up form."""
    extra: dict[str, list[str]] = {}
    for placement in kept:
        extra.setdefault(placement.candidate, []).append(placement.vacancy)
    return [
        replace(c, preferences=tuple(dict.fromkeys((*c.preferences, *extra[c.id]))))
        if c.id in extra and not c.open_to_other else c
        for c in candidates
    ]


def declined_pairs(event: Event, candidate: Candidate | None = None) -> set[tuple[int, int]]:
    """(candidate id, employer id) of every interview a young person declined (or cancelled
    with everything): they never get an interview with that employer again, from any solve
    or from self-booking. `candidate` narrows it to one person."""
    query = sa.select(Interview.candidate_id, Interview.employer_id).where(
        Interview.event_id == event.id, Interview.response == "declined"
    )
    if candidate is not None:
        query = query.where(Interview.candidate_id == candidate.id)
    return {(candidate_id, employer_id) for candidate_id, employer_id in db.session.execute(query)}


def without_declined(
    candidates: Sequence[SolverCandidate],
    employers: Sequence[SolverEmployer],
    declined: set[tuple[int, int]],
) -> list[SolverCandidate]:
    """The candidates with every declined candidate–employer pair made impossible.

    The engine has no "never this pair" rule, so a person who declined an employer gets that
    employer's vacancies taken out of their preferences; "any suitable job" becomes the
    explicit list of the other eligible vacancies, so their choices stay what they were.
    """
    declined_by: dict[str, set[str]] = {}
    for candidate_id, employer_id in declined:
        declined_by.setdefault(candidate_key(candidate_id), set()).add(employer_key(employer_id))
    vacancies = [(e.id, v) for e in employers for v in e.vacancies]
    employer_of = {v.id: employer_id for employer_id, v in vacancies}
    kept_candidates = []
    for candidate in candidates:
        refused = declined_by.get(candidate.id)
        if not refused:
            kept_candidates.append(candidate)
            continue
        kept = [v for v in candidate.preferences if employer_of.get(v) not in refused]
        if candidate.open_to_other:
            kept += [
                v.id for employer_id, v in vacancies
                if employer_id not in refused and v.id not in kept and is_eligible(candidate, v)
            ]
        kept_candidates.append(replace(candidate, preferences=tuple(kept), open_to_other=False))
    return kept_candidates


def _snapshot_placement(entry: dict[str, Any]) -> Placement:
    return Placement(
        candidate=candidate_key(entry["candidate_id"]),
        employer=employer_key(entry["employer_id"]),
        vacancy=vacancy_key(entry["employer_id"], entry["vacancy_id"]),
        start=entry["start_minute"],
    )


def solver_interviews(rows: Iterable[Interview]) -> tuple[SolverInterview, ...]:
    return tuple(
        SolverInterview(
            candidate=candidate_key(i.candidate_id),
            employer=employer_key(i.employer_id),
            vacancy=vacancy_key(i.employer_id, i.vacancy_id),
            table=i.table_no,
            start=i.start_minute,
            end=i.end_minute,
        )
        for i in rows
    )


def solver_employer_of(event: Event, employer: Employer) -> SolverEmployer | None:
    """One employer as the engine sees it (grid, breaks, tables), without the rest of the
    event: for pages that show or check one employer's slots."""
    return _solver_employer(event, _solver_event(event), employer)[0]


def solver_candidate_of(
    event: Event, candidate: Candidate, own: Sequence[Interview] = (),
    *, now: datetime | None = None,
) -> SolverCandidate | None:
    """One young person as the engine sees them (availability cut to what is still to come
    on the event day, `own` being their live interviews), or None when the engine leaves
    them out."""
    earliest = _earliest(event, now)
    kept = _spans_by_candidate(own).get(candidate.id, []) if earliest is not None else []
    return _solver_candidate(event, candidate, {}, earliest, kept)[0]


def slot_starts_of(event: Event, employer: SolverEmployer) -> list[int]:
    """The employer's own slot starts (their windows, breaks and interview length)."""
    return list(employer_slots(_solver_event(event), employer))
