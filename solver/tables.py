"""Table labels for a schedule, chosen after solving.

The model only limits how many interviews an employer holds at once; which table each one
uses is an interval-graph colouring. Giving each interview, in order of start, the lowest
table that is free again needs exactly as many tables as the most interviews at one moment,
so it always succeeds when the schedule respects `tables`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from solver.problem import Interview, Problem


class TablesExceeded(ValueError):
    """More interviews of one employer at once than it has tables."""


def assign_tables(problem: Problem, interviews: Iterable[Interview]) -> tuple[Interview, ...]:
    """Return the interviews with `table` set to 1..tables, sorted by employer, start, candidate.

    Raises TablesExceeded when an employer has more interviews at one moment than tables.
    """
    tables = {e.id: e.tables for e in problem.employers}
    ordered = sorted(interviews, key=lambda i: (i.employer, i.start, i.candidate, i.vacancy))
    labelled: list[Interview] = []
    free_at: dict[str, list[int]] = {}  # employer -> end time of the last interview per table
    for interview in ordered:
        ends = free_at.setdefault(interview.employer, [])
        table = next((n for n, end in enumerate(ends) if end <= interview.start), None)
        if table is None:
            if len(ends) >= tables[interview.employer]:
                raise TablesExceeded(
                    f"{interview.employer} has more than {len(ends)} interviews at "
                    f"{interview.start // 60:02d}:{interview.start % 60:02d}")
            ends.append(interview.end)
            table = len(ends) - 1
        else:
            ends[table] = interview.end
        labelled.append(replace(interview, table=table + 1))
    return tuple(labelled)
