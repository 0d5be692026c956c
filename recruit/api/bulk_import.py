"""Bulk import of young people or employers into an event from a CSV/XLSX sheet.

Every row is checked as the API checks one body (its schema, then the staff form whose rules
the public sign-up forms share), plus duplicates inside the file and against the event. Any
problem, and nothing is stored: the report lists each by line and column. Without problems
(and unless it is a dry run) every row is stored in one transaction.

Columns are the API's field names (docs/api.md); an employer row may carry one vacancy in the
`vacancy_*` columns. Lists (languages, cards, interests) are separated by commas, times are
written "09:00-11:00, 12:00-13:00", yes/no columns take yes/no (also kyllä/ei, ja/nej,
true/false, 1/0).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import marshmallow as ma
import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from recruit.api.form_input import InputRefused
from recruit.api.import_files import FileRefused, Sheet, read_file
from recruit.api.people_input import candidate_data, employer_data, vacancy_data
from recruit.api.problems import field_errors
from recruit.api.schemas import CandidateSchema, EmployerSchema
from recruit.core import audit
from recruit.core.validators import hhmm, normalise_business_id, parse_windows
from recruit.extensions import db
from recruit.models import Candidate, Employer, Event, utcnow
from recruit.people import operations, queries

KINDS = ("candidates", "employers")
_YES = {"yes", "y", "kyllä", "k", "ja", "true", "1", "x"}
_NO = {"no", "n", "ei", "e", "nej", "false", "0"}
_LISTS = {"languages", "cards", "interests", "vacancy_requires", "vacancy_languages"}
_WINDOWS = {"available", "breaks"}
_BOOLEANS = {"open_to_other", "priority", "share_with_employers"}
_VACANCY_COLUMNS = {"vacancy_title": "title", "vacancy_description": "description",
                    "vacancy_positions": "positions", "vacancy_requires": "requires",
                    "vacancy_languages": "languages", "vacancy_min_age": "min_age"}
REQUIRED_COLUMNS = {
    "candidates": ("first_name", "last_name", "email", "birth_year", "languages"),
    "employers": ("company_name", "business_id", "contact_name", "email"),
}
KNOWN_COLUMNS = {
    "candidates": set(CandidateSchema().fields) - {"id", "event_id", "signup_seq", "updated_at",
                                                   "status"},
    "employers": (set(EmployerSchema().fields) - {"id", "event_id", "status", "updated_at",
                                                  "vacancies"}) | set(_VACANCY_COLUMNS),
}


@dataclass
class ImportReport:
    dry_run: bool
    rows: int = 0
    stored: int = 0
    problems: list[dict[str, Any]] = field(default_factory=list)

    def add(self, line: int, column: str, message: Any) -> None:
        self.problems.append({"line": line, "column": column, "field": column,
                              "message": str(message)})


def _cell(column: str, value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if column in _LISTS:
        parts = [part.strip() for part in str(value).replace(";", ",").split(",")]
        found: list[Any] = [p for p in parts if p]
        if column == "interests":
            found = [int(p) if p.isdigit() else p for p in found]
        return found
    if column in _WINDOWS:
        windows = parse_windows(str(value))
        return [{"start": hhmm(start), "end": hhmm(end)} for start, end in windows]
    if column in _BOOLEANS:
        text = str(value).strip().lower()
        return True if text in _YES else False if text in _NO else text
    if isinstance(value, int | float):
        return value if column not in ("phone", "business_id") else str(value)
    return str(value).strip()


def _body(kind: str, cells: dict[str, Any], line: int, report: ImportReport) -> dict[str, Any]:
    body: dict[str, Any] = {}
    vacancy: dict[str, Any] = {}
    for column, value in cells.items():
        if column not in KNOWN_COLUMNS[kind]:
            continue
        try:
            parsed = _cell(column, value)
        except ValueError as error:
            report.add(line, column, error.args[0])
            continue
        if column in _VACANCY_COLUMNS:
            vacancy[_VACANCY_COLUMNS[column]] = parsed
        else:
            body[column] = parsed
    if vacancy:
        body["vacancies"] = [vacancy]
    return body


def _column_of(api_field: str) -> str:
    """The file column of an API field name ("vacancies[0].title" -> "vacancy_title")."""
    if api_field.startswith("vacancies[0]."):
        name = api_field.split(".", 1)[1].split("[")[0]
        return next((column for column, field_name in _VACANCY_COLUMNS.items()
                     if field_name == name), api_field)
    return api_field.split("[")[0].split(".")[0]


class _Checker:
    """Checks the rows of one kind against one event; keeps what storing them needs."""

    def __init__(self, event: Event, kind: str) -> None:
        self.event, self.kind = event, kind
        self.seen: dict[str, int] = {}
        if kind == "candidates":
            self.vacancies = queries.vacancy_choices(event)
            self.taken = set(db.session.scalars(
                sa.select(Candidate.email).where(Candidate.event_id == event.id)))
        else:
            self.taken = set(db.session.scalars(
                sa.select(Employer.business_id).where(Employer.event_id == event.id)))

    def key(self, body: dict[str, Any]) -> tuple[str, str] | None:
        if self.kind == "candidates":
            email = str(body.get("email", "")).strip().lower()
            return ("email", email) if email else None
        business_id = str(body.get("business_id", "")).strip()
        try:
            return "business_id", normalise_business_id(business_id)
        except ValueError:
            return None

    def check(self, line: int, body: dict[str, Any], report: ImportReport
              ) -> Callable[[], Any] | None:
        """The row's problems into `report` (all of them: the shape, duplicates and the
        form's rules); a function that stores the row when it has none."""
        schema = CandidateSchema() if self.kind == "candidates" else EmployerSchema()
        reported = {problem["column"] for problem in report.problems
                    if problem["line"] == line}
        try:
            values = schema.load(body)
        except ma.ValidationError as error:
            for entry in field_errors(error.messages):
                report.add(line, _column_of(entry["field"]), entry["message"])
                reported.add(_column_of(entry["field"]))
            values = error.valid_data if isinstance(error.valid_data, dict) else {}
        key = self.key(body)
        if key is not None:
            column, value = key
            if value in self.taken:
                report.add(line, column, _l("Already in this event."))
                reported.add(column)
            elif value in self.seen:
                report.add(line, column, _l("The same as on line %(line)d.",
                                            line=self.seen[value]))
                reported.add(column)
            else:
                self.seen[value] = line
        try:
            if self.kind == "candidates":
                data = candidate_data(self.event, values, self.vacancies)
                store: Callable[[], Any] = lambda: _store_candidate(self.event, data)  # noqa: E731
            else:
                employer = employer_data(self.event, values)
                vacancies = [vacancy_data(self.event, v, f"vacancies[{i}]")
                             for i, v in enumerate(values.get("vacancies") or [])]
                store = lambda: _store_employer(self.event, employer, vacancies)  # noqa: E731
        except InputRefused as refused:
            for entry in refused.errors:
                column = _column_of(entry["field"])
                if column not in reported:
                    report.add(line, column, entry["message"])
            return None
        return None if reported else store


def _store_candidate(event: Event, data: operations.CandidateData) -> None:
    candidate = operations.create_candidate(event, data, None)
    candidate.email_verified_at = utcnow()


def _store_employer(event: Event, data: operations.EmployerData,
                    vacancies: list[operations.VacancyData]) -> None:
    employer = operations.create_employer(event, data, None)
    for vacancy in vacancies:
        operations.create_vacancy(employer, vacancy, None)


def import_sheet(event: Event, kind: str, filename: str, content: bytes, *, dry_run: bool
                 ) -> ImportReport:
    """Check every row; store them all (flushed, the caller commits) only when none has a
    problem and this is not a dry run."""
    report = ImportReport(dry_run=dry_run)
    try:
        sheet: Sheet = read_file(filename, content)
    except FileRefused as refused:
        report.add(refused.line, "", refused.message)
        return report
    report.rows = len(sheet.rows)
    missing = [c for c in REQUIRED_COLUMNS[kind] if c not in sheet.header]
    for column in missing:
        report.add(1, column, _l("This column is missing."))
    unknown = [c for c in sheet.header if c and c not in KNOWN_COLUMNS[kind]]
    for column in unknown:
        report.add(1, column, _l("Unknown column; see the API documentation for the names."))
    if missing or unknown:
        return report
    checker = _Checker(event, kind)
    stores = [checker.check(line, _body(kind, cells, line, report), report)
              for line, cells in sheet.rows]
    if report.problems or dry_run:
        return report
    for store in stores:
        assert store is not None
        store()
    report.stored = len(stores)
    audit.record(f"import.{kind}", event, None)
    db.session.flush()
    return report
