"""Shorter waits by moving single interviews to other slots (a fast local search for tier 5).

Moving an interview to another slot of the same employer, vacancy and candidate changes no
tier above waiting: the same candidates meet the same employers for the same vacancies.
Locked and published interviews never move (tier 1 and the locks). Each candidate in turn
(in id order, so the result is deterministic) moves whichever one interview shortens their
own idle time the most, as long as a table is free in the new slot and the moved interview
keeps the buffer to their others; passes repeat until nothing improves.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from solver.problem import Problem
from solver.slots import Option

Key = tuple[str, str, str, int]
MAX_PASSES = 5
"""Passes over all candidates; later passes rarely find anything (measured on M and XL)."""


def _idle(times: list[tuple[int, int]], buffer: int) -> int:
    ordered = sorted(times)
    return sum(b[0] - a[1] - buffer for a, b in itertools.pairwise(ordered))


def _fits(times: list[tuple[int, int]], start: int, end: int, buffer: int) -> bool:
    return all(start >= e + buffer or s >= end + buffer for s, e in times)


def retime(problem: Problem, chosen: Iterable[Key], by_key: Mapping[Key, Option],
           grouped: Mapping[tuple[str, str], list[Option]]) -> tuple[Key, ...]:
    """The schedule with interviews moved to cut waiting (see the module doc)."""
    buffer = problem.event.candidate_buffer_minutes
    tables = {e.id: e.tables for e in problem.employers}
    fixed = {(p.candidate, p.employer, p.vacancy, p.start)
             for p in problem.locks + problem.published}
    booked = sorted(chosen)
    slot_use = Counter((k[1], k[3]) for k in booked)
    own: dict[str, list[Key]] = defaultdict(list)
    for key in booked:
        own[key[0]].append(key)
    for _ in range(MAX_PASSES):
        improved = False
        for candidate in sorted(own):
            keys = own[candidate]
            if len(keys) < 2:
                continue
            best: tuple[int, Key, Option] | None = None
            current = _idle([(k[3], by_key[k].end) for k in keys], buffer)
            for key in keys:
                if key in fixed:
                    continue
                others = [(k[3], by_key[k].end) for k in keys if k != key]
                for option in grouped.get((candidate, key[2]), ()):
                    if option.start == key[3] or (
                            slot_use[option.employer, option.start] >= tables[option.employer]):
                        continue
                    if not _fits(others, option.start, option.end, buffer):
                        continue
                    idle = _idle([*others, (option.start, option.end)], buffer)
                    if idle < current and (best is None or idle < best[0]):
                        best = (idle, key, option)
            if best is not None:
                _, old, option = best
                new = (option.candidate, option.employer, option.vacancy, option.start)
                keys[keys.index(old)] = new
                slot_use[old[1], old[3]] -= 1
                slot_use[new[1], new[3]] += 1
                improved = True
        if not improved:
            break
    return tuple(sorted(k for keys in own.values() for k in keys))
