"""Large neighbourhood search: re-optimise one tier over a few people at a time.

The engine uses it for shortfall and preference (measured on binding_minimums 10 x 120 at
20 s: preference 872 -> 881; sessions 15 x 400: 5544 -> 5556). Not for waiting: there the
rounds found nothing the whole-model stage and solver.retime had not, and the time they took
from that stage cost waiting (105 against 1,130 at 10 s).

When a CP-SAT stage on the whole model ends without reaching its tier's bound, the search
often stalls because every improving move touches many variables at once (a youth moved to
an under-filled employer frees a table for another youth, who ...). Here each round keeps
the schedule of everyone outside a neighbourhood exactly as it is and lets CP-SAT re-decide
the interviews of a few dozen candidates: a small problem it solves to optimality in a
fraction of a second. A round is kept only when it improves the tier; the tiers above stay
fixed by the model's constraints, so a round can never trade a higher tier for this one.

Neighbourhoods, drawn in turn (from `random.Random(seed)`, so the rounds are the same on
every run):
- employers: the candidates at, or able to go to, a few employers (those furthest below
  their minimum first when the tier is shortfall);
- slots: the candidates with an interview in one stretch of the day, with everyone who
  could be moved into it (tables and people shift together, which waiting needs);
- random candidates.

Each round is a solver.stages stage with its own deterministic-time limit, and the number
of rounds is fixed by the budget before the first round, so the result does not depend on
the machine's load (only the deadline, a safety net, can end the search early).
"""

from __future__ import annotations

import dataclasses
import random
import time
from collections import defaultdict
from collections.abc import Callable

from solver.model import Key, ScheduleModel, build_model, hint
from solver.problem import Interview, Problem
from solver.settings import (
    NEIGHBOURHOOD_CANDIDATES,
    NEIGHBOURHOOD_GROWTH,
    NEIGHBOURHOOD_MAX_CANDIDATES,
    NEIGHBOURHOOD_MIN_CANDIDATES,
    NEIGHBOURHOOD_ROUND_SECONDS,
)
from solver.stages import run_stage
from solver.tiers import MINIMISED, tier_values

KINDS = ("employers", "slots", "candidates")


def _better(name: str, new: int, old: int) -> bool:
    return new < old if name in MINIMISED else new > old


class _People:
    """Who is where in the current schedule and who could go where (from the model)."""

    def __init__(self, sm: ScheduleModel) -> None:
        self.options_of: dict[str, list[Key]] = defaultdict(list)
        self.able_at: dict[str, set[str]] = defaultdict(set)
        for key in sm.x:
            self.options_of[key[0]].append(key)
            self.able_at[key[1]].add(key[0])
        self.candidates = sorted(self.options_of)
        self.employers = sorted(self.able_at)


def _employer_neighbourhood(rng: random.Random, people: _People, chosen: tuple[Key, ...],
                            focus: list[str], size: int) -> set[str]:
    picked: list[str] = []
    pool = [e for e in people.employers if e not in focus]
    rng.shuffle(pool)
    free: set[str] = set()
    for employer in [*focus[:2], *pool]:
        picked.append(employer)
        at = sorted({k[0] for k in chosen if k[1] == employer})
        able = sorted(people.able_at[employer] - set(at))
        rng.shuffle(able)
        free.update(at)
        free.update(able[:max(0, size - len(free))])
        if len(free) >= size:
            break
    return free


def _slot_neighbourhood(rng: random.Random, people: _People, chosen: tuple[Key, ...],
                        size: int) -> set[str]:
    starts = sorted({k[3] for k in chosen})
    if not starts:
        return set()
    middle = rng.choice(starts)
    by_distance = sorted(chosen, key=lambda k: (abs(k[3] - middle), k))
    free: set[str] = set()
    for key in by_distance:
        free.add(key[0])
        if len(free) >= size:
            break
    return free


def _random_neighbourhood(rng: random.Random, people: _People, size: int) -> set[str]:
    return set(rng.sample(people.candidates, min(size, len(people.candidates))))


def _shortfall_focus(problem: Problem, chosen: tuple[Key, ...]) -> list[str]:
    """Employers below their minimum, furthest below first."""
    count: dict[str, int] = defaultdict(int)
    for key in chosen:
        count[key[1]] += 1
    short = [(e.min_candidates - count[e.id], e.id) for e in problem.employers
             if e.min_candidates > count[e.id]]
    return [e for _, e in sorted(short, key=lambda s: (-s[0], s[1]))]


def improve(sm: ScheduleModel, problem: Problem, name: str, chosen: tuple[Key, ...],
            target: int, budget: float, fixed_tiers: tuple[str, ...], *, seed: int,
            workers: int, deadline: float,
            report: Callable[[str, int], None],
            should_stop: Callable[[], bool] | None) -> tuple[Key, ...]:
    """The schedule after neighbourhood rounds on tier `name` (see the module doc).

    `sm` is the stage's model (its options are the ones rounds choose from); the tiers in
    `fixed_tiers` keep their values; `target` is a proven bound: reaching it ends the search.
    `report` hears each improvement, as from a stage.
    """
    rounds = int(budget / NEIGHBOURHOOD_ROUND_SECONDS)
    if rounds < 1 or not sm.x:
        return chosen
    rng = random.Random(seed)
    people = _People(sm)
    value = tier_values(problem, _interviews(sm, chosen))[name]
    size = NEIGHBOURHOOD_CANDIDATES
    for index in range(rounds):
        if value == target or (should_stop is not None and should_stop()):
            break
        kind = KINDS[index % len(KINDS)]
        if kind == "employers":
            focus = _shortfall_focus(problem, chosen) if name == "shortfall" else []
            free = _employer_neighbourhood(rng, people, chosen, focus, size)
        elif kind == "slots":
            free = _slot_neighbourhood(rng, people, chosen, size)
        else:
            free = _random_neighbourhood(rng, people, size)
        result = _round(sm, problem, name, chosen, free, fixed_tiers, seed=seed + index,
                        workers=workers, deadline=deadline, should_stop=should_stop)
        if result is None:  # the deadline: keep what we have
            break
        found, proven = result
        new = tier_values(problem, _interviews(sm, found))[name] if found else value
        if found and _better(name, new, value):
            chosen, value = found, new
            report(name, value)
        # A neighbourhood solved to optimality was too small to hold a better move.
        size = (min(NEIGHBOURHOOD_MAX_CANDIDATES, round(size * NEIGHBOURHOOD_GROWTH)) if proven
                else max(NEIGHBOURHOOD_MIN_CANDIDATES, round(size / NEIGHBOURHOOD_GROWTH)))
    return chosen


def _interviews(sm: ScheduleModel, chosen: tuple[Key, ...]) -> list[Interview]:
    # Tables do not change any tier: every interview is labelled table 1 here.
    return [Interview(k[0], k[1], k[2], 1, k[3], sm.options[k].end) for k in chosen]


def _round(sm: ScheduleModel, problem: Problem, name: str, chosen: tuple[Key, ...],
           free: set[str], fixed_tiers: tuple[str, ...], *, seed: int, workers: int,
           deadline: float,
           should_stop: Callable[[], bool] | None) -> tuple[tuple[Key, ...], bool] | None:
    """One round: everyone outside `free` keeps their interviews; (schedule, proven).

    The round's model holds only the free candidates' options, on a copy of the problem in
    which every employer has what the others leave: fewer tables at a slot, a lower
    max_candidates, a lower min_candidates. Every tier of the whole schedule is then the
    round's tier plus a constant, so keeping the round's finished tiers at their current
    values keeps the whole schedule's, and improving the round's tier improves the whole.
    """
    if time.monotonic() >= deadline:
        return None
    kept = tuple(k for k in chosen if k[0] not in free)
    mine = tuple(k for k in chosen if k[0] in free)
    taken: dict[tuple[str, int], int] = defaultdict(int)
    booked: dict[str, int] = defaultdict(int)
    for key in kept:
        taken[key[1], key[3]] += 1
        booked[key[1]] += 1
    employers = tuple(dataclasses.replace(
        e, min_candidates=max(0, e.min_candidates - booked[e.id]),
        max_candidates=e.max_candidates - booked[e.id]) for e in problem.employers)
    sub = dataclasses.replace(
        problem, employers=employers,
        candidates=tuple(c for c in problem.candidates if c.id in free),
        locks=tuple(p for p in problem.locks if p.candidate in free),
        published=tuple(p for p in problem.published if p.candidate in free))
    options = [o for k, o in sm.options.items() if k[0] in free]
    small = build_model(sub, options)
    tables = {e.id: e.tables for e in problem.employers}
    for (employer, start), count in sorted(taken.items()):
        at = [v for k, v in small.x.items() if k[1] == employer and k[3] == start]
        if at:
            small.model.add(sum(at) <= tables[employer] - count)
    current = tier_values(sub, _interviews(small, mine))
    for tier in fixed_tiers:
        if tier in MINIMISED:
            small.model.add(small.tiers[tier] <= current[tier])
        else:
            small.model.add(small.tiers[tier] >= current[tier])
    hint(small, sub, mine)
    result = run_stage(small, name, name not in MINIMISED, NEIGHBOURHOOD_ROUND_SECONDS,
                       seed=seed, workers=workers, report=lambda *_: None,
                       should_stop=should_stop, target=_never(name), deadline=deadline)
    if not result.found:
        return None if time.monotonic() >= deadline else ((), result.proven)
    return tuple(sorted(kept + result.chosen)), result.proven


def _never(name: str) -> int:
    """A target no round reaches: a round's own optimum is not the whole schedule's bound."""
    return -1 if name in MINIMISED else 10**12
