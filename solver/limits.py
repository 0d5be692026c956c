"""Building the options within the time limit.

On 200 employers x 6,000 youth the options alone (7.7 million) took longer than a 20 s limit,
and nothing could interrupt them. `options_in_time` stops after the candidate at which the
deadline passes; the engine then answers with the greedy over the options it has, which is
a valid schedule, and with bounds that hold without the missing options
(solver.bound.loose_bounds with complete=False).
"""

from __future__ import annotations

import dataclasses
import time

from solver.problem import Problem
from solver.slots import Option, build_options


def options_in_time(problem: Problem, deadline: float) -> tuple[tuple[Option, ...], bool]:
    """(options, complete): every option, or those built before `deadline`.

    `deadline` is a time.monotonic() value. When cut short, the candidates of locks and
    published interviews still get all their options, so locks are checked and placed
    exactly as in a complete build.
    """
    cut: list[bool] = []

    def stop() -> bool:
        if time.monotonic() >= deadline:
            cut.append(True)
        return bool(cut)

    options = build_options(problem, should_stop=stop)
    if not cut:
        return options, True
    placed = {p.candidate for p in problem.locks + problem.published}
    reached = {o.candidate for o in options}
    missing = tuple(c for c in problem.candidates if c.id in placed and c.id not in reached)
    if missing:
        options += build_options(dataclasses.replace(problem, candidates=missing))
    return options, False
