"""The staff demo tool: "Import demo employers and youth" on an event (events/demo_views)."""

from __future__ import annotations

import sqlalchemy as sa

from recruit.extensions import db
from recruit.models import AuditEntry, Candidate, Employer, Event
from recruit.scheduling.bridge import build_problem
from tests import factories


def _counts(event_id: int) -> tuple[int, int]:
    employers = db.session.scalar(
        sa.select(sa.func.count(Employer.id)).where(Employer.event_id == event_id)
    )
    youth = db.session.scalar(
        sa.select(sa.func.count(Candidate.id)).where(Candidate.event_id == event_id)
    )
    return employers, youth


def test_the_event_page_offers_the_import_and_it_fills_the_event(
    logged_in_client, make_event, staff_user
):
    event = make_event(cards=["hygiene_passport"])
    page = logged_in_client.get(f"/staff/events/{event.id}?lang=en")
    assert "Import demo employers and youth" in page.get_data(as_text=True)

    response = logged_in_client.post(f"/staff/events/{event.id}/demo-people", follow_redirects=True)

    assert response.status_code == 200
    assert "Demo people added: 8 employers and 200 young people." in response.get_data(
        as_text=True
    )
    assert _counts(event.id) == (8, 200)
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "event.demo_import"))
    assert entry is not None
    assert (entry.event_id, entry.staff_user_id) == (event.id, staff_user.id)
    event = db.session.get(Event, event.id)
    # Every card the demo people hold or need is offered by the event, so editing keeps them.
    offered = {card.code for card in event.cards}
    assert {card.code for c in event.candidates for card in c.cards} <= offered
    assert event.last_signup_seq == 200


def test_demo_people_fit_the_events_hours_and_grid(logged_in_client, make_event):
    event = make_event(start_minute=10 * 60, end_minute=12 * 60 + 40, grid_minutes=20)

    first = logged_in_client.post(f"/staff/events/{event.id}/demo-people")
    second = logged_in_client.post(f"/staff/events/{event.id}/demo-people")

    assert first.status_code == second.status_code == 302
    # A second import adds people beside the first (unique e-mails and sign-up numbers).
    assert _counts(event.id) == (16, 400)
    event = db.session.get(Event, event.id)
    windows = [w for e in event.employers for w in e.windows]
    windows += [w for c in event.candidates for w in c.windows]
    assert windows
    assert all(10 * 60 <= w.start_minute < w.end_minute <= 12 * 60 + 40 for w in windows)
    assert all(e.interview_minutes % 20 == 0 for e in event.employers)
    # The scheduling bridge takes every employer: none is left out for off-grid data.
    bridge = build_problem(event, [])
    assert not [code for key, code in bridge.left_out if key.startswith("E")]
    assert len(bridge.problem.employers) == 16


def test_without_demo_tools_there_is_no_button_and_the_action_is_not_found(make_app, app):
    event = factories.make_event()
    factories.make_staff_user(email="organiser@example.org")
    production = make_app(DEMO_TOOLS=False)
    client = production.test_client()
    login = client.post(
        "/auth/login",
        data={"email": "organiser@example.org", "password": factories.STAFF_PASSWORD},
    )
    assert login.status_code == 302

    page = client.get(f"/staff/events/{event.id}?lang=en")
    response = client.post(f"/staff/events/{event.id}/demo-people")

    assert page.status_code == 200
    assert "Import demo employers and youth" not in page.get_data(as_text=True)
    assert response.status_code == 404
    assert _counts(event.id) == (0, 0)


def test_the_import_needs_a_login_and_an_existing_event(client, logged_in_client, make_event):
    event = make_event()
    assert logged_in_client.post("/staff/events/999999/demo-people").status_code == 404
    logged_in_client.post("/auth/logout")

    response = client.post(f"/staff/events/{event.id}/demo-people")

    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    assert _counts(event.id) == (0, 0)
