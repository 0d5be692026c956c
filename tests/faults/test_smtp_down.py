"""Fault: the SMTP relay is down while a publish's messages wait, then comes back.

Wanted: the outbox's own background sender retries with growing delays (exponential
backoff from a short first retry), nothing is lost, and every message is delivered exactly
once soon after the server (a real aiosmtpd server on the same port) is back.
"""

from __future__ import annotations

import time
from typing import Any

import sqlalchemy as sa
from flask import Flask

from recruit.extensions import db
from recruit.mail.sender import _STATE_KEY
from recruit.models import OutboxMessage
from recruit.scheduling.publishing import publish_schedule
from tests.mail.conftest import point_at
from tests.scheduling.test_publish_job import draft

BASE_SECONDS = 1


def _outbox() -> list[OutboxMessage]:
    db.session.rollback()
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def test_publish_mail_waits_out_an_smtp_outage_with_growing_delays_and_arrives_once(
    app: Flask, free_port: int, make_smtp_server: Any, make_event: Any, make_employer: Any,
    make_vacancy: Any, make_candidate: Any, make_interview: Any,
) -> None:
    scene = draft(make_event, make_employer, make_vacancy, make_candidate, make_interview)
    point_at(app, free_port, MAIL_RETRY_BASE_SECONDS=BASE_SECONDS, MAIL_MAX_ATTEMPTS=10,
             MAIL_DELIVER_ON_COMMIT=True)  # nothing listens on free_port: refused
    try:
        publish_schedule(scene["event"], None)
        db.session.commit()  # the in-process sender starts at once
        queued = len(_outbox())
        assert queued == 10 + 2 + 2

        # Watch the retries: (attempt number, when the next one is due).
        seen: dict[int, Any] = {}
        deadline = time.monotonic() + 30
        while len(seen) < 3:
            first = _outbox()[0]
            if first.attempts and first.attempts not in seen:
                seen[first.attempts] = first.next_attempt_at
            assert time.monotonic() < deadline, seen
            time.sleep(0.05)
        assert all(m.status == "queued" and m.last_error for m in _outbox())
        # Each wait is about twice the one before: base, 2 × base, 4 × base ...
        first_delay = (seen[2] - seen[1]).total_seconds()
        second_delay = (seen[3] - seen[2]).total_seconds()
        assert 2 * BASE_SECONDS <= first_delay < 2 * BASE_SECONDS + 1.5
        assert 4 * BASE_SECONDS <= second_delay < 4 * BASE_SECONDS + 1.5

        server = make_smtp_server("accept", port=free_port)
        back = time.monotonic()
        deadline = back + 30
        while any(m.status != "sent" for m in _outbox()):
            assert time.monotonic() < deadline, [m.status for m in _outbox()]
            time.sleep(0.1)
        waited = time.monotonic() - back
        # Delivered at the next retry after the server came back (at most 8 s away here).
        assert waited < 8 * BASE_SECONDS + 2
        counts = server.message_id_counts()
        assert sorted(counts) == sorted(m.message_id for m in _outbox())
        assert set(counts.values()) == {1}
        print(f"{queued} messages; attempts before the server came back: {max(seen)}; "
              f"delivered {waited:.1f} s after it was back")
    finally:
        app.config["MAIL_DELIVER_ON_COMMIT"] = False
        state = app.extensions.get(_STATE_KEY)
        if state is not None:
            state.wake.set()
