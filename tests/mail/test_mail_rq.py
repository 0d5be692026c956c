"""With REDIS_URL set, a commit that queued mail enqueues an RQ job, and a real RQ worker
(building its own app from the environment, as in production) delivers the message."""

from __future__ import annotations

import os
import secrets
from typing import Any

import pytest
from flask import Flask

from recruit.extensions import db
from recruit.mail.outbox import queue_message
from tests.conftest import REDIS_URL
from tests.mail.conftest import SMTPTestServer


def test_rq_worker_delivers_what_a_commit_queued(
    mail_app: Flask,
    database_url: str,
    smtp_server: SMTPTestServer,
    redis_connection: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from rq import Queue, SimpleWorker

    queue_name = f"recruit-mail-test-{os.getpid()}-{secrets.token_hex(4)}"
    mail_app.config.update(REDIS_URL=REDIS_URL, RQ_QUEUE=queue_name, MAIL_DELIVER_ON_COMMIT=True)
    message = queue_message(
        db.session,
        to="youth@example.org",
        subject="Varauslinkkisi",
        text="Hei",
        html="<p>Hei</p>",
        locale="fi",
        kind="booking_link",
        event_id=None,
    )
    db.session.commit()  # enqueues the delivery job; nothing is sent in this process
    mail_app.config["MAIL_DELIVER_ON_COMMIT"] = False
    queue = Queue(queue_name, connection=redis_connection)
    try:
        assert queue.count == 1
        assert smtp_server.received == []
        for name, value in {
            "DATABASE_URL": database_url,
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": str(smtp_server.port),
            "MAIL_DEFAULT_SENDER": "rekry@ohjaamo.example",
            "LOG_JSON": "false",
        }.items():
            monkeypatch.setenv(name, value)
        worker = SimpleWorker([queue], connection=redis_connection)
        assert worker.work(burst=True)
        assert smtp_server.message_id_counts() == {message.message_id: 1}
        db.session.refresh(message)
        assert message.status == "sent"
    finally:
        queue.delete(delete_jobs=True)
        for key in redis_connection.scan_iter(f"*{queue_name}*"):
            redis_connection.delete(key)
