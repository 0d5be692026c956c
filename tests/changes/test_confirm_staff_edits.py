"""Recording that a young person withdrew, and moving or removing an interview they booked,
after publishing: the first post shows what will be sent and changes nothing; confirming
makes the change and sends exactly that (to a real SMTP server)."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from recruit.booking import operations as booking
from recruit.extensions import db
from recruit.mail.sender import deliver_due
from recruit.models import Candidate, Interview
from recruit.scheduling.publishing import publish_schedule
from tests.booking.support import wait_for_refills
from tests.changes.test_confirm_people import _methods_to, _outbox_count, _text
from tests.mail.conftest import point_at
from tests.people.test_views import candidate_form


@pytest.fixture
def booked(app: Any, smtp_server: Any, make_event: Any, make_employer: Any, make_vacancy: Any,
           make_candidate: Any, make_interview: Any) -> dict[str, Any]:
    """A published event where one young person then booked their own interview."""
    point_at(app, smtp_server.port)
    app.config["WAITLIST_TIME_LIMIT_SECONDS"] = 5
    event = make_event(start_minute=9 * 60, end_minute=11 * 60)
    cafe = make_employer(event, company_name="Kahvila Oy", available=[(9 * 60, 10 * 60)])
    barista = make_vacancy(cafe)
    make_interview(make_candidate(event, interests=[barista]), barista, start_minute=9 * 60)
    publish_schedule(event, None)
    db.session.commit()
    person = make_candidate(event, interests=[barista])
    interview = booking.book(person, barista.id, 9 * 60 + 15)
    db.session.commit()
    deliver_due(app)
    yield {"event": event, "barista": barista, "person": person, "interview": interview,
           "server": smtp_server}
    wait_for_refills()


def _live_interviews(candidate_id: int) -> list[tuple[int, int]]:
    db.session.rollback()
    return [(row.start_minute, row.table_no) for row in db.session.scalars(
        sa.select(Interview).where(Interview.candidate_id == candidate_id,
                                   Interview.cancelled_at.is_(None)))]


def test_withdrawing_a_person_asks_first_then_cancels(
    app: Any, booked: dict[str, Any], logged_in_client: Any
) -> None:
    event, person, server = booked["event"], booked["person"], booked["server"]
    person_id, address = person.id, person.email
    url = f"/staff/events/{event.id}/candidates/{person_id}/edit?lang=en"
    form = candidate_form(email=address, status="cancelled",
                          **{"interests-0": str(booked["barista"].id)})
    before = _outbox_count()
    preview = logged_in_client.post(url, data=form)
    assert preview.status_code == 200
    assert "0 invitations, 0 updates and 1 cancellation will be sent." in _text(preview)
    # Confirming posts every value again, both languages included.
    page = preview.get_data(as_text=True)
    assert page.count('name="languages"') == 2
    assert _outbox_count() == before
    kept = db.session.get(Candidate, person_id)
    assert (kept.status, kept.first_name) == ("active", person.first_name)
    assert _live_interviews(person_id) == [(9 * 60 + 15, 1)]

    done = logged_in_client.post(url, data={**form, "confirm_messages": "1"})
    assert done.status_code == 302
    wait_for_refills()
    db.session.rollback()
    withdrawn = db.session.get(Candidate, person_id)
    assert (withdrawn.status, withdrawn.first_name) == ("cancelled", "Aino")
    assert withdrawn.languages == ["fi", "en"]
    assert _live_interviews(person_id) == []
    deliver_due(app)
    assert _methods_to(server, address) == ["REQUEST", "CANCEL"]


def test_moving_a_booked_interview_asks_first_then_updates(
    app: Any, booked: dict[str, Any], logged_in_client: Any
) -> None:
    event, person, server = booked["event"], booked["person"], booked["server"]
    person_id, interview_id, address = person.id, booked["interview"].id, person.email
    url = f"/staff/events/{event.id}/schedule/interviews/{interview_id}?lang=en"
    form = {"start_minute": str(9 * 60 + 45), "table_no": "1"}
    before = _outbox_count()
    preview = logged_in_client.post(url, data=form)
    assert preview.status_code == 200
    assert "0 invitations, 1 update and 0 cancellations will be sent." in _text(preview)
    assert _outbox_count() == before
    assert _live_interviews(person_id) == [(9 * 60 + 15, 1)]

    done = logged_in_client.post(url, data={**form, "confirm_messages": "1"})
    assert done.status_code == 302
    assert _live_interviews(person_id) == [(9 * 60 + 45, 1)]
    deliver_due(app)
    assert _methods_to(server, address) == ["REQUEST", "REQUEST"]


def test_removing_a_booked_interview_asks_first_then_cancels(
    app: Any, booked: dict[str, Any], logged_in_client: Any
) -> None:
    event, person, server = booked["event"], booked["person"], booked["server"]
    person_id, interview_id, address = person.id, booked["interview"].id, person.email
    base = f"/staff/events/{event.id}/schedule/interviews/{interview_id}"
    assert logged_in_client.post(f"{base}/unlock").status_code == 302  # a booking is locked
    url = f"{base}/remove?lang=fi"
    before = _outbox_count()
    preview = logged_in_client.post(url, data={"back": "board"})
    assert preview.status_code == 200
    assert "Lähetetään 0 kutsua, 0 päivitystä ja 1 peruutus." in _text(preview)
    assert 'name="back" value="board"' in preview.get_data(as_text=True)
    assert _outbox_count() == before
    assert _live_interviews(person_id) == [(9 * 60 + 15, 1)]

    done = logged_in_client.post(url, data={"back": "board", "confirm_messages": "1"})
    assert done.status_code == 302
    assert "/schedule/board" in done.headers["Location"]
    wait_for_refills()
    assert _live_interviews(person_id) == []
    deliver_due(app)
    assert _methods_to(server, address) == ["REQUEST", "CANCEL"]
