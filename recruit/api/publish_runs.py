"""/api/v1: publish runs, the background job that tells people about a published version.

`POST /events/{id}/schedule/versions` records the version and its run in the request and
answers 202 with the run's address; the run (`recruit.scheduling.fanout`, the same job the
staff page starts) queues every person's messages in batches and is followed here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from flask import url_for
from flask.views import MethodView
from flask_babel import lazy_gettext as _l

from recruit.api.auth import api_blueprint
from recruit.api.events import SelectPage
from recruit.api.lookups import get_or_404
from recruit.api.problems import TITLES
from recruit.api.schemas import PublishRunSchema
from recruit.extensions import db
from recruit.models import Event, PublishRun, ScheduleVersion
from recruit.scheduling import fanout

blp = api_blueprint("api-publishing", "Publishing: the job that tells people about a version.")

LOCATION_HEADER = {"Location": {"description": "The publish run to follow.",
                                "schema": {"type": "string"}}}
# The staff page's words for the same failure: the API and the page say the same thing.
FAILED_DETAIL = _l("Queuing the messages stopped with an error. It has been logged; the "
                   "messages already queued are kept, and the rest are queued when it is "
                   "tried again.")


def run_address(run: PublishRun) -> str:
    return url_for("api-publishing.PublishRunItem", run_id=run.id)


def _error(run: PublishRun) -> dict[str, Any] | None:
    """A failed run's error as problem details (RFC 9457), as every refusal of the API."""
    if run.status != "failed":
        return None
    return {"type": "about:blank", "title": str(TITLES[500]), "status": 500,
            "detail": str(FAILED_DETAIL), "instance": run_address(run)}


def run_bodies(runs: Iterable[PublishRun]) -> list[dict[str, Any]]:
    """The runs as the API shows them; the version numbers in one query for all."""
    runs = list(runs)
    numbers: dict[int, int] = {
        version_id: number for version_id, number in db.session.execute(
            sa.select(ScheduleVersion.id, ScheduleVersion.number)
            .where(ScheduleVersion.id.in_([run.version_id for run in runs]))
        )
    } if runs else {}
    return [{
        "id": run.id, "event_id": run.event_id, "status": run.status,
        "version": numbers.get(run.version_id), "created_at": run.created_at,
        "started_at": run.started_at, "finished_at": run.finished_at,
        "people_total": run.people_total, "people_done": run.people_done,
        "messages_queued": run.messages_queued, "error": _error(run),
    } for run in runs]


def accepted(run: PublishRun) -> tuple[dict[str, Any], int, dict[str, str]]:
    """202 Accepted with the run and its address in Location."""
    return run_bodies([run])[0], 202, {"Location": run_address(run)}


class _RunPage(SelectPage):
    @property
    def items(self) -> list[Any]:
        return run_bodies(super().items)


@blp.route("/events/<int:event_id>/schedule/publish-runs")
class PublishRuns(MethodView):
    @blp.response(200, PublishRunSchema(many=True))
    @blp.paginate(_RunPage)
    def get(self, event_id: int) -> Any:
        """The event's publish runs, newest first: one per published version."""
        get_or_404(Event, event_id)
        return (sa.select(PublishRun).where(PublishRun.event_id == event_id)
                .order_by(PublishRun.id.desc()))


@blp.route("/publish-runs/<int:run_id>")
class PublishRunItem(MethodView):
    @blp.etag
    @blp.response(200, PublishRunSchema)
    def get(self, run_id: int) -> Any:
        """Status and progress of telling people about a version; `error` (problem details)
        when it failed. A run whose job died is queued again once its lease has run out, and
        goes on after its last committed batch."""
        return run_bodies([fanout.resume_if_lost(get_or_404(PublishRun, run_id))])[0]


@blp.route("/publish-runs/<int:run_id>/retry")
class PublishRunRetry(MethodView):
    @blp.response(202, PublishRunSchema, headers=LOCATION_HEADER)
    @blp.alt_response(409, description="The run has not failed.")
    def post(self, run_id: int) -> Any:
        """Queue a failed run again: it goes on after the messages it already queued."""
        run = get_or_404(PublishRun, run_id)
        fanout.retry(run, None)
        return accepted(run)
