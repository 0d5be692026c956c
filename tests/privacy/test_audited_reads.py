"""Every staff page that shows a person, every file of people and every API read of people
writes one audit row (who, what, when, which person or event) with ids only; and a young
person can be told who at the centre viewed their data."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from recruit.core import links
from recruit.core.audit import views_of_person
from recruit.extensions import db
from recruit.models import AuditEntry
from tests.api.conftest import ApiClient, make_token
from tests.dayof.support import todays_event
from tests.employers.test_link import publish


@pytest.fixture
def day(make_event, make_employer, make_vacancy, make_candidate, make_interview):
    event = todays_event(make_event)
    cafe = make_employer(event, company_name="Kahvila Oy", contact_name="Kaisa Kahvinen")
    barista = make_vacancy(cafe, title="Barista")
    aino = make_candidate(event, first_name="Aino", last_name="Aalto")
    other = make_candidate(event, first_name="Olli", last_name="Muu")
    interview = make_interview(aino, barista, start_minute=9 * 60)
    publish(event)
    _link, check_in_token = links.issue(aino, "check_in")
    db.session.commit()
    return {"event": event, "employer": cafe, "aino": aino, "other": other,
            "interview": interview, "check_in_token": check_in_token}


def _entries() -> list[AuditEntry]:
    return db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()


def _new_reads(before: int) -> list[AuditEntry]:
    return [e for e in _entries()[before:] if e.action != "staff.login"]


def _staff_pages(day: dict[str, Any]) -> list[tuple[str, str, str, int]]:
    """(url, action, object type, object id): each staff page that shows a person or lists
    the people of the event."""
    event, aino, employer = day["event"], day["aino"], day["employer"]
    base = f"/staff/events/{event.id}"
    return [
        (f"{base}/candidates/{aino.id}", "candidate.view", "candidate", aino.id),
        (f"{base}/candidates/{aino.id}/edit", "candidate.view", "candidate", aino.id),
        (f"{base}/candidates/{aino.id}/booking", "candidate.view", "candidate", aino.id),
        (f"{base}/schedule/people/{aino.id}/add", "candidate.view", "candidate", aino.id),
        (f"/staff/check-in/{day['check_in_token']}", "candidate.view", "candidate", aino.id),
        (f"/staff/reports/events/{event.id}/outcomes/{day['interview'].id}", "candidate.view",
         "candidate", aino.id),
        (f"{base}/employers/{employer.id}", "employer.view", "employer", employer.id),
        (f"{base}/employers/{employer.id}/edit", "employer.view", "employer", employer.id),
        (f"{base}/check-in/door-list", "event.door_list", "event", event.id),
        (f"{base}/texts", "event.text_messages", "event", event.id),
        (f"{base}/schedule/print", "schedule.print", "event", event.id),
        (f"/staff/reports/events/{event.id}/outcomes.csv", "report.outcomes_export", "event",
         event.id),
    ]


def test_each_staff_page_showing_a_person_writes_one_audit_row(
    logged_in_client, staff_user, day
):
    for url, action, object_type, object_id in _staff_pages(day):
        before = len(_entries())
        response = logged_in_client.get(url)
        assert response.status_code == 200, url
        rows = _new_reads(before)
        assert [(r.action, r.object_type, r.object_id) for r in rows] == [
            (action, object_type, object_id)
        ], url
        assert rows[0].staff_user_id == staff_user.id
        assert rows[0].event_id == day["event"].id
        assert rows[0].at is not None


def test_api_reads_of_people_are_audited(client, day):
    api = ApiClient(client, make_token("read", "Register"))
    event, aino, employer = day["event"], day["aino"], day["employer"]
    reads = [
        (f"/candidates/{aino.id}", "candidate.view", "candidate", aino.id),
        (f"/employers/{employer.id}", "employer.view", "employer", employer.id),
        (f"/events/{event.id}/candidates", "api.candidates_read", "event", event.id),
        (f"/events/{event.id}/employers", "api.employers_read", "event", event.id),
        (f"/events/{event.id}/outcomes", "api.outcomes_read", "event", event.id),
    ]
    for path, action, object_type, object_id in reads:
        before = len(_entries())
        assert api.get(path).status_code == 200, path
        rows = _new_reads(before)
        assert [(r.action, r.object_type, r.object_id) for r in rows] == [
            (action, object_type, object_id)
        ], path
        assert rows[0].api_token_id is not None and rows[0].staff_user_id is None


def test_a_refused_or_missing_page_writes_nothing(logged_in_client, day):
    before = len(_entries())
    base = f"/staff/events/{day['event'].id}"
    assert logged_in_client.get(f"{base}/candidates/999999").status_code == 404
    assert logged_in_client.get(f"{base}/employers/999999").status_code == 404
    assert _new_reads(before) == []


def test_audit_rows_hold_no_personal_data(logged_in_client, day):
    for url, *_rest in _staff_pages(day):
        logged_in_client.get(url)
    text_columns = [c for c in AuditEntry.__table__.columns
                    if isinstance(c.type, sa.String)]
    values = db.session.execute(sa.select(*text_columns)).all()
    flat = " ".join(str(v) for row in values for v in row if v)
    for secret in ("Aino", "Aalto", "Kaisa", "Kahvila", day["aino"].email):
        assert secret not in flat


def test_views_of_person_lists_who_viewed_them_and_when(
    make_app, day, make_staff_user
):
    from tests.factories import STAFF_PASSWORD

    app = make_app()
    viewer = make_staff_user(email="katja@example.org", name="Katja Katsoja")
    client = app.test_client()
    client.post("/auth/login", data={"email": viewer.email, "password": STAFF_PASSWORD})
    event, aino, other = day["event"], day["aino"], day["other"]
    client.get(f"/staff/events/{event.id}/candidates/{aino.id}")
    client.get(f"/staff/events/{event.id}/candidates/{other.id}")
    client.get(f"/staff/events/{event.id}/check-in/door-list")
    seen = views_of_person(aino.id)
    assert [(v.action, v.staff_name) for v in seen] == [
        ("event.door_list", "Katja Katsoja"),
        ("candidate.view", "Katja Katsoja"),
    ]
    assert seen[0].at >= seen[1].at and not seen[0].through_api
    # The other person's page is not in Aino's list, and nobody viewed a stranger.
    assert [v.action for v in views_of_person(other.id)] == ["event.door_list",
                                                              "candidate.view"]
    assert views_of_person(999999) == []
