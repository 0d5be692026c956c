"""The solver's problem and answer types (the contract of DESIGN §3).

Times inside the engine are whole minutes since local midnight of the event day; the JSON
form uses "HH:MM" strings. Every type is a frozen dataclass so that a problem can be shared
between stages and threads without copying.

The JSON side (docs/problem-format.md): `load_problem` reads and validates a problem (reading
in problem_reader.py, rules in problem_checks.py and problem_locks.py), `problem_to_dict`
writes one; `schedule_to_dict` / `schedule_from_dict` do the same for answers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

Window = tuple[int, int]
"""A half-open time window [start, end) in minutes since local midnight."""


def joined_windows(windows: tuple[Window, ...]) -> tuple[Window, ...]:
    """The windows sorted, with windows that touch or overlap joined into one.

    Availability is a set of minutes: 09:00-09:10 plus 09:10-10:00 is the same person as
    09:00-10:00, so an interview fits the availability when it lies inside the union
    (as the validator checks it). Only candidates' windows mean a union; an employer's
    windows each start their own slot grid (DESIGN §3) and are never joined.
    """
    joined: list[Window] = []
    for start, end in sorted(windows):
        if joined and start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], end))
        else:
            joined.append((start, end))
    return tuple(joined)


def parse_hhmm(text: str) -> int:
    """Turn "HH:MM" into minutes since midnight; raise ValueError on anything else."""
    if not isinstance(text, str) or len(text) != 5 or text[2] != ":":
        raise ValueError(f"{text!r} is not a time of the form HH:MM")
    hours, minutes = text[:2], text[3:]
    if not (hours.isdigit() and minutes.isdigit()):
        raise ValueError(f"{text!r} is not a time of the form HH:MM")
    h, m = int(hours), int(minutes)
    if h > 24 or m > 59 or (h == 24 and m != 0):
        raise ValueError(f"{text!r} is not a time of day")
    return h * 60 + m


def format_hhmm(minutes: int) -> str:
    """Turn minutes since midnight into "HH:MM"."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class Event:
    date: str
    start: int
    end: int
    timezone: str = "Europe/Helsinki"
    grid_minutes: int = 5
    candidate_buffer_minutes: int = 0
    max_interviews_per_candidate: int = 3


@dataclass(frozen=True)
class Vacancy:
    id: str
    requires: tuple[str, ...] = ()
    # Empty means the interview can be held in any language.
    languages: tuple[str, ...] = ()
    min_age: int = 0


@dataclass(frozen=True)
class Employer:
    id: str
    interview_minutes: int
    tables: int
    vacancies: tuple[Vacancy, ...]
    available: tuple[Window, ...] = ()
    breaks: tuple[Window, ...] = ()
    min_candidates: int = 0
    max_candidates: int = 30


@dataclass(frozen=True)
class Candidate:
    id: str
    age: int
    languages: tuple[str, ...] = ()
    has: tuple[str, ...] = ()
    available: tuple[Window, ...] = ()
    # Vacancy ids in ranked order, most wanted first.
    preferences: tuple[str, ...] = ()
    open_to_other: bool = False
    # 0 = ordinary; any value above 0 marks a priority candidate (tier 2 places them first).
    priority: int = 0


@dataclass(frozen=True)
class Placement:
    """An interview fixed in advance: a staff lock (hard) or a published one (tier 1)."""

    candidate: str
    employer: str
    vacancy: str
    start: int


@dataclass(frozen=True)
class Problem:
    event: Event
    employers: tuple[Employer, ...]
    candidates: tuple[Candidate, ...]
    locks: tuple[Placement, ...] = ()
    published: tuple[Placement, ...] = ()


@dataclass(frozen=True)
class Interview:
    candidate: str
    employer: str
    vacancy: str
    table: int
    start: int
    end: int


@dataclass(frozen=True)
class Reason:
    """Why a candidate has no interview, or not their first choice.

    `code` is machine-readable (for example "missing_card", "language", "too_young",
    "no_common_time", "employer_full", "max_reached"); `detail` carries the specifics
    (vacancy, employer, card, counts); `text` is the plain-language sentence staff read.
    """

    code: str
    text: str
    detail: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class CandidateNote:
    candidate: str
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class TierResult:
    name: str
    value: int
    bound: int
    # Relative gap: (bound - value) / max(1, |bound|) for maximised tiers; 0.0 when proven.
    gap: float
    proven: bool


@dataclass(frozen=True)
class Schedule:
    status: str  # OPTIMAL, FEASIBLE, INFEASIBLE or MODEL_INVALID
    interviews: tuple[Interview, ...] = ()
    unscheduled: tuple[CandidateNote, ...] = ()
    not_first_choice: tuple[CandidateNote, ...] = ()
    objectives: tuple[TierResult, ...] = ()
    baseline: tuple[TierResult, ...] = ()
    stats: dict[str, float] = field(default_factory=dict)
    message: str = ""


class ProblemError(ValueError):
    """A problem or schedule that cannot be used; `errors` lists every fault found.

    Each error reads "<JSON path>: <rule>", for example
    `employers[3].interview_minutes: 17 is not a multiple of grid_minutes (5)`.
    """

    def __init__(self, errors: list[str]) -> None:
        self.errors = list(errors)
        count = len(self.errors)
        summary = f"{count} problem{'s' if count != 1 else ''} found"
        super().__init__(summary + ":\n" + "\n".join(self.errors))


def load_problem(data: object) -> Problem:
    """Turn decoded JSON into a Problem, filling defaults and checking every rule first.

    Raises ProblemError listing all faults found (shape, types and rules), not only the first.
    """
    # Imported here: both modules build the types defined above.
    from solver.problem_checks import check_problem
    from solver.problem_reader import JsonReader, read_problem

    reader = JsonReader()
    problem = read_problem(reader, data)
    errors = reader.errors + check_problem(problem)
    if errors:
        raise ProblemError(sorted(errors, key=_document_order))
    return problem


_TOP_LEVEL = ("problem", "event", "employers", "candidates", "locks", "published")


def _document_order(error: str) -> tuple[int, tuple[int, ...]]:
    """Sort key: messages in the order their paths appear in the JSON (stable within one)."""
    path = error.split(":", 1)[0]
    top = path.split(".", 1)[0].split("[", 1)[0]
    rank = _TOP_LEVEL.index(top) if top in _TOP_LEVEL else len(_TOP_LEVEL)
    return rank, tuple(int(n) for n in re.findall(r"\[(\d+)\]", path))


def validate_problem(problem: Problem) -> None:
    """Check a Problem built in Python (not read from JSON) by the same rules as `load_problem`."""
    from solver.problem_checks import check_problem

    errors = check_problem(problem)
    if errors:
        raise ProblemError(errors)


def _windows_to_list(windows: tuple[Window, ...]) -> list[list[str]]:
    return [[format_hhmm(start), format_hhmm(end)] for start, end in windows]


def _placement_to_dict(placement: Placement) -> dict[str, str]:
    return {
        "candidate": placement.candidate,
        "employer": placement.employer,
        "vacancy": placement.vacancy,
        "start": format_hhmm(placement.start),
    }


def problem_to_dict(problem: Problem) -> dict[str, Any]:
    """The JSON form of a problem, every field written out (defaults included)."""
    event = problem.event
    return {
        "event": {
            "date": event.date,
            "timezone": event.timezone,
            "start": format_hhmm(event.start),
            "end": format_hhmm(event.end),
            "grid_minutes": event.grid_minutes,
            "candidate_buffer_minutes": event.candidate_buffer_minutes,
            "max_interviews_per_candidate": event.max_interviews_per_candidate,
        },
        "employers": [
            {
                "id": employer.id,
                "interview_minutes": employer.interview_minutes,
                "tables": employer.tables,
                "available": _windows_to_list(employer.available),
                "breaks": _windows_to_list(employer.breaks),
                "min_candidates": employer.min_candidates,
                "max_candidates": employer.max_candidates,
                "vacancies": [
                    {
                        "id": vacancy.id,
                        "requires": list(vacancy.requires),
                        "languages": list(vacancy.languages),
                        "min_age": vacancy.min_age,
                    }
                    for vacancy in employer.vacancies
                ],
            }
            for employer in problem.employers
        ],
        "candidates": [
            {
                "id": candidate.id,
                "age": candidate.age,
                "languages": list(candidate.languages),
                "has": list(candidate.has),
                "available": _windows_to_list(candidate.available),
                "preferences": list(candidate.preferences),
                "open_to_other": candidate.open_to_other,
                "priority": candidate.priority,
            }
            for candidate in problem.candidates
        ],
        "locks": [_placement_to_dict(lock) for lock in problem.locks],
        "published": [_placement_to_dict(placement) for placement in problem.published],
    }


def interviews_to_list(interviews: tuple[Interview, ...]) -> list[dict[str, Any]]:
    return [
        {
            "candidate": interview.candidate,
            "employer": interview.employer,
            "vacancy": interview.vacancy,
            "table": interview.table,
            "start": format_hhmm(interview.start),
            "end": format_hhmm(interview.end),
        }
        for interview in interviews
    ]


def _notes_to_list(notes: tuple[CandidateNote, ...]) -> list[dict[str, Any]]:
    return [
        {
            "candidate": note.candidate,
            "reasons": [
                {"code": reason.code, "text": reason.text, "detail": dict(reason.detail)}
                for reason in note.reasons
            ],
        }
        for note in notes
    ]


def _tiers_to_list(tiers: tuple[TierResult, ...]) -> list[dict[str, Any]]:
    return [
        {
            "name": tier.name,
            "value": tier.value,
            "bound": tier.bound,
            "gap": tier.gap,
            "proven": tier.proven,
        }
        for tier in tiers
    ]


def schedule_to_dict(schedule: Schedule) -> dict[str, Any]:
    """The JSON form of a solver answer (see docs/problem-format.md, "The schedule")."""
    return {
        "status": schedule.status,
        "message": schedule.message,
        "interviews": interviews_to_list(schedule.interviews),
        "unscheduled": _notes_to_list(schedule.unscheduled),
        "not_first_choice": _notes_to_list(schedule.not_first_choice),
        "objectives": _tiers_to_list(schedule.objectives),
        "baseline": _tiers_to_list(schedule.baseline),
        "stats": dict(schedule.stats),
    }


SCHEDULE_STATUSES = ("OPTIMAL", "FEASIBLE", "INFEASIBLE", "MODEL_INVALID")


def interviews_from_dict(data: object) -> tuple[Interview, ...]:
    """Read a JSON list of interviews (times "HH:MM"); raises ProblemError on bad input."""
    from solver.problem_reader import JsonReader
    from solver.schedule_reader import read_interviews

    reader = JsonReader()
    interviews = read_interviews(reader, data, "interviews")
    if reader.errors:
        raise ProblemError(reader.errors)
    return interviews


def schedule_from_dict(data: object) -> Schedule:
    """Read the JSON form written by `schedule_to_dict`; raises ProblemError on bad input."""
    from solver.problem_reader import JsonReader
    from solver.schedule_reader import read_schedule

    reader = JsonReader()
    schedule = read_schedule(reader, data)
    if reader.errors:
        raise ProblemError(reader.errors)
    return schedule
