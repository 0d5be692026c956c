"""The public employer sign-up form: every field's validation, nothing saved on error,
the deadline. (Guards against abuse: test_employer_signup_guards.py.)"""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from typing import Any

import pytest
import sqlalchemy as sa

from recruit.extensions import db
from recruit.models import AuditEntry, Employer, RequirementCard, Vacancy


def signup_url(event: Any) -> str:
    return f"/employers/events/{event.id}/signup"


def valid_form(**overrides: Any) -> dict[str, Any]:
    """A complete sign-up for the default test event (09:00-13:00, 5-minute grid)."""
    form: dict[str, Any] = {
        "company_name": "Kahvila Kruunu Oy",
        "business_id": "1572860-0",
        "contact_name": "Kaisa Kahvinen",
        "email": "Kaisa@Kruunu.example.com",
        "phone": "040 123 4567",
        "address": "Aleksanterinkatu 5, 00100 Helsinki",
        "vacancies-0-title": "Barista",
        "vacancies-0-description": "Kahvia ja asiakaspalvelua.",
        "vacancies-0-positions": "2",
        "vacancies-0-languages": ["fi", "en"],
        "vacancies-0-min_age": "16",
        "vacancies-1-title": "",
        "vacancies-1-description": "",
        "vacancies-1-positions": "",
        "vacancies-1-min_age": "",
        "interview_minutes": "15",
        "tables": "2",
        "available": "09:00-12:00",
        "breaks": "10:30-10:45",
        "min_candidates": "20",
        "max_candidates": "30",
        "consent": "y",
        "website": "",
    }
    form.update(overrides)
    return {key: value for key, value in form.items() if value is not None}


def field_errors(html: str) -> dict[str, str]:
    """Field id -> its error text, as shown beside the field."""
    found = re.findall(r'<span class="error" id="([\w-]+)-error">([^<]*)</span>', html)
    return {field: unescape(text) for field, text in found}


def employer_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(Employer.id))) or 0


def vacancy_count() -> int:
    return db.session.scalar(sa.select(sa.func.count(Vacancy.id))) or 0


@pytest.fixture
def event(make_event: Any) -> Any:
    return make_event(signup_deadline=dt.datetime.now(dt.UTC) + dt.timedelta(days=7))


def card(code: str) -> RequirementCard:
    return db.session.scalar(sa.select(RequirementCard).where(RequirementCard.code == code))


# --- the page ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_form_shows_the_events_cards_in_the_page_language(client, event, language):
    response = client.get(signup_url(event) + f"?lang={language}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    hygiene = card("hygiene_passport")
    assert hygiene.name_for(language) in html
    assert f'lang="{language}"' in html
    # Defaults: 20–30 candidates wanted, the whole event as the time for interviews.
    assert 'name="min_candidates" type="text" value="20"' in html or 'value="20"' in html
    assert 'value="09:00-13:00"' in html
    assert "employers/static/employers.css" in html


def test_unknown_event_is_404(client, event):
    assert client.get(f"/employers/events/{event.id + 999}/signup").status_code == 404


def test_privacy_notice_shows_its_version(client, event, app):
    html = client.get(f"/employers/events/{event.id}/privacy?lang=en").get_data(as_text=True)
    assert app.config["PRIVACY_NOTICE_VERSION"] in html


# --- a valid sign-up ---------------------------------------------------------------------


def test_valid_signup_saves_a_pending_employer_with_normalised_values(client, event, app):
    hygiene = card("hygiene_passport")
    form = valid_form(**{"vacancies-0-cards": [str(hygiene.id)]})
    response = client.post(signup_url(event) + "?lang=sv", data=form)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/employers/events/{event.id}/signup/thanks")

    employer = db.session.scalars(sa.select(Employer)).one()
    assert employer.status == "pending"
    assert employer.event_id == event.id
    assert employer.business_id == "1572860-0"
    assert employer.email == "kaisa@kruunu.example.com"
    assert employer.phone == "+358401234567"
    assert employer.locale == "sv"
    assert employer.interview_minutes == 15
    assert employer.tables == 2
    assert (employer.min_candidates, employer.max_candidates) == (20, 30)
    assert [(w.start_minute, w.end_minute) for w in employer.available] == [(540, 720)]
    assert [(w.start_minute, w.end_minute) for w in employer.breaks] == [(630, 645)]
    assert employer.consent_version == app.config["PRIVACY_NOTICE_VERSION"]
    assert employer.consent_at is not None
    # The empty second row is left out.
    (vacancy,) = employer.vacancies
    assert vacancy.title == "Barista"
    assert vacancy.positions == 2
    assert vacancy.languages == ["fi", "en"]
    assert vacancy.min_age == 16
    assert [c.code for c in vacancy.requirements] == ["hygiene_passport"]
    audit = db.session.scalars(sa.select(AuditEntry)).one()
    assert (audit.action, audit.object_id, audit.staff_user_id) == (
        "employer.signup", employer.id, None)


def test_old_six_digit_business_id_is_padded(client, event):
    response = client.post(signup_url(event), data=valid_form(business_id="737546-2"))
    assert response.status_code == 302
    assert db.session.scalars(sa.select(Employer)).one().business_id == "0737546-2"


def test_several_vacancies_are_saved_in_one_signup(client, event):
    form = valid_form(**{"vacancies-1-title": "Kokki", "vacancies-1-positions": "1"})
    assert client.post(signup_url(event), data=form).status_code == 302
    titles = [v.title for v in db.session.scalars(sa.select(Vacancy).order_by(Vacancy.id))]
    assert titles == ["Barista", "Kokki"]


def test_thanks_page(client, event):
    response = client.get(f"/employers/events/{event.id}/signup/thanks?lang=en")
    assert response.status_code == 200
    assert "Thank you for signing up" in response.get_data(as_text=True)


# --- field validation: message beside the field, input kept, nothing saved --------------


def assert_refused(client: Any, event: Any, form: dict[str, Any], field_id: str,
                   message: str) -> str:
    response = client.post(signup_url(event) + "?lang=en", data=form)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    errors = field_errors(html)
    assert field_id in errors, f"no error beside {field_id}: {errors}"
    assert message in errors[field_id]
    assert employer_count() == 0 and vacancy_count() == 0
    # What was typed is shown again.
    kept = "Kaisa Kahvinen" if field_id == "company_name" else "Kahvila Kruunu Oy"
    assert f'value="{kept}"' in html
    return html


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1572860-1", "check digit"),  # wrong check digit
        ("1000008-0", "check digit"),  # remainder 1: no valid check digit exists
        ("1000008-1", "check digit"),
        ("1000008-9", "check digit"),
        ("15728600", "seven digits"),
        ("1572860", "seven digits"),
        ("ABCDEFG-H", "seven digits"),
        ("", "required"),
    ],
)
def test_business_id_is_checked(client, event, value, message):
    assert_refused(client, event, valid_form(business_id=value), "business_id", message)


def test_business_id_with_remainder_zero_is_accepted(client, event):
    assert client.post(signup_url(event), data=valid_form(business_id="1000002-0")).status_code \
        == 302


@pytest.mark.parametrize(
    ("value", "message"),
    [("123", "not valid"), ("phone me", "not a phone number"), ("+358 40", "not valid"),
     ("", "required")],
)
def test_phone_is_checked(client, event, value, message):
    assert_refused(client, event, valid_form(phone=value), "phone", message)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("company_name", "", "required"),
        ("contact_name", "", "required"),
        ("address", "", "required"),
        ("email", "kaisa.example.com", "e-mail address"),
        ("email", "", "required"),
        ("tables", "0", "from 1 to 20"),
        ("tables", "many", "integer"),
        ("min_candidates", "-1", "from 0 to 500"),
        ("max_candidates", "0", "from 1 to 500"),
        ("interview_minutes", "7", "Not a valid choice"),
        ("interview_minutes", "75", "Not a valid choice"),
        ("interview_minutes", "x", "Invalid Choice"),
    ],
)
def test_simple_fields_are_checked(client, event, field, value, message):
    assert_refused(client, event, valid_form(**{field: value}), field, message)


def test_minimum_candidates_must_not_exceed_maximum(client, event):
    form = valid_form(min_candidates="31", max_candidates="30")
    assert_refused(client, event, form, "max_candidates", "at least the minimum")


@pytest.mark.parametrize(
    ("available", "breaks", "field", "message"),
    [
        ("09:03-10:00", "", "available", "5-minute grid"),
        ("08:00-10:00", "", "available", "outside the event's hours"),
        ("12:00-14:00", "", "available", "outside the event's hours"),
        ("09:00-10:00, 09:30-11:00", "", "available", "must not overlap"),
        ("10:00-09:00", "", "available", "ends before it starts"),
        ("nine to ten", "", "available", "start–end"),
        ("", "", "available", "at least one time window"),
        ("09:00-09:10", "", "available", "long enough for at least one interview"),
        ("09:00-12:00", "12:15-12:30", "breaks", "inside an available time"),
        ("09:00-12:00", "10:02-10:30", "breaks", "5-minute grid"),
    ],
)
def test_times_are_checked_against_the_events_hours_and_grid(
    client, event, available, breaks, field, message
):
    form = valid_form(available=available, breaks=breaks)
    assert_refused(client, event, form, field, message)


def test_a_ten_minute_grid_refuses_five_minute_steps(client, make_event):
    event = make_event(grid_minutes=10, signup_deadline=None)
    form = valid_form(available="09:05-12:05", breaks="", interview_minutes="20")
    assert_refused(client, event, form, "available", "10-minute grid")


def test_consent_is_required(client, event):
    assert_refused(client, event, valid_form(consent=None), "consent", "privacy notice")


# --- vacancies -----------------------------------------------------------------------------


def test_at_least_one_vacancy_is_needed(client, event):
    form = valid_form(**{"vacancies-0-title": "", "vacancies-0-description": "",
                         "vacancies-0-languages": None})
    assert_refused(client, event, form, "vacancies", "at least one vacancy")


def test_a_started_vacancy_needs_a_title_and_positions(client, event):
    form = valid_form(**{"vacancies-1-description": "Keittiötyötä", "vacancies-1-title": ""})
    html = assert_refused(client, event, form, "vacancies-1-title", "job title")
    assert "required" in field_errors(html)["vacancies-1-positions"]
    assert "Keittiötyötä" in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("positions", "0", "from 1 to 500"),
        ("positions", "two", "integer"),
        ("min_age", "14", "from 15 to 99"),
        ("languages", ["de"], "only from the options shown"),
        ("cards", ["999999"], "only from the options shown"),
        ("cards", ["hygiene"], "Invalid choice"),
    ],
)
def test_vacancy_fields_are_checked(client, event, field, value, message):
    form = valid_form(**{f"vacancies-0-{field}": value})
    html = assert_refused(client, event, form, f"vacancies-0-{field}", message)
    # The row's error stands beside the row's field only, not over the whole list.
    assert "vacancies" not in field_errors(html)


def test_a_card_outside_the_events_list_is_refused(client, make_event):
    event = make_event(cards=["hygiene_passport"], signup_deadline=None)
    alcohol = card("alcohol_passport")
    form = valid_form(**{"vacancies-0-cards": [str(alcohol.id)]})
    html = assert_refused(client, event, form, "vacancies-0-cards", "only from the options")
    assert alcohol.name_en not in html


def test_add_vacancy_button_adds_a_row_and_keeps_the_input(client, event):
    form = valid_form(add_vacancy="Add another vacancy", company_name="Kahvila Kruunu Oy")
    response = client.post(signup_url(event) + "?lang=en", data=form)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'name="vacancies-2-title"' in html
    assert 'value="Barista"' in html and 'value="Kahvila Kruunu Oy"' in html
    assert field_errors(html) == {}
    assert employer_count() == 0


def test_rows_stop_at_the_maximum(client, event):
    form = valid_form(add_vacancy="1")
    for row in range(2, 10):
        form[f"vacancies-{row}-title"] = ""
    html = client.post(signup_url(event), data=form).get_data(as_text=True)
    assert 'name="vacancies-9-title"' in html
    assert 'name="vacancies-10-title"' not in html
    assert 'name="add_vacancy"' not in html


# --- deadline ----------------------------------------------------------------------------


def test_closed_signup_shows_a_clear_page_and_saves_nothing(client, make_event):
    event = make_event(signup_deadline=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))
    page = client.get(signup_url(event) + "?lang=en")
    assert page.status_code == 200
    assert "Sign-up has closed" in page.get_data(as_text=True)
    assert 'name="company_name"' not in page.get_data(as_text=True)
    response = client.post(signup_url(event) + "?lang=en", data=valid_form())
    assert "Sign-up has closed" in response.get_data(as_text=True)
    assert employer_count() == 0


def test_deadline_passing_while_the_form_is_open_saves_nothing(event):
    from recruit.people import employer_signup
    from recruit.people.operations import EmployerData, OperationError, VacancyData

    event.signup_deadline = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    db.session.commit()
    data = EmployerData(company_name="Oy", business_id="1572860-0", contact_name="K",
                        email="k@example.com", available=[(540, 600)])
    with pytest.raises(OperationError):
        employer_signup.sign_up_employer(event, data, [VacancyData(title="Kokki")],
                                         consent_version="v", locale="fi")
    db.session.rollback()
    assert employer_count() == 0


def test_event_list_shows_only_events_open_for_signup(client, make_event):
    now = dt.datetime.now(dt.UTC)
    open_event = make_event(name="Kesätyötreffit", signup_deadline=now + dt.timedelta(days=1))
    make_event(name="Suljettu", signup_deadline=now - dt.timedelta(days=1))
    make_event(name="Mennyt", date=now.date() - dt.timedelta(days=3), signup_deadline=None)
    html = client.get("/employers/?lang=en").get_data(as_text=True)
    assert "Kesätyötreffit" in html and signup_url(open_event) in html
    assert "Suljettu" not in html and "Mennyt" not in html


def test_an_event_without_deadline_closes_when_it_begins(client, make_event):
    started = make_event(date=dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1),
                         signup_deadline=None)
    response = client.post(signup_url(started) + "?lang=en", data=valid_form())
    assert "Sign-up for this event has closed." in response.get_data(as_text=True)
    assert employer_count() == 0
