"""The solver's problem and answer types (the contract of DESIGN §3).

Times inside the engine are whole minutes since local midnight of the event day; the JSON
form uses "HH:MM" strings. Every type is a frozen dataclass so that a problem can be shared
between stages and threads without copying.

This module holds the types alone and imports nothing of the solver, so every other module
can build on it without a cycle. The JSON side (docs/problem-format.md) is problem_io.py:
`load_problem` reads and validates a problem (reading in problem_reader.py, rules in
problem_checks.py and problem_locks.py), `problem_to_dict` writes one, and
`schedule_to_dict` / `schedule_from_dict` do the same for answers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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


SCHEDULE_STATUSES = ("OPTIMAL", "FEASIBLE", "INFEASIBLE", "MODEL_INVALID")


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
