"""Fault: Redis goes away (a private `redis-server` started and stopped by the test; the
machine's shared Redis is never touched).

Wanted: pages still answer; `/healthz` and `/readyz` say Redis is unavailable (503, the
database still "ok"); a build is refused with a plain message and nothing is left hanging;
a publish still tells everyone (its job runs in the web process instead) and mail waits in
the outbox.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from redis import Redis

from recruit.extensions import db
from recruit.models import OutboxMessage, SolveRun
from tests.scheduling.test_publish_job import (
    CONFIRMED,
    assert_everyone_told_once,
    draft,
    wait_done,
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    port = _free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
         "no", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 10
    while True:
        try:
            Redis.from_url(url, socket_connect_timeout=0.2).ping()
            break
        except Exception:
            assert time.monotonic() < deadline, "the private redis-server did not start"
            time.sleep(0.05)
    yield server, url
    if server.poll() is None:
        server.terminate()
        server.wait(timeout=10)


def test_with_redis_gone_pages_answer_health_says_why_and_nothing_is_lost(
    make_app: Any, private_redis: tuple[subprocess.Popen[bytes], str],
    make_event: Any, make_employer: Any, make_vacancy: Any, make_candidate: Any,
    make_interview: Any,
) -> None:
    server, url = private_redis
    app = make_app(REDIS_URL=url, MAIL_DELIVER_ON_COMMIT=True)
    with app.app_context():
        from tests import factories

        factories.make_staff_user(email="organiser@example.org")
        scene = draft(make_event, make_employer, make_vacancy, make_candidate, make_interview)
        event_id = scene["event"].id
    client = app.test_client()
    login = {"email": "organiser@example.org", "password": factories.STAFF_PASSWORD}
    assert client.post("/auth/login", data=login).status_code == 302
    assert client.get("/healthz").json == {"status": "ok", "database": "ok", "redis": "ok"}

    server.terminate()
    server.wait(timeout=10)

    for probe in ("/healthz", "/readyz"):
        answer = client.get(probe)
        assert answer.status_code == 503, probe
        assert answer.json["redis"] == "unavailable" and answer.json["database"] == "ok"
    # Pages that need no job answer as before.
    assert client.get(f"/staff/events/{event_id}/schedule?lang=en").status_code == 200
    assert client.get(f"/staff/events/{event_id}?lang=en").status_code == 200

    # A build needs a worker: refused plainly, recorded as failed, nothing left running.
    build = client.post(f"/staff/events/{event_id}/schedule/build?lang=en",
                        data={"time_limit": "2"})
    assert build.status_code == 503
    assert "The job queue is not reachable" in build.get_data(as_text=True)
    with app.app_context():
        runs = db.session.scalars(sa.select(SolveRun)).all()
        assert [(r.status, r.error) for r in runs] == [("failed", "queue_unavailable")]

    # A publish tells everyone from the web process instead; the mail waits in the outbox.
    published = client.post(f"/staff/events/{event_id}/schedule/publish?lang=en",
                            data=CONFIRMED)
    assert published.status_code == 302
    with app.app_context():
        run_id = int(published.headers["Location"].rsplit("/", 1)[1])
        run = wait_done(run_id)
        assert run.status == "done" and run.job_id is None
        assert_everyone_told_once(scene)
        statuses = set(db.session.scalars(sa.select(OutboxMessage.status)))
        assert statuses == {"queued"}
