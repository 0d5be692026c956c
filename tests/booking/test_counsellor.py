"""Counsellor booking: staff book for a young person or send their link; marked and audited."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from recruit.extensions import db
from recruit.models import AuditEntry, Candidate, Interview
from tests.booking.support import booking_token, outbox, publish, token_from


@pytest.fixture
def scene(make_event: Any, make_employer: Any, make_vacancy: Any, make_candidate: Any,
          make_interview: Any) -> dict[str, Any]:
    event = make_event()
    shop = make_vacancy(make_employer(event, company_name="Kauppa Oy", available=[(540, 570)]),
                        title="Myyjä")
    other = make_candidate(event, interests=[shop])
    make_interview(other, shop, start_minute=555)
    publish(event)
    person = make_candidate(event, first_name="Walk", last_name="In", interests=[shop])
    return {"event": event, "shop": shop, "person": person,
            "url": f"/staff/events/{event.id}/candidates/{person.id}/booking"}


def test_pages_need_a_login(client: Any, scene: dict[str, Any]) -> None:
    for response in (client.get(scene["url"]), client.post(scene["url"] + "/book"),
                     client.post(scene["url"] + "/link"),
                     client.get(f"/staff/events/{scene['event'].id}/waiting-list")):
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_book_for_a_young_person(logged_in_client: Any, staff_user: Any,
                                 scene: dict[str, Any]) -> None:
    shop, person = scene["shop"], scene["person"]
    page = logged_in_client.get(scene["url"] + "?lang=en").get_data(as_text=True)
    assert "Booking for Walk In" in page and "Book 09:00" in page
    assert "Book 09:15" not in page  # the other person's time
    response = logged_in_client.post(scene["url"] + "/book",
                                     data={"vacancy_id": shop.id, "start_minute": 540})
    assert response.status_code == 302
    booked = db.session.scalar(sa.select(Interview).where(Interview.candidate_id == person.id))
    assert (booked.source, booked.locked, booked.start_minute) == ("counsellor", True, 540)
    entry = db.session.scalar(sa.select(AuditEntry).where(
        AuditEntry.action == "interview.book_for"))
    assert entry.object_id == booked.id and entry.staff_user_id == staff_user.id
    [invite] = outbox("interview_invite", to=person.email)
    assert invite.calendar_method == "REQUEST"
    # The person sees it on their own page at once.
    own = logged_in_client.get(f"/youth/b/{booking_token(person)}?lang=en")
    assert "Kauppa Oy: Myyjä" in own.get_data(as_text=True)


def test_a_taken_time_is_explained(logged_in_client: Any, scene: dict[str, Any]) -> None:
    response = logged_in_client.post(scene["url"] + "/book?lang=en",
                                     data={"vacancy_id": scene["shop"].id, "start_minute": 555})
    assert response.status_code == 302
    page = logged_in_client.get(scene["url"] + "?lang=en").get_data(as_text=True)
    assert "This time was just taken" in page
    assert db.session.scalar(sa.select(sa.func.count(Interview.id)).where(
        Interview.candidate_id == scene["person"].id)) == 0


def test_send_the_link_of_someone_signed_up_by_phone(
    logged_in_client: Any, staff_user: Any, make_candidate: Any, scene: dict[str, Any]
) -> None:
    phoned = make_candidate(scene["event"], email_verified_at=None,
                            signed_up_by_staff_id=staff_user.id)
    url = f"/staff/events/{scene['event'].id}/candidates/{phoned.id}/booking/link"
    assert logged_in_client.post(url).status_code == 302
    assert db.session.get(Candidate, phoned.id).email_verified_at is not None
    [message] = outbox("booking_link", to=phoned.email)
    assert logged_in_client.get(f"/youth/b/{token_from(message)}").status_code == 200
    assert "candidate.send_link" in db.session.scalars(sa.select(AuditEntry.action)).all()


def test_another_events_person_is_404(logged_in_client: Any, make_event: Any,
                                      scene: dict[str, Any]) -> None:
    elsewhere = make_event()
    url = f"/staff/events/{elsewhere.id}/candidates/{scene['person'].id}/booking"
    assert logged_in_client.get(url).status_code == 404
    assert logged_in_client.post(url + "/book", data={"vacancy_id": scene["shop"].id,
                                                      "start_minute": 540}).status_code == 404
