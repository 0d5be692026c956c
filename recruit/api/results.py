"""/api/v1: outcomes of interviews (attendance, hired, second round) and the event report."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from flask.views import MethodView

from recruit.api.auth import api_blueprint
from recruit.api.lookups import get_or_404
from recruit.api.schemas import InterviewSchema, OutcomeLineSchema, OutcomeSchema, ReportSchema
from recruit.api.writes import commit_or_refuse
from recruit.core.audit import record_read
from recruit.dayof.outcomes import OutcomeData, record_outcome
from recruit.extensions import db
from recruit.models import Event, Interview
from recruit.reports.exports import keyed_report_lines
from recruit.reports.scope import event_report

blp = api_blueprint("api-results", "Outcomes of the interviews and the event's report.")


@blp.route("/events/<int:event_id>/outcomes")
class Outcomes(MethodView):
    @blp.response(200, OutcomeLineSchema(many=True))
    def get(self, event_id: int) -> Any:
        """Attendance and outcome of every live interview, by time (ids only; the read is
        audited)."""
        record_read("api.outcomes_read", get_or_404(Event, event_id))
        rows = db.session.execute(
            sa.select(Interview.id, Interview.employer_id, Interview.vacancy_id,
                      Interview.candidate_id, Interview.start_minute, Interview.attended,
                      Interview.outcome)
            .where(Interview.event_id == event_id, Interview.cancelled_at.is_(None))
            .order_by(Interview.start_minute, Interview.employer_id, Interview.table_no)
        )
        return [dict(zip(("interview_id", "employer_id", "vacancy_id", "candidate_id", "start",
                          "attended", "outcome"), row, strict=True)) for row in rows]


@blp.route("/interviews/<int:interview_id>/outcome")
class OutcomeItem(MethodView):
    @blp.etag
    @blp.arguments(OutcomeSchema)
    @blp.response(200, InterviewSchema)
    def put(self, values: dict[str, Any], interview_id: int) -> Any:
        """Record attendance and outcome, from the start of the event on (If-Match: the
        interview's ETag)."""
        interview = get_or_404(Interview, interview_id)
        blp.check_etag(interview, InterviewSchema)
        record_outcome(interview, interview.employer, OutcomeData(
            attended=values["attended"], outcome=values["outcome"], note=values["note"]))
        commit_or_refuse()
        return interview


@blp.route("/events/<int:event_id>/report")
class Report(MethodView):
    @blp.response(200, ReportSchema)
    def get(self, event_id: int) -> Any:
        """The funders' report of the event: anonymous figures, small numbers hidden, as on
        the report page and in its files (with the impact follow-up once anyone was asked)."""
        event = get_or_404(Event, event_id)
        lines = [
            {"section": kind, "key": key,
             "values": [v.isoformat() if isinstance(v, dt.date) else v for v in values]}
            for kind, values, key in keyed_report_lines(event_report(event))
        ]
        return {"event_id": event.id, "lines": lines}
