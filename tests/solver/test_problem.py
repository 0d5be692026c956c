"""JSON <-> dataclass round trips, defaults, and reading schedules back."""

from __future__ import annotations

import json

import pytest

from solver.problem import (
    CandidateNote,
    Interview,
    Placement,
    ProblemError,
    Reason,
    Schedule,
    TierResult,
    format_hhmm,
    parse_hhmm,
)
from solver.problem_checks import validate_problem
from solver.problem_io import (
    interviews_from_dict,
    load_problem,
    problem_to_dict,
    schedule_from_dict,
    schedule_to_dict,
)
from tests.solver.conftest import candidate, employer, event
from tests.solver.test_problem_checks import valid_problem


def interview_row(candidate: str, start: str, end: str, table: int = 1) -> dict:
    """One interview of E1-V1 at E1 in its JSON form."""
    return {
        "candidate": candidate,
        "employer": "E1",
        "vacancy": "E1-V1",
        "table": table,
        "start": start,
        "end": end,
    }


MINIMAL = {
    "event": {"date": "2027-03-12", "start": "09:00", "end": "12:00"},
    "employers": [{"id": "E1", "interview_minutes": 20, "vacancies": [{"id": "E1-V1"}]}],
    "candidates": [{"id": "C1", "age": 20}],
}


def test_defaults_fill_every_optional_field() -> None:
    problem = load_problem(MINIMAL)
    assert problem.event.timezone == "Europe/Helsinki"
    assert problem.event.grid_minutes == 5
    assert problem.event.candidate_buffer_minutes == 0
    assert problem.event.max_interviews_per_candidate == 3
    only = problem.employers[0]
    assert (only.tables, only.available, only.breaks) == (1, (), ())
    assert (only.min_candidates, only.max_candidates) == (0, 30)
    assert only.vacancies[0].requires == () and only.vacancies[0].min_age == 0
    person = problem.candidates[0]
    assert person.languages == () and person.preferences == ()
    assert person.open_to_other is False and person.priority == 0
    assert problem.locks == () and problem.published == ()


def test_problem_round_trips_through_json() -> None:
    problem = load_problem(valid_problem())
    text = json.dumps(problem_to_dict(problem))
    assert load_problem(json.loads(text)) == problem
    # The written form is complete: defaults are spelled out, times are HH:MM.
    written = problem_to_dict(problem)
    assert written["employers"][1]["tables"] == 1
    assert written["employers"][0]["breaks"] == [["11:00", "11:30"]]
    assert written["locks"] == [
        {"candidate": "C1", "employer": "E1", "vacancy": "E1-V1", "start": "09:15"}
    ]


def test_times_are_minutes_since_midnight() -> None:
    problem = load_problem(valid_problem())
    assert problem.event.start == 540 and problem.event.end == 780
    assert problem.employers[0].breaks == ((660, 690),)
    assert problem.candidates[0].available == ((540, 660),)
    assert [parse_hhmm(t) for t in ("00:00", "09:05", "24:00")] == [0, 545, 1440]
    assert format_hhmm(545) == "09:05"
    for bad in ("9:05", "09:60", "24:01", "0905", "ab:cd", "09:5 "):
        with pytest.raises(ValueError):
            parse_hhmm(bad)


def test_validate_problem_checks_a_problem_built_in_python() -> None:
    good = load_problem(valid_problem())
    validate_problem(good)
    from dataclasses import replace

    bad = replace(
        good,
        locks=(*good.locks, Placement("C9", "E1", "E1-V1", 600)),
        employers=(replace(good.employers[0], tables=0), good.employers[1]),
    )
    with pytest.raises(ProblemError) as caught:
        validate_problem(bad)
    assert caught.value.errors == [
        "employers[0].tables: 0 must be at least 1",
        'locks[1].candidate: unknown candidate "C9"',
    ]


def test_problems_from_the_shared_test_builders_are_valid() -> None:
    from solver.problem import Problem

    problem = Problem(
        event=event(),
        employers=(employer("E1", tables=2, breaks=[("09:30", "09:40")]),),
        candidates=(candidate("C1", ["E1-V1"]), candidate("C2", open_to_other=True)),
    )
    validate_problem(problem)
    assert load_problem(problem_to_dict(problem)) == problem


SCHEDULE = Schedule(
    status="FEASIBLE",
    interviews=(
        Interview("C1", "E1", "E1-V1", 1, 555, 570),
        Interview("C2", "E1", "E1-V2", 2, 555, 570),
    ),
    unscheduled=(
        CandidateNote(
            "C3",
            (
                Reason(
                    "employer_full",
                    "E1 was full: 30 of 30.",
                    (("employer", "E1"), ("count", "30")),
                ),
                Reason("missing_card", "C3 has no forklift card for E2-V1."),
            ),
        ),
    ),
    not_first_choice=(CandidateNote("C2", (Reason("max_reached", "E2 was full."),)),),
    objectives=(
        TierResult("kept_published", 0, 0, 0.0, True),
        TierResult("covered", 2, 3, 1 / 3, False),
    ),
    baseline=(TierResult("covered", 1, 3, 2 / 3, False),),
    stats={"first_solution_seconds": 0.25, "total_seconds": 1.5, "variables": 120},
    message="time limit reached",
)


def test_schedule_round_trips_through_json() -> None:
    written = schedule_to_dict(SCHEDULE)
    assert written["interviews"][0] == interview_row("C1", "09:15", "09:30")
    assert written["unscheduled"][0]["reasons"][0]["detail"] == {"employer": "E1", "count": "30"}
    assert schedule_from_dict(json.loads(json.dumps(written))) == SCHEDULE


def test_a_minimal_schedule_needs_only_status_and_interviews() -> None:
    schedule = schedule_from_dict({"status": "INFEASIBLE", "interviews": []})
    assert schedule == Schedule(status="INFEASIBLE")


def test_bad_schedules_name_every_fault() -> None:
    with pytest.raises(ProblemError) as caught:
        schedule_from_dict(
            {
                "status": "GREAT",
                "interviews": [
                    {
                        "candidate": "C1",
                        "employer": "E1",
                        "vacancy": "E1-V1",
                        "table": "1",
                        "start": "9:15",
                        "end": "09:30",
                    }
                ],
                "objectives": [{"name": "covered", "value": 1, "bound": 1}],
                "stats": [],
            }
        )
    assert caught.value.errors == [
        'status: "GREAT" is not one of OPTIMAL, FEASIBLE, INFEASIBLE, MODEL_INVALID',
        "stats: expected an object, got a list",
        'interviews[0].table: expected an integer, got a string "1"',
        'interviews[0].start: "9:15" is not a time of day in the form HH:MM',
        "objectives[0].gap: required field is missing",
    ]


def test_interviews_from_dict() -> None:
    rows = [
        interview_row("C1", "09:15", "09:30"),
    ]
    assert interviews_from_dict(rows) == (Interview("C1", "E1", "E1-V1", 1, 555, 570),)
    with pytest.raises(ProblemError) as caught:
        interviews_from_dict([{"candidate": "C1"}, 7])
    assert caught.value.errors[:2] == [
        "interviews[0].employer: required field is missing",
        "interviews[0].vacancy: required field is missing",
    ]
    assert caught.value.errors[-1] == "interviews[1]: expected an object, got an integer"
    with pytest.raises(ProblemError) as caught:
        interviews_from_dict({"interviews": []})
    assert caught.value.errors == ["interviews: expected a list, got an object"]
