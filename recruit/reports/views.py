"""Report pages and files: thin handlers over `scope` (figures), `charts`, `exports`, `outcomes`."""

from __future__ import annotations

import datetime as dt

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.routing import BuildError

from recruit.core.audit import record_read
from recruit.extensions import db
from recruit.models import Event, Interview
from recruit.reports import bp
from recruit.reports.charts import report_charts
from recruit.reports.corrections import CorrectionRefused, correct_outcome, read_correction
from recruit.reports.exports import report_csv, report_xlsx, table_xlsx, to_csv
from recruit.reports.outcomes import file_header, file_rows, outcome_line, outcome_lines
from recruit.reports.report import Report
from recruit.reports.scope import event_report, range_report

FILE_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _event(event_id: int) -> Event:
    return db.session.get(Event, event_id) or abort(404)


def _file(content: bytes, kind: str, name: str) -> Response:
    response = Response(content, mimetype=FILE_TYPES[kind])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    # Files of personal data and reports alike stay out of shared caches.
    response.headers["Cache-Control"] = "no-store"
    return response


def _report_file(report: Report, kind: str, name: str) -> Response:
    if kind not in FILE_TYPES:
        abort(404)
    content = report_csv(report) if kind == "csv" else report_xlsx(report)
    return _file(content, kind, name)


def _event_page_url(event: Event) -> str | None:
    """The staff page of the event, when the events package offers one."""
    try:
        return url_for("staff.event_detail", event_id=event.id)
    except BuildError:
        return None


@bp.get("/events/<int:event_id>")
def event_report_page(event_id: int) -> ResponseReturnValue:
    event = _event(event_id)
    report = event_report(event)
    return render_template(
        "reports/event.html", event=event, report=report, charts=report_charts(report),
        event_url=_event_page_url(event),
    )


@bp.get("/events/<int:event_id>/report.<kind>")
def event_report_file(event_id: int, kind: str) -> ResponseReturnValue:
    event = _event(event_id)
    return _report_file(event_report(event), kind, f"report-event-{event.id}")


def _year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _asked_range() -> tuple[dt.date, dt.date, str | None]:
    """The range in ?start=&end= (ISO dates), this year by default; an error text if bad."""
    start, end = _year_range(dt.date.today().year)
    error = None
    try:
        if request.args.get("start"):
            start = dt.date.fromisoformat(request.args["start"])
        if request.args.get("end"):
            end = dt.date.fromisoformat(request.args["end"])
    except ValueError:
        error = _("Enter the dates as year-month-day, for example 2027-01-31.")
    if error is None and start > end:
        error = _("The first day is after the last day.")
    return start, end, error


def _range_refused(error: str) -> ResponseReturnValue:
    return render_template(
        "reports/range.html", error=error, start=request.args.get("start", ""),
        end=request.args.get("end", ""), report=None, charts=[],
    ), 400


@bp.get("/")
def range_report_page() -> ResponseReturnValue:
    start, end, error = _asked_range()
    if error:
        return _range_refused(error)
    report = range_report(start, end, visible_to=current_user._get_current_object())
    return render_template(
        "reports/range.html", error=None, start=start.isoformat(), end=end.isoformat(),
        report=report, charts=report_charts(report),
    )


@bp.get("/range.<kind>")
def range_report_file(kind: str) -> ResponseReturnValue:
    start, end, error = _asked_range()
    if error:
        return _range_refused(error)
    report = range_report(start, end, visible_to=current_user._get_current_object())
    return _report_file(report, kind, f"report-{start.isoformat()}-{end.isoformat()}")


@bp.get("/events/<int:event_id>/outcomes")
def outcomes_page(event_id: int) -> ResponseReturnValue:
    event = _event(event_id)
    return render_template("reports/outcomes.html", event=event, lines=outcome_lines(event),
                           event_url=_event_page_url(event))


ATTENDANCE_FIELD = {None: "", True: "yes", False: "no"}


@bp.route("/events/<int:event_id>/outcomes/<int:interview_id>", methods=["GET", "POST"])
def correct_outcome_view(event_id: int, interview_id: int) -> ResponseReturnValue:
    """One interview's attendance and outcome, on a page of its own: the table stays a
    plain list however many interviews the event has."""
    event = _event(event_id)
    interview = db.session.get(Interview, interview_id)
    line = outcome_line(event, interview_id)
    if interview is None or line is None:
        abort(404)
    attended = request.form.get("attended", ATTENDANCE_FIELD[line.attended])
    outcome = request.form.get("outcome", interview.outcome or "")
    if request.method == "POST":
        try:
            correct_outcome(interview, *read_correction(attended, outcome),
                            staff_user_id=current_user.id)
        except CorrectionRefused as refused:
            db.session.rollback()
            return render_template("reports/correct.html", event=event, line=line,
                                   attended=attended, outcome=outcome,
                                   error=refused.message), 400
        db.session.commit()
        flash(_("The outcome was saved."), "success")
        return redirect(url_for("reports.outcomes_page", event_id=event.id,
                                _anchor=f"interview-{interview_id}"))
    record_read("candidate.view", interview.candidate)
    return render_template("reports/correct.html", event=event, line=line,
                           attended=attended, outcome=outcome, error=None)


@bp.get("/events/<int:event_id>/outcomes.<kind>")
def outcomes_file(event_id: int, kind: str) -> ResponseReturnValue:
    event = _event(event_id)
    if kind not in FILE_TYPES:
        abort(404)
    lines = outcome_lines(event)
    title = _("Interview outcomes")
    if kind == "csv":
        content = to_csv([file_header(), *file_rows(lines)])
    else:
        content = table_xlsx(title, file_header(), file_rows(lines))
    # A file of personal data leaves the service: record who took it (ids only).
    record_read("report.outcomes_export", event)
    return _file(content, kind, f"outcomes-event-{event.id}")
