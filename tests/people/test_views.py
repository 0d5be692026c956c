"""HTTP tests of the staff pages for employers, vacancies and young people of an event."""

from __future__ import annotations

import re
from typing import Any

import pytest
import sqlalchemy as sa

from recruit.extensions import db
from recruit.models import (
    AuditEntry,
    Candidate,
    Employer,
    Interview,
    RequirementCard,
    Vacancy,
)
from tests import factories
from tests.core.test_query_counts import counting
from tests.events.test_views import field_error


def employer_form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "company_name": "Kahvila Kuppi Oy",
        "business_id": "1572860-0",
        "contact_name": "Kaisa Kuppi",
        "email": "Kaisa@Kuppi.fi",
        "phone": "040 123 4567",
        "address": "Kauppakatu 3, Jyväskylä",
        "interview_minutes": "15",
        "tables": "2",
        "min_candidates": "10",
        "max_candidates": "20",
        "available": "09:00-12:00",
        "breaks": "10:30-10:45",
    }
    data.update(overrides)
    return data


def candidate_form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "first_name": "Aino",
        "last_name": "Aaltonen",
        "email": "Aino.Aaltonen@example.fi",
        "phone": "050 765 4321",
        "birth_year": "2007",
        "languages": ["fi", "en"],
        "cards": [],
        "interests-0": "",
        "interests-1": "",
        "interests-2": "",
        "windows": "",
        "introduction": "Olen kiinnostunut asiakaspalvelusta.",
        "share_with_employers": "y",
        "status": "active",
    }
    data.update(overrides)
    return data


def count(model: Any) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def audit_actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))


# --- login and 404 ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/staff/events/1/employers", "/staff/events/1/employers/new", "/staff/events/1/employers/1",
     "/staff/events/1/candidates", "/staff/events/1/candidates/new",
     "/staff/events/1/candidates/1", "/staff/events/1/candidates/1/edit"],
)
def test_people_pages_need_login(client: Any, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_delete_needs_login(client: Any, make_candidate: Any, make_event: Any) -> None:
    candidate = make_candidate(make_event())
    response = client.post(
        f"/staff/events/{candidate.event_id}/candidates/{candidate.id}/delete",
        data={"confirm": "yes"},
    )
    assert response.status_code == 302
    assert count(Candidate) == 1


def test_another_events_objects_are_404(
    logged_in_client: Any, make_event: Any, make_employer: Any, make_vacancy: Any,
    make_candidate: Any,
) -> None:
    first, second = make_event(), make_event()
    employer = make_employer(second)
    vacancy = make_vacancy(employer)
    candidate = make_candidate(second)
    own_employer = make_employer(first)
    e, c = employer.id, candidate.id
    get_paths = [
        f"/staff/events/{first.id}/employers/{e}",
        f"/staff/events/{first.id}/employers/{e}/edit",
        f"/staff/events/{first.id}/employers/{e}/vacancies/new",
        f"/staff/events/{first.id}/employers/{e}/vacancies/{vacancy.id}/edit",
        # The vacancy belongs to another employer than the one in the URL.
        f"/staff/events/{first.id}/employers/{own_employer.id}/vacancies/{vacancy.id}/edit",
        f"/staff/events/{first.id}/candidates/{c}",
        f"/staff/events/{first.id}/candidates/{c}/edit",
        "/staff/events/999/employers",
        "/staff/events/999/candidates",
    ]
    for path in get_paths:
        assert logged_in_client.get(path).status_code == 404, path
    post_paths = [
        (f"/staff/events/{first.id}/employers/{e}/edit", employer_form()),
        (f"/staff/events/{first.id}/employers/{e}/status", {"status": "rejected"}),
        (f"/staff/events/{first.id}/employers/{e}/vacancies/{vacancy.id}/delete", {}),
        (f"/staff/events/{first.id}/candidates/{c}/edit", candidate_form()),
        (f"/staff/events/{first.id}/candidates/{c}/delete", {"confirm": "yes"}),
    ]
    for path, data in post_paths:
        assert logged_in_client.post(path, data=data).status_code == 404, path
    db.session.refresh(employer)
    assert employer.status == "approved"
    assert count(Candidate) == 1 and count(Vacancy) == 1


# --- employers ----------------------------------------------------------------------------


def test_add_employer_normalises_and_audits(logged_in_client: Any, make_event: Any) -> None:
    event = make_event()
    page = logged_in_client.get(f"/staff/events/{event.id}/employers/new").get_data(as_text=True)
    assert 'value="09:00-13:00"' in page  # the whole event is offered as the default window
    response = logged_in_client.post(
        f"/staff/events/{event.id}/employers/new", data=employer_form()
    )
    assert response.status_code == 302
    employer = db.session.scalar(sa.select(Employer))
    assert response.headers["Location"].endswith(
        f"/staff/events/{event.id}/employers/{employer.id}")
    assert employer.phone == "+358401234567"
    assert employer.email == "kaisa@kuppi.fi"
    assert employer.status == "approved"
    assert (employer.tables, employer.min_candidates, employer.max_candidates) == (2, 10, 20)
    assert [(w.kind, w.start_minute, w.end_minute) for w in employer.windows] == [
        ("available", 540, 720), ("break", 630, 645)]
    assert audit_actions()[-1] == "employer.create"
    entry = db.session.scalar(sa.select(AuditEntry).order_by(AuditEntry.id.desc()))
    assert (entry.object_type, entry.object_id, entry.event_id) == ("employer", employer.id,
                                                                    event.id)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("company_name", "", "required"),
        ("business_id", "1572860-1", "check digit"),
        ("business_id", "1572860", "seven digits"),
        ("email", "kaisa(at)kuppi.fi", "e-mail address"),
        ("phone", "12", "phone number"),
        ("interview_minutes", "17", "valid choice"),
        ("tables", "0", "from 1 to 20"),
        ("max_candidates", "5", "at least the minimum"),
        ("available", "", "at least one time window"),
        ("available", "08:00-12:00", "outside the event"),
        ("available", "09:02-12:00", "5-minute grid"),
        ("breaks", "12:30-12:45", "inside an available time"),
        ("available", "09:00-09:10, 10:00-12:00", "long enough for at least one interview"),
    ],
)
def test_bad_employer_input(
    logged_in_client: Any, make_event: Any, field: str, value: str, expected: str
) -> None:
    event = make_event()
    response = logged_in_client.post(
        f"/staff/events/{event.id}/employers/new?lang=en", data=employer_form(**{field: value})
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert expected in field_error(html, field)
    assert 'value="Kahvila Kuppi Oy"' in html or field == "company_name"
    assert count(Employer) == 0
    assert audit_actions() == ["staff.login"]


def test_edit_employer_keeps_typed_input_on_error(
    logged_in_client: Any, make_event: Any, make_employer: Any
) -> None:
    event = make_event()
    employer = make_employer(event, company_name="Vanha Oy")
    url = f"/staff/events/{event.id}/employers/{employer.id}/edit"
    assert 'value="Vanha Oy"' in logged_in_client.get(url).get_data(as_text=True)
    response = logged_in_client.post(
        url + "?lang=en", data=employer_form(company_name="Uusi Oy", business_id="0000000-1")
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'value="Uusi Oy"' in html and 'value="0000000-1"' in html
    db.session.refresh(employer)
    assert employer.company_name == "Vanha Oy"
    response = logged_in_client.post(url, data=employer_form(company_name="Uusi Oy"))
    assert response.status_code == 302
    db.session.refresh(employer)
    assert employer.company_name == "Uusi Oy"
    assert audit_actions()[-1] == "employer.update"


def test_approve_and_reject(logged_in_client: Any, make_event: Any, make_employer: Any) -> None:
    event = make_event()
    employer = make_employer(event, status="pending")
    url = f"/staff/events/{event.id}/employers/{employer.id}/status"
    assert logged_in_client.post(url, data={"status": "approved"}).status_code == 302
    db.session.refresh(employer)
    assert employer.status == "approved"
    logged_in_client.post(url, data={"status": "rejected"})
    db.session.refresh(employer)
    assert employer.status == "rejected"
    logged_in_client.post(url, data={"status": "deleted"})
    db.session.refresh(employer)
    assert employer.status == "rejected"
    assert audit_actions()[-2:] == ["employer.approve", "employer.reject"]


def test_employer_list_search_and_filter(
    logged_in_client: Any, make_event: Any, make_employer: Any
) -> None:
    event = make_event()
    other = make_event()
    make_employer(event, company_name="Kahvila Kuppi Oy", contact_name="Kaisa K")
    make_employer(event, company_name="Rauta Oy", contact_name="Pekka P", status="pending")
    make_employer(other, company_name="Kahvila Muu Oy")
    base = f"/staff/events/{event.id}/employers"

    def names(query: str) -> set[str]:
        html = logged_in_client.get(base + query).get_data(as_text=True)
        return set(re.findall(r'employers/\d+">([^<]+)</a>', html))

    assert names("") == {"Kahvila Kuppi Oy", "Rauta Oy"}
    assert names("?q=kahvila") == {"Kahvila Kuppi Oy"}
    assert names("?q=pekka") == {"Rauta Oy"}
    assert names("?status=pending") == {"Rauta Oy"}
    assert names("?q=%25") == set()  # a LIKE wildcard is searched for literally
    assert names("?status=nonsense") == {"Kahvila Kuppi Oy", "Rauta Oy"}


def test_employer_detail_shows_vacancies_and_contact(
    logged_in_client: Any, make_event: Any, make_employer: Any, make_vacancy: Any
) -> None:
    event = make_event()
    employer = make_employer(event, breaks=[(600, 615)])
    make_vacancy(employer, title="Barista", requires=["hygiene_passport"], languages=["fi"])
    html = logged_in_client.get(
        f"/staff/events/{event.id}/employers/{employer.id}?lang=en").get_data(as_text=True)
    assert "Barista" in html and "Hygiene passport" in html
    assert "+358 40 1234567" in html
    assert "1572860-0" in html


# --- vacancies ----------------------------------------------------------------------------


def test_add_edit_and_remove_vacancy(
    logged_in_client: Any, make_event: Any, make_employer: Any, make_candidate: Any,
    make_vacancy: Any,
) -> None:
    event = make_event(cards=["hygiene_passport", "alcohol_passport"])
    employer = make_employer(event)
    hygiene = db.session.scalar(
        sa.select(RequirementCard).where(RequirementCard.code == "hygiene_passport"))
    base = f"/staff/events/{event.id}/employers/{employer.id}/vacancies"
    response = logged_in_client.post(base + "/new", data={
        "title": "Kokki", "description": "Lounaskeittiö", "positions": "2",
        "cards": [str(hygiene.id)], "languages": ["fi"], "min_age": "18"})
    assert response.status_code == 302
    vacancy = db.session.scalar(sa.select(Vacancy))
    assert (vacancy.title, vacancy.positions, vacancy.min_age) == ("Kokki", 2, 18)
    assert vacancy.languages == ["fi"]
    assert [card.code for card in vacancy.requirements] == ["hygiene_passport"]

    response = logged_in_client.post(f"{base}/{vacancy.id}/edit?lang=en", data={
        "title": "Kokki", "positions": "0", "min_age": "18"})
    assert response.status_code == 400
    assert "from 1 to 500" in field_error(response.get_data(as_text=True), "positions")
    db.session.refresh(vacancy)
    assert vacancy.positions == 2

    response = logged_in_client.post(f"{base}/{vacancy.id}/edit", data={
        "title": "Apukokki", "positions": "1", "min_age": "16"})
    assert response.status_code == 302
    db.session.refresh(vacancy)
    assert (vacancy.title, vacancy.requirements, vacancy.languages) == ("Apukokki", [], [])

    # Removing it also removes it from the young people's ranked lists, closing the gap.
    other = make_candidate(event).id
    second = make_vacancy(employer, title="Tiskaaja")
    candidate = make_candidate(event, interests=[vacancy, second])
    vacancy_id = vacancy.id
    response = logged_in_client.post(f"{base}/{vacancy_id}/delete")
    assert response.status_code == 302
    assert db.session.get(Vacancy, vacancy_id) is None
    db.session.refresh(candidate)
    assert [(i.vacancy_id, i.rank) for i in candidate.interests] == [(second.id, 1)]
    assert db.session.get(Candidate, other) is not None
    assert audit_actions()[-1] == "vacancy.delete"


def test_vacancy_with_interviews_is_not_removed(
    logged_in_client: Any, make_interview: Any
) -> None:
    interview = make_interview()
    vacancy = interview.vacancy
    url = (f"/staff/events/{interview.event_id}/employers/{vacancy.employer_id}"
           f"/vacancies/{vacancy.id}/delete")
    response = logged_in_client.post(url + "?lang=en", follow_redirects=True)
    assert "has interviews on the schedule" in response.get_data(as_text=True)
    assert db.session.get(Vacancy, vacancy.id) is not None


# --- candidates ---------------------------------------------------------------------------


def test_sign_someone_up(
    logged_in_client: Any, make_event: Any, make_employer: Any, make_vacancy: Any,
    staff_user: Any,
) -> None:
    event = make_event(max_ranked_interests=3)
    first = make_vacancy(make_employer(event), title="Barista")
    second = make_vacancy(make_employer(event), title="Myyjä")
    hygiene = db.session.scalar(
        sa.select(RequirementCard).where(RequirementCard.code == "hygiene_passport"))
    page = logged_in_client.get(f"/staff/events/{event.id}/candidates/new").get_data(
        as_text=True)
    assert page.count('name="interests-') == 3
    response = logged_in_client.post(
        f"/staff/events/{event.id}/candidates/new",
        data=candidate_form(**{"interests-0": str(second.id), "interests-1": str(first.id),
                               "cards": [str(hygiene.id)], "windows": "10:00-12:00",
                               "priority": "y"}),
    )
    assert response.status_code == 302
    candidate = db.session.scalar(sa.select(Candidate))
    assert candidate.email == "aino.aaltonen@example.fi"
    assert candidate.phone == "+358507654321"
    assert candidate.signed_up_by_staff_id == staff_user.id
    assert candidate.status == "active"
    assert candidate.priority is True and candidate.share_with_employers is True
    assert [(i.vacancy_id, i.rank) for i in candidate.interests] == [(second.id, 1),
                                                                     (first.id, 2)]
    assert [card.code for card in candidate.cards] == ["hygiene_passport"]
    assert [(w.start_minute, w.end_minute) for w in candidate.windows] == [(600, 720)]
    assert candidate.signup_seq == 1
    assert audit_actions()[-1] == "candidate.create"
    html = logged_in_client.get(
        f"/staff/events/{event.id}/candidates/{candidate.id}?lang=en").get_data(as_text=True)
    assert "Aino Aaltonen" in html and "Myyjä" in html and "by staff" in html
    assert audit_actions()[-1] == "candidate.view"


@pytest.mark.parametrize(
    ("field", "value", "field_id", "expected"),
    [
        ("first_name", "", "first_name", "required"),
        ("email", "aino@", "email", "e-mail address"),
        ("phone", "+358 12", "phone", "phone number"),
        ("birth_year", "2015", "birth_year", "aged 15–29"),
        ("birth_year", "1990", "birth_year", "you would be 37"),
        ("birth_year", "vuosi", "birth_year", "integer"),
        ("languages", [], "languages", "at least one language"),
        ("windows", "08:00-10:00", "windows", "outside the event"),
        ("interests-0", "999999", "interests-0", "from the list"),
        ("interests-0", "abc", "interests-0", "from the list"),
        ("status", "deleted", "status", "valid choice"),
        ("introduction", "x" * 601, "introduction", "600"),
    ],
)
def test_bad_candidate_input(
    logged_in_client: Any, make_event: Any, field: str, value: Any, field_id: str,
    expected: str,
) -> None:
    event = make_event()
    response = logged_in_client.post(
        f"/staff/events/{event.id}/candidates/new?lang=en",
        data=candidate_form(**{field: value}),
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert expected in field_error(html, field_id)
    assert 'value="Aaltonen"' in html
    assert count(Candidate) == 0
    assert audit_actions() == ["staff.login"]


def test_same_vacancy_twice_and_duplicate_email(
    logged_in_client: Any, make_event: Any, make_employer: Any, make_vacancy: Any,
    make_candidate: Any,
) -> None:
    event = make_event()
    vacancy = make_vacancy(make_employer(event))
    url = f"/staff/events/{event.id}/candidates/new?lang=en"
    response = logged_in_client.post(url, data=candidate_form(
        **{"interests-0": str(vacancy.id), "interests-1": str(vacancy.id)}))
    assert response.status_code == 400
    assert "already chosen" in field_error(response.get_data(as_text=True), "interests-1")
    make_candidate(event, email="aino.aaltonen@example.fi")
    response = logged_in_client.post(url, data=candidate_form())
    assert response.status_code == 400
    assert "already signed up" in field_error(response.get_data(as_text=True), "email")
    assert count(Candidate) == 1


def test_vacancy_of_another_event_cannot_be_ranked(
    logged_in_client: Any, make_event: Any, make_employer: Any, make_vacancy: Any
) -> None:
    event, other = make_event(), make_event()
    foreign = make_vacancy(make_employer(other))
    response = logged_in_client.post(
        f"/staff/events/{event.id}/candidates/new?lang=en",
        data=candidate_form(**{"interests-0": str(foreign.id)}))
    assert response.status_code == 400
    assert "from the list" in field_error(response.get_data(as_text=True), "interests-0")


def test_edit_candidate(
    logged_in_client: Any, make_event: Any, make_employer: Any, make_vacancy: Any,
    make_candidate: Any,
) -> None:
    event = make_event()
    first, second = make_vacancy(make_employer(event)), make_vacancy(make_employer(event))
    candidate = make_candidate(event, interests=[first, second], windows=[(540, 600)])
    url = f"/staff/events/{event.id}/candidates/{candidate.id}/edit"
    page = logged_in_client.get(url).get_data(as_text=True)
    assert f'<option selected value="{first.id}">' in page
    assert 'value="09:00-10:00"' in page
    response = logged_in_client.post(url, data=candidate_form(
        email=candidate.email, **{"interests-0": str(second.id), "interests-1": str(first.id)}))
    assert response.status_code == 302
    db.session.refresh(candidate)
    assert [i.vacancy_id for i in candidate.interests] == [second.id, first.id]
    assert candidate.windows == []
    assert candidate.first_name == "Aino"
    assert audit_actions()[-1] == "candidate.update"


def test_delete_candidate_erases_interviews(
    logged_in_client: Any, make_interview: Any, make_candidate: Any
) -> None:
    interview = make_interview()
    candidate = interview.candidate
    candidate_id = candidate.id
    keeper_id = make_candidate(candidate.event).id
    base = f"/staff/events/{candidate.event_id}/candidates/{candidate_id}"
    response = logged_in_client.post(base + "/delete", data={})
    assert response.status_code == 302
    assert db.session.get(Candidate, candidate_id) is not None  # not confirmed
    response = logged_in_client.post(base + "/delete", data={"confirm": "yes"})
    assert response.status_code == 302
    db.session.expunge_all()
    assert db.session.get(Candidate, candidate_id) is None
    assert count(Interview) == 0
    assert db.session.get(Candidate, keeper_id) is not None
    entry = db.session.scalar(sa.select(AuditEntry).order_by(AuditEntry.id.desc()))
    assert (entry.action, entry.object_id) == ("candidate.delete", candidate_id)


def test_candidate_list_filters(
    logged_in_client: Any, make_event: Any, make_employer: Any, make_vacancy: Any,
    make_candidate: Any, make_interview: Any,
) -> None:
    event = make_event()
    vacancy = make_vacancy(make_employer(event))
    ada = make_candidate(event, first_name="Ada", last_name="Aalto", interests=[vacancy],
                         cards=["hygiene_passport"], priority=True)
    make_candidate(event, first_name="Bo", last_name="Berg", status="unverified",
                   email="bo@example.fi")
    make_candidate(make_event(), first_name="Ada", last_name="Muualla")
    make_interview(ada, vacancy)
    hygiene = db.session.scalar(
        sa.select(RequirementCard.id).where(RequirementCard.code == "hygiene_passport"))
    base = f"/staff/events/{event.id}/candidates"

    def names(query: str) -> set[str]:
        html = logged_in_client.get(base + query).get_data(as_text=True)
        return set(re.findall(r'candidates/\d+">([^<]+)</a>', html))

    assert names("") == {"Ada Aalto", "Bo Berg"}
    assert names("?q=ada+aalto") == {"Ada Aalto"}
    assert names("?q=BO%40EXAMPLE") == {"Bo Berg"}
    assert names("?status=unverified") == {"Bo Berg"}
    assert names(f"?vacancy={vacancy.id}") == {"Ada Aalto"}
    assert names("?priority=yes") == {"Ada Aalto"}
    assert names("?priority=no") == {"Bo Berg"}
    assert names(f"?card={hygiene}") == {"Ada Aalto"}
    assert names("?interview=yes") == {"Ada Aalto"}
    assert names("?interview=no") == {"Bo Berg"}
    # Junk in the query string is ignored, not an error page.
    assert names("?vacancy=junk&card=junk&interview=maybe") == {"Ada Aalto", "Bo Berg"}


def test_staff_forms_need_a_csrf_token(make_app: Any, make_event: Any) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    with app.app_context():
        event = make_event()
        factories.make_staff_user(email="csrf@example.org")
        client = app.test_client()
        login = client.get("/auth/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
        client.post("/auth/login", data={"email": "csrf@example.org",
                                         "password": factories.STAFF_PASSWORD,
                                         "csrf_token": token})
        response = client.post(f"/staff/events/{event.id}/candidates/new",
                               data=candidate_form())
        assert response.status_code == 400
        assert count(Candidate) == 0
        page = client.get(f"/staff/events/{event.id}/candidates/new").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        response = client.post(f"/staff/events/{event.id}/candidates/new",
                               data={**candidate_form(), "csrf_token": token})
        assert response.status_code == 302
        assert count(Candidate) == 1


def test_employer_changes_that_would_strand_interviews_are_refused(
    logged_in_client: Any, make_event: Any, make_employer: Any, make_vacancy: Any,
    make_candidate: Any, make_interview: Any,
) -> None:
    event = make_event()
    employer = make_employer(event, tables=2)
    vacancy = make_vacancy(employer)
    make_interview(make_candidate(event), vacancy, start_minute=600, table_no=2)
    url = f"/staff/events/{event.id}/employers/{employer.id}/edit?lang=en"
    response = logged_in_client.post(url, data=employer_form(
        available="11:00-13:00", tables="1", interview_minutes="20", breaks=""))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "1 scheduled interview lies outside these times" in field_error(html, "available")
    assert "1 scheduled interview is at a table above 1" in field_error(html, "tables")
    assert "1 scheduled interview is not 20 minutes long" in field_error(
        html, "interview_minutes")
    response = logged_in_client.post(url, data=employer_form(
        available="09:00-13:00", tables="2", interview_minutes="15", breaks="10:00-10:30"))
    assert response.status_code == 400
    assert "falls in these breaks" in field_error(response.get_data(as_text=True), "breaks")
    db.session.refresh(employer)
    assert (employer.tables, employer.breaks) == (2, [])


def test_candidate_window_that_would_strand_an_interview_is_refused(
    logged_in_client: Any, make_interview: Any
) -> None:
    interview = make_interview(start_minute=600)
    candidate = interview.candidate
    url = f"/staff/events/{candidate.event_id}/candidates/{candidate.id}/edit?lang=en"
    response = logged_in_client.post(url, data=candidate_form(
        email=candidate.email, windows="11:00-13:00"))
    assert response.status_code == 400
    assert "lies outside these times" in field_error(response.get_data(as_text=True), "windows")
    db.session.refresh(candidate)
    assert candidate.windows == [] and candidate.first_name != "Aino"
    response = logged_in_client.post(url, data=candidate_form(
        email=candidate.email, windows="09:30-11:00"))
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("title", "", "required"),
        ("title", "x" * 201, "200"),
        ("positions", "0", "from 1 to 500"),
        ("positions", "kaksi", "integer"),
        ("min_age", "100", "from 0 to 99"),
        ("languages", ["fi", "de"], "valid choice"),
        ("cards", ["999999"], "valid choice"),
        ("description", "x" * 2001, "2000"),
    ],
)
def test_bad_vacancy_input(
    logged_in_client: Any, make_event: Any, make_employer: Any, field: str, value: Any,
    expected: str,
) -> None:
    event = make_event()
    employer = make_employer(event)
    url = f"/staff/events/{event.id}/employers/{employer.id}/vacancies/new"
    page = logged_in_client.get(url + "?lang=en").get_data(as_text=True)
    assert "Hygiene passport" in page
    data = {"title": "Kokki", "description": "Keittiö", "positions": "1", "min_age": "16",
            field: value}
    response = logged_in_client.post(url + "?lang=en", data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert expected in field_error(html, field)
    assert 'value="Kokki"' in html or field == "title"
    assert count(Vacancy) == 0


def test_candidate_filters_beyond_the_databases_integers_are_ignored(
    logged_in_client: Any, make_event: Any, make_candidate: Any,
) -> None:
    event = make_event()
    make_candidate(event, first_name="Ada", last_name="Aalto")
    response = logged_in_client.get(
        f"/staff/events/{event.id}/candidates?vacancy={10**20}&card={2**31}")
    assert response.status_code == 200
    assert "Ada Aalto" in response.get_data(as_text=True)


# --- NUL characters (PostgreSQL refuses them in text) -------------------------------------


def test_nul_characters_in_staff_forms_are_dropped(
    logged_in_client: Any, make_event: Any
) -> None:
    event = make_event()
    base = f"/staff/events/{event.id}"
    response = logged_in_client.post(f"{base}/employers/new", data=employer_form(
        company_name="Kahvila\x00 Kuppi Oy", address="Kauppa\x00katu 3", phone="040\x00 123 4567"))
    assert response.status_code == 302
    employer = db.session.scalar(sa.select(Employer))
    assert (employer.company_name, employer.address) == ("Kahvila Kuppi Oy", "Kauppakatu 3")
    response = logged_in_client.post(
        f"{base}/employers/{employer.id}/vacancies/new",
        data={"title": "Kokki\x00", "description": "\x00", "positions": "1", "min_age": "0"})
    assert response.status_code == 302
    assert db.session.scalar(sa.select(Vacancy.title)) == "Kokki"
    response = logged_in_client.post(f"{base}/candidates/new", data=candidate_form(
        first_name="Ai\x00no", introduction="Hei\x00!", windows="\x00"))
    assert response.status_code == 302
    candidate = db.session.scalar(sa.select(Candidate))
    assert (candidate.first_name, candidate.introduction) == ("Aino", "Hei!")
    # The search boxes (GET) too.
    for path in ("employers", "candidates"):
        response = logged_in_client.get(f"{base}/{path}?q=Kahvila%00&status=%00")
        assert response.status_code == 200


def test_employer_list_pages_keep_the_filters_and_the_statement_count(
    app: Any, logged_in_client: Any, make_event: Any, make_employer: Any
) -> None:
    small, large = make_event(), make_event()
    for number in range(5):
        make_employer(small, company_name=f"Yritys {number:03d} Oy", vacancies=2)
    for number in range(120):
        make_employer(large, company_name=f"Yritys {number:03d} Oy", vacancies=2,
                      status="pending" if number % 2 else "approved")

    def names(url: str) -> list[str]:
        html = logged_in_client.get(url).get_data(as_text=True)
        return re.findall(r'employers/\d+">([^<]+)</a>', html)

    base = f"/staff/events/{large.id}/employers"
    first = logged_in_client.get(base + "?lang=en").get_data(as_text=True)
    assert "120 employers · 1–100 shown" in first
    assert f'href="{base}?page=2&amp;lang=en"' in first
    assert names(base) == [f"Yritys {n:03d} Oy" for n in range(100)]
    assert names(base + "?page=2") == [f"Yritys {n:03d} Oy" for n in range(100, 120)]
    assert names(base + "?page=3") == names(base + "?page=2")  # past the end: the last page
    assert names(base + "?page=x") == names(base)
    # A filter narrows to one page, and the page links keep it.
    assert len(names(base + "?status=pending")) == 60
    assert "page=2" not in logged_in_client.get(base + "?status=pending").get_data(as_text=True)
    assert names(base + "?q=Yritys+11") == [f"Yritys {n:03d} Oy" for n in range(110, 120)]

    def statements(url: str) -> int:
        logged_in_client.get(url)
        with counting(app) as sent:
            assert logged_in_client.get(url).status_code == 200
        return len(sent)

    few = statements(f"/staff/events/{small.id}/employers")
    assert statements(base) == few
    assert statements(base + "?page=2") == few
