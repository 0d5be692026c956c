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
past the stage's own limit; 8 % of 180 s keeps the whole solve inside the limit. (Much of
that was the deadline starting after the 5 s of building options; counted from the call, a
stop reaches CP-SAT within 0.5 s and the tables and explanations take 0.1-0.2 s there.)
"""

OPTIONS_TIME_SHARE: float = 0.35
"""Share of the time limit after which building the options stops (solver.limits).

What is built by then gets the greedy; the rest of the limit is left for the greedy, the
tables and the explanations, which on large events cost seconds of their own.
"""

FLOW_SECONDS_PER_OPTION: float = 9e-6
"""Seconds the coverage flows (solver.bound) take per option, which nothing can interrupt.

Measured on 100 x 3,000 (2 million options) at load 5 on 2 cores: the lexicographic
relaxation 17.6 s (the single nested flow it replaced: 15.8 s). The engine starts them only
when this estimate fits before the deadline; otherwise the greedy is the answer.
"""

EXPLAIN_MARGIN_SECONDS: float = 0.5
"""Explanations turn brief this long before the time limit ends (solver.explain).

Measured on 200 x 6,000 cut short at 20 s: the brief ones cost well under 0.1 ms each, and
the answer is written within the limit's last half second.
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

WORK_LIMIT_REACHED: float = 0.99
"""A stage that ended unproven with less than this share of its deterministic time used was
stopped by something else: the wall clock or a stop request (reported as a cut)."""

SECONDS_PER_OPTION: float = 4e-6
"""Planned seconds of the steps besides CP-SAT (options, greedy, flows, re-timing) per option.

The CP-SAT stages share the time limit minus this: a plan fixed by the input alone, so their
deterministic budgets, and with them the schedule, do not depend on how fast those steps
ran. Measured on 100 x 3,000 (2 million options): those steps take 5-8 s idle.
"""

LARGE_MODEL_VARIABLES: int = 40_000
"""Above this many options the later stages use a neighbourhood model (see engine.py)."""

LARGE_WAITING_SECONDS: float = 20.0
"""Most seconds the CP-SAT waiting stage gets on a large event (see engine.py)."""

WAITING_BOUND_MAX_SETS: int = 50_000
"""Most employer sets the waiting bound (solver.waiting_bound) enumerates.

10 x 300 has about 11,000 (enumerated in 0.07 s, their LP solved in 0.5 s); 40 x 1,200 has
1.3 million, too many for Python and GLOP within the budget, so large events keep the bound 0.
"""

LP_BOUND_TOLERANCE: float = 1e-3
"""Slack taken off an LP optimum before rounding it up to an integral bound.

GLOP's error on these LPs is about 1e-9 of the objective; 1e-3 rounds 20.000000000006 to 20
and could only ever make a bound weaker, never wrong.
"""

LP_INTEGRAL_TOLERANCE: float = 1e-6
"""An LP value within this of 0 or 1 counts as integral (GLOP's primal tolerance)."""

RELAXED_PAIRS_TIME_SHARE: float = 0.3
"""Share of the waiting stage spent re-timing the waiting bound's own employer sets.

Measured on 10 x 300: those sets re-timed reached the bound (20 minutes, against 40 from
the hint's pairs), which proves the schedule optimal and ends the stage.
"""

# ---------------------------------------------------------------------------------------------
# Neighbourhood search (solver.neighbourhood)
# ---------------------------------------------------------------------------------------------
NEIGHBOURHOOD_TIME_SHARE: float = 0.5
"""Share of a tier's stage time given to neighbourhood rounds when CP-SAT on the whole model
ends short of the tier's bound (the whole model first: it proves small events outright)."""

NEIGHBOURHOOD_ROUND_SECONDS: float = 0.5
"""Budget of one round (turned into deterministic time like every stage)."""

NEIGHBOURHOOD_CANDIDATES: int = 40
"""Candidates whose interviews a first round re-decides."""

NEIGHBOURHOOD_MIN_CANDIDATES: int = 10
NEIGHBOURHOOD_MAX_CANDIDATES: int = 400
NEIGHBOURHOOD_GROWTH: float = 1.5
"""A round solved to optimality grows the next neighbourhood by this factor (it was too small
to hold a better move); a round cut off by its limit shrinks it by the same factor."""
