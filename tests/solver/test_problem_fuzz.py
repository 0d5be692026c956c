"""Whatever JSON arrives, load_problem answers with a Problem or a ProblemError, never a crash."""

from __future__ import annotations

import copy
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver.generate import generate
from solver.problem import ProblemError
from solver.problem_io import (
    load_problem,
    problem_to_dict,
    schedule_from_dict,
    schedule_to_dict,
)
from tests.solver.test_problem import interview_row
from tests.solver.test_problem_checks import valid_problem

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-100_000, 100_000)
    | st.floats(allow_nan=False)
    | st.sampled_from(["09:00", "24:00", "9:5", "E1", "E1-V1", "C1", "", "fi", "2027-03-12"])
    | st.text(max_size=6),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=8,
)


def paths(node: object, prefix: tuple = ()) -> list[tuple]:
    """Every place in a JSON document where a value can be replaced or removed."""
    found = []
    if isinstance(node, dict):
        for key, child in node.items():
            found.append((*prefix, key))
            found.extend(paths(child, (*prefix, key)))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found.append((*prefix, index))
            found.extend(paths(child, (*prefix, index)))
    return found


def mutate(document: dict, edits: list[tuple[int, bool, object]]) -> dict:
    data = copy.deepcopy(document)
    for choice, remove, value in edits:
        places = paths(data)
        if not places:
            break
        place = places[choice % len(places)]
        parent = data
        for key in place[:-1]:
            parent = parent[key]
        if remove:
            del parent[place[-1]]
        else:
            parent[place[-1]] = copy.deepcopy(value)
    return data


BASE = valid_problem()
GENERATED = problem_to_dict(generate(employers=2, candidates=6, seed=5, hours=2))
edits = st.lists(st.tuples(st.integers(0, 10_000), st.booleans(), json_values), max_size=4)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(base=st.sampled_from([BASE, GENERATED]), changes=edits)
def test_mutated_problems_never_crash(base: dict, changes: list) -> None:
    data = mutate(base, changes)
    try:
        problem = load_problem(data)
    except ProblemError as error:
        assert error.errors
        assert all(": " in line for line in error.errors)
        return
    # Whatever was accepted writes back out and reads in again as the same problem.
    assert load_problem(json.loads(json.dumps(problem_to_dict(problem)))) == problem


@settings(max_examples=100, deadline=None)
@given(data=json_values)
def test_any_json_value_as_a_problem(data: object) -> None:
    try:
        load_problem(data)
    except ProblemError as error:
        assert error.errors


SCHEDULE = {
    "status": "FEASIBLE",
    "interviews": [interview_row("C1", "09:15", "09:30")],
    "unscheduled": [
        {"candidate": "C2", "reasons": [{"code": "busy", "text": "t", "detail": {"a": "b"}}]}
    ],
    "objectives": [{"name": "covered", "value": 1, "bound": 2, "gap": 0.5, "proven": False}],
    "stats": {"total_seconds": 1.0},
}


@settings(max_examples=200, deadline=None)
@given(changes=edits)
def test_mutated_schedules_never_crash(changes: list) -> None:
    data = mutate(SCHEDULE, changes)
    try:
        schedule = schedule_from_dict(data)
    except ProblemError as error:
        assert error.errors
        return
    assert schedule_from_dict(schedule_to_dict(schedule)) == schedule
