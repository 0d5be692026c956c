"""Shorter waits by moving single interviews to other slots (a fast local search for tier 5).

Moving an interview to another slot of the same employer, vacancy and candidate changes no
tier above waiting: the same candidates meet the same employers for the same vacancies.
Locked and published interviews never move (tier 1 and the locks). Each candidate in turn
(in id order, so the result is deterministic) makes the one change that cuts idle time the
most: move one of their interviews to a slot with a free table, or swap slot times with
another candidate at the same employer when that helps the two of them together; every moved
interview keeps the buffer to its owner's others. Passes repeat until nothing improves.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
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


def _key(option: Option) -> Key:
    return option.candidate, option.employer, option.vacancy, option.start


def retime(problem: Problem, chosen: Iterable[Key], by_key: Mapping[Key, Option],
           grouped: Mapping[tuple[str, str], list[Option]]) -> tuple[Key, ...]:
    """The schedule with interviews moved to cut waiting (see the module doc)."""
    buffer = problem.event.candidate_buffer_minutes
    tables = {e.id: e.tables for e in problem.employers}
    fixed = {(p.candidate, p.employer, p.vacancy, p.start)
             for p in problem.locks + problem.published}
    own: dict[str, list[Key]] = defaultdict(list)
    at_slot: dict[tuple[str, int], list[Key]] = defaultdict(list)
    for key in sorted(chosen):
        own[key[0]].append(key)
        at_slot[key[1], key[3]].append(key)

    def times(keys: Iterable[Key]) -> list[tuple[int, int]]:
        return [(k[3], by_key[k].end) for k in keys]

    def idle(keys: Iterable[Key]) -> int:
        return _idle(times(keys), buffer)

    def swap_back(partner: Key, start: int) -> Option | None:
        """The partner's option at `start`, if it fits the partner's other interviews."""
        rest = times(k for k in own[partner[0]] if k != partner)
        for option in grouped.get((partner[0], partner[2]), ()):
            if option.start == start and _fits(rest, option.start, option.end, buffer):
                return option
        return None

    for _ in range(MAX_PASSES):
        improved = False
        for candidate in sorted(own):
            keys = own[candidate]
            if len(keys) < 2:
                continue
            current = idle(keys)
            best: tuple[int, list[tuple[Key, Key]]] | None = None
            for key in keys:
                if key in fixed:
                    continue
                rest = [k for k in keys if k != key]
                for option in grouped.get((candidate, key[2]), ()):
                    if option.start == key[3] or not _fits(times(rest), option.start,
                                                           option.end, buffer):
                        continue
                    gain = current - _idle([*times(rest), (option.start, option.end)], buffer)
                    slot = (option.employer, option.start)
                    if len(at_slot[slot]) < tables[option.employer]:
                        if gain > 0 and (best is None or gain > best[0]):
                            best = (gain, [(key, _key(option))])
                        continue
                    # A full slot: swap times with someone there, if that helps both together.
                    for partner in at_slot[slot]:
                        if partner[0] == candidate or partner in fixed:
                            continue
                        back = swap_back(partner, key[3])
                        if back is None:
                            continue
                        partner_rest = [k for k in own[partner[0]] if k != partner]
                        total = gain + idle(own[partner[0]]) - _idle(
                            [*times(partner_rest), (back.start, back.end)], buffer)
                        if total > 0 and (best is None or total > best[0]):
                            best = (total, [(key, _key(option)), (partner, _key(back))])
            if best is not None:
                for old, new in best[1]:
                    person = own[old[0]]
                    person[person.index(old)] = new
                    at_slot[old[1], old[3]].remove(old)
                    at_slot[new[1], new[3]].append(new)
                improved = True
        if not improved:
            break
    return tuple(sorted(k for keys in own.values() for k in keys))
