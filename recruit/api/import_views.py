"""Staff page for bulk import of young people or employers into an event (routes on
`staff.bp`): the same checks and report as the API's import."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, RadioField

from recruit.api.bulk_import import ImportReport, import_sheet
from recruit.core.forms import RecruitForm
from recruit.core.staff import bp, load_event
from recruit.extensions import db


class ImportForm(RecruitForm):
    kind = RadioField(_l("What the file holds"), choices=[
        ("candidates", _l("Young people")), ("employers", _l("Employers"))],
        default="candidates")
    file = FileField(_l("File (CSV or XLSX)"), [FileRequired(message=_l("Choose a file."))],
                     description=_l("The first row names the columns; see the API reference "
                                    "for the names."))
    dry_run = BooleanField(_l("Only check the file; store nothing"), default=True)


@bp.route("/events/<int:event_id>/import", methods=["GET", "POST"])
def event_import(event_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    form = ImportForm()
    report: ImportReport | None = None
    status = 200
    if form.validate_on_submit():
        upload = form.file.data
        report = import_sheet(event, form.kind.data, upload.filename or "", upload.read(),
                              dry_run=bool(form.dry_run.data))
        if report.problems:
            db.session.rollback()
            status = 422
        elif not report.dry_run:
            db.session.commit()
            flash(_("%(count)d rows were stored.", count=report.stored), "success")
            endpoint = "staff.candidates" if form.kind.data == "candidates" else "staff.employers"
            return redirect(url_for(endpoint, event_id=event.id))
    elif form.is_submitted():
        status = 400
    return render_template("staff/import.html", event=event, form=form, report=report), status
