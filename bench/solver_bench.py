"""Benchmark of the scheduling engine: generated events of four sizes, then every event
family against the reference model, in one run.

    .venv/bin/python bench/solver_bench.py [--sizes S,M,L,XL] [--seed N]
                                           [--time-limit SECONDS | --time-limit S=1,XL=120]
                                           [--families F1,F2 | none] [--family-sizes S,M,L]
                                           [--family-time-limit SECONDS | S=5,M=10,L=20]
                                           [--markdown]

Sizes (solver.generate.generate with the seed; the same seed gives the same events):
  S   1 employer (forced to 2 tables), 80 candidates, 4 h   default time limit  10 s
  M   10 employers, 300 candidates, 4 h                                          10 s
  L   40 employers, 1,200 candidates, 4 h                                        60 s
  XL  100 employers, 3,000 candidates, 6 h                                      180 s

Each size runs in a fresh child process, so that its peak resident memory (ru_maxrss, on
Linux VmHWM, which counts CP-SAT's C++ allocations that tracemalloc cannot see) is its own;
it is read as soon as the solve returns. "total s" is the wall time of `engine.solve` alone
(not the interpreter's start, the generator or the checks). The child solves with
`solver.engine.solve` (the seed is also the solver's seed; 2 workers), then measures the
answer against what the engine does not report about itself: the greedy's tiers recomputed
with `engine.evaluate(problem, baseline.greedy_schedule(problem))`, the max-flow coverage
optimum, and the independent validator `solver.validate.check_schedule`.

The output is one table (a row per size and tier), the speed targets with PASS or MISS
and the measured figure, and each size's stage timeline (when each tier was settled), which
is what shows where the time goes when a target is missed. Then bench/family_bench.py's
table: each event family (solver.generate_families) at S/M/L, the engine against a plain
lexicographic CP-SAT model given 4 times the engine's time limit, with both times and their
ratio.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import family_bench  # noqa: E402
from family_bench import FAMILY_SIZES  # noqa: E402
from family_bench import TIME_LIMITS as FAMILY_TIME_LIMITS  # noqa: E402

from solver import engine  # noqa: E402
from solver.baseline import greedy_schedule  # noqa: E402
from solver.bound import max_coverage  # noqa: E402
from solver.generate import generate  # noqa: E402
from solver.problem import Problem  # noqa: E402
from solver.problem_checks import validate_problem  # noqa: E402
from solver.slots import build_options, employer_slots  # noqa: E402
from solver.tiers import lexicographic_key  # noqa: E402
from solver.validate import check_schedule  # noqa: E402

WORKERS = 2
DEFAULT_SEED = 1
# A child that runs this much longer than its time limit is stuck, not slow.
CHILD_TIMEOUT_FACTOR = 3.0
CHILD_TIMEOUT_EXTRA_SECONDS = 120.0
MEBIBYTE = 1024 * 1024


@dataclass(frozen=True)
class Size:
    name: str
    employers: int
    candidates: int
    hours: int
    time_limit: float
    # S is specified with exactly this many tables; the generator chooses tables by demand.
    tables: int | None = None


SIZES = {
    size.name: size
    for size in (
        Size("S", 1, 80, 4, 10.0, tables=2),
        Size("M", 10, 300, 4, 10.0),
        Size("L", 40, 1200, 4, 60.0),
        Size("XL", 100, 3000, 6, 180.0),
    )
}

# The speed targets, on a 2-core machine.
S_SECONDS = 1.0
M_SECONDS = 10.0
M_LATER_GAP = 0.02
L_SECONDS = 60.0
L_FIRST_SECONDS = 5.0
L_SHORTFALL_GAP = 0.01
XL_SECONDS = 180.0
# 4 GB in decimal units, the stricter reading of the target.
XL_MEMORY_MIB = 4e9 / MEBIBYTE
# "Tiers 1-3" of the targets are these tier names (tier 2 has two parts).
UPPER_TIERS = ("kept_published", "priority_covered", "covered", "shortfall")
LATER_TIERS = ("preference", "waiting")


# --- the child: one size, measured -----------------------------------------------------------


def build_event(size: Size, seed: int) -> Problem:
    """The generated event of a size; for S the one employer gets exactly `size.tables`."""
    problem = generate(size.employers, size.candidates, seed, hours=size.hours)
    if size.tables is None:
        return problem
    employers = []
    for employer in problem.employers:
        slots = len(employer_slots(problem.event, employer))
        # Keep the generator's invariant: no employer wants more than its slots can hold.
        most = min(employer.max_candidates, slots * size.tables)
        employers.append(dataclasses.replace(
            employer, tables=size.tables, max_candidates=most,
            min_candidates=min(employer.min_candidates, most)))
    problem = dataclasses.replace(problem, employers=tuple(employers))
    validate_problem(problem)
    return problem


def peak_rss_mib() -> float:
    """This process's peak resident set size (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / MEBIBYTE if sys.platform == "darwin" else peak / 1024


def measure(size: Size, seed: int, time_limit: float,
            improve_waiting: bool = True) -> dict[str, Any]:
    """Solve one size and measure the answer; everything the parent prints comes from here."""
    problem = build_event(size, seed)
    timeline: list[tuple[str, float]] = []

    def on_progress(event: dict) -> None:
        timeline.append((event["stage"], float(event["elapsed"])))

    started = time.monotonic()
    schedule = engine.solve(problem, time_limit=time_limit, seed=seed, workers=WORKERS,
                            on_progress=on_progress, improve_waiting=improve_waiting)
    total = time.monotonic() - started
    # Read now: the checks below build their own copies of the options, which is the
    # benchmark's work, not the engine's.
    peak = peak_rss_mib()

    greedy = {t.name: t.value for t in engine.evaluate(problem, greedy_schedule(problem))}
    ours = {t.name: t.value for t in schedule.objectives}
    options = build_options(problem)
    # Generated events have no locks or published interviews, so the flow over all options
    # is the tier-2 optimum the engine must reach.
    flow = max_coverage(problem, options)
    violations = check_schedule(problem, schedule.interviews)
    return {
        "size": size.name,
        "seed": seed,
        "time_limit": time_limit,
        "status": schedule.status,
        "message": schedule.message,
        "first_seconds": schedule.stats.get("first_solution_seconds"),
        "total_seconds": total,
        "peak_mib": peak,
        "interviews": len(schedule.interviews),
        "options": len(options),
        "engine_stats": dict(schedule.stats),
        "tiers": [dataclasses.asdict(t) | {"greedy": greedy[t.name]}
                  for t in schedule.objectives],
        "flow": {"priority_covered": flow.priority_covered, "covered": flow.covered},
        "never_worse": bool(ours) and lexicographic_key(ours) <= lexicographic_key(greedy),
        "violations": [f"{v.rule}: {v.message}" for v in violations],
        "timeline": _stage_ends(timeline),
    }


def _stage_ends(timeline: list[tuple[str, float]]) -> list[tuple[str, float, int]]:
    """(stage, seconds when it was settled, CP-SAT solutions reported) in order of settling.

    The engine reports each CP-SAT solution under the tier's name and once more when it
    settles the tier, so a stage's last report is its end.
    """
    ends: dict[str, float] = {}
    counts: dict[str, int] = {}
    for stage, elapsed in timeline:
        ends.pop(stage, None)  # re-insert so that the order is the order of settling
        ends[stage] = elapsed
        counts[stage] = counts.get(stage, 0) + 1
    return [(stage, at, counts[stage] - 1) for stage, at in ends.items()]


# --- the parent: one child per size, then the table ------------------------------------------


def run_child(size: Size, seed: int, time_limit: float,
              improve_waiting: bool = True) -> dict[str, Any]:
    """Measure one size in a fresh interpreter; a crash or hang becomes a failed row."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", size.name,
               "--seed", str(seed), "--time-limit", str(time_limit)]
    if not improve_waiting:
        command.append("--stop-before-waiting")
    timeout = time_limit * CHILD_TIMEOUT_FACTOR + CHILD_TIMEOUT_EXTRA_SECONDS
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired:
        return {"size": size.name, "error": f"no answer within {timeout:.0f} s"}
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"size": size.name, "error": f"exit {done.returncode}: {last}"}
    return json.loads(lines[-1])


def _number(value: float | None, digits: int) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _ratio(ours: int, greedy: int) -> str:
    return "–" if greedy == 0 else f"{ours / greedy:.2f}"


def _yes(flag: bool) -> str:
    return "yes" if flag else "NO"


def covers_flow(result: dict[str, Any]) -> bool:
    ours = {t["name"]: t["value"] for t in result["tiers"]}
    return all(ours[name] == value for name, value in result["flow"].items())


COLUMNS = ("size", "first s", "total s", "peak MiB", "valid", "coverage = flow",
           "never worse than greedy", "tier", "value", "bound", "gap", "proven", "greedy",
           "ours/greedy")


def table_rows(results: Sequence[dict[str, Any]]) -> list[list[str]]:
    """One row per size and tier; the size's own columns only on its first row."""
    rows = []
    for result in results:
        if "error" in result:
            rows.append([result["size"], "–", "–", "–", "NO", "–", "–",
                         f"failed: {result['error']}", *["–"] * 6])
            continue
        head = [result["size"], _number(result["first_seconds"], 2),
                _number(result["total_seconds"], 2), _number(result["peak_mib"], 0),
                _yes(not result["violations"]), _yes(covers_flow(result)),
                _yes(result["never_worse"])]
        for index, tier in enumerate(result["tiers"]):
            own = head if index == 0 else [""] * len(head)
            rows.append([*own, tier["name"], str(tier["value"]), str(tier["bound"]),
                         f"{100 * tier['gap']:.1f} %", "yes" if tier["proven"] else "no",
                         str(tier["greedy"]), _ratio(tier["value"], tier["greedy"])])
    return rows


def render(rows: list[list[str]], markdown: bool) -> str:
    if markdown:
        lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(row[i]) for row in [list(COLUMNS), *rows]) for i in range(len(COLUMNS))]
    numeric = set(range(1, 4)) | set(range(8, 14))

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.rjust(w) if i in numeric else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    return "\n".join([line(COLUMNS), line(["-" * w for w in widths]), *map(line, rows)])


# --- targets ---------------------------------------------------------------------------------


def _tiers(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {t["name"]: t for t in result["tiers"]}


def _target_s(r: dict[str, Any]) -> tuple[bool, str]:
    unproven = [t["name"] for t in r["tiers"] if not t["proven"]]
    ok = not unproven and r["total_seconds"] < S_SECONDS
    return ok, (f"{r['total_seconds']:.2f} s, "
                + (f"not proven: {', '.join(unproven)}" if unproven else "all proven"))


def _target_m(r: dict[str, Any]) -> tuple[bool, str]:
    tiers = _tiers(r)
    unproven = [n for n in UPPER_TIERS if not tiers[n]["proven"]]
    gaps = ", ".join(f"{n} gap {100 * tiers[n]['gap']:.1f} %" for n in LATER_TIERS)
    ok = (not unproven and all(tiers[n]["gap"] <= M_LATER_GAP for n in LATER_TIERS)
          and r["total_seconds"] <= M_SECONDS)
    proof = f"not proven: {', '.join(unproven)}" if unproven else "tiers 1-3 proven"
    return ok, f"{r['total_seconds']:.2f} s, {proof}, {gaps}"


def _target_l(r: dict[str, Any]) -> tuple[bool, str]:
    shortfall = _tiers(r)["shortfall"]
    complete = r["status"] in ("OPTIMAL", "FEASIBLE") and not r["violations"]
    ok = (complete and r["total_seconds"] <= L_SECONDS
          and r["first_seconds"] <= L_FIRST_SECONDS and shortfall["gap"] <= L_SHORTFALL_GAP)
    return ok, (f"{r['status']}, {r['total_seconds']:.1f} s, first {r['first_seconds']:.2f} s, "
                f"shortfall {shortfall['value']} vs bound {shortfall['bound']} "
                f"(gap {100 * shortfall['gap']:.1f} %)")


def _target_xl(r: dict[str, Any]) -> tuple[bool, str]:
    ok = r["total_seconds"] <= XL_SECONDS and r["peak_mib"] < XL_MEMORY_MIB
    return ok, f"{r['total_seconds']:.1f} s, peak {r['peak_mib']:.0f} MiB"


SIZE_TARGETS: dict[str, tuple[str, Callable[[dict[str, Any]], tuple[bool, str]]]] = {
    "S": ("S: every tier proven optimal in < 1 s", _target_s),
    "M": ("M: tiers 1-3 proven optimal, tiers 4-5 within 2 % of their bound, in ≤ 10 s",
          _target_m),
    "L": ("L: complete schedule in ≤ 60 s, first schedule in ≤ 5 s, tier 3 within 1 % of "
          "its bound", _target_l),
    "XL": ("XL: done in ≤ 180 s using < 4 GB", _target_xl),
}


def targets(results: Sequence[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(target, PASS / MISS / not run, measured figure) for each size target."""
    done = {r["size"]: r for r in results if "error" not in r}
    failed = [r["size"] for r in results if "error" in r]
    verdicts = []
    for name, (text, check) in SIZE_TARGETS.items():
        if name in done:
            ok, figure = check(done[name])
            verdicts.append((text, "PASS" if ok else "MISS", figure))
        elif name in failed:
            verdicts.append((text, "MISS", "the run failed"))
        else:
            verdicts.append((text, "not run", ""))

    def every(text: str, holds: Callable[[dict[str, Any]], bool]) -> None:
        misses = [n for n, r in done.items() if not holds(r)] + failed
        figure = (f"not at {', '.join(misses)}" if misses
                  else f"at {', '.join(done) or 'no size'}")
        verdicts.append((text, "MISS" if misses or not done else "PASS", figure))

    every("coverage equals the max-flow optimum at every size", covers_flow)
    every("never worse than greedy on any tier (lexicographically) at every size",
          lambda r: r["never_worse"])
    every("validity: every schedule passes solver.validate at every size",
          lambda r: not r["violations"])
    return verdicts


def render_targets(verdicts: list[tuple[str, str, str]], markdown: bool) -> str:
    if markdown:
        return "\n".join(f"- **{verdict}** {text} — {figure}".rstrip(" —")
                         for text, verdict, figure in verdicts)
    width = max(len(text) for text, _, _ in verdicts)
    return "\n".join(f"{verdict:<7} {text:<{width}}  {figure}".rstrip()
                     for text, verdict, figure in verdicts)


def render_details(results: Sequence[dict[str, Any]], markdown: bool) -> str:
    """Per size: the event, the engine's stats and when each stage ended."""
    lines = []
    for r in results:
        if "error" in r:
            continue
        stats = r["engine_stats"]
        stages = ", ".join(f"{stage} {at:.2f} s" + (f" ({n} solutions)" if n else "")
                           for stage, at, n in r["timeline"])
        lines.append(
            f"{r['size']}: seed {r['seed']}, limit {r['time_limit']:g} s, {r['status']}, "
            f"{r['interviews']} interviews, {r['options']} options, model "
            f"{stats.get('variables', 0):.0f} variables / {stats.get('constraints', 0):.0f} "
            f"constraints, {stats.get('stages', 0):.0f} CP-SAT stages; settled: {stages}")
        for violation in r["violations"][:5]:
            lines.append(f"  violation {violation}")
    prefix = "- " if markdown else ""
    return "\n".join(prefix + line for line in lines)


def _time_limits(text: str | None, sizes: Sequence[str]) -> dict[str, float]:
    """`--time-limit 5` (every size) or `--time-limit S=1,XL=120` (those sizes)."""
    limits = {name: SIZES[name].time_limit for name in sizes}
    if text is None:
        return limits
    if "=" not in text:
        return dict.fromkeys(sizes, float(text))
    for part in text.split(","):
        name, _, seconds = part.partition("=")
        if name.strip() not in SIZES:
            raise argparse.ArgumentTypeError(f"unknown size {name!r} in --time-limit")
        limits[name.strip()] = float(seconds)
    return limits


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default=",".join(SIZES),
                        help="comma-separated sizes to run (default: S,M,L,XL)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help="seed of the generated events and of the solver")
    parser.add_argument("--time-limit", default=None,
                        help="seconds for every size, or per size as S=1,XL=120 "
                             "(defaults S 10, M 10, L 60, XL 180)")
    parser.add_argument("--markdown", action="store_true", help="print Markdown")
    parser.add_argument("--families", default=",".join(FAMILY_SIZES),
                        help="event families measured against the reference model "
                             "(bench/family_bench.py); 'none' skips that table")
    parser.add_argument("--family-sizes", default=",".join(FAMILY_TIME_LIMITS),
                        help="family sizes to run (default: S,M,L)")
    parser.add_argument("--family-time-limit", default=None,
                        help="engine seconds per family size, one number or S=5,M=10,L=20 "
                             "(the reference gets 4 times as long)")
    parser.add_argument("--stop-before-waiting", action="store_true",
                        help="end each solve once tiers 1-4 are proven (the staff default)")
    parser.add_argument("--child", choices=list(SIZES), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in args.sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size(s) {', '.join(unknown)}; choose from {', '.join(SIZES)}")
    try:
        args.limits = _time_limits(args.time_limit, [args.child] if args.child else args.sizes)
    except (ValueError, argparse.ArgumentTypeError) as error:
        parser.error(f"--time-limit: {error}")
    families = family_bench.parse_args([
        "--families", "" if args.families == "none" else args.families,
        "--sizes", args.family_sizes,
        *(["--time-limit", args.family_time_limit] if args.family_time_limit else [])])
    args.family_names, args.family_sizes, args.family_limits = (
        families.families, families.sizes, families.limits)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        size = SIZES[args.child]
        print(json.dumps(measure(size, args.seed, args.limits[size.name],
                                 improve_waiting=not args.stop_before_waiting)))
        return 0
    results = []
    for name in args.sizes:
        print(f"running {name} (limit {args.limits[name]:g} s) ...", file=sys.stderr, flush=True)
        results.append(run_child(SIZES[name], args.seed, args.limits[name],
                                 improve_waiting=not args.stop_before_waiting))
    heading = "### " if args.markdown else ""
    print(f"{heading}Solver benchmark (seed {args.seed}, {WORKERS} workers)\n")
    print(render(table_rows(results), args.markdown))
    print("\ngap = |bound - value| / max(1, |bound|); ours/greedy: – when the greedy's value "
          "is 0;\nfor minimised tiers (kept_published, shortfall, waiting) below 1 is better.")
    print(f"\n{heading}Targets\n")
    print(render_targets(targets(results), args.markdown))
    print(f"\n{heading}Stages\n")
    print(render_details(results, args.markdown))
    if args.family_names:
        print()
        print(family_bench.run(args.family_names, args.family_sizes, args.seed,
                               args.family_limits, args.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
