"""/api/v1/events/{id}/imports/{candidates|employers}: bulk import from CSV or XLSX."""

from __future__ import annotations

from typing import Any

from flask import Response, abort
from flask.views import MethodView
from flask_babel import lazy_gettext as _l

from recruit.api.auth import api_blueprint
from recruit.api.bulk_import import KINDS, import_sheet
from recruit.api.lookups import get_or_404
from recruit.api.problems import problem
from recruit.api.schemas import ImportFileSchema, ImportOptionsSchema, ImportReportSchema
from recruit.api.writes import commit_or_refuse
from recruit.models import Event

blp = api_blueprint("api-imports", "Bulk import of young people and employers from CSV/XLSX.")

MAX_REPORTED = 1000


@blp.route("/events/<int:event_id>/imports/<string:kind>")
class Import(MethodView):
    @blp.arguments(ImportOptionsSchema, location="query")
    @blp.arguments(ImportFileSchema, location="files")
    @blp.response(200, ImportReportSchema)
    @blp.alt_response(422, description="The file has problems; nothing was stored.")
    def post(self, options: dict[str, Any], files: dict[str, Any], event_id: int,
             kind: str) -> Any:
        """Import `candidates` or `employers`: every row is checked by the rules of the
        forms; one problem anywhere and nothing is stored (the report lists each problem by
        line and column). `dry_run=true` only checks."""
        if kind not in KINDS:
            abort(404)
        event = get_or_404(Event, event_id)
        upload = files["file"]
        report = import_sheet(event, kind, upload.filename or "", upload.read(),
                              dry_run=options["dry_run"])
        if report.problems and not report.dry_run:
            return _refused(report.problems[:MAX_REPORTED])
        commit_or_refuse()
        return {**vars(report), "problems": report.problems[:MAX_REPORTED]}


def _refused(problems: list[dict[str, Any]]) -> Response:
    return problem(422, _l("The file has problems; nothing was stored."), errors=problems)
