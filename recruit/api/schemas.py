"""Marshmallow schemas of the JSON API: they shape the bodies and generate the OpenAPI
document. Business rules stay in the forms and operations (recruit.api.form_input)."""

from __future__ import annotations

import re
from typing import Any

import marshmallow as ma
from flask_babel import lazy_gettext as _l
from flask_smorest.fields import Upload
from marshmallow import fields, validate

from recruit.models.base import LARGEST_INTEGER
from recruit.models.candidate import CANDIDATE_STATUSES
from recruit.models.employer import EMPLOYER_STATUSES
from recruit.models.event import CHANGE_POLICIES, GRID_CHOICES, LANGUAGE_CODES
from recruit.models.publish_run import PUBLISH_STATUSES
from recruit.models.schedule import INTERVIEW_OUTCOMES, SOLVE_STATUSES

_CLOCK = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")
Id = fields.Integer


class Clock(fields.String):
    """A time of day "HH:MM" on the event day; stored as minutes since midnight."""

    def __init__(self, **kwargs: Any) -> None:
        metadata = {"pattern": _CLOCK.pattern, "example": "09:00", **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if value is None:
            return None
        return f"{value // 60:02d}:{value % 60:02d}"

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:  # type: ignore[override]
        text = super()._deserialize(value, attr, data, **kwargs)
        match = _CLOCK.match(text)
        minute = int(match.group(1)) * 60 + int(match.group(2)) if match else -1
        if not match or minute > 24 * 60:
            raise ma.ValidationError(str(_l("Write a time of day as HH:MM, for example 09:30.")))
        return minute


def _id(**kwargs: Any) -> fields.Integer:
    return fields.Integer(validate=validate.Range(1, LARGEST_INTEGER), **kwargs)


class Strict(ma.Schema):
    class Meta:
        unknown = ma.RAISE


class WindowSchema(Strict):
    start = Clock(required=True, attribute="start_minute")
    end = Clock(required=True, attribute="end_minute")


class CardCodes(fields.List):
    """Cards and licences by their codes ("hygiene_passport"); stored as card rows."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(fields.String(validate=validate.Length(1, 64)), **kwargs)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return None if value is None else [card.code for card in value]


class VacancyIds(fields.List):
    """Ranked interests as vacancy ids, most wanted first."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(_id(), **kwargs)

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return [interest.vacancy_id for interest in value]


# --- events ----------------------------------------------------------------------------------


class EventSchema(Strict):
    id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(1, 200))
    date = fields.Date(required=True)
    timezone = fields.String(load_default="Europe/Helsinki", validate=validate.Length(1, 64))
    venue_name = fields.String(load_default="", validate=validate.Length(max=200))
    venue_address = fields.String(load_default="", validate=validate.Length(max=300))
    start = Clock(required=True, attribute="start_minute")
    end = Clock(required=True, attribute="end_minute")
    breaks = fields.List(fields.Nested(WindowSchema), load_default=list)
    grid_minutes = fields.Integer(load_default=5, validate=validate.OneOf(GRID_CHOICES))
    candidate_buffer_minutes = fields.Integer(load_default=5, validate=validate.Range(0, 240))
    max_interviews_per_candidate = fields.Integer(load_default=3, validate=validate.Range(1, 20))
    max_ranked_interests = fields.Integer(load_default=3, validate=validate.Range(1, 20))
    signup_deadline = fields.AwareDateTime(load_default=None, allow_none=True,
                                           default_timezone=None)
    languages = fields.List(fields.String(validate=validate.OneOf(LANGUAGE_CODES)),
                            load_default=lambda: list(LANGUAGE_CODES))
    organiser_email = fields.String(load_default="", validate=validate.Length(max=254))
    next_steps = fields.String(load_default="", validate=validate.Length(max=5000))
    change_policy = fields.String(load_default="automatic",
                                  validate=validate.OneOf(CHANGE_POLICIES))
    retention_days = fields.Integer(load_default=180, validate=validate.Range(1, 3650))
    follow_up_days = fields.Integer(
        load_default=None, allow_none=True, validate=validate.Range(7, 3650), metadata={
            "description": "Days after the event when the impact follow-up asks the young "
                           "people who agreed to it and the employers; null: no follow-up "
                           "(the default). The data must be kept long enough for the answers: "
                           "retention_days at least follow_up_days plus the answer time "
                           "(28 days by default)."})
    default_min_candidates = fields.Integer(load_default=20, validate=validate.Range(0, 500))
    default_max_candidates = fields.Integer(load_default=30, validate=validate.Range(1, 500))
    cards = CardCodes(load_default=None, metadata={
        "description": "Codes of the cards and licences employers can require; default: "
                       "every active card."})
    updated_at = fields.AwareDateTime(dump_only=True)


class EventChangeSchema(EventSchema):
    """A change of an event: only the fields sent change; the same rules as a new event.

    Partial and without the defaults of a new event, so that a field left out keeps its
    stored value (and the document shows no default that a PATCH would not apply)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(partial=True, **kwargs)
        for field in self.fields.values():
            field.load_default = ma.missing


class EventFilterSchema(Strict):
    date_from = fields.Date(metadata={"description": "Events on or after this day."})
    date_to = fields.Date(metadata={"description": "Events on or before this day."})


# --- employers and vacancies -----------------------------------------------------------------


class VacancySchema(Strict):
    id = fields.Integer(dump_only=True)
    employer_id = fields.Integer(dump_only=True)
    title = fields.String(required=True, validate=validate.Length(1, 200))
    description = fields.String(load_default="", validate=validate.Length(max=2000))
    positions = fields.Integer(load_default=1, validate=validate.Range(1, 500))
    requires = CardCodes(load_default=list, attribute="requirements",
                         metadata={"description": "Codes of the cards and licences needed."})
    languages = fields.List(fields.String(validate=validate.OneOf(LANGUAGE_CODES)),
                            load_default=list)
    min_age = fields.Integer(load_default=0, validate=validate.Range(0, 99))


class EmployerSchema(Strict):
    id = fields.Integer(dump_only=True)
    event_id = fields.Integer(dump_only=True)
    status = fields.String(dump_only=True, validate=validate.OneOf(EMPLOYER_STATUSES))
    company_name = fields.String(required=True, validate=validate.Length(1, 200))
    business_id = fields.String(required=True, validate=validate.Length(1, 20))
    contact_name = fields.String(required=True, validate=validate.Length(1, 200))
    email = fields.String(required=True, validate=validate.Length(1, 254))
    phone = fields.String(load_default="", validate=validate.Length(max=40))
    address = fields.String(load_default="", validate=validate.Length(max=300))
    interview_minutes = fields.Integer(load_default=15, validate=validate.Range(1, 60))
    tables = fields.Integer(load_default=1, validate=validate.Range(1, 20))
    min_candidates = fields.Integer(load_default=None, allow_none=True,
                                    validate=validate.Range(0, 500),
                                    metadata={"description": "Default: the event's."})
    max_candidates = fields.Integer(load_default=None, allow_none=True,
                                    validate=validate.Range(1, 500),
                                    metadata={"description": "Default: the event's."})
    available = fields.List(fields.Nested(WindowSchema), load_default=None,
                            metadata={"description": "Default: the whole event."})
    breaks = fields.List(fields.Nested(WindowSchema), load_default=list)
    vacancies = fields.List(fields.Nested(VacancySchema), load_default=list)
    updated_at = fields.AwareDateTime(dump_only=True)


class EmployerFilterSchema(Strict):
    status = fields.String(validate=validate.OneOf(EMPLOYER_STATUSES))
    q = fields.String(validate=validate.Length(max=100),
                      metadata={"description": "Part of the company or contact name."})


# --- candidates ------------------------------------------------------------------------------


class CandidateSchema(Strict):
    id = fields.Integer(dump_only=True)
    event_id = fields.Integer(dump_only=True)
    signup_seq = fields.Integer(dump_only=True)
    first_name = fields.String(required=True, validate=validate.Length(1, 100))
    last_name = fields.String(required=True, validate=validate.Length(1, 100))
    email = fields.String(required=True, validate=validate.Length(1, 254))
    phone = fields.String(load_default="", validate=validate.Length(max=40))
    birth_year = fields.Integer(required=True, validate=validate.Range(1900, 2100))
    languages = fields.List(fields.String(validate=validate.OneOf(LANGUAGE_CODES)),
                            required=True)
    cards = CardCodes(load_default=list,
                      metadata={"description": "Codes of the cards and licences held."})
    interests = VacancyIds(load_default=list,
                           metadata={"description": "Vacancy ids, most wanted first."})
    open_to_other = fields.Boolean(load_default=False)
    priority = fields.Boolean(load_default=False)
    available = fields.List(fields.Nested(WindowSchema), load_default=list, attribute="windows",
                            metadata={"description": "Empty: the whole event."})
    introduction = fields.String(load_default="", validate=validate.Length(max=600))
    share_with_employers = fields.Boolean(load_default=False)
    status = fields.String(load_default="active", validate=validate.OneOf(CANDIDATE_STATUSES))
    updated_at = fields.AwareDateTime(dump_only=True)


class CandidateFilterSchema(Strict):
    status = fields.String(validate=validate.OneOf(CANDIDATE_STATUSES))
    q = fields.String(validate=validate.Length(max=100),
                      metadata={"description": "Part of the name or e-mail address."})
    vacancy = _id(metadata={"description": "Only those who ranked this vacancy."})
    priority = fields.Boolean()


# --- solving, schedule, interviews ---------------------------------------------------------


class SolveRequestSchema(Strict):
    time_limit = fields.Integer(load_default=None, allow_none=True,
                                validate=validate.Range(1, 3600),
                                metadata={"description": "Seconds; default: the service's."})
    seed = fields.Integer(load_default=0, validate=validate.Range(0, LARGEST_INTEGER))


class SolveRunSchema(ma.Schema):
    id = fields.Integer()
    event_id = fields.Integer()
    status = fields.String(validate=validate.OneOf(SOLVE_STATUSES))
    created_at = fields.AwareDateTime()
    started_at = fields.AwareDateTime(allow_none=True)
    finished_at = fields.AwareDateTime(allow_none=True)
    time_limit = fields.Integer()
    seed = fields.Integer()
    stop_requested = fields.Boolean()
    progress = fields.Dict(allow_none=True, metadata={
        "description": "The best result so far while running (elapsed seconds, objectives)."})
    result = fields.Dict(allow_none=True, metadata={
        "description": "The solver's answer: status, objective tiers, bound and gap, and the "
                       "candidates left out with their reasons (ids only)."})
    error = fields.String(allow_none=True)


class InterviewSchema(ma.Schema):
    id = fields.Integer()
    event_id = fields.Integer()
    employer_id = fields.Integer()
    vacancy_id = fields.Integer()
    candidate_id = fields.Integer()
    table = fields.Integer(attribute="table_no")
    start = Clock(attribute="start_minute")
    end = Clock(attribute="end_minute")
    locked = fields.Boolean()
    source = fields.String()
    response = fields.String()
    cancelled = fields.Method("_cancelled", metadata={"type": "boolean"})
    attended = fields.Boolean(allow_none=True)
    outcome = fields.String(allow_none=True)
    sequence = fields.Integer()
    updated_at = fields.AwareDateTime()

    def _cancelled(self, interview: Any) -> bool:
        return interview.cancelled_at is not None


class InterviewChangeSchema(Strict):
    start = Clock(metadata={"description": "New start (a move)."})
    table = fields.Integer(validate=validate.Range(1, 20))
    locked = fields.Boolean(metadata={"description": "Keep it exactly in the next solve."})
    cancelled = fields.Boolean(validate=validate.Equal(True), metadata={
        "description": "true cancels the interview; the people told of it get a calendar "
                       "cancellation."})


class OutcomeSchema(Strict):
    attended = fields.Boolean(allow_none=True, load_default=None)
    outcome = fields.String(allow_none=True, load_default=None,
                            validate=validate.OneOf(INTERVIEW_OUTCOMES))
    note = fields.String(load_default="", validate=validate.Length(max=1000))


class ScheduleEntrySchema(ma.Schema):
    id = fields.Integer()
    candidate_id = fields.Integer()
    employer_id = fields.Integer()
    vacancy_id = fields.Integer()
    table = fields.Integer(attribute="table_no")
    start = Clock(attribute="start_minute")
    end = Clock(attribute="end_minute")
    sequence = fields.Integer()


class DraftFilterSchema(Strict):
    employer = _id(metadata={"description": "Only this employer's interviews."})
    candidate = _id(metadata={"description": "Only this young person's interviews."})


class DraftSchema(ma.Schema):
    event_id = fields.Integer()
    interviews = fields.List(fields.Nested(InterviewSchema))


class VersionSummarySchema(ma.Schema):
    number = fields.Integer()
    published_at = fields.AwareDateTime()
    interviews = fields.Integer()


class VersionSchema(ma.Schema):
    number = fields.Integer()
    published_at = fields.AwareDateTime()
    interviews = fields.List(fields.Nested(ScheduleEntrySchema))


class OutcomeLineSchema(ma.Schema):
    interview_id = fields.Integer()
    employer_id = fields.Integer()
    vacancy_id = fields.Integer()
    candidate_id = fields.Integer()
    start = Clock()
    attended = fields.Boolean(allow_none=True)
    outcome = fields.String(allow_none=True)


class ReportLineSchema(ma.Schema):
    section = fields.String(metadata={
        "description": "The kind of line: title, dates, blank, section, header or row."})
    key = fields.String(metadata={
        "description": "A stable name, not translated: of the section on section and header "
                       "lines (\"follow_up\"), of the figure on row lines (\"youth_answered\"); "
                       "empty on the other lines."})
    values = fields.List(fields.Raw(metadata={"type": ["string", "integer", "number", "null"]}))


class ReportSchema(ma.Schema):
    event_id = fields.Integer()
    lines = fields.List(fields.Nested(ReportLineSchema))


class ProblemEntrySchema(ma.Schema):
    field = fields.String(metadata={"description": "The field (or file column) at fault."})
    message = fields.String()
    line = fields.Integer(metadata={"description": "Line of an imported file (1: header)."})
    column = fields.String(metadata={"description": "Column of an imported file."})


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details."""

    type = fields.String()
    title = fields.String()
    status = fields.Integer()
    detail = fields.String()
    instance = fields.String()
    errors = fields.List(fields.Nested(ProblemEntrySchema))


class PublishRunSchema(ma.Schema):
    """Telling people about a published version, in the background."""

    id = fields.Integer()
    event_id = fields.Integer()
    status = fields.String(validate=validate.OneOf(PUBLISH_STATUSES), metadata={
        "description": "queued, running, done (every message is queued; the outbox sends "
                       "them) or failed."})
    version = fields.Integer(metadata={
        "description": "The version this publish recorded: published (and shown on the "
                       "public pages) from the moment the run was created."})
    created_at = fields.AwareDateTime()
    started_at = fields.AwareDateTime(allow_none=True)
    finished_at = fields.AwareDateTime(allow_none=True)
    people_total = fields.Integer(metadata={"description": "Young people of the event."})
    people_done = fields.Integer(metadata={"description": "Young people told so far."})
    messages_queued = fields.Integer(metadata={
        "description": "E-mails queued so far (invitations, updates, cancellations, rosters, "
                       "notices)."})
    error = fields.Nested(ProblemSchema, allow_none=True, metadata={
        "description": "Why it failed, as problem details; null unless failed."})


class ImportFileSchema(ma.Schema):
    file = Upload(required=True, metadata={
        "description": "CSV (UTF-8, comma or semicolon) or XLSX; the first row names the "
                       "columns."})


class ImportOptionsSchema(Strict):
    dry_run = fields.Boolean(load_default=False, metadata={
        "description": "Only check the file and report its problems; store nothing."})


class ImportReportSchema(ma.Schema):
    dry_run = fields.Boolean()
    rows = fields.Integer(metadata={"description": "Data rows read (the header not counted)."})
    stored = fields.Integer()
    problems = fields.List(fields.Nested(ProblemEntrySchema))
