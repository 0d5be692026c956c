"""Event families: valid, deterministic, and hard where each family says it is hard."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from solver.bound import shortfall_lower_bound
from solver.generate import generate
from solver.generate_families import FAMILIES, SCARCE_CARDS, generate_family
from solver.problem_io import load_problem, problem_to_dict
from solver.problem_locks import slot_grid
from solver.slots import build_options

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("family", list(FAMILIES))
def test_every_family_is_valid_and_the_same_for_the_same_seed(family: str) -> None:
    problem = generate_family(family, 6, 90, seed=3)
    assert load_problem(problem_to_dict(problem)) == problem
    assert len(problem.employers) == 6 and len(problem.candidates) == 90
    assert generate_family(family, 6, 90, seed=3) == problem
    assert generate_family(family, 6, 90, seed=4) != problem


def test_the_realistic_family_is_the_generator_itself() -> None:
    assert generate_family("realistic", 7, 120, seed=5, hours=5) == generate(7, 120, 5, hours=5)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_binding_minimums_ask_more_than_any_schedule_can_give(seed: int) -> None:
    problem = generate_family("binding_minimums", 10, 120, seed=seed)
    realistic = generate(10, 120, seed)
    raised = [e for e, r in zip(problem.employers, realistic.employers, strict=True)
              if e.min_candidates > r.max_candidates]
    assert len(raised) >= 3
    # The flow bound proves that no schedule meets every minimum.
    assert shortfall_lower_bound(problem, build_options(problem)) > 0


def test_sessions_are_half_hours_with_few_free_per_youth() -> None:
    problem = generate_family("sessions", 15, 100, seed=2)
    assert (problem.event.end - problem.event.start) == 20 * 30
    assert problem.event.max_interviews_per_candidate == 3
    for employer in problem.employers:
        assert employer.interview_minutes == 30 and 2 <= employer.tables <= 6
        assert 3 <= employer.min_candidates <= employer.max_candidates <= 100
    for candidate in problem.candidates:
        assert sum(end - start for start, end in candidate.available) == 5 * 30
        assert 1 <= len(candidate.preferences) <= 3


def test_tight_windows_give_short_days_with_breaks() -> None:
    problem = generate_family("tight_windows", 6, 120, seed=2)
    for employer in problem.employers:
        assert len(employer.available) == 2 and len(employer.breaks) == 2
        assert sum(end - start for start, end in employer.available) <= 180
        slots = len(slot_grid(employer, (problem.event.start, problem.event.end)))
        assert employer.max_candidates <= slots * employer.tables
    for candidate in problem.candidates:
        ((start, end),) = candidate.available
        assert 120 <= end - start <= 180 and candidate.open_to_other


def test_scarce_cards_are_required_everywhere_and_held_by_few() -> None:
    problem = generate_family("scarce_cards", 10, 400, seed=2)
    for employer in problem.employers:
        for vacancy in employer.vacancies:
            assert set(vacancy.requires) & set(SCARCE_CARDS)
    holders = [c for c in problem.candidates if set(c.has) & set(SCARCE_CARDS)]
    assert 0.2 * len(problem.candidates) < len(holders) < 0.5 * len(problem.candidates)


def test_one_interview_allows_one_per_youth() -> None:
    assert generate_family("one_interview", 3, 30, seed=1).event.max_interviews_per_candidate == 1


@pytest.mark.parametrize(("family", "employers"), [("nope", 3), ("sessions", 0)])
def test_bad_family_arguments_are_refused(family: str, employers: int) -> None:
    with pytest.raises(ValueError, match=r"family|employers"):
        generate_family(family, employers, 10, seed=1)


def test_cli_writes_a_family_and_refuses_an_unknown_one() -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "solver", "generate", "--employers", "15",
                               "--candidates", "20", "--seed", "1", *args],
                              cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)

    done = run("--family", "sessions")
    assert done.returncode == 0, done.stderr
    assert load_problem(json.loads(done.stdout)) == generate_family("sessions", 15, 20, seed=1)
    refused = run("--family", "nope")
    assert refused.returncode == 2 and "unknown family 'nope'" in refused.stderr
