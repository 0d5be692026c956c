"""Roles: an event is visible only to its coordinators and to admins, everywhere a staff
member can reach it (its pages, the event list, the reports); admin pages are admins' own."""

from __future__ import annotations

import sqlalchemy as sa

from recruit.accounts.operations import add_coordinator
from recruit.core import links
from recruit.extensions import db
from recruit.models import AuditEntry, Event, EventCoordinator
from tests.events.test_views import event_form


def _coordinator_of(event, make_staff_user, name="Coordinator"):
    user = make_staff_user(role="coordinator", name=name)
    add_coordinator(event, user, None)
    db.session.commit()
    return user


def test_a_coordinator_sees_their_events_only(app, make_event, make_staff_user, client_of):
    mine = make_event(name="Kesätyötreffit")
    theirs = make_event(name="Syystreffit")
    client = client_of(_coordinator_of(mine, make_staff_user))
    listing = client.get("/staff/events").get_data(as_text=True)
    assert "Kesätyötreffit" in listing and "Syystreffit" not in listing
    assert client.get(f"/staff/events/{mine.id}").status_code == 200
    assert client.get(f"/staff/events/{mine.id}/candidates").status_code == 200
    # Another event answers as if it did not exist, on its pages and its reports alike.
    for url in (f"/staff/events/{theirs.id}", f"/staff/events/{theirs.id}/candidates",
                f"/staff/events/{theirs.id}/edit", f"/staff/reports/events/{theirs.id}",
                f"/staff/reports/events/{theirs.id}/outcomes.csv"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/staff/events/{theirs.id}/schedule/publish").status_code == 404


def test_the_range_report_counts_only_visible_events(
    app, make_event, make_staff_user, client_of, logged_in_client
):
    mine = make_event(name="Kesätyötreffit")
    make_event(name="Syystreffit")
    client = client_of(_coordinator_of(mine, make_staff_user))
    year = mine.date.year
    query = f"?start={year}-01-01&end={year}-12-31"
    page = client.get(f"/staff/reports/{query}").get_data(as_text=True)
    assert "Kesätyötreffit" in page and "Syystreffit" not in page
    admin_page = logged_in_client.get(f"/staff/reports/{query}").get_data(as_text=True)
    assert "Kesätyötreffit" in admin_page and "Syystreffit" in admin_page
    csv = client.get(f"/staff/reports/range.csv{query}").get_data(as_text=True)
    assert "Syystreffit" not in csv


def test_admin_pages_refuse_a_coordinator(app, make_event, make_staff_user, client_of):
    client = client_of(make_staff_user(role="coordinator"))
    for url in ("/staff/accounts", "/staff/audit", "/staff/cards", "/staff/api-tokens"):
        assert client.get(url).status_code == 403, url
    nav = client.get("/staff/events").get_data(as_text=True)
    assert "/staff/audit" not in nav and "/staff/accounts" not in nav


def test_the_creator_becomes_a_coordinator_and_adds_another(
    app, make_staff_user, client_of
):
    creator = make_staff_user(role="coordinator", name="Cecilia Creator")
    colleague = make_staff_user(role="coordinator", name="Kalle Colleague")
    client = client_of(creator)
    response = client.post("/staff/events/new", data=event_form(retention_days="3000"))
    assert response.status_code == 302, response.get_data(as_text=True)
    event = db.session.scalar(sa.select(Event))
    # Only an admin sets the retention period: the posted value was ignored.
    assert event.retention_days == 90
    assert db.session.get(EventCoordinator, (event.id, creator.id)) is not None
    other = client_of(colleague)
    assert other.get(f"/staff/events/{event.id}").status_code == 404
    page = client.get(f"/staff/events/{event.id}").get_data(as_text=True)
    assert "Kalle Colleague" in page  # offered in the "add a coordinator" list
    response = client.post(f"/staff/events/{event.id}/coordinators",
                           data={"staff_user_id": str(colleague.id)})
    assert response.status_code == 302
    assert other.get(f"/staff/events/{event.id}").status_code == 200
    # The creator's own entry first, then who added whom (ids only).
    assert list(db.session.scalars(sa.select(AuditEntry.object_id).where(
        AuditEntry.action == "event.coordinator_add", AuditEntry.event_id == event.id
    ).order_by(AuditEntry.id))) == [creator.id, colleague.id]
    # Someone who is no staff member of the list cannot be added.
    assert client.post(f"/staff/events/{event.id}/coordinators",
                       data={"staff_user_id": "999999"}).status_code == 400
    response = client.post(f"/staff/events/{event.id}/coordinators/{colleague.id}/remove")
    assert response.status_code == 302
    assert other.get(f"/staff/events/{event.id}").status_code == 404


def test_an_admin_sets_the_retention_period(app, make_event, logged_in_client):
    event = make_event(retention_days=90)
    page = logged_in_client.get(f"/staff/events/{event.id}/edit").get_data(as_text=True)
    assert 'name="retention_days"' in page and "readonly" not in page.split(
        'name="retention_days"')[1].split(">")[0]


def test_a_deactivated_account_is_logged_out_at_once(
    app, make_event, make_staff_user, client_of, logged_in_client
):
    user = make_staff_user(role="coordinator")
    client = client_of(user)
    assert client.get("/staff/events").status_code == 200
    response = logged_in_client.post(f"/staff/accounts/{user.id}",
                                     data={"role": "coordinator"})  # "Can log in" unticked
    assert response.status_code == 302
    assert client.get("/staff/events").status_code == 302  # to the login page
    assert client.post("/auth/login", data={
        "email": user.email, "password": "correct horse battery"}).status_code == 401


def test_roles_change_and_nobody_changes_their_own(
    app, make_event, make_staff_user, staff_user, client_of, logged_in_client
):
    user = make_staff_user(role="coordinator")
    event = make_event()
    client = client_of(user)
    assert client.get(f"/staff/events/{event.id}").status_code == 404
    assert logged_in_client.post(f"/staff/accounts/{user.id}",
                                 data={"role": "admin", "active": "y"}).status_code == 302
    assert client.get(f"/staff/events/{event.id}").status_code == 200
    assert client.get("/staff/audit").status_code == 200
    response = logged_in_client.post(f"/staff/accounts/{staff_user.id}?lang=en",
                                     data={"role": "coordinator"})
    assert response.status_code == 400
    assert "You cannot change your own role" in response.get_data(as_text=True)
    db.session.refresh(staff_user)
    assert staff_user.role == "admin" and staff_user.is_active
    assert logged_in_client.post(f"/staff/accounts/{user.id}",
                                 data={"role": "chief", "active": "y"}).status_code == 400


def test_the_door_code_of_another_event_opens_nothing(
    app, make_event, make_candidate, make_staff_user, client_of
):
    event = make_event()
    person = make_candidate(event)
    _link, booking = links.issue(person, "booking")
    code = links.ensure_check_in_link(person, booking)
    db.session.commit()
    outsider = client_of(_coordinator_of(make_event(), make_staff_user, name="Outsider"))
    assert outsider.get(f"/staff/check-in/{code}").status_code == 404
    insider = client_of(_coordinator_of(event, make_staff_user, name="Insider"))
    assert insider.get(f"/staff/check-in/{code}").status_code == 200
