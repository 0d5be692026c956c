"""A second program runs an event end to end through the API alone (tests/api/event_runner.py
in its own process, over real HTTP): create, add employers and young people, solve, publish
(202, then the publish run followed until everyone is told), read the outcomes."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from werkzeug.serving import make_server

from recruit.extensions import db
from recruit.mail.messages import INTERVIEW_INVITE
from recruit.models import AuditEntry, Interview, OutboxMessage, ScheduleVersion, seed_cards
from tests.api.conftest import make_token

RUNNER = Path(__file__).with_name("event_runner.py")


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.mark.slow
def test_a_second_program_runs_an_event_through_the_api(app: Flask, live_server: str) -> None:
    seed_cards()
    token = make_token("write", "Client register")
    db.session.commit()
    finished = subprocess.run([sys.executable, str(RUNNER), live_server, token],
                              capture_output=True, text=True, timeout=300, check=False)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    summary = json.loads(finished.stdout)

    assert summary["candidates"] == 12
    assert summary["run_status"] == "done"
    tiers = {tier["name"]: tier for tier in summary["objectives"]}
    assert tiers["covered"]["value"] >= 10
    assert summary["published"] == summary["draft"] == summary["outcomes"] > 0
    db.session.expire_all()
    version = db.session.scalar(sa.select(ScheduleVersion).where(
        ScheduleVersion.event_id == summary["event_id"]))
    assert version is not None and version.number == 1
    live = db.session.scalar(sa.select(sa.func.count()).select_from(Interview).where(
        Interview.event_id == summary["event_id"], Interview.cancelled_at.is_(None)))
    assert live == summary["published"]
    # The publish was accepted and told people in the background, followed at its address.
    assert summary["publish_accepted"] in ("queued", "running", "done")
    assert summary["publish_location"] == f"/api/v1/publish-runs/{summary['publish_run']}"
    assert summary["publish_status"] == "done"
    assert summary["people_told"] == [12, 12]
    # Publishing told the young people: one invitation per interview waits in the outbox.
    invitations = db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage).where(
        OutboxMessage.event_id == summary["event_id"], OutboxMessage.kind == INTERVIEW_INVITE))
    assert invitations == summary["published"]
    assert summary["messages_queued"] >= invitations
    # Every write was audited against the token, never against a staff account.
    writes = db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.event_id == summary["event_id"])).all()
    actions = {entry.action for entry in writes}
    assert {"event.create", "employer.create", "candidate.create", "schedule.build",
            "schedule.publish", "schedule.publish_messages"} <= actions
    assert all(entry.api_token_id is not None for entry in writes)
    assert all(entry.staff_user_id is None for entry in writes)
