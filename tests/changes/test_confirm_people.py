"""Deleting a person or taking an employer off the event after publishing shows what will be
sent and waits for a yes; confirming sends exactly that (to a real SMTP server)."""

from __future__ import annotations

import html
from email import message_from_bytes, policy
from typing import Any

import pytest
import sqlalchemy as sa

from recruit.extensions import db
from recruit.mail.sender import deliver_due
from recruit.models import Candidate, Employer, Interview, OutboxMessage
from recruit.scheduling.publishing import publish_schedule
from tests.booking.support import wait_for_refills
from tests.mail.conftest import point_at


def _text(response: Any) -> str:
    return " ".join(html.unescape(response.get_data(as_text=True)).split())


def _outbox_count() -> int:
    db.session.rollback()
    return db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))


def _methods_to(server: Any, address: str) -> list[str]:
    methods = []
    for item in list(server.received):
        message = message_from_bytes(item.content, policy=policy.default)
        if address in str(message["To"]):
            methods += [str(part.get_param("method")) for part in message.walk()
                        if part.get_content_type() == "text/calendar"]
    return methods


@pytest.fixture
def scene(app: Any, smtp_server: Any, make_event: Any, make_employer: Any, make_vacancy: Any,
          make_candidate: Any, make_interview: Any) -> dict[str, Any]:
    point_at(app, smtp_server.port)
    app.config["WAITLIST_TIME_LIMIT_SECONDS"] = 5
    event = make_event(start_minute=9 * 60, end_minute=11 * 60)
    cafe = make_employer(event, company_name="Kahvila Oy", available=[(9 * 60, 10 * 60)])
    barista = make_vacancy(cafe)
    youth = [make_candidate(event, interests=[barista]) for _ in range(2)]
    for i, person in enumerate(youth):
        make_interview(person, barista, start_minute=9 * 60 + 15 * i)
    idle = make_candidate(event, interests=[barista], windows=[(10 * 60, 11 * 60)])
    publish_schedule(event, None)
    db.session.commit()
    deliver_due(app)
    yield {"event": event, "cafe": cafe, "youth": youth, "idle": idle, "server": smtp_server}
    wait_for_refills()


def test_deleting_a_person_with_an_interview_asks_first(
    app: Any, scene: dict[str, Any], logged_in_client: Any
) -> None:
    event, person, server = scene["event"], scene["youth"][0], scene["server"]
    person_id, address = person.id, person.email
    url = f"/staff/events/{event.id}/candidates/{person_id}/delete?lang=en"
    before = _outbox_count()
    preview = logged_in_client.post(url, data={"confirm": "yes"})
    assert preview.status_code == 200
    assert "0 invitations, 0 updates and 1 cancellation will be sent." in _text(preview)
    assert 'name="confirm_messages"' in preview.get_data(as_text=True)
    assert db.session.get(Candidate, person_id) is not None  # nothing was kept
    assert _outbox_count() == before

    done = logged_in_client.post(url, data={"confirm": "yes", "confirm_messages": "1"})
    assert done.status_code == 302
    wait_for_refills()
    assert db.session.get(Candidate, person_id) is None
    deliver_due(app)
    assert _methods_to(server, address) == ["REQUEST", "CANCEL"]


def test_deleting_a_person_without_interviews_needs_no_message_preview(
    scene: dict[str, Any], logged_in_client: Any
) -> None:
    event, idle = scene["event"], scene["idle"]
    idle_id = idle.id
    done = logged_in_client.post(f"/staff/events/{event.id}/candidates/{idle_id}/delete",
                                 data={"confirm": "yes"})
    assert done.status_code == 302
    assert db.session.get(Candidate, idle_id) is None


def test_rejecting_a_published_employer_asks_first_then_cancels(
    app: Any, scene: dict[str, Any], logged_in_client: Any
) -> None:
    event, cafe, server = scene["event"], scene["cafe"], scene["server"]
    cafe_id = cafe.id
    url = f"/staff/events/{event.id}/employers/{cafe_id}/status?lang=fi"
    before = _outbox_count()
    preview = logged_in_client.post(url, data={"status": "rejected"})
    assert preview.status_code == 200
    assert "Lähetetään 0 kutsua, 0 päivitystä ja 2 peruutusta." in _text(preview)
    assert db.session.get(Employer, cafe_id).status == "approved"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Interview).where(
        Interview.cancelled_at.is_not(None))) == 0
    assert _outbox_count() == before

    done = logged_in_client.post(url, data={"status": "rejected", "confirm_messages": "1"})
    assert done.status_code == 302
    wait_for_refills()
    assert db.session.get(Employer, cafe_id).status == "rejected"
    deliver_due(app)
    for person in scene["youth"]:
        assert _methods_to(server, person.email) == ["REQUEST", "CANCEL"]
