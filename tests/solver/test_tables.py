"""Table labelling: an interval-graph colouring that never needs more than `tables`."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solver.problem import Interview
from solver.tables import TablesExceeded, assign_tables
from tests.solver.conftest import employer, problem


def most_at_once(interviews: list[Interview]) -> int:
    points = Counter()
    for interview in interviews:
        for minute in range(interview.start, interview.end):
            points[minute] += 1
    return max(points.values(), default=0)


@st.composite
def bookings(draw: st.DrawFn) -> list[Interview]:
    """Random interviews of one employer: any lengths, any starts, overlapping freely."""
    count = draw(st.integers(0, 12))
    interviews = []
    for n in range(count):
        start = draw(st.integers(540, 600))
        length = draw(st.integers(5, 30))
        interviews.append(Interview(f"C{n}", "E1", "E1-V1", 0, start, start + length))
    return interviews


@settings(max_examples=200, deadline=None)
@given(bookings())
def test_labelling_succeeds_with_as_many_tables_as_interviews_at_once(
        interviews: list[Interview]) -> None:
    tables = max(1, most_at_once(interviews))
    prob = problem([employer("E1", tables=tables)], [])
    labelled = assign_tables(prob, interviews)
    assert sorted((i.candidate, i.start) for i in labelled) == sorted(
        (i.candidate, i.start) for i in interviews)
    assert all(1 <= i.table <= tables for i in labelled)
    for table in range(1, tables + 1):
        held = sorted((i.start, i.end) for i in labelled if i.table == table)
        assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(held))


@settings(max_examples=100, deadline=None)
@given(bookings())
def test_labelling_refuses_more_interviews_at_once_than_tables(
        interviews: list[Interview]) -> None:
    at_once = most_at_once(interviews)
    if at_once < 2:
        return
    with pytest.raises(TablesExceeded):
        assign_tables(problem([employer("E1", tables=at_once - 1)], []), interviews)


def test_back_to_back_interviews_share_a_table() -> None:
    interviews = [Interview("A", "E1", "E1-V1", 0, 540, 555),
                  Interview("B", "E1", "E1-V1", 0, 555, 570)]
    labelled = assign_tables(problem([employer("E1", tables=2)], []), interviews)
    assert {i.table for i in labelled} == {1}
