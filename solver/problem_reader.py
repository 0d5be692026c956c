"""Reading the JSON form of a problem into the solver's types (schedules: schedule_reader.py).

This layer checks only shape: required fields, unknown fields, JSON types and the HH:MM time
format. A value that cannot be read becomes None and is reported once, with its JSON path;
the rule checks in `problem_checks.py` skip those Nones, so one typo gives one message rather
than a cascade. Callers see the objects only when no error was found.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from solver.problem import (
    Candidate,
    Employer,
    Event,
    Placement,
    Problem,
    Vacancy,
    Window,
    parse_hhmm,
)

MISSING: Any = object()
"""Marks a required field: `default=MISSING` means absence is an error."""


def json_text(value: Any, limit: int = 40) -> str:
    """Show a JSON value in a message, shortened so a huge list cannot flood the output.

    Text that UTF-8 cannot encode (a lone surrogate) is shown escaped, so that the message
    itself can always be printed and stored.
    """
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        text = f"<{kind(value)}>"
    if not is_text(text):
        text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def is_text(value: str) -> bool:
    """True when UTF-8 can encode the string: JSON's "\\ud800" escape decodes to a lone
    surrogate, which no file, terminal or database can hold."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


NOT_TEXT = "is not valid text: it holds a lone surrogate (a \\uD800-\\uDFFF escape, unpaired)"


def kind(value: Any) -> str:
    """The JSON type of a value, as a user would name it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    if not is_text(key):  # an unknown field's name, shown escaped
        key = json.dumps(key)[1:-1]
    return f"{path}.{key}" if path else key


class JsonReader:
    """Reads fields of decoded JSON, collecting every error instead of stopping at the first."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def fail(self, path: str, message: str) -> None:
        self.errors.append(f"{path or 'problem'}: {message}")

    def fields(
        self, value: Any, path: str, required: tuple[str, ...], optional: tuple[str, ...]
    ) -> dict[str, Any] | None:
        """Check that `value` is an object with the required fields and no unknown ones."""
        if not isinstance(value, dict):
            self.fail(path, f"expected an object, got {kind(value)}")
            return None
        known = set(required) | set(optional)
        for key in value:
            if key not in known:
                self.fail(join(path, str(key)), "unknown field")
        for key in required:
            if key not in value:
                self.fail(join(path, key), "required field is missing")
        return value

    def _get(self, obj: dict[str, Any] | None, key: str, default: Any) -> tuple[bool, Any]:
        """(present, value); a missing required field was already reported by `fields`."""
        if obj is None or key not in obj:
            return False, None if default is MISSING else default
        return True, obj[key]

    def integer(
        self, obj: dict[str, Any] | None, key: str, path: str, default: Any = MISSING
    ) -> Any:
        present, value = self._get(obj, key, default)
        if not present:
            return value
        # JSON true/false decode to bool, a subclass of int: a boolean is not a count.
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(join(path, key), f"expected an integer, got {kind(value)} {json_text(value)}")
            return None
        return value

    def number(
        self, obj: dict[str, Any] | None, key: str, path: str, default: Any = MISSING
    ) -> Any:
        present, value = self._get(obj, key, default)
        if not present:
            return value
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(join(path, key), f"expected a number, got {kind(value)} {json_text(value)}")
            return None
        return value

    def text(self, obj: dict[str, Any] | None, key: str, path: str, default: Any = MISSING) -> Any:
        present, value = self._get(obj, key, default)
        if present and not isinstance(value, str):
            self.fail(join(path, key), f"expected a string, got {kind(value)} {json_text(value)}")
            return None
        if present and not is_text(value):
            self.fail(join(path, key), f"{json_text(value)} {NOT_TEXT}")
            return None
        return value

    def flag(self, obj: dict[str, Any] | None, key: str, path: str, default: Any = MISSING) -> Any:
        present, value = self._get(obj, key, default)
        if present and not isinstance(value, bool):
            self.fail(
                join(path, key), f"expected true or false, got {kind(value)} {json_text(value)}"
            )
            return None
        return value

    def time_value(self, value: Any, path: str) -> int | None:
        if not isinstance(value, str):
            self.fail(path, f'expected a time "HH:MM", got {kind(value)} {json_text(value)}')
            return None
        try:
            return parse_hhmm(value)
        except ValueError:
            self.fail(path, f"{json_text(value)} is not a time of day in the form HH:MM")
            return None

    def time(self, obj: dict[str, Any] | None, key: str, path: str, default: Any = MISSING) -> Any:
        present, value = self._get(obj, key, default)
        return self.time_value(value, join(path, key)) if present else value

    def items(self, obj: dict[str, Any] | None, key: str, path: str) -> Iterator[tuple[str, Any]]:
        """Yield (path, item) of a list field; an absent field is an empty list."""
        present, value = self._get(obj, key, [])
        if not present:
            return
        if not isinstance(value, list):
            self.fail(join(path, key), f"expected a list, got {kind(value)}")
            return
        for index, item in enumerate(value):
            yield join(join(path, key), index), item

    def texts(self, obj: dict[str, Any] | None, key: str, path: str) -> tuple[Any, ...]:
        """A list of strings; entries of the wrong type become None."""
        result: list[str | None] = []
        for item_path, item in self.items(obj, key, path):
            if isinstance(item, str) and is_text(item):
                result.append(item)
            elif isinstance(item, str):
                self.fail(item_path, f"{json_text(item)} {NOT_TEXT}")
                result.append(None)
            else:
                self.fail(item_path, f"expected a string, got {kind(item)} {json_text(item)}")
                result.append(None)
        return tuple(result)

    def windows(self, obj: dict[str, Any] | None, key: str, path: str) -> tuple[Any, ...]:
        """A list of ["HH:MM", "HH:MM"] pairs; an unreadable window becomes None."""
        result: list[Window | None] = []
        for item_path, item in self.items(obj, key, path):
            if not isinstance(item, list) or len(item) != 2:
                self.fail(
                    item_path,
                    f'expected a window ["HH:MM", "HH:MM"], got {kind(item)} {json_text(item)}',
                )
                result.append(None)
                continue
            start = self.time_value(item[0], join(item_path, 0))
            end = self.time_value(item[1], join(item_path, 1))
            result.append(None if start is None or end is None else (start, end))
        return tuple(result)

    def objects(
        self,
        obj: dict[str, Any] | None,
        key: str,
        path: str,
        read: Callable[[JsonReader, Any, str], object],
    ) -> tuple[Any, ...]:
        """A list of objects, each made by `read`; an unreadable one becomes None."""
        return tuple(read(self, item, item_path) for item_path, item in self.items(obj, key, path))


def read_problem(reader: JsonReader, data: Any) -> Problem:
    """Read a whole problem; unreadable parts are None (see the module docstring)."""
    root = reader.fields(
        data, "", ("event", "employers", "candidates"), ("locks", "published", "$schema")
    )
    return Problem(
        event=_read_event(reader, root),
        employers=reader.objects(root, "employers", "", _read_employer),
        candidates=reader.objects(root, "candidates", "", _read_candidate),
        locks=reader.objects(root, "locks", "", _read_placement),
        published=reader.objects(root, "published", "", _read_placement),
    )


def _read_event(reader: JsonReader, root: dict[str, Any] | None) -> Event:
    path = "event"
    obj = None
    if root is not None and "event" in root:
        obj = reader.fields(
            root["event"],
            path,
            ("date", "start", "end"),
            (
                "timezone",
                "grid_minutes",
                "candidate_buffer_minutes",
                "max_interviews_per_candidate",
            ),
        )
    defaults = Event(date="", start=0, end=0)
    return Event(
        date=reader.text(obj, "date", path),
        start=reader.time(obj, "start", path),
        end=reader.time(obj, "end", path),
        timezone=reader.text(obj, "timezone", path, defaults.timezone),
        grid_minutes=reader.integer(obj, "grid_minutes", path, defaults.grid_minutes),
        candidate_buffer_minutes=reader.integer(
            obj, "candidate_buffer_minutes", path, defaults.candidate_buffer_minutes
        ),
        max_interviews_per_candidate=reader.integer(
            obj, "max_interviews_per_candidate", path, defaults.max_interviews_per_candidate
        ),
    )


_EMPLOYER_DEFAULTS = Employer(id="", interview_minutes=0, tables=1, vacancies=())
_CANDIDATE_DEFAULTS = Candidate(id="", age=0)


def _read_employer(reader: JsonReader, value: Any, path: str) -> Employer | None:
    obj = reader.fields(
        value,
        path,
        ("id", "interview_minutes", "vacancies"),
        ("tables", "available", "breaks", "min_candidates", "max_candidates"),
    )
    if obj is None:
        return None
    return Employer(
        id=reader.text(obj, "id", path),
        interview_minutes=reader.integer(obj, "interview_minutes", path),
        # The dataclass has no default for tables; in JSON one table is the natural default.
        tables=reader.integer(obj, "tables", path, 1),
        vacancies=reader.objects(obj, "vacancies", path, _read_vacancy),
        available=reader.windows(obj, "available", path),
        breaks=reader.windows(obj, "breaks", path),
        min_candidates=reader.integer(
            obj, "min_candidates", path, _EMPLOYER_DEFAULTS.min_candidates
        ),
        max_candidates=reader.integer(
            obj, "max_candidates", path, _EMPLOYER_DEFAULTS.max_candidates
        ),
    )


def _read_vacancy(reader: JsonReader, value: Any, path: str) -> Vacancy | None:
    obj = reader.fields(value, path, ("id",), ("requires", "languages", "min_age"))
    if obj is None:
        return None
    return Vacancy(
        id=reader.text(obj, "id", path),
        requires=reader.texts(obj, "requires", path),
        languages=reader.texts(obj, "languages", path),
        min_age=reader.integer(obj, "min_age", path, 0),
    )


def _read_candidate(reader: JsonReader, value: Any, path: str) -> Candidate | None:
    obj = reader.fields(
        value,
        path,
        ("id", "age"),
        ("languages", "has", "available", "preferences", "open_to_other", "priority"),
    )
    if obj is None:
        return None
    return Candidate(
        id=reader.text(obj, "id", path),
        age=reader.integer(obj, "age", path),
        languages=reader.texts(obj, "languages", path),
        has=reader.texts(obj, "has", path),
        available=reader.windows(obj, "available", path),
        preferences=reader.texts(obj, "preferences", path),
        open_to_other=reader.flag(obj, "open_to_other", path, _CANDIDATE_DEFAULTS.open_to_other),
        priority=reader.integer(obj, "priority", path, _CANDIDATE_DEFAULTS.priority),
    )


def _read_placement(reader: JsonReader, value: Any, path: str) -> Placement | None:
    obj = reader.fields(value, path, ("candidate", "employer", "vacancy", "start"), ())
    if obj is None:
        return None
    return Placement(
        candidate=reader.text(obj, "candidate", path),
        employer=reader.text(obj, "employer", path),
        vacancy=reader.text(obj, "vacancy", path),
        start=reader.time(obj, "start", path),
    )
