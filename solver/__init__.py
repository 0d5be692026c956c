"""The scheduling engine's public API: frozen dataclasses in, a Schedule out.

Callers outside the package (the web app's bridge, the benchmarks) import from here only;
the modules behind these names may move. The JSON contract is docs/problem-format.md.

- The problem and answer types: `Problem` (`Event`, `Employer`, `Vacancy`, `Candidate`,
  `Placement`, `Window`), `Schedule` (`Interview`, `CandidateNote`, `Reason`, `TierResult`),
  `ProblemError` for a problem or schedule that cannot be used.
- Solving: `solve`, `evaluate` (tier values of given interviews), `greedy_schedule` (the
  baseline), `max_coverage` (the flow bound).
- Checking: `validate_problem` (a Problem built in Python), `check_schedule` (the independent
  validator, returning `Violation`s), `explain` (why someone has no interview).
- The hard rules the web shows: `employer_slots` (the one slot grid of the engine and the
  web), `is_eligible`, `fits_availability`, `build_options` (every allowed interview).
- Tiers: `TIER_NAMES`, `MINIMISED`, `tier_values`, `lexicographic_key`.
- JSON: `load_problem`, `problem_to_dict`, `schedule_to_dict`, `schedule_from_dict`,
  `interviews_from_dict`; times: `parse_hhmm`, `format_hhmm`.
- Synthetic events: `generate`, `generate_event`, `GeneratedEvent`.
"""

from solver.baseline import greedy_schedule
from solver.bound import max_coverage
from solver.engine import evaluate, solve
from solver.explain import explain
from solver.generate import GeneratedEvent, generate, generate_event
from solver.problem import (
    Candidate,
    CandidateNote,
    Employer,
    Event,
    Interview,
    Placement,
    Problem,
    ProblemError,
    Reason,
    Schedule,
    TierResult,
    Vacancy,
    Window,
    format_hhmm,
    parse_hhmm,
)
from solver.problem_checks import validate_problem
from solver.problem_io import (
    interviews_from_dict,
    load_problem,
    problem_to_dict,
    schedule_from_dict,
    schedule_to_dict,
)
from solver.slots import Option, build_options, employer_slots, fits_availability, is_eligible
from solver.tiers import MINIMISED, TIER_NAMES, lexicographic_key, tier_values
from solver.validate import Violation, check_schedule

__all__ = [
    "MINIMISED",
    "TIER_NAMES",
    "Candidate",
    "CandidateNote",
    "Employer",
    "Event",
    "GeneratedEvent",
    "Interview",
    "Option",
    "Placement",
    "Problem",
    "ProblemError",
    "Reason",
    "Schedule",
    "TierResult",
    "Vacancy",
    "Violation",
    "Window",
    "build_options",
    "check_schedule",
    "employer_slots",
    "evaluate",
    "explain",
    "fits_availability",
    "format_hhmm",
    "generate",
    "generate_event",
    "greedy_schedule",
    "interviews_from_dict",
    "is_eligible",
    "lexicographic_key",
    "load_problem",
    "max_coverage",
    "parse_hhmm",
    "problem_to_dict",
    "schedule_from_dict",
    "schedule_to_dict",
    "solve",
    "tier_values",
    "validate_problem",
]
