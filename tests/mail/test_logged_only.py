"""Without a mail server, messages are "logged only": never shown or exported as sent."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from flask import Flask

from recruit.extensions import db
from recruit.mail.outbox import MESSAGES_PER_PAGE, outbox_counts, queue_rendered
from recruit.mail.sender import deliver_due
from recruit.models.outbox import STATUS_LOGGED
from tests.mail.helpers import invite


def _no_mail_server(app: Flask) -> None:
    app.config.update(MAIL_SERVER=None, MAIL_DELIVER_ON_COMMIT=False)


def test_delivery_without_mail_server_is_logged_not_sent(
    app: Flask, runner: Any, make_event: Any, tmp_path: Path
) -> None:
    _no_mail_server(app)
    event = make_event()
    queued = [
        queue_rendered(db.session, invite(n), to=f"y{n}@example.org", event_id=event.id)
        for n in range(2)
    ]
    db.session.commit()

    report = deliver_due(app)

    assert (report.claimed, report.sent, report.logged) == (2, 0, 2)
    db.session.expire_all()
    assert {m.status for m in queued} == {STATUS_LOGGED}
    assert all(m.sent_at is not None for m in queued)  # when it was written out
    assert outbox_counts(db.session, event.id) == {"queued": 0, "sent": 0, "logged": 2, "dead": 0}
    result = runner.invoke(args=["export-mail", str(event.id), str(tmp_path)])
    assert result.exit_code == 0, result.output
    names = sorted(path.name for path in tmp_path.glob("*.eml"))
    assert names == [f"{m.id:06d}-interview_invite-logged.eml" for m in queued]


def test_send_mail_command_says_logged_only(app: Flask, runner: Any) -> None:
    _no_mail_server(app)
    queue_rendered(db.session, invite(1), to="y@example.org", event_id=None)
    db.session.commit()

    output = runner.invoke(args=["send-mail"]).output

    assert "sent 0" in output and "logged only (no mail server) 1" in output


def test_email_tab_shows_logged_state_and_a_paged_list(
    app: Flask, logged_in_client: Any, make_event: Any
) -> None:
    _no_mail_server(app)
    event = make_event()
    for n in range(MESSAGES_PER_PAGE + 3):
        queue_rendered(db.session, invite(n), to=f"maija{n}@example.org", event_id=event.id)
    db.session.commit()
    deliver_due(app, limit=500)

    first = logged_in_client.get(f"/staff/events/{event.id}/outbox?lang=en")
    text = first.get_data(as_text=True)

    assert first.status_code == 200
    counts = {
        status: int(count)
        for status, count in re.findall(r'data-status="(\w+)"><dt>[^<]*</dt><dd>(\d+)</dd>', text)
    }
    assert counts["sent"] == 0 and counts["logged"] == MESSAGES_PER_PAGE + 3
    assert "Logged only (no mail server)" in text and 'id="no-mail-server"' in text
    listed = text[text.index('id="message-list"'):]
    rows = re.findall(r'<tr data-status="(\w+)">', listed)
    assert rows == [STATUS_LOGGED] * MESSAGES_PER_PAGE
    assert "Interview invitation" in listed and "Young person" in listed
    # No addresses and no bodies: the role and kind say enough.
    assert "maija" not in text and "@example.org" not in text
    assert f"/staff/events/{event.id}/outbox?page=2" in text

    second = logged_in_client.get(f"/staff/events/{event.id}/outbox?page=2&lang=en")
    assert len(re.findall(r'<tr data-status="logged">', second.get_data(as_text=True))) == 3
    assert logged_in_client.get(f"/staff/events/{event.id}/outbox?page=9").status_code == 404

    fi = logged_in_client.get(f"/staff/events/{event.id}/outbox?lang=fi").get_data(as_text=True)
    sv = logged_in_client.get(f"/staff/events/{event.id}/outbox?lang=sv").get_data(as_text=True)
    assert "Vain lokiin (ei postipalvelinta)" in fi
    assert "Endast i loggen (ingen e-postserver)" in sv
