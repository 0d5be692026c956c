"""The JSON form of problems and schedules (docs/problem-format.md).

`load_problem` reads and validates a problem (shape in problem_reader.py, rules in
problem_checks.py and problem_locks.py), `problem_to_dict` writes one; `schedule_to_dict` /
`schedule_from_dict` do the same for answers.
"""

from __future__ import annotations

import re
from typing import Any

from solver.problem import (
    CandidateNote,
    Interview,
    Placement,
    Problem,
    ProblemError,
    Schedule,
    TierResult,
    Window,
    format_hhmm,
)
from solver.problem_checks import check_problem
from solver.problem_reader import JsonReader, read_problem
from solver.schedule_reader import read_interviews, read_schedule


def load_problem(data: object) -> Problem:
    """Turn decoded JSON into a Problem, filling defaults and checking every rule first.

    Raises ProblemError listing all faults found (shape, types and rules), not only the first.
    """
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


def interviews_from_dict(data: object) -> tuple[Interview, ...]:
    """Read a JSON list of interviews (times "HH:MM"); raises ProblemError on bad input."""
    reader = JsonReader()
    interviews = read_interviews(reader, data, "interviews")
    if reader.errors:
        raise ProblemError(reader.errors)
    return interviews


def schedule_from_dict(data: object) -> Schedule:
    """Read the JSON form written by `schedule_to_dict`; raises ProblemError on bad input."""
    reader = JsonReader()
    schedule = read_schedule(reader, data)
    if reader.errors:
        raise ProblemError(reader.errors)
    return schedule
