"""The staff e-mail page of an event: counts, dead messages and the audited "retry" (HTTP)."""

from __future__ import annotations

import re

import sqlalchemy as sa

from recruit.extensions import db
from recruit.mail import outbox
from recruit.models import AuditEntry, OutboxMessage
from recruit.models.base import utcnow
from recruit.models.outbox import STATUS_DEAD, STATUS_QUEUED, STATUS_SENT
from tests.mail.helpers import invite


def _queue(event_id: int, to: str, *, status: str = STATUS_QUEUED, kind_of=invite,
           error: str | None = None, attempts: int = 0) -> OutboxMessage:
    message = outbox.queue_rendered(db.session, kind_of(), to=to, event_id=event_id)
    message.status, message.attempts, message.last_error = status, attempts, error
    if status == STATUS_SENT:
        message.sent_at = utcnow()
    db.session.commit()
    return message


def _csrf(page: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    assert match, "no CSRF token on the page"
    return match.group(1)


def _counts(page: str) -> dict[str, int]:
    return {
        status: int(count)
        for status, count in re.findall(
            r'data-status="(\w+)"><dt>[^<]*</dt><dd>(\d+)</dd>', page
        )
    }


def test_page_counts_by_state_and_lists_dead_without_addresses(
    logged_in_client, make_event, make_employer
):
    event, other = make_event(), make_event()
    employer = make_employer(event)
    _queue(event.id, "queued@example.org")
    _queue(event.id, "sent@example.org", status=STATUS_SENT)
    dead = _queue(event.id, "maija.dead@example.org", status=STATUS_DEAD, attempts=8,
                  error="SMTPRecipientsRefused 550")
    _queue(other.id, "other.event@example.org", status=STATUS_DEAD, attempts=8)

    from recruit.mail import messages
    from tests.mail.helpers import EVENT

    roster = _queue(event.id, employer.email, status=STATUS_DEAD, attempts=3,
                    error="TimeoutError",
                    kind_of=lambda: messages.roster_ready(
                        "fi", event=EVENT, contact_name="Eeva", company_name="Oy",
                        employer_url="https://x.example/e", interview_count=2))

    page = logged_in_client.get(f"/staff/events/{event.id}/outbox?lang=en")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert _counts(text) == {"queued": 1, "sent": 1, "logged": 0, "dead": 2}
    assert f'id="message-{dead.id}"' in text and f'id="message-{roster.id}"' in text
    assert "SMTPRecipientsRefused 550" in text and "Interview invitation" in text
    row = text[text.index(f'id="message-{roster.id}"'):]
    assert "Employer" in row[: row.index("</tr>")] and "Roster ready" in row[: row.index("</tr>")]
    # The role, never the address: the page does not need it.
    assert "maija.dead@example.org" not in text and "other.event" not in text
    # Linked from the event's tabs.
    assert f'href="/staff/events/{event.id}/outbox" aria-current="page"' in text


def test_page_is_translated(logged_in_client, make_event):
    event = make_event()
    _queue(event.id, "dead@example.org", status=STATUS_DEAD, attempts=8)
    fi = logged_in_client.get(f"/staff/events/{event.id}/outbox?lang=fi").get_data(as_text=True)
    sv = logged_in_client.get(f"/staff/events/{event.id}/outbox?lang=sv").get_data(as_text=True)
    assert "Viestit, joita ei saatu lähetettyä" in fi and "Yritä uudelleen" in fi
    assert "Meddelanden som inte kunde skickas" in sv and "Försök igen" in sv


def test_retry_requeues_once_and_is_audited(logged_in_client, make_event):
    event = make_event()
    dead = _queue(event.id, "dead@example.org", status=STATUS_DEAD, attempts=8,
                  error="SMTPServerDisconnected")
    message_id, original_id = dead.id, dead.message_id
    page = logged_in_client.get(f"/staff/events/{event.id}/outbox").get_data(as_text=True)
    token = _csrf(page)
    url = f"/staff/events/{event.id}/outbox/{message_id}/retry"

    response = logged_in_client.post(url, data={"csrf_token": token})
    assert response.status_code == 302
    db.session.expire_all()
    message = db.session.get(OutboxMessage, message_id)
    assert (message.status, message.attempts, message.last_error) == (STATUS_QUEUED, 0, None)
    assert message.message_id == original_id  # the same message, not a copy
    audits = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "outbox.retry")
    ).all()
    assert [(a.object_id, a.event_id) for a in audits] == [(message_id, event.id)]

    # A second click finds nothing dead: no second audit entry, still one row.
    logged_in_client.post(url, data={"csrf_token": token})
    assert db.session.scalar(
        sa.select(sa.func.count()).select_from(AuditEntry)
        .where(AuditEntry.action == "outbox.retry")
    ) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 1


def test_retry_needs_csrf_login_and_the_right_event(app, client, auth, staff_user, make_event):
    event, other = make_event(), make_event()
    dead = _queue(event.id, "dead@example.org", status=STATUS_DEAD, attempts=8)
    url = f"/staff/events/{event.id}/outbox/{dead.id}/retry"

    anonymous = client.post(url)
    assert anonymous.status_code == 302 and "/auth/login" in anonymous.headers["Location"]
    assert client.get(f"/staff/events/{event.id}/outbox").status_code == 302

    auth.login()
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post(url).status_code == 400  # no CSRF token
    token = _csrf(client.get(f"/staff/events/{event.id}/outbox").get_data(as_text=True))
    wrong_event = client.post(f"/staff/events/{other.id}/outbox/{dead.id}/retry",
                              data={"csrf_token": token})
    assert wrong_event.status_code == 404
    assert client.post(f"/staff/events/{event.id}/outbox/999999/retry",
                       data={"csrf_token": token}).status_code == 404
    db.session.expire_all()
    assert db.session.get(OutboxMessage, dead.id).status == STATUS_DEAD
