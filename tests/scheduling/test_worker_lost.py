"""Fault: the RQ worker building a schedule is killed with SIGKILL in the middle of the solve.

The run must be seen failed within seconds (its lease runs out), never a half-written
schedule, and a new build must be accepted at once after that, not refused for minutes.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from recruit.events.demo import create_demo_event
from recruit.extensions import db
from recruit.models import Interview, SolveRun
from recruit.scheduling import solving
from recruit.scheduling.queries import LEASE_SECONDS
from recruit.scheduling.solving import LEASE_RENEW_SECONDS
from tests.api.conftest import ApiClient, make_token
from tests.conftest import REDIS_URL


def _status(run_id: int) -> tuple[str, Any]:
    with db.engine.connect() as connection:
        row = connection.execute(sa.select(SolveRun.status, SolveRun.progress).where(
            SolveRun.id == run_id)).one()
    return row[0], row[1]


def _tree(pid: int) -> list[int]:
    """The process and all its descendants (RQ runs each job in a forked "work horse" in a
    session of its own, so a signal to the worker's group does not reach it)."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        children = (task / "children").read_text().split() if (task / "children").exists() else []
        for child in children:
            found.extend(_tree(int(child)))
    return found


def _kill_tree(pid: int) -> None:
    for member in reversed(_tree(pid)):
        with contextlib.suppress(ProcessLookupError):
            os.kill(member, signal.SIGKILL)


@pytest.mark.slow
def test_a_killed_worker_fails_its_run_within_seconds(
    make_app: Any, database_url: str, redis_connection: Any
) -> None:
    queue = f"recruit-test-{os.getpid()}-{secrets.token_hex(4)}"
    app = make_app(REDIS_URL=REDIS_URL, RQ_QUEUE=queue)
    environment = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": REDIS_URL,
                   "RQ_QUEUE": queue, "LOG_JSON": "false"}
    worker = subprocess.Popen(
        [str(Path(sys.executable).with_name("rq")), "worker", "--url", REDIS_URL, queue],
        env=environment, start_new_session=True, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    try:
        with app.app_context():
            event = create_demo_event(employers=8, candidates=200)
            db.session.commit()
            api = ApiClient(app.test_client(), make_token())
            started = api.post(f"/events/{event.id}/solve-runs", {"time_limit": 120})
            assert started.status_code == 202
            run_id = started.json["id"]

            # Mid-solve: running, with the search under way.
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                status, progress = _status(run_id)
                if status == "running" and progress:
                    break
                assert status in ("queued", "running"), status
                time.sleep(0.2)
            assert _status(run_id)[0] == "running"
            # The whole worker dies (its machine lost power, or the OOM killer): the worker
            # and the work horse running the solve.
            assert len(_tree(worker.pid)) >= 2
            _kill_tree(worker.pid)
            worker.wait(timeout=30)
            killed_at = time.monotonic()

            refused = api.post(f"/events/{event.id}/solve-runs", {"time_limit": 5})
            assert refused.status_code == 409  # the lease has not run out yet
            while True:
                seen = api.get(f"/solve-runs/{run_id}").json
                if seen["status"] != "running":
                    break
                assert time.monotonic() - killed_at < LEASE_SECONDS + 2 * LEASE_RENEW_SECONDS + 10
                time.sleep(0.5)
            noticed = time.monotonic() - killed_at
            print(f"\nrun seen failed {noticed:.1f} s after the worker was killed")
            assert seen["status"] == "failed" and seen["error"] == "worker_lost"
            assert noticed <= LEASE_SECONDS + 2 * LEASE_RENEW_SECONDS + 10
            # No half-written schedule: the build stores its answer in one transaction.
            assert db.session.scalar(sa.select(sa.func.count()).select_from(Interview).where(
                Interview.event_id == event.id)) == 0
            # The staff page shows it, and a new build is accepted at once.
            again = api.post(f"/events/{event.id}/solve-runs", {"time_limit": 5})
            assert again.status_code == 202, again.json
            solving.request_stop(db.session.get(SolveRun, again.json["id"]), None)
            db.session.commit()
            db.session.remove()
    finally:
        if worker.poll() is None:
            _kill_tree(worker.pid)
            worker.wait(timeout=30)
        for key in redis_connection.scan_iter(f"*{queue}*"):
            redis_connection.delete(key)
