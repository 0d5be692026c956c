"""Publishing from the staff page: the version at once, the messages from a background job
that can die and be resumed without sending anything twice or leaving anyone out."""

from __future__ import annotations

import re
import time
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from recruit.extensions import db
from recruit.mail import messages
from recruit.models import Candidate, OutboxMessage, PublishRun, ScheduleVersion, utcnow
from recruit.scheduling import fanout

CONFIRMED = {"confirm_messages": "1"}


def draft(make_event: Any, make_employer: Any, make_vacancy: Any, make_candidate: Any,
          make_interview: Any, placed: int = 10, left_out: int = 2) -> dict[str, Any]:
    """Two employers, `placed` young people with an interview each and `left_out` without."""
    event = make_event(start_minute=9 * 60, end_minute=12 * 60)
    cafe, shop = make_employer(event, tables=2), make_employer(event, tables=2)
    vacancies = [make_vacancy(cafe), make_vacancy(shop)]
    youth = [make_candidate(event, open_to_other=True, locale=("fi", "sv", "en")[i % 3])
             for i in range(placed)]
    for i, person in enumerate(youth):
        make_interview(person, vacancies[i % 2], start_minute=9 * 60 + 15 * (i // 4),
                       table_no=1 + (i // 2) % 2)
    # Without an interview; they wanted one (their ranked vacancy is the café's).
    waiting = [make_candidate(event, interests=[vacancies[0]]) for _ in range(left_out)]
    db.session.commit()
    return {"event": event, "event_id": event.id, "placed": youth, "left_out": waiting,
            "employers": [cafe, shop], "placed_emails": [p.email for p in youth],
            "left_out_emails": [p.email for p in waiting]}


def kinds(event_id: int) -> Counter[str]:
    db.session.rollback()
    return Counter(db.session.scalars(
        sa.select(OutboxMessage.kind).where(OutboxMessage.event_id == event_id)))


def invites_per_person(event_id: int) -> Counter[str]:
    return Counter(db.session.scalars(sa.select(OutboxMessage.recipient).where(
        OutboxMessage.event_id == event_id, OutboxMessage.kind == messages.INTERVIEW_INVITE)))


def wait_done(run_id: int, timeout: float = 60.0) -> PublishRun:
    deadline = time.monotonic() + timeout
    while True:
        db.session.rollback()
        run = db.session.get(PublishRun, run_id, populate_existing=True)
        assert run is not None
        if run.status not in fanout.ACTIVE:
            return run
        assert time.monotonic() < deadline, f"publish run still {run.status}: {run}"
        time.sleep(0.05)


def assert_everyone_told_once(scene: dict[str, Any]) -> None:
    event_id = scene["event_id"]
    assert invites_per_person(event_id) == Counter(dict.fromkeys(scene["placed_emails"], 1))
    counted = kinds(event_id)
    assert counted[messages.ROSTER_READY] == len(scene["employers"])
    assert counted[messages.YOUTH_LEFT_OUT] == len(scene["left_out"])
    left_out = set(db.session.scalars(sa.select(OutboxMessage.recipient).where(
        OutboxMessage.kind == messages.YOUTH_LEFT_OUT, OutboxMessage.event_id == event_id)))
    assert left_out == set(scene["left_out_emails"])


@pytest.fixture
def scene(make_event, make_employer, make_vacancy, make_candidate, make_interview):
    return draft(make_event, make_employer, make_vacancy, make_candidate, make_interview)


def test_publish_records_the_version_and_a_job_queues_every_message(logged_in_client, scene):
    event = scene["event"]
    preview = logged_in_client.post(f"/staff/events/{event.id}/schedule/publish?lang=en")
    assert preview.status_code == 200
    # The preview counts without queuing anything or keeping a version.
    assert "10" in preview.get_data(as_text=True)
    assert sum(kinds(event.id).values()) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ScheduleVersion)) == 0

    response = logged_in_client.post(f"/staff/events/{event.id}/schedule/publish?lang=en",
                                     data=CONFIRMED)
    assert response.status_code == 302
    run_id = int(re.search(r"/publishes/(\d+)$", response.headers["Location"]).group(1))
    version = db.session.scalar(sa.select(ScheduleVersion))
    assert version is not None and version.number == 1
    run = wait_done(run_id)
    assert run.status == "done", run.error
    assert run.people_done == run.people_total == 12
    assert run.messages_queued == 10 + 2 + 2
    assert_everyone_told_once(scene)

    page = logged_in_client.get(f"/staff/events/{event.id}/schedule/publishes/{run_id}?lang=en")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Every message of this publish is queued." in html
    assert 'id="publish-bar"' in html and 'value="12"' in html
    status = logged_in_client.get(f"/staff/events/{event.id}/schedule/publishes/{run_id}/status")
    assert status.json["finished"] is True
    assert (status.json["step"], status.json["steps"]) == (12, 12)
    assert status.json["step_label"] == "12 of 12 young people told"


def test_a_second_publish_waits_for_the_first_to_finish_telling(logged_in_client, scene):
    event = scene["event"]
    run = fanout.record_publish(event, None)  # recorded, its job not yet started
    response = logged_in_client.post(f"/staff/events/{event.id}/schedule/publish?lang=en",
                                     data=CONFIRMED)
    assert response.status_code == 409
    assert "still sending its messages" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ScheduleVersion)) == 1
    fanout.tell_people(run.id)
    assert wait_done(run.id).status == "done"


class WorkerKilled(BaseException):
    """The job's process dies: nothing in the job catches it and nothing is recorded."""


def test_a_job_that_dies_mid_way_is_resumed_with_nothing_twice_and_nobody_missed(
    make_app, make_event, make_employer, make_vacancy, make_candidate, make_interview,
    monkeypatch,
):
    app = make_app(PUBLISH_BATCH_SIZE=3, PUBLISH_LEASE_SECONDS=30)
    with app.app_context():
        scene = draft(make_event, make_employer, make_vacancy, make_candidate, make_interview)
        event_id = scene["event"].id
        run = fanout.record_publish(scene["event"], None)
        real = fanout.notify_changes
        batches: list[int] = []

        def dies_in_the_third_batch(*args: Any, **kwargs: Any) -> Any:
            counts = real(*args, **kwargs)  # its messages are queued, not yet committed
            batches.append(len(kwargs["candidate_ids"]))
            if len(batches) == 3:
                raise WorkerKilled
            return counts

        monkeypatch.setattr(fanout, "notify_changes", dies_in_the_third_batch)
        with pytest.raises(WorkerKilled):
            fanout.tell_people(run.id)
        db.session.rollback()
        monkeypatch.setattr(fanout, "notify_changes", real)

        # Two batches of three committed with their progress; the third left nothing.
        run = db.session.get(PublishRun, run.id, populate_existing=True)
        assert (run.status, run.people_done) == ("running", 6)
        assert sum(invites_per_person(event_id).values()) == 6
        assert kinds(event_id)[messages.ROSTER_READY] == 2

        # While the lease holds, nobody takes the run over.
        assert fanout.resume_if_lost(run).status == "running"
        assert db.session.get(PublishRun, run.id).people_done == 6
        # The lease runs out: the next look at the run queues it again and it finishes.
        db.session.execute(sa.update(PublishRun).where(PublishRun.id == run.id).values(
            heartbeat_at=utcnow() - timedelta(seconds=31)))
        db.session.commit()
        assert fanout.resume_lost_runs() == 1
        run = wait_done(run.id)
        assert run.status == "done", run.error
        assert run.people_done == 12
        assert_everyone_told_once(scene)


def test_an_old_job_that_comes_back_after_a_takeover_sends_nothing(app, scene):
    run = fanout.record_publish(scene["event"], None)
    old = fanout._Claim(run.id)
    assert old.take()
    # Its lease runs out and another job takes the run and finishes it.
    db.session.execute(sa.update(PublishRun).where(PublishRun.id == run.id).values(
        heartbeat_at=utcnow() - timedelta(seconds=fanout.LEASE_SECONDS + 1)))
    db.session.commit()
    fanout.tell_people(run.id)
    assert wait_done(run.id).status == "done"
    before = sum(kinds(scene["event"].id).values())
    # The old job wakes up and tries to commit a batch: refused, rolled back.
    event = db.session.get(type(scene["event"]), scene["event"].id)
    ids = list(db.session.scalars(sa.select(Candidate.id).where(Candidate.event_id == event.id)))
    db.session.execute(sa.delete(OutboxMessage))  # as if nobody had been told yet
    db.session.execute(sa.text("DELETE FROM told_interview"))
    fanout.notify_changes(event, reason="schedule.publish", candidate_ids=ids,
                          tell_employers=False)
    assert old.commit(people_done=12) is False
    assert sum(kinds(scene["event"].id).values()) == before
