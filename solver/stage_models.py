"""The CP-SAT models the later stages search: every option on small events; on large ones
only the options of the candidate-employer pairs that matter (see `solver.engine`)."""

from __future__ import annotations

from collections.abc import Iterable

from solver.model import Key, ScheduleModel, option_key
from solver.problem import Problem
from solver.settings import LARGE_MODEL_VARIABLES
from solver.solve_state import SolveState


def placed_keys(problem: Problem) -> set[Key]:
    """The locked and published interviews as option keys."""
    return {(p.candidate, p.employer, p.vacancy, p.start)
            for p in problem.locks + problem.published}


def later_model(run: SolveState, chosen: tuple[Key, ...]) -> tuple[ScheduleModel, bool]:
    """The model for tiers 3-5 and whether it holds every option (see solver.engine).

    Built once, at the first stage that needs it, around that stage's hint.
    """
    if run.later is None:
        run.later = _build_later_model(run, chosen)
    return run.later


def _build_later_model(run: SolveState, chosen: tuple[Key, ...]) -> tuple[ScheduleModel, bool]:
    if len(run.options) <= LARGE_MODEL_VARIABLES:
        return run.model(run.options), True
    pairs = {(k[0], k[1]) for k in chosen}
    if run.relaxed is not None:
        pairs |= {(o.candidate, o.employer) for o in run.relaxed.added}
    return pairs_model(run, pairs, chosen)


def retime_model(run: SolveState, chosen: tuple[Key, ...]) -> tuple[ScheduleModel, bool]:
    """Only the hint's candidate-employer pairs, at any of their slots: re-timing them keeps
    tiers 1-4 as they are and is a small model in which waiting falls fast."""
    return pairs_model(run, {(k[0], k[1]) for k in chosen}, chosen)


def pairs_model(run: SolveState, pairs: Iterable[tuple[str, str]],
                _chosen: tuple[Key, ...]) -> tuple[ScheduleModel, bool]:
    """The options of these candidate-employer pairs and the placed interviews only."""
    pairs = set(pairs)
    placed = placed_keys(run.problem)
    return run.model(o for o in run.options
                     if (o.candidate, o.employer) in pairs or option_key(o) in placed), False
