"""A publish's messages queued by a real `rq worker`, which is killed with SIGKILL half-way:
a second worker finishes the run, every young person told exactly once."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from recruit.extensions import db
from recruit.mail import messages
from recruit.models import OutboxMessage, PublishRun
from recruit.scheduling import fanout
from tests.conftest import REDIS_URL
from tests.scheduling.board_fill import demo_with_draft
from tests.scheduling.test_publish_job import wait_done
from tests.scheduling.test_worker_lost import _kill_tree


def _worker(environment: dict[str, str], queue: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(Path(sys.executable).with_name("rq")), "worker", "--url", REDIS_URL, queue],
        env=environment, start_new_session=True, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)


def _progress(run_id: int) -> tuple[str, int]:
    with db.engine.connect() as connection:
        row = connection.execute(sa.select(PublishRun.status, PublishRun.people_done).where(
            PublishRun.id == run_id)).one()
    return row[0], row[1]


@pytest.mark.slow
def test_a_worker_killed_mid_publish_is_replaced_and_nobody_is_told_twice(
    make_app: Any, database_url: str, redis_connection: Any
) -> None:
    queue = f"recruit-test-{os.getpid()}-{secrets.token_hex(4)}"
    settings = {"PUBLISH_BATCH_SIZE": 4, "PUBLISH_LEASE_SECONDS": 5}
    app = make_app(REDIS_URL=REDIS_URL, RQ_QUEUE=queue, **settings)
    environment = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": REDIS_URL,
                   "RQ_QUEUE": queue, "LOG_JSON": "false",
                   **{key: str(value) for key, value in settings.items()}}
    workers = [_worker(environment, queue)]
    try:
        with app.app_context():
            event = demo_with_draft(employers=4, youth=120)
            placed = dict(Counter(db.session.scalars(sa.text(
                "SELECT c.email FROM interview i JOIN candidate c ON c.id = i.candidate_id "
                "WHERE i.event_id = :e AND i.cancelled_at IS NULL AND c.status = 'active'"
            ), {"e": event.id})))
            started = time.monotonic()
            run = fanout.publish_in_background(event, None)
            request_seconds = time.monotonic() - started
            assert run.job_id is not None and not run.job_id.startswith("thread:")

            # Half-way: some batches committed, not all.
            deadline = time.monotonic() + 120
            while True:
                status, done = _progress(run.id)
                if status == "running" and done >= 8:
                    break
                assert status in fanout.ACTIVE, status
                assert time.monotonic() < deadline, "the worker never got going"
                time.sleep(0.02)
            _kill_tree(workers[0].pid)
            workers[0].wait(timeout=10)
            _status, done_at_kill = _progress(run.id)
            assert done_at_kill < run.people_total, "finished before the kill; use more people"

            # A new worker; the progress page's next look after the lease queues the rest.
            workers.append(_worker(environment, queue))
            client_deadline = time.monotonic() + 240  # a worker starts slowly on a busy machine
            while True:
                db.session.rollback()
                fanout.resume_if_lost(db.session.get(PublishRun, run.id, populate_existing=True))
                if _progress(run.id)[0] == "done":
                    break
                assert time.monotonic() < client_deadline, _progress(run.id)
                time.sleep(0.5)
            run = wait_done(run.id)
            assert run.people_done == run.people_total

            invites = Counter(db.session.scalars(sa.select(OutboxMessage.recipient).where(
                OutboxMessage.event_id == event.id,
                OutboxMessage.kind == messages.INTERVIEW_INVITE)))
            # One invitation per interview: nobody twice, nobody missed.
            assert dict(invites) == placed
            print(f"request {request_seconds:.2f} s, killed at {done_at_kill} of "
                  f"{run.people_total}, {sum(invites.values())} invitations")
    finally:
        for worker in workers:
            _kill_tree(worker.pid)
            worker.wait(timeout=10)
        redis_connection.delete(f"rq:queue:{queue}")
