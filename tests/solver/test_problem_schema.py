"""solver/schema.json: a valid draft 2020-12 schema that agrees with load_problem."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import solver.engine as engine
from solver.generate import generate
from solver.problem import (
    Candidate,
    Employer,
    Event,
    ProblemError,
    Schedule,
    Vacancy,
)
from solver.problem_io import load_problem, problem_to_dict, schedule_to_dict
from tests.solver.test_problem_checks import valid_problem
from tests.solver.test_problem_fuzz import BASE, GENERATED, edits, mutate


@pytest.fixture(scope="module")
def validator() -> object:
    schema = json.loads(resources.files("solver").joinpath("schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("seed", range(4))
def test_generated_problems_match_the_schema(validator, seed: int) -> None:
    problem = generate(employers=8, candidates=120, seed=seed, hours=3 + seed)
    assert list(validator.iter_errors(problem_to_dict(problem))) == []


def test_the_hand_written_example_matches_the_schema(validator) -> None:
    assert list(validator.iter_errors(valid_problem())) == []


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("event", "start"), "9:00"),
        (("employers", 0, "tables"), 0),
        (("employers", 0, "tables"), "2"),
        (("employers", 0, "vacancies"), []),
        (("employers", 0, "available", 0), ["09:00"]),
        (("candidates", 0, "age"), 12),
        (("candidates", 0, "languages"), ["Finnish"]),
        (("candidates", 0, "preferences"), ["E1-V1", "E1-V1"]),
        (("candidates", 0, "open_to_other"), 1),
        (("candidates", 0, "colour"), "red"),
        (("locks", 0, "start"), None),
    ],
)
def test_the_schema_rejects_what_load_problem_rejects(validator, path, value) -> None:
    data = valid_problem()
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert list(validator.iter_errors(data))


def test_schema_defaults_are_the_dataclass_defaults(validator) -> None:
    defs = validator.schema["$defs"]
    event = validator.schema["properties"]["event"]["properties"]
    plain_event = Event(date="", start=0, end=0)
    for name in (
        "timezone",
        "grid_minutes",
        "candidate_buffer_minutes",
        "max_interviews_per_candidate",
    ):
        assert event[name]["default"] == getattr(plain_event, name)
    plain_employer = Employer(id="", interview_minutes=5, tables=1, vacancies=())
    for name in ("min_candidates", "max_candidates"):
        assert defs["employer"]["properties"][name]["default"] == getattr(plain_employer, name)
    assert defs["vacancy"]["properties"]["min_age"]["default"] == Vacancy(id="").min_age
    plain_candidate = Candidate(id="", age=20)
    for name in ("open_to_other", "priority"):
        assert defs["candidate"]["properties"][name]["default"] == getattr(plain_candidate, name)


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(base=st.sampled_from([BASE, GENERATED]), changes=edits)
def test_what_load_problem_accepts_the_schema_accepts(validator, base, changes) -> None:
    # The schema cannot express cross-field rules, so it may accept more; never less.
    data = mutate(base, changes)
    try:
        load_problem(data)
    except ProblemError:
        return
    assert list(validator.iter_errors(data)) == []


@pytest.fixture(scope="module")
def schedule_validator(validator) -> object:
    schema = validator.schema
    return jsonschema.Draft202012Validator(
        {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/schedule"}
    )


def test_written_schedules_match_the_schedule_definition(schedule_validator) -> None:
    from tests.solver.test_problem import SCHEDULE

    assert list(schedule_validator.iter_errors(schedule_to_dict(SCHEDULE))) == []
    assert list(schedule_validator.iter_errors(schedule_to_dict(Schedule("INFEASIBLE")))) == []


def test_an_engine_schedule_matches_the_schedule_definition(schedule_validator) -> None:
    problem = generate(employers=2, candidates=12, seed=3, hours=2)
    schedule = engine.solve(problem, time_limit=2.0, workers=1)
    assert list(schedule_validator.iter_errors(schedule_to_dict(schedule))) == []


def test_the_schedule_definition_rejects_bad_answers(schedule_validator) -> None:
    bad = {"status": "DONE", "interviews": [{"candidate": "C1", "start": "9:00"}]}
    assert len(list(schedule_validator.iter_errors(bad))) >= 3
