"""The rules a problem must satisfy before any solving (docs/problem-format.md, "Validation").

`check_problem` returns every fault as "<JSON path>: <rule>". It accepts problems read from
JSON, where an unreadable value is None (already reported by the reader) and is skipped here,
and problems built in Python. Checks of locks run only on employers and candidates whose own
data was clean, so one bad field never produces a cascade of follow-on messages.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import itertools
import re
import zoneinfo
from collections import Counter
from collections.abc import Iterable, Sequence

from solver.problem import (
    Candidate,
    Employer,
    Event,
    Problem,
    ProblemError,
    Vacancy,
    format_hhmm,
)
from solver.problem_locks import Faults, check_placements, slot_grid, span
from solver.problem_reader import NOT_TEXT, is_text, json_text

# Finnish law lets 14-year-olds do light work; Ohjaamo serves people under 30. Anything far
# outside that is almost surely a typo (a birth year or a phone digit typed as the age).
MIN_AGE = 14
MAX_AGE = 35
MAX_GRID_MINUTES = 60
MAX_TABLES = 50
MAX_INTERVIEWS_PER_CANDIDATE = 10
MAX_CANDIDATES_PER_EMPLOYER = 1000
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def validate_problem(problem: Problem) -> None:
    """Check a Problem built in Python (not read from JSON) by the same rules as `load_problem`."""
    errors = check_problem(problem)
    if errors:
        raise ProblemError(errors)


def check_problem(problem: Problem) -> list[str]:
    """Every rule violation of `problem`, in the order of the JSON document."""
    faults = Faults()
    event = problem.event
    grid = _check_event(faults, event)
    valid_event = event.start is not None and event.end is not None and event.start < event.end
    window = (event.start, event.end) if valid_event else None
    # Lock rules need every event setting; with a broken event they would only add noise.
    event_ok = not faults and complete(event)

    employers = [(f"employers[{i}]", e) for i, e in enumerate(problem.employers) if e is not None]
    candidates = [
        (f"candidates[{i}]", c) for i, c in enumerate(problem.candidates) if c is not None
    ]
    vacancy_paths = [
        (f"{path}.vacancies[{j}].id", v.id)
        for path, e in employers
        for j, v in enumerate(e.vacancies)
        if v is not None
    ]
    _check_unique(faults, [(f"{p}.id", e.id) for p, e in employers], "employer")
    _check_unique(faults, vacancy_paths, "vacancy")
    _check_unique(faults, [(f"{p}.id", c.id) for p, c in candidates], "candidate")

    clean_employers: dict[str, Employer] = {}
    for path, employer in employers:
        before = len(faults)
        _check_employer(faults, employer, path, grid, window)
        if len(faults) == before and event_ok and complete(employer):
            clean_employers.setdefault(employer.id, employer)
    vacancy_ids = {vacancy_id for _, vacancy_id in vacancy_paths}
    clean_candidates: dict[str, Candidate] = {}
    for path, candidate in candidates:
        before = len(faults)
        _check_candidate(faults, candidate, path, grid, window, vacancy_ids)
        if len(faults) == before and event_ok and complete(candidate):
            clean_candidates.setdefault(candidate.id, candidate)

    # With a duplicated id a lock's employer or candidate is ambiguous: skip its lock rules.
    for clean, items in ((clean_employers, employers), (clean_candidates, candidates)):
        counts = Counter(item.id for _, item in items)
        for identifier in [i for i in clean if counts[i] > 1]:
            del clean[identifier]
    check_placements(faults, problem, clean_employers, clean_candidates)
    return faults.messages


def complete(value: object) -> bool:
    """False when any field, however deep, is None (a value the JSON reader could not read)."""
    if value is None:
        return False
    if dataclasses.is_dataclass(value):
        return all(complete(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, tuple):
        return all(complete(item) for item in value)
    return True


def _check_range(
    faults: Faults, value: int | None, path: str, low: int, high: int | None = None
) -> bool:
    """Report a value outside [low, high]; True when the value is usable."""
    if value is None:
        return False
    if value < low:
        faults.add(path, f"{value} must be at least {low}")
        return False
    if high is not None and value > high:
        faults.add(path, f"{value} must be at most {high}")
        return False
    return True


def _check_event(faults: Faults, event: Event) -> int | None:
    """Check the event's own fields; return the grid when it is usable."""
    if event.date is not None:
        try:
            if not DATE.fullmatch(event.date):
                raise ValueError(event.date)
            datetime.date.fromisoformat(event.date)
        except ValueError:
            faults.add("event.date", f"{json_text(event.date)} is not a date YYYY-MM-DD")
    if event.timezone is not None and not _known_time_zone(event.timezone):
        faults.add("event.timezone", f"unknown time zone {json_text(event.timezone)}")
    grid: int | None = event.grid_minutes
    if not _check_range(faults, grid, "event.grid_minutes", 1, MAX_GRID_MINUTES):
        grid = None
    for name in ("start", "end"):
        minute = getattr(event, name)
        if grid is not None and minute is not None and minute % grid:
            faults.add(f"event.{name}", f"{format_hhmm(minute)} is not on the {grid}-minute grid")
    if event.start is not None and event.end is not None and event.end <= event.start:
        faults.add(
            "event.end",
            f"{format_hhmm(event.end)} is not after the start {format_hhmm(event.start)}",
        )
    buffer = event.candidate_buffer_minutes
    if _check_range(faults, buffer, "event.candidate_buffer_minutes", 0) and grid and buffer % grid:
        faults.add(
            "event.candidate_buffer_minutes",
            f"{buffer} is not a multiple of grid_minutes ({grid})",
        )
    _check_range(
        faults,
        event.max_interviews_per_candidate,
        "event.max_interviews_per_candidate",
        1,
        MAX_INTERVIEWS_PER_CANDIDATE,
    )
    return grid


@functools.cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _known_time_zone(name: str) -> bool:
    # Membership first: ZoneInfo(name) opens a file named after user input.
    if name in _time_zones():
        return True
    if _time_zones():
        return False
    try:  # no list of zones on this system (rare): ask the loader itself
        zoneinfo.ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return False
    return True


def _check_unique(faults: Faults, ids: Sequence[tuple[str, str | None]], what: str) -> None:
    first_seen: dict[str, str] = {}
    for path, identifier in ids:
        if identifier is None:
            continue
        if not identifier.strip():
            faults.add(path, f"{what} id must not be empty")
        elif not is_text(identifier):  # a Problem built in Python; JSON's reader checks its own
            faults.add(path, f"{json_text(identifier)} {NOT_TEXT}")
        elif identifier in first_seen:
            faults.add(
                path, f"duplicate {what} id {json_text(identifier)} (also {first_seen[identifier]})"
            )
        else:
            first_seen[identifier] = path


def _check_codes(
    faults: Faults, values: Iterable[str | None], path: str, language: bool = False
) -> None:
    """Card and language lists: non-empty strings, each listed once."""
    seen: dict[str, int] = {}
    for index, value in enumerate(values):
        item = f"{path}[{index}]"
        if value is None:
            continue
        if language and not LANGUAGE_CODE.fullmatch(value):
            faults.add(
                item,
                f"{json_text(value)} is not a language code (2-3 lower-case letters, ISO 639)",
            )
        elif not value.strip():
            faults.add(item, "must not be empty")
        if value in seen:
            faults.add(item, f"{json_text(value)} is listed twice (also {path}[{seen[value]}])")
        else:
            seen[value] = index


def _check_windows(
    faults: Faults,
    windows: tuple[tuple[int, int] | None, ...],
    path: str,
    grid: int | None,
    event_window: tuple[int, int] | None,
) -> list[tuple[int, int]]:
    """Each window on the grid, non-empty, inside the event, none overlapping another.

    Returns the windows that passed their own checks, for the callers' further rules.
    """
    good: list[tuple[int, int, int]] = []
    for index, window in enumerate(windows):
        if window is None:
            continue
        start, end = window
        item = f"{path}[{index}]"
        before = len(faults)
        if end <= start:
            faults.add(item, f"end {format_hhmm(end)} is not after start {format_hhmm(start)}")
        if grid is not None:
            off_grid = [format_hhmm(t) for t in (start, end) if t % grid]
            if off_grid:
                faults.add(item, f"{' and '.join(off_grid)} not on the {grid}-minute grid")
        if event_window is not None and (start < event_window[0] or end > event_window[1]):
            faults.add(item, f"{span(start, end)} is outside the event {span(*event_window)}")
        if len(faults) == before:
            good.append((start, end, index))
    good.sort()
    for (start_a, end_a, index_a), (start_b, end_b, index_b) in itertools.pairwise(good):
        if start_b < end_a:
            faults.add(
                f"{path}[{max(index_a, index_b)}]",
                f"{span(start_b, end_b)} overlaps {path.rsplit('.', 1)[-1]}"
                f"[{min(index_a, index_b)}] {span(start_a, end_a)}",
            )
    return [(start, end) for start, end, _ in good]


def _check_employer(
    faults: Faults,
    employer: Employer,
    path: str,
    grid: int | None,
    event_window: tuple[int, int] | None,
) -> None:
    length = employer.interview_minutes
    length_ok = _check_range(faults, length, f"{path}.interview_minutes", 1)
    if length_ok and grid and length % grid:
        faults.add(
            f"{path}.interview_minutes", f"{length} is not a multiple of grid_minutes ({grid})"
        )
        length_ok = False
    elif length_ok and event_window and length > event_window[1] - event_window[0]:
        faults.add(f"{path}.interview_minutes", f"{length} is longer than the event")
        length_ok = False
    _check_range(faults, employer.tables, f"{path}.tables", 1, MAX_TABLES)
    low_ok = _check_range(faults, employer.min_candidates, f"{path}.min_candidates", 0)
    high_ok = _check_range(
        faults, employer.max_candidates, f"{path}.max_candidates", 1, MAX_CANDIDATES_PER_EMPLOYER
    )
    if low_ok and high_ok and employer.min_candidates > employer.max_candidates:
        faults.add(
            f"{path}.min_candidates",
            f"{employer.min_candidates} is more than max_candidates ({employer.max_candidates})",
        )
    if not employer.vacancies:
        faults.add(f"{path}.vacancies", "an employer needs at least one vacancy")
    for index, vacancy in enumerate(employer.vacancies):
        if vacancy is not None:
            _check_vacancy(faults, vacancy, f"{path}.vacancies[{index}]")

    before = len(faults)
    available = _check_windows(faults, employer.available, f"{path}.available", grid, event_window)
    breaks = _check_windows(faults, employer.breaks, f"{path}.breaks", grid, event_window)
    open_windows = available if employer.available else [event_window] if event_window else []
    for index, (start, end) in enumerate(breaks):
        if open_windows and not any(a <= start and end <= b for a, b in open_windows):
            faults.add(
                f"{path}.breaks[{index}]",
                f"{span(start, end)} is not inside one of the employer's available windows",
            )
    windows_ok = len(faults) == before and complete((employer.available, employer.breaks))
    if length_ok and windows_ok and event_window and grid and not slot_grid(employer, event_window):
        faults.add(path, f"no {length}-minute interview slot fits in the employer's availability")


def _check_vacancy(faults: Faults, vacancy: Vacancy, path: str) -> None:
    _check_range(faults, vacancy.min_age, f"{path}.min_age", 0, MAX_AGE)
    _check_codes(faults, vacancy.requires, f"{path}.requires")
    _check_codes(faults, vacancy.languages, f"{path}.languages", language=True)


def _check_candidate(
    faults: Faults,
    candidate: Candidate,
    path: str,
    grid: int | None,
    event_window: tuple[int, int] | None,
    vacancy_ids: set[str],
) -> None:
    _check_range(faults, candidate.age, f"{path}.age", MIN_AGE, MAX_AGE)
    _check_codes(faults, candidate.languages, f"{path}.languages", language=True)
    _check_codes(faults, candidate.has, f"{path}.has")
    _check_windows(faults, candidate.available, f"{path}.available", grid, event_window)
    ranked: dict[str, int] = {}
    for index, vacancy_id in enumerate(candidate.preferences):
        item = f"{path}.preferences[{index}]"
        if vacancy_id is None:
            continue
        if vacancy_id not in vacancy_ids:
            faults.add(item, f"unknown vacancy {json_text(vacancy_id)}")
        if vacancy_id in ranked:
            faults.add(
                item,
                f"{json_text(vacancy_id)} is ranked twice (also {path}.preferences"
                f"[{ranked[vacancy_id]}])",
            )
        else:
            ranked[vacancy_id] = index
    _check_range(faults, candidate.priority, f"{path}.priority", 0)
