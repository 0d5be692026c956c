"""Pages with personal data are never kept in a browser's or a proxy's cache: every staff
page (the reports and exports included), the login page and the JSON API, and every page a
private link opens, send `Cache-Control: no-store`."""

from __future__ import annotations

from recruit.core import links
from recruit.extensions import db
from recruit.people.employer_link import LINK_PURPOSE
from tests.api.conftest import ApiClient, make_token
from tests.dayof.support import todays_event


def test_staff_pages_and_private_links_are_not_stored(
    logged_in_client, make_event, make_employer, make_vacancy, make_candidate, make_interview
):
    event = todays_event(make_event)
    employer = make_employer(event, company_name="Kahvila Oy")
    person = make_candidate(event, first_name="Aino")
    make_interview(person, make_vacancy(employer), start_minute=9 * 60)
    _link, booking = links.issue(person, "booking")
    _link, roster = links.issue(employer, LINK_PURPOSE)
    db.session.commit()
    base = f"/staff/events/{event.id}"
    staff_pages = [
        "/staff/events", base, f"{base}/candidates", f"{base}/candidates/{person.id}",
        f"{base}/employers/{employer.id}", f"{base}/check-in", f"{base}/schedule",
        f"/staff/reports/events/{event.id}/outcomes",
        f"/staff/reports/events/{event.id}/outcomes.csv",
    ]
    private_pages = [f"/youth/b/{booking}", f"/youth/b/{booking}/data",
                     f"/employers/link/{roster}"]
    for path in staff_pages + private_pages:
        response = logged_in_client.get(path)
        assert response.status_code == 200, path
        assert response.headers.get("Cache-Control") == "no-store", path
    # A redirect or an error page of the staff side is not stored either.
    assert logged_in_client.get(f"{base}/candidates/999999").headers["Cache-Control"] == (
        "no-store")


def test_login_page_and_api_are_not_stored(client, make_event, make_candidate):
    assert client.get("/auth/login").headers["Cache-Control"] == "no-store"
    person = make_candidate(make_event())
    api = ApiClient(client, make_token("read"))
    response = api.get(f"/candidates/{person.id}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"

