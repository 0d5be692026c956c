"""/api/v1: solve runs (start, progress, stop, result), the schedule (draft and published
versions, publishing in the background: recruit.api.publish_runs) and single interviews
(move, lock, cancel)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import abort
from flask.views import MethodView
from flask_babel import lazy_gettext as _l

from recruit.api.auth import api_blueprint
from recruit.api.events import SelectPage
from recruit.api.lookups import get_or_404
from recruit.api.publish_runs import LOCATION_HEADER, accepted
from recruit.api.schemas import (
    DraftFilterSchema,
    DraftSchema,
    InterviewChangeSchema,
    InterviewSchema,
    PublishRunSchema,
    SolveRequestSchema,
    SolveRunSchema,
    VersionSchema,
    VersionSummarySchema,
)
from recruit.api.writes import commit_or_refuse
from recruit.changes.notify import notify_changes
from recruit.extensions import db
from recruit.models import Event, Interview, ScheduleVersion, SolveRun
from recruit.scheduling import fanout, publishing, solving
from recruit.scheduling.cancelling import cancel_interview
from recruit.scheduling.queries import version_of

runs_blp = api_blueprint("api-solving", "Building the schedule: solve runs.")
schedule_blp = api_blueprint("api-schedule", "The draft and published schedules, interviews.")


@runs_blp.route("/events/<int:event_id>/solve-runs")
class SolveRuns(MethodView):
    @runs_blp.response(200, SolveRunSchema(many=True))
    @runs_blp.paginate(SelectPage)
    def get(self, event_id: int) -> Any:
        """The event's solve runs, newest first."""
        get_or_404(Event, event_id)
        return sa.select(SolveRun).where(SolveRun.event_id == event_id).order_by(
            SolveRun.id.desc())

    @runs_blp.arguments(SolveRequestSchema)
    @runs_blp.response(202, SolveRunSchema)
    @runs_blp.alt_response(409, description="A build of this event is already running.")
    def post(self, values: dict[str, Any], event_id: int) -> Any:
        """Start building the schedule in the background; poll the run for progress."""
        event = get_or_404(Event, event_id)
        return solving.start_build(event, None, time_limit=values.get("time_limit"),
                                   seed=values["seed"])


@runs_blp.route("/solve-runs/<int:run_id>")
class SolveRunItem(MethodView):
    @runs_blp.response(200, SolveRunSchema)
    def get(self, run_id: int) -> Any:
        """Status, progress while running, and the result: objective tiers, bound, gap and
        the young people left out with their reasons. A run whose worker died is answered
        failed (error `worker_lost`) within seconds."""
        return solving.retire_if_lost(get_or_404(SolveRun, run_id))


@runs_blp.route("/solve-runs/<int:run_id>/stop")
class SolveRunStop(MethodView):
    @runs_blp.response(200, SolveRunSchema)
    @runs_blp.alt_response(409, description="The run has already finished.")
    def post(self, run_id: int) -> Any:
        """Stop the run; it keeps the best schedule found so far."""
        run = get_or_404(SolveRun, run_id)
        solving.request_stop(run, None)
        commit_or_refuse()
        return run


@schedule_blp.route("/events/<int:event_id>/schedule/draft")
class Draft(MethodView):
    @schedule_blp.etag
    @schedule_blp.arguments(DraftFilterSchema, location="query")
    @schedule_blp.response(200, DraftSchema)
    def get(self, filters: dict[str, Any], event_id: int) -> Any:
        """The draft: every live interview, published or not yet; or one employer's or one
        young person's (what a client showing one roster needs, at the cost of that roster)."""
        event = get_or_404(Event, event_id)
        query = (
            sa.select(Interview)
            .where(Interview.event_id == event.id, Interview.cancelled_at.is_(None))
            .order_by(Interview.employer_id, Interview.start_minute, Interview.table_no)
        )
        if "employer" in filters:
            query = query.where(Interview.employer_id == filters["employer"])
        if "candidate" in filters:
            query = query.where(Interview.candidate_id == filters["candidate"])
        return {"event_id": event.id, "interviews": list(db.session.scalars(query))}


@schedule_blp.route("/events/<int:event_id>/schedule/versions")
class Versions(MethodView):
    @schedule_blp.response(200, VersionSummarySchema(many=True))
    def get(self, event_id: int) -> Any:
        """The published versions, newest first."""
        get_or_404(Event, event_id)
        rows = db.session.execute(
            sa.select(ScheduleVersion.number, ScheduleVersion.published_at,
                      ScheduleVersion.snapshot)
            .where(ScheduleVersion.event_id == event_id)
            .order_by(ScheduleVersion.number.desc())
        )
        return [{"number": number, "published_at": at,
                 "interviews": len(snapshot.get("interviews", []))}
                for number, at, snapshot in rows]

    @schedule_blp.response(202, PublishRunSchema, headers=LOCATION_HEADER)
    @schedule_blp.alt_response(409, description="A build is running, the previous publish "
                                                "is still telling people, the draft breaks "
                                                "a rule, or someone published at the same "
                                                "time.")
    def post(self, event_id: int) -> Any:
        """Publish the draft as the next version and tell everyone whose schedule changed.

        The version is recorded (and shown on the public pages) before the answer; the
        messages are queued by a background job, the publish run in `Location`: follow it
        until `status` is `done`."""
        return accepted(fanout.publish_in_background(get_or_404(Event, event_id), None))


@schedule_blp.route("/events/<int:event_id>/schedule/versions/<int:number>")
class VersionItem(MethodView):
    @schedule_blp.response(200, VersionSchema)
    def get(self, event_id: int, number: int) -> Any:
        """One published version as it was published."""
        version = version_of(get_or_404(Event, event_id), number)
        if version is None:
            abort(404)
        return {"number": version.number, "published_at": version.published_at,
                "interviews": version.snapshot.get("interviews", [])}


@schedule_blp.route("/interviews/<int:interview_id>")
class InterviewItem(MethodView):
    @schedule_blp.etag
    @schedule_blp.response(200, InterviewSchema)
    def get(self, interview_id: int) -> Any:
        """One interview."""
        return get_or_404(Interview, interview_id)

    @schedule_blp.etag
    @schedule_blp.arguments(InterviewChangeSchema)
    @schedule_blp.response(200, InterviewSchema)
    @schedule_blp.alt_response(409, description="The change breaks a scheduling rule, the "
                                                "time was just taken, or a build is running.")
    def patch(self, change: dict[str, Any], interview_id: int) -> Any:
        """Move (start, table), lock or unlock, or cancel (cancelled: true) an interview.
        After publishing, the people concerned are told through the change path."""
        interview = get_or_404(Interview, interview_id)
        schedule_blp.check_etag(interview, InterviewSchema)
        if interview.cancelled_at is not None:
            raise publishing.ScheduleError(_l("This interview is already cancelled."), status=409)
        if change.get("cancelled"):
            cancel_interview(interview, None)
        else:
            if "start" in change or "table" in change:
                publishing.move_interview(
                    interview, start_minute=change.get("start", interview.start_minute),
                    table_no=change.get("table", interview.table_no), by=None)
            if "locked" in change:
                publishing.set_locked(interview, change["locked"], None)
            notify_changes(interview.event, reason="interview.change")
        commit_or_refuse()
        return interview
