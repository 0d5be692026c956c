"""The engine against the plain lexicographic CP-SAT reference on every event family.

    .venv/bin/python bench/family_bench.py [--families F1,F2] [--sizes S,M,L] [--seed N]
                                           [--time-limit SECONDS | S=5,M=10,L=20] [--markdown]

For each family (solver.generate_families) and size, a fresh child process builds the event,
solves it with `solver.engine.solve` (time limit T, the seed, 2 workers), then with the
reference (bench/reference_model.py, 4 T, same seed and workers), and measures both
schedules the same way: `solver.tiers.tier_values` and the independent validator. The table
shows each side's tiers in priority order, whether the engine is lexicographically at least
as good (≥) or worse (<, with the first tier that differs), both wall times and their ratio.
The goal is ≥ everywhere with the ratio at most 0.25.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from reference_model import solve_reference  # noqa: E402

from solver import engine  # noqa: E402
from solver.generate_families import FAMILIES, generate_family  # noqa: E402
from solver.problem import Interview  # noqa: E402
from solver.tiers import MINIMISED, TIER_NAMES, lexicographic_key, tier_values  # noqa: E402
from solver.validate import check_schedule  # noqa: E402

WORKERS = 2
DEFAULT_SEED = 1
REFERENCE_TIME_FACTOR = 4.0
TARGET_RATIO = 1 / REFERENCE_TIME_FACTOR
CHILD_TIMEOUT_EXTRA_SECONDS = 120.0


@dataclass(frozen=True)
class FamilySize:
    employers: int
    candidates: int
    hours: int = 4


# Sizes chosen so that L still lets the reference's single model load in seconds; the
# realistic family's large events are measured in bench/solver_bench.py's own table.
FAMILY_SIZES: dict[str, dict[str, FamilySize]] = {
    "realistic": {"S": FamilySize(3, 80), "M": FamilySize(10, 300), "L": FamilySize(20, 600)},
    "binding_minimums": {"S": FamilySize(5, 60), "M": FamilySize(10, 120),
                         "L": FamilySize(20, 240)},
    "sessions": {"S": FamilySize(15, 100), "M": FamilySize(15, 200), "L": FamilySize(15, 400)},
    "tight_windows": {"S": FamilySize(6, 60), "M": FamilySize(6, 120),
                      "L": FamilySize(12, 240)},
    "scarce_cards": {"S": FamilySize(5, 100), "M": FamilySize(10, 300),
                     "L": FamilySize(20, 600)},
    "one_interview": {"S": FamilySize(5, 100), "M": FamilySize(10, 300),
                      "L": FamilySize(20, 600)},
}
TIME_LIMITS = {"S": 5.0, "M": 10.0, "L": 20.0}


def measure(family: str, size: str, seed: int, time_limit: float) -> dict[str, Any]:
    """Engine and reference on one event, measured alike."""
    shape = FAMILY_SIZES[family][size]
    problem = generate_family(family, shape.employers, shape.candidates, seed, shape.hours)
    started = time.monotonic()
    schedule = engine.solve(problem, time_limit=time_limit, seed=seed, workers=WORKERS)
    engine_seconds = time.monotonic() - started
    reference = solve_reference(problem, time_limit * REFERENCE_TIME_FACTOR, seed=seed,
                                workers=WORKERS)
    booked = tuple(Interview(b.candidate, b.employer, b.vacancy, b.table, b.start, b.end)
                   for b in reference.interviews)
    return {
        "family": family, "size": size, "seed": seed, "time_limit": time_limit,
        "shape": f"{shape.employers}×{shape.candidates}",
        "engine": tier_values(problem, schedule.interviews),
        "engine_proven": {t.name: t.proven for t in schedule.objectives},
        "engine_seconds": engine_seconds,
        "engine_valid": not check_schedule(problem, schedule.interviews),
        "reference": tier_values(problem, booked),
        "reference_proven": reference.proven,
        "reference_reached": list(reference.values),
        "reference_seconds": reference.seconds,
        "reference_valid": not check_schedule(problem, booked),
    }


def run_child(family: str, size: str, seed: int, time_limit: float) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", f"{family}:{size}",
               "--seed", str(seed), "--time-limit", str(time_limit)]
    timeout = time_limit * (1 + REFERENCE_TIME_FACTOR) * 2 + CHILD_TIMEOUT_EXTRA_SECONDS
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired:
        return {"family": family, "size": size, "error": f"no answer within {timeout:.0f} s"}
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"family": family, "size": size, "error": f"exit {done.returncode}: {last}"}
    return json.loads(lines[-1])


def compare(result: dict[str, Any]) -> str:
    """≥ when the engine is lexicographically at least as good, else < and the tier."""
    ours, theirs = result["engine"], result["reference"]
    if lexicographic_key(ours) <= lexicographic_key(theirs):
        return "≥"
    first = next(n for n in TIER_NAMES if ours[n] != theirs[n])
    return f"< ({first})"


def at_least_as_good(result: dict[str, Any]) -> bool:
    return "error" not in result and compare(result) == "≥"


def _tiers(values: dict[str, int], proven: dict[str, bool],
           reached: Sequence[str] = TIER_NAMES) -> str:
    """Tier values in priority order; * marks a value proven optimal, – a tier never
    optimised (the reference found no schedule for a tier above it in its time)."""
    return " / ".join(f"{values[n]}{'*' if proven.get(n) else ''}" if n in reached else "–"
                      for n in TIER_NAMES)


COLUMNS = ("family", "size", "E×C", "engine tiers", "reference tiers", "engine vs ref",
           "engine s", "ref s", "engine/ref time", "valid")


def table_rows(results: Sequence[dict[str, Any]]) -> list[list[str]]:
    rows = []
    for r in results:
        if "error" in r:
            rows.append([r["family"], r["size"], "–", f"failed: {r['error']}", "–", "–", "–",
                         "–", "–", "NO"])
            continue
        valid = "yes" if r["engine_valid"] and r["reference_valid"] else (
            "engine NO" if not r["engine_valid"] else "reference NO")
        rows.append([r["family"], r["size"], r["shape"],
                     _tiers(r["engine"], r["engine_proven"]),
                     _tiers(r["reference"], r["reference_proven"], r["reference_reached"]),
                     compare(r),
                     f"{r['engine_seconds']:.1f}", f"{r['reference_seconds']:.1f}",
                     f"{r['engine_seconds'] / max(r['reference_seconds'], 1e-9):.2f}", valid])
    return rows


def render(rows: list[list[str]], markdown: bool) -> str:
    if markdown:
        lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
        return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])
    widths = [max(len(row[i]) for row in [list(COLUMNS), *rows]) for i in range(len(COLUMNS))]
    numeric = {6, 7, 8}

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.rjust(w) if i in numeric else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    return "\n".join([line(COLUMNS), line(["-" * w for w in widths]), *map(line, rows)])


def summary(results: Sequence[dict[str, Any]]) -> str:
    done = [r for r in results if "error" not in r]
    worse = [f"{r['family']} {r['size']}" for r in done if not at_least_as_good(r)]
    slow = [f"{r['family']} {r['size']}" for r in done
            if r["engine_seconds"] > TARGET_RATIO * r["reference_seconds"]]
    failed = [f"{r['family']} {r['size']}" for r in results if "error" in r]
    stuck = [f"{r['family']} {r['size']}" for r in done
             if len(r["reference_reached"]) < len(TIER_NAMES)]
    sense = ", ".join(f"{n} {'min' if n in MINIMISED else 'max'}" for n in TIER_NAMES)
    return "\n".join([
        f"tiers: {sense}; * = proven optimal by that side.",
        f"engine ≥ reference lexicographically: {len(done) - len(worse)} of {len(results)}"
        + (f" (worse: {', '.join(worse)})" if worse else "")
        + (f" (failed: {', '.join(failed)})" if failed else ""),
        f"engine time ≤ {TARGET_RATIO:.2f} × reference time: {len(done) - len(slow)} of "
        f"{len(results)}" + (f" (slower: {', '.join(slow)})" if slow else ""),
        "reference stopped early (no schedule for a tier within its time; its time is then "
        "less than 4 × the limit): " + (", ".join(stuck) if stuck else "none"),
    ])


def _limits(text: str | None, sizes: Sequence[str]) -> dict[str, float]:
    limits = {s: TIME_LIMITS[s] for s in sizes}
    if text is None:
        return limits
    if "=" not in text:
        return dict.fromkeys(sizes, float(text))
    for part in text.split(","):
        name, _, seconds = part.partition("=")
        limits[name.strip()] = float(seconds)
    return limits


def run(families: Sequence[str], sizes: Sequence[str], seed: int, limits: dict[str, float],
        markdown: bool) -> str:
    """Every family at every size, one child each; the table and the summary as text."""
    results = []
    for family in families:
        for size in sizes:
            print(f"running {family} {size} (engine {limits[size]:g} s, reference "
                  f"{limits[size] * REFERENCE_TIME_FACTOR:g} s) ...", file=sys.stderr,
                  flush=True)
            results.append(run_child(family, size, seed, limits[size]))
    heading = "### " if markdown else ""
    return (f"{heading}Engine against the reference model (seed {seed}, {WORKERS} workers, "
            f"reference {REFERENCE_TIME_FACTOR:g} × the engine's limit)\n\n"
            f"{render(table_rows(results), markdown)}\n\n{summary(results)}")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--families", default=",".join(FAMILIES))
    parser.add_argument("--sizes", default=",".join(TIME_LIMITS))
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--time-limit", default=None,
                        help="engine seconds for every size, or per size as S=5,M=10,L=20")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.families = [f.strip() for f in args.families.split(",") if f.strip()]
    args.sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [f for f in args.families if f not in FAMILIES]
    unknown += [s for s in args.sizes if s not in TIME_LIMITS]
    if unknown:
        parser.error(f"unknown family or size: {', '.join(unknown)}")
    try:
        args.limits = _limits(args.time_limit, args.sizes)
    except ValueError as error:
        parser.error(f"--time-limit: {error}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        family, _, size = args.child.partition(":")
        print(json.dumps(measure(family, size, args.seed, args.limits[size])))
        return 0
    print(run(args.families, args.sizes, args.seed, args.limits, args.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
