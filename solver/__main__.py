"""Command line: `python -m solver solve | validate | generate` (docs/problem-format.md).

Exit codes: 0 done (a schedule was found / the schedule is valid / the event was written);
1 no schedule (INFEASIBLE, MODEL_INVALID) or the schedule breaks a rule; 2 bad input (missing
file, not JSON, invalid problem or schedule, bad arguments), with the reasons on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from solver.problem import ProblemError
from solver.problem_io import (
    interviews_from_dict,
    load_problem,
    problem_to_dict,
    schedule_from_dict,
    schedule_to_dict,
)

EXIT_OK = 0
EXIT_NO_SCHEDULE = 1
EXIT_BAD_INPUT = 2


class BadInput(Exception):
    """A file or argument the command cannot use; `lines` go to stderr, exit code 2."""

    def __init__(self, *lines: str) -> None:
        super().__init__(lines[0] if lines else "")
        self.lines = lines


def _read_json(path: str) -> Any:
    try:
        # utf-8-sig: files saved by Windows Notepad start with a byte order mark.
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BadInput(f"{path}: no such file") from None
    except IsADirectoryError:
        raise BadInput(f"{path}: is a directory, not a file") from None
    except PermissionError:
        raise BadInput(f"{path}: permission denied") from None
    except UnicodeDecodeError:
        raise BadInput(f"{path}: not a UTF-8 text file") from None
    except OSError as error:
        raise BadInput(f"{path}: cannot read: {error.strerror or error}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise BadInput(
            f"{path}: not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    except RecursionError:
        raise BadInput(f"{path}: not usable JSON: nested too deeply") from None


def _problem_errors(path: str, error: ProblemError) -> BadInput:
    count = len(error.errors)
    return BadInput(f"{path}: {count} problem{'s' if count != 1 else ''} found", *error.errors)


def _read_problem(path: str) -> Any:
    try:
        return load_problem(_read_json(path))
    except ProblemError as error:
        raise _problem_errors(path, error) from None


def _write(text: str, output: str | None) -> None:
    # Encoded before the file is opened: a failure must not leave an emptied file behind.
    data = text.encode("utf-8")
    if output is None:
        sys.stdout.write(text)
        return
    try:
        Path(output).write_bytes(data)
    except OSError as error:
        raise BadInput(f"{output}: cannot write: {error.strerror or error}") from None


def _to_json(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _solve(args: argparse.Namespace) -> int:
    problem = _read_problem(args.problem)
    from solver.engine import solve

    if args.stop_before_waiting:
        schedule = solve(problem, time_limit=args.time_limit, seed=args.seed,
                         workers=args.workers, improve_waiting=False)
    else:
        schedule = solve(problem, time_limit=args.time_limit, seed=args.seed,
                         workers=args.workers)
    _write(_to_json(schedule_to_dict(schedule)), args.output)
    covered = len({interview.candidate for interview in schedule.interviews})
    seconds = schedule.stats.get("total_seconds")
    summary = (
        f"{schedule.status}: {len(schedule.interviews)} interviews, {covered} of"
        f" {len(problem.candidates)} candidates have one, {len(schedule.unscheduled)} unscheduled"
    )
    if isinstance(seconds, int | float):
        summary += f"; {seconds:.1f} s"
    if schedule.message:
        summary += f" ({schedule.message})"
    print(summary, file=sys.stderr)
    return EXIT_OK if schedule.status in ("OPTIMAL", "FEASIBLE") else EXIT_NO_SCHEDULE


def _validate(args: argparse.Namespace) -> int:
    problem = _read_problem(args.problem)
    data = _read_json(args.schedule)
    try:
        # A whole solver answer, or just its list of interviews.
        if isinstance(data, list):
            interviews = interviews_from_dict(data)
        else:
            interviews = schedule_from_dict(data).interviews
    except ProblemError as error:
        raise _problem_errors(args.schedule, error) from None
    from solver.validate import check_schedule

    violations = check_schedule(problem, interviews)
    if not violations:
        print("valid")
        return EXIT_OK
    for violation in violations:
        print(f"{violation.rule}: {violation.message}")
    count = len(violations)
    print(f"invalid: {count} violation{'s' if count != 1 else ''}", file=sys.stderr)
    return EXIT_NO_SCHEDULE


def _generate(args: argparse.Namespace) -> int:
    from solver.generate_families import generate_family

    try:
        problem = generate_family(args.family, args.employers, args.candidates, args.seed,
                                  hours=args.hours)
    except ValueError as error:
        raise BadInput(str(error)) from None
    _write(_to_json(problem_to_dict(problem)), args.output)
    return EXIT_OK


def _number(text: str, convert: type[int] | type[float], noun: str) -> float:
    try:
        value = convert(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not {noun}") from None
    return value


def _positive_float(text: str) -> float:
    value = _number(text, float, "a number")
    if not value > 0:  # also refuses "nan", which compares false with everything
        raise argparse.ArgumentTypeError(f"{text} must be more than 0")
    return value


def _positive_int(text: str) -> int:
    value = int(_number(text, int, "a whole number"))
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} must be at least 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m solver",
        description="Schedule interviews at a Täsmärekry recruitment event.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    solve = commands.add_parser("solve", help="find the best schedule for a problem")
    solve.add_argument("problem", metavar="PROBLEM.json")
    solve.add_argument("-o", "--output", metavar="OUT.json", help="default: standard output")
    solve.add_argument(
        "--time-limit",
        type=_positive_float,
        default=30.0,
        metavar="S",
        help="seconds for the whole solve (default 30)",
    )
    solve.add_argument(
        "--seed",
        type=int,
        default=0,
        metavar="N",
        help="random seed; same input and seed give the same schedule",
    )
    solve.add_argument(
        "--workers",
        type=_positive_int,
        default=2,
        metavar="W",
        help="CP-SAT search workers (default 2)",
    )
    solve.add_argument(
        "--stop-before-waiting",
        action="store_true",
        help="end as soon as tiers 1-4 are proven optimal, without improving waiting times",
    )
    solve.set_defaults(run=_solve)

    validate = commands.add_parser("validate", help="check a schedule against every hard rule")
    validate.add_argument("problem", metavar="PROBLEM.json")
    validate.add_argument("schedule", metavar="SCHEDULE.json")
    validate.set_defaults(run=_validate)

    generate = commands.add_parser("generate", help="write a realistic synthetic event")
    generate.add_argument("--employers", type=_positive_int, required=True, metavar="E")
    generate.add_argument("--candidates", type=int, required=True, metavar="C")
    generate.add_argument("--seed", type=int, required=True, metavar="N")
    generate.add_argument(
        "--hours", type=int, default=4, metavar="H", help="event length from 09:00 (default 4)"
    )
    generate.add_argument(
        "--family", default="realistic", metavar="NAME",
        help="realistic (default), binding_minimums, sessions, tight_windows, scarce_cards "
             "or one_interview (docs/problem-format.md)")
    generate.add_argument("-o", "--output", metavar="FILE", help="default: standard output")
    generate.set_defaults(run=_generate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except BadInput as error:
        for line in error.lines:
            print(line, file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
