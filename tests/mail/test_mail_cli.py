"""`flask send-mail` and `flask export-mail EVENT_ID DIR`."""

from __future__ import annotations

from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

from flask import Flask

from recruit.extensions import db
from recruit.mail.outbox import queue_rendered
from tests.calendar.ical_checks import parse_all
from tests.mail.conftest import SMTPTestServer
from tests.mail.helpers import calendar_part, invite, parts


def test_export_mail_writes_every_message_of_the_event(
    mail_app: Flask, runner: Any, make_event: Any, tmp_path: Path
) -> None:
    event, other = make_event(), make_event()
    queued = [
        queue_rendered(db.session, invite(n), to=f"y{n}@example.org", event_id=event.id)
        for n in range(3)
    ]
    queue_rendered(db.session, invite(9), to="other@example.org", event_id=other.id)
    db.session.commit()

    result = runner.invoke(args=["export-mail", str(event.id), str(tmp_path / "out")])

    assert result.exit_code == 0, result.output
    files = sorted((tmp_path / "out").glob("*.eml"))
    assert [f.name for f in files] == [f"{m.id:06d}-interview_invite-queued.eml" for m in queued]
    for path, message in zip(files, queued, strict=True):
        raw = path.read_bytes()
        assert b"\r\n" in raw  # SMTP line ends, as it would be sent
        parsed = message_from_bytes(raw, policy=policy.default)
        assert parsed["Message-ID"] == message.message_id
        assert parts(parsed)[:2] == ["multipart/mixed", "multipart/alternative"]
        assert parse_all(calendar_part(parsed).get_payload(decode=True))[0].method == "REQUEST"
        assert message.recipient not in path.name


def test_send_mail_delivers_what_is_due(
    mail_app: Flask, runner: Any, smtp_server: SMTPTestServer
) -> None:
    for number in range(3):
        queue_rendered(db.session, invite(number), to=f"y{number}@example.org", event_id=None)
    db.session.commit()

    result = runner.invoke(args=["send-mail", "--limit", "2"])

    assert result.exit_code == 0, result.output
    assert "sent 3" in result.output
    assert len(smtp_server.received) == 3
    again = runner.invoke(args=["send-mail"])
    assert "sent 0" in again.output and len(smtp_server.received) == 3
