"""The audit log page: admins list and filter every entry, whatever its action; a page
costs the same number of statements however many entries it shows."""

from __future__ import annotations

import datetime as dt

from recruit.extensions import db
from recruit.models import AuditEntry, utcnow
from tests.core.test_query_counts import counting


def _entries(count, *, user, event, action="candidate.view", object_id=1, at=None):
    for number in range(count):
        db.session.add(AuditEntry(
            action=action, object_type="candidate", object_id=object_id + number,
            event_id=event.id, staff_user_id=user.id, at=at or utcnow()))
    db.session.commit()


def test_the_log_lists_and_filters_entries(
    app, logged_in_client, staff_user, make_event, make_staff_user
):
    event = make_event(name="Kesätyötreffit")
    other = make_event(name="Syystreffit")
    reader = make_staff_user(name="Riikka Reader", role="coordinator")
    _entries(3, user=staff_user, event=event, action="candidate.update")
    # An action this page has never heard of (other features add their own) shows too.
    _entries(2, user=reader, event=other, action="candidate.export_read", object_id=40)
    _entries(1, user=reader, event=event, action="candidate.view", object_id=7,
             at=utcnow() - dt.timedelta(days=40))
    page = logged_in_client.get("/staff/audit?lang=en").get_data(as_text=True)
    assert "7 entries" in page  # the six and the admin's own login
    assert "staff.login" in page
    assert "candidate.export_read" in page and "Riikka Reader" in page
    assert "Kesätyötreffit" in page and "Syystreffit" in page
    assert f"/staff/events/{event.id}/candidates/7" in page
    by_reader = logged_in_client.get(f"/staff/audit?lang=en&staff={reader.id}")
    assert "3 entries" in by_reader.get_data(as_text=True)
    by_action = logged_in_client.get("/staff/audit?lang=en&action=candidate.update")
    assert "3 entries" in by_action.get_data(as_text=True)
    by_prefix = logged_in_client.get("/staff/audit?lang=en&action=candidate")
    assert "6 entries" in by_prefix.get_data(as_text=True)
    by_event = logged_in_client.get(f"/staff/audit?lang=en&event={other.id}")
    assert "2 entries" in by_event.get_data(as_text=True)
    by_person = logged_in_client.get("/staff/audit?lang=en&object_type=candidate&object_id=7")
    assert "1 entry" in by_person.get_data(as_text=True)
    since = (dt.date.today() - dt.timedelta(days=10)).isoformat()
    recent = logged_in_client.get(f"/staff/audit?lang=en&start={since}")
    assert "6 entries" in recent.get_data(as_text=True)


def test_bad_filters_get_a_message_and_a_400(app, logged_in_client):
    for query in ("event=abc", "start=31.1.2027", "object_id=99999999999999999999",
                  "staff=x", "end=2027-02-30", "event=%C2%B2", "action=" + "a" * 100):
        response = logged_in_client.get(f"/staff/audit?lang=en&{query}")
        assert response.status_code == 400, query
        assert 'role="alert"' in response.get_data(as_text=True)
    # A page number that is not one shows the first page.
    assert logged_in_client.get("/staff/audit?page=%C2%B2").status_code == 200


def test_a_page_costs_the_same_however_many_entries(
    app, logged_in_client, staff_user, make_event, make_staff_user
):
    event = make_event()
    people = [make_staff_user() for _ in range(3)]

    def statements() -> int:
        logged_in_client.get("/staff/audit")
        with counting(app) as seen:
            assert logged_in_client.get("/staff/audit").status_code == 200
        return len(seen)

    _entries(2, user=people[0], event=event)
    few = statements()
    for person in people:
        _entries(20, user=person, event=make_event())
    assert statements() == few
    # Pages: 50 a page, newest first, and the last page holds the rest.
    last = logged_in_client.get("/staff/audit?lang=en&page=2").get_data(as_text=True)
    assert "page 2 of 2" in last
