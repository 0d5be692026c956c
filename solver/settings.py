"""Named weights and limits of the scheduling engine.

Nothing in the model uses a bare number: every weight, share of the time limit and solver
limit lives here, with the reason it has the value it has.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------------------------
# Objective weights (tier 4, "preference")
# ---------------------------------------------------------------------------------------------
RANK_WEIGHTS: tuple[int, ...] = (10, 7, 5, 4, 3)
"""Score of an interview for the candidate's 1st, 2nd, 3rd, ... ranked vacancy.

The steps shrink with the rank: moving someone from their 2nd to their 1st choice (+3) is
worth more than from their 5th to their 4th (+1), because the top of a ranking is what the
young person actually thought about.
"""

LOWER_RANK_WEIGHT: int = 2
"""Score of a ranked vacancy below the last entry of RANK_WEIGHTS."""

OPEN_TO_OTHER_WEIGHT: int = 1
"""Score of an interview for an unranked vacancy the candidate accepted via open_to_other.

It is the lowest score so that any ranked vacancy is preferred, but still positive so that
an extra interview is always better than none.
"""

# ---------------------------------------------------------------------------------------------
# Time limit shares of the CP-SAT stages
# ---------------------------------------------------------------------------------------------
STAGE_TIME_SHARES: dict[str, float] = {
    "kept_published": 0.15,
    "priority_covered": 0.1,
    "covered": 0.1,
    "shortfall": 0.25,
    "preference": 0.35,
    "waiting": 0.25,
}
"""Relative share of the remaining time per stage; time a stage does not use moves on.

The coverage stages only use theirs when the published schedule can be kept in several ways
(otherwise the flow settles tier 2 in milliseconds).
"""

RETIME_TIME_SHARE: float = 0.3
"""Share of the waiting stage spent first on re-timing the hint's pairs (a small model)."""

RESERVE_TIME_SHARE: float = 0.08
"""Share of the time limit kept back for labelling tables and explaining the result.

On 100 x 3,000 loading a large model into CP-SAT and reading its answer back ran about 6 s
past the stage's own limit; 8 % of 180 s keeps the whole solve inside the limit.
"""

MIN_STAGE_SECONDS: float = 0.05
"""A stage with less time than this is skipped: its hint is already a valid answer."""

STOP_POLL_SECONDS: float = 0.05
"""How often `should_stop()` is polled while CP-SAT searches."""

# ---------------------------------------------------------------------------------------------
# CP-SAT parameters
# ---------------------------------------------------------------------------------------------
DETERMINISTIC_TIME_PER_SECOND: float = 0.15
"""CP-SAT deterministic time units granted per wall-clock second of a stage's budget.

Stages are limited in deterministic time (and interleaved search) so that the same input and
seed give the same schedule however loaded the machine is; the wall-clock limit is only a
safety net (see stages.py). Measured with 2 workers: presolve runs at about 2 units per
second, the interleaved search at 0.3-0.6 (less on a loaded machine). At 0.3 the last stage
still hit the clock now and then under load (the determinism test failed 1 run in 6); at
0.15 the work limit ends a stage well before its wall-clock budget.
"""

WALL_CLOCK_SAFETY_FACTOR: float = 3.0
"""A stage is stopped by wall clock at this multiple of its budget, whatever its dtime."""

LARGE_MODEL_VARIABLES: int = 40_000
"""Above this many options the later stages use a neighbourhood model (see engine.py)."""

LARGE_WAITING_SECONDS: float = 20.0
"""Most seconds the CP-SAT waiting stage gets on a large event (see engine.py)."""
