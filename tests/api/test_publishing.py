"""Publishing through the API: 202 with the publish run in Location, the same background job
as the staff page (a thread here, a real `rq worker` in the last test), progress, the
refusals, and a failed run shown as problem details and tried again."""

from __future__ import annotations

import os
import secrets
from collections import Counter
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from recruit.extensions import db
from recruit.mail import messages
from recruit.models import AuditEntry, Interview, PublishRun, ScheduleVersion
from recruit.scheduling import fanout
from tests.api.conftest import ApiClient, follow_publish, make_token, publish
from tests.conftest import REDIS_URL
from tests.scheduling.test_publish_job import assert_everyone_told_once, draft, kinds
from tests.scheduling.test_publish_worker import _worker
from tests.scheduling.test_worker_lost import _kill_tree


@pytest.fixture
def scene(make_event, make_employer, make_vacancy, make_candidate, make_interview):
    return draft(make_event, make_employer, make_vacancy, make_candidate, make_interview)


def _count(model: Any) -> int:
    db.session.rollback()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def test_publish_is_accepted_and_followed_until_everyone_is_told(
    api: ApiClient, scene: dict[str, Any]
) -> None:
    event_id = scene["event_id"]
    response = api.post(f"/events/{event_id}/schedule/versions")
    assert response.status_code == 202
    run_id = response.json["id"]
    assert response.headers["Location"] == f"/api/v1/publish-runs/{run_id}"
    assert response.json["status"] in ("queued", "running", "done")
    # The version exists before the answer: the public pages show it already.
    assert response.json["version"] == 1
    assert api.get(f"/events/{event_id}/schedule/versions/1").status_code == 200

    run = follow_publish(api, response.headers["Location"])
    assert run["status"] == "done" and run["error"] is None
    assert (run["people_done"], run["people_total"]) == (12, 12)
    assert run["messages_queued"] == 10 + 2 + 2  # invitations, rosters, "no interview"
    assert run["finished_at"] is not None and run["version"] == 1
    assert_everyone_told_once(scene)

    listed = api.get(f"/events/{event_id}/schedule/publish-runs")
    assert listed.status_code == 200 and [item["id"] for item in listed.json] == [run_id]
    # Both halves are audited against the token: the version and the job telling people.
    entries = db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.event_id == event_id,
        AuditEntry.action.in_(("schedule.publish", "schedule.publish_messages")))).all()
    assert sorted(entry.action for entry in entries) == ["schedule.publish",
                                                         "schedule.publish_messages"]
    assert all(entry.api_token_id is not None and entry.staff_user_id is None
               for entry in entries)


def test_a_finished_run_answers_304_to_its_etag(api: ApiClient, scene: dict[str, Any]) -> None:
    run = publish(api, scene["event_id"])
    first = api.get(f"/publish-runs/{run['id']}")
    assert first.headers["ETag"]
    again = api.get(f"/publish-runs/{run['id']}", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_a_second_publish_waits_for_the_first_to_finish_telling(
    api: ApiClient, scene: dict[str, Any]
) -> None:
    event = scene["event"]
    run = fanout.record_publish(event, None)  # recorded, its job not yet started
    refused = api.post(f"/events/{event.id}/schedule/versions")
    assert refused.status_code == 409
    assert refused.mimetype == "application/problem+json"
    assert "still sending its messages" in refused.json["detail"]
    assert _count(ScheduleVersion) == 1 and _count(PublishRun) == 1
    fanout.tell_people(run.id)
    assert api.get(f"/publish-runs/{run.id}").json["status"] == "done"
    assert publish(api, event.id)["version"] == 2


def test_a_draft_that_breaks_a_rule_is_not_published(
    api: ApiClient, scene: dict[str, Any]
) -> None:
    interview = db.session.scalars(sa.select(Interview)).first()
    assert interview is not None
    # Before the event opens: against every employer's and young person's hours.
    interview.start_minute, interview.end_minute = 7 * 60, 7 * 60 + 15
    db.session.commit()
    refused = api.post(f"/events/{scene['event_id']}/schedule/versions")
    assert refused.status_code == 409
    assert refused.json["errors"] and all(error["message"] for error in refused.json["errors"])
    assert _count(ScheduleVersion) == 0 and _count(PublishRun) == 0
    assert sum(kinds(scene["event_id"]).values()) == 0


def test_unknown_runs_and_events_are_404(api: ApiClient, app: Flask) -> None:
    assert api.get("/publish-runs/999").status_code == 404
    assert api.post("/publish-runs/999/retry").status_code == 404
    assert api.get("/events/999/schedule/publish-runs").status_code == 404
    assert api.post("/events/999/schedule/versions").status_code == 404


def test_a_read_token_cannot_publish(read_api: ApiClient, scene: dict[str, Any]) -> None:
    assert read_api.post(f"/events/{scene['event_id']}/schedule/versions").status_code == 403
    assert _count(ScheduleVersion) == 0


def test_a_failed_run_says_why_as_a_problem_and_is_tried_again(
    api: ApiClient, scene: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = fanout.notify_changes
    calls = Counter[str]()

    def breaks_once(*args: Any, **kwargs: Any) -> Any:
        calls["batch"] += 1
        if calls["batch"] == 1:
            raise RuntimeError("the change path broke")
        return real(*args, **kwargs)

    monkeypatch.setattr(fanout, "notify_changes", breaks_once)
    api.language = "fi"
    failed = publish(api, scene["event_id"])
    assert failed["status"] == "failed"
    error = failed["error"]
    assert (error["status"], error["type"]) == (500, "about:blank")
    assert error["instance"] == f"/api/v1/publish-runs/{failed['id']}"
    assert error["title"] == "Jokin meni vikaan"
    assert error["detail"].startswith("Viestien jonottaminen keskeytyi")
    assert kinds(scene["event_id"])[messages.INTERVIEW_INVITE] == 0

    retried = api.post(f"/publish-runs/{failed['id']}/retry")
    assert retried.status_code == 202
    assert retried.headers["Location"] == f"/api/v1/publish-runs/{failed['id']}"
    done = follow_publish(api, retried.headers["Location"])
    assert done["status"] == "done" and done["error"] is None
    assert_everyone_told_once(scene)
    again = api.post(f"/publish-runs/{failed['id']}/retry")
    assert again.status_code == 409
    retries = db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.action == "schedule.publish_messages_retry")).all()
    assert len(retries) == 1 and retries[0].api_token_id is not None


@pytest.mark.slow
def test_a_real_worker_tells_people_about_an_api_publish(
    make_app: Any, database_url: str, redis_connection: Any
) -> None:
    queue = f"recruit-test-{os.getpid()}-{secrets.token_hex(4)}"
    app = make_app(REDIS_URL=REDIS_URL, RQ_QUEUE=queue)
    environment = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": REDIS_URL,
                   "RQ_QUEUE": queue, "LOG_JSON": "false"}
    worker = _worker(environment, queue)
    try:
        with app.app_context():
            from tests import factories

            scene = draft(factories.make_event, factories.make_employer,
                          factories.make_vacancy, factories.make_candidate,
                          factories.make_interview)
            api = ApiClient(app.test_client(), make_token())
            response = api.post(f"/events/{scene['event_id']}/schedule/versions")
            assert response.status_code == 202
            run = db.session.get(PublishRun, response.json["id"])
            assert run is not None and run.job_id and not run.job_id.startswith("thread:")
            # A worker starts slowly on a busy machine.
            finished = follow_publish(api, response.headers["Location"], timeout=240)
            assert finished["status"] == "done"
            assert_everyone_told_once(scene)
    finally:
        _kill_tree(worker.pid)
        worker.wait(timeout=10)
        redis_connection.delete(f"rq:queue:{queue}")
