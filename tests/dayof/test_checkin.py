"""The check-in list: the day's interviews by time and employer, one tap per mark, counts on
top, the QR code's check-in shown, and the employer's roster asking who has arrived."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import sqlalchemy as sa

from recruit.booking.operations import check_in
from recruit.dayof import checkin
from recruit.extensions import db
from recruit.models import AuditEntry, Candidate, Interview
from recruit.people.operations import OperationError
from tests.dayof.support import counted, todays_event
from tests.employers.test_link import employer_link, publish


@pytest.fixture
def day(make_event, make_employer, make_vacancy, make_candidate, make_interview) -> dict[str, Any]:
    event = todays_event(make_event)
    cafe = make_employer(event, company_name="Kahvila Oy", tables=2)
    shop = make_employer(event, company_name="Kauppa Oy")
    barista, seller = make_vacancy(cafe, title="Barista"), make_vacancy(shop, title="Myyjä")
    aino = make_candidate(event, first_name="Aino", last_name="Aalto")
    ville = make_candidate(event, first_name="Ville", last_name="Virta")
    rows = {
        "aino_cafe": make_interview(aino, barista, start_minute=9 * 60),
        "ville_cafe": make_interview(ville, barista, start_minute=9 * 60, table_no=2),
        "aino_shop": make_interview(aino, seller, start_minute=10 * 60),
    }
    publish(event)
    draft = make_interview(make_candidate(event, first_name="Luonnos"), seller,
                           start_minute=11 * 60)
    return {"event": event, "cafe": cafe, "shop": shop, "aino": aino, "ville": ville,
            "draft": draft, **rows}


def _url(event: Any, suffix: str = "") -> str:
    return f"/staff/events/{event.id}/check-in{suffix}"


def _row_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<li id="interview-(\d+)" class="checkin-row', html)]


def test_the_list_shows_published_interviews_by_time_then_employer(logged_in_client, day):
    html = logged_in_client.get(_url(day["event"]) + "?lang=en").get_data(as_text=True)
    # 9.00 Kahvila (tables 1 and 2), then 10.00 Kauppa; the unpublished draft is not there.
    assert _row_ids(html) == [day["aino_cafe"].id, day["ville_cafe"].id, day["aino_shop"].id]
    assert "Luonnos" not in html
    assert re.search(r'data-count="expected">3<', html)
    assert re.search(r'data-count="waiting">3<', html)


def test_search_by_name_or_employer_and_filter_by_employer(logged_in_client, day):
    event = day["event"]
    html = logged_in_client.get(_url(event) + "?q=ville").get_data(as_text=True)
    assert _row_ids(html) == [day["ville_cafe"].id]
    html = logged_in_client.get(_url(event) + "?q=KAUPPA").get_data(as_text=True)
    assert _row_ids(html) == [day["aino_shop"].id]
    html = logged_in_client.get(_url(event) + f"?employer={day['cafe'].id}").get_data(
        as_text=True)
    assert _row_ids(html) == [day["aino_cafe"].id, day["ville_cafe"].id]
    # Wildcards are searched for as text, and nonsense filters are ignored, not a 500.
    assert _row_ids(logged_in_client.get(_url(event) + "?q=%25").get_data(as_text=True)) == []
    response = logged_in_client.get(_url(event) + "?employer=abc&q=" + "x" * 5000)
    assert response.status_code == 200
    for nonsense in ("9" * 5000, "²", "-1", "1e3"):
        response = logged_in_client.get(_url(event) + f"?employer={nonsense}&page={nonsense}")
        assert response.status_code == 200, nonsense


def test_one_tap_marks_and_the_counts_follow(logged_in_client, day):
    event, row = day["event"], day["ville_cafe"]
    response = logged_in_client.post(_url(event, f"/{row.id}?q=ville"), data={"arrival": "late"})
    assert response.status_code == 302
    # Back on the same filtered list, at the row.
    assert response.headers["Location"].endswith(f"/check-in?q=ville#interview-{row.id}")
    assert db.session.get(Interview, row.id).arrival == "late"
    # Late means here: the person is checked in.
    assert db.session.get(Candidate, day["ville"].id).checked_in_at is not None
    html = logged_in_client.get(_url(event)).get_data(as_text=True)
    assert re.search(r'data-count="late">1<', html)
    assert re.search(r'data-count="waiting">2<', html)
    audit = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "interview.arrival")).all()
    assert [(a.object_id, a.staff_user_id is not None) for a in audit] == [(row.id, True)]


def test_marking_with_javascript_answers_the_rows_and_counts(logged_in_client, day):
    event, row = day["event"], day["aino_cafe"]
    response = logged_in_client.post(_url(event, f"/{row.id}?lang=en"), data={"arrival": "arrived"},
                                     headers={"Accept": "application/json"})
    assert response.status_code == 200
    body = response.get_json()
    # Aino is here: her other interview (at Kauppa) shows her arrived too.
    assert body["rows"] == {
        str(row.id): {"arrival": "arrived", "label": "Arrived"},
        str(day["aino_shop"].id): {"arrival": "arrived", "label": "Arrived"},
    }
    assert body["counts"] == {"expected": 3, "arrived": 2, "late": 0, "no_show": 0,
                              "waiting": 1}
    # No-show on one of them; then clear it again.
    body = logged_in_client.post(_url(event, f"/{day['aino_shop'].id}"),
                                 data={"arrival": "no_show"},
                                 headers={"Accept": "application/json"}).get_json()
    assert body["counts"]["no_show"] == 1 and body["counts"]["arrived"] == 1
    body = logged_in_client.post(_url(event, f"/{day['aino_shop'].id}"), data={"arrival": ""},
                                 headers={"Accept": "application/json"}).get_json()
    assert body["counts"]["no_show"] == 0 and body["counts"]["arrived"] == 2


def test_scanning_the_qr_code_shows_the_person_arrived_on_the_list(logged_in_client, day,
                                                                   staff_user):
    assert check_in(day["ville"], staff_user)
    db.session.commit()
    html = logged_in_client.get(_url(day["event"]) + "?lang=en").get_data(as_text=True)
    assert re.search(r'data-count="arrived">1<', html)
    row = html[html.index(f'id="interview-{day["ville_cafe"].id}"'):]
    assert "state-arrived" in row[:200]


@pytest.mark.parametrize("arrival", ["maybe", "ARRIVED"])
def test_unknown_marks_are_a_bad_request(logged_in_client, day, arrival):
    row = day["aino_cafe"]
    response = logged_in_client.post(_url(day["event"], f"/{row.id}"), data={"arrival": arrival})
    assert response.status_code == 400
    assert db.session.get(Interview, row.id).arrival is None


def test_drafts_other_events_and_missing_rows_are_not_found(logged_in_client, day, make_event):
    event = day["event"]
    assert logged_in_client.post(_url(event, f"/{day['draft'].id}"),
                                 data={"arrival": "arrived"}).status_code == 404
    other = todays_event(make_event)
    assert logged_in_client.post(_url(other, f"/{day['aino_cafe'].id}"),
                                 data={"arrival": "arrived"}).status_code == 404
    assert logged_in_client.post(_url(event, f"/{10**20}"),
                                 data={"arrival": "arrived"}).status_code == 404


def test_marks_wait_for_the_event_day(logged_in_client, make_event, make_employer, make_vacancy,
                                      make_candidate, make_interview):
    event = make_event()  # 12 March 2027
    row = make_interview(make_candidate(event), make_vacancy(make_employer(event)))
    publish(event)
    html = logged_in_client.get(_url(event) + "?lang=en").get_data(as_text=True)
    assert 'id="check-in-closed"' in html
    assert "mark-arrived" not in html
    response = logged_in_client.post(_url(event, f"/{row.id}"), data={"arrival": "arrived"},
                                     headers={"Accept": "application/json"})
    assert response.status_code == 409
    assert "day of the event" in response.get_json()["error"]
    assert db.session.get(Interview, row.id).arrival is None
    with pytest.raises(OperationError):
        checkin.mark_arrival(row, "arrived", None,
                             now=dt.datetime(2027, 3, 11, 12, tzinfo=dt.UTC))


def test_the_list_needs_a_staff_login(client, day):
    response = client.get(_url(day["event"]))
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    row = day["aino_cafe"]
    assert client.post(_url(day["event"], f"/{row.id}"), data={"arrival": "arrived"}
                       ).status_code == 302
    assert db.session.get(Interview, row.id).arrival is None


def test_the_list_costs_the_same_number_of_queries_however_many_rows(
    logged_in_client, make_event, make_employer, make_vacancy, make_candidate, make_interview
):
    def event_with(people: int) -> Any:
        event = todays_event(make_event)
        vacancy = make_vacancy(make_employer(event, tables=people))
        for table in range(1, people + 1):
            make_interview(make_candidate(event), vacancy, start_minute=9 * 60, table_no=table)
        publish(event)
        return event

    small, large = event_with(2), event_with(12)
    costs = []
    for event in (small, large):
        db.session.expire_all()
        with counted() as statements:
            assert logged_in_client.get(_url(event)).status_code == 200
        costs.append(len(statements))
    assert costs[0] == costs[1]


# --- the employer's roster on the day --------------------------------------------------------


def test_the_employers_roster_shows_arrivals_and_polls_for_them(client, logged_in_client, day):
    path = employer_link(day["cafe"])
    html = client.get(path + "?lang=en").get_data(as_text=True)
    assert f'data-arrivals-url="{path}/arrivals"' in html
    assert "arrivals.js" in html
    assert client.get(path + "/arrivals").get_json() == {"arrivals": {
        str(day["aino_cafe"].id): {"arrival": None, "label": ""},
        str(day["ville_cafe"].id): {"arrival": None, "label": ""},
    }}
    logged_in_client.post(_url(day["event"], f"/{day['ville_cafe'].id}"),
                          data={"arrival": "no_show"})
    answer = client.get(path + "/arrivals?lang=en")
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.get_json()["arrivals"][str(day["ville_cafe"].id)] == {
        "arrival": "no_show", "label": "No-show"}
    # Nothing of another employer's roster, and a wrong link finds nothing.
    assert str(day["aino_shop"].id) not in answer.get_json()["arrivals"]
    assert client.get(f"/employers/link/{'C' * 43}/arrivals").status_code == 404


def test_the_roster_has_no_arrival_column_before_the_day(client, make_event, make_employer,
                                                         make_vacancy, make_candidate,
                                                         make_interview):
    event = make_event()
    employer = make_employer(event)
    make_interview(make_candidate(event), make_vacancy(employer))
    publish(event)
    html = client.get(employer_link(employer)).get_data(as_text=True)
    assert "data-arrivals-url" not in html and "arrivals.js" not in html


def test_the_employers_polling_costs_the_same_however_many_interviews(
    client, make_event, make_employer, make_vacancy, make_candidate, make_interview
):
    event = todays_event(make_event)
    employer = make_employer(event, tables=12)
    vacancy = make_vacancy(employer)
    path = employer_link(employer)
    costs = []
    for people in (2, 10):
        while len(checkin.employer_arrivals(employer)) < people:
            table = len(checkin.employer_arrivals(employer)) + 1
            make_interview(make_candidate(event), vacancy, start_minute=9 * 60, table_no=table)
        db.session.expire_all()
        with counted() as statements:
            assert len(client.get(path + "/arrivals").get_json()["arrivals"]) == people
        costs.append(len(statements))
    assert costs[0] == costs[1]


def test_the_door_list_is_by_name_and_costs_the_same_however_long(logged_in_client, day,
                                                                   make_candidate,
                                                                   make_interview):
    event = day["event"]
    html = logged_in_client.get(_url(event, "/door-list?lang=en")).get_data(as_text=True)
    names = re.findall(r"<td>([^<]+), ([^<]+)</td>", html)
    # Aalto (two interviews, by time), then Virta; the unpublished draft is not there.
    assert names == [("Aalto", "Aino"), ("Aalto", "Aino"), ("Virta", "Ville")]
    assert "Luonnos" not in html
    with counted() as few:
        logged_in_client.get(_url(event, "/door-list"))
    for hour in (12, 13, 14):
        make_interview(make_candidate(event), day["shop"].vacancies[0], start_minute=hour * 60,
                       source="counsellor")
    db.session.expire_all()
    with counted() as many:
        html = logged_in_client.get(_url(event, "/door-list")).get_data(as_text=True)
    assert html.count("<tr>") == 1 + 6
    assert len(few) == len(many)


def test_a_long_list_comes_in_pages_with_the_filters_kept(logged_in_client, day, monkeypatch):
    from recruit.dayof import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    event = day["event"]
    html = logged_in_client.get(_url(event) + "?lang=en").get_data(as_text=True)
    assert _row_ids(html) == [day["aino_cafe"].id, day["ville_cafe"].id]
    assert "Interviews 1–2 of 3." in html
    later = re.search(r'<a href="([^"]+)" rel="next">', html).group(1)
    html = logged_in_client.get(later.replace("&amp;", "&")).get_data(as_text=True)
    assert _row_ids(html) == [day["aino_shop"].id]
    assert 'rel="prev"' in html and 'rel="next"' not in html
    # A mark on page 2 comes back to page 2.
    response = logged_in_client.post(_url(event, f"/{day['aino_shop'].id}?page=2"),
                                     data={"arrival": "arrived"})
    assert "page=2" in response.headers["Location"]
    # Counts stay those of the whole event, and a page past the end is simply empty.
    assert re.search(r'data-count="expected">3<', html)
    assert logged_in_client.get(_url(event) + "?page=99").status_code == 200


def test_scanning_the_code_checks_in_and_leads_back_to_the_list(logged_in_client, day):
    from recruit.core import links

    _link, token = links.issue(day["ville"], "check_in")
    db.session.commit()
    page = logged_in_client.get(f"/staff/check-in/{token}?lang=en").get_data(as_text=True)
    assert f'href="/staff/events/{day["event"].id}/check-in?q=Ville+Virta"' in page
    assert logged_in_client.post(f"/staff/check-in/{token}").status_code == 302
    html = logged_in_client.get(_url(day["event"], "?q=Ville+Virta")).get_data(as_text=True)
    assert _row_ids(html) == [day["ville_cafe"].id]
    assert re.search(r'data-count="arrived">1<', html)
