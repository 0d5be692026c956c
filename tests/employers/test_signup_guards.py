"""Guards of the public employer sign-up: honeypot, CSRF, rate limit, odd input never a 500,
and the sign-up operation's own checks (cards and languages only from the event's lists)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import sqlalchemy as sa

from recruit.extensions import db
from recruit.models import Employer, RequirementCard
from recruit.people import employer_signup
from recruit.people.operations import EmployerData, VacancyData
from tests.employers.test_signup import employer_count, signup_url, valid_form


@pytest.fixture
def event(make_event: Any) -> Any:
    return make_event(signup_deadline=dt.datetime.now(dt.UTC) + dt.timedelta(days=7))


def test_honeypot_filled_answers_as_success_and_saves_nothing(client, event):
    response = client.post(signup_url(event), data=valid_form(website="http://spam.example"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/signup/thanks")
    assert employer_count() == 0


def test_honeypot_is_hidden_from_people(client, event):
    html = client.get(signup_url(event)).get_data(as_text=True)
    hidden = re.search(r'<div class="honeypot" aria-hidden="true">(.*?)</div>', html, re.S)
    assert hidden and 'name="website"' in hidden.group(1)
    assert 'tabindex="-1"' in hidden.group(1)


def test_csrf_token_is_required(make_app, event):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    response = client.post(signup_url(event), data=valid_form())
    assert response.status_code == 400
    assert employer_count() == 0
    page = client.get(signup_url(event)).get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post(signup_url(event), data=valid_form(csrf_token=token)).status_code == 302
    assert employer_count() == 1


def test_signups_are_rate_limited(make_app, event):
    app = make_app(RATELIMIT_ENABLED=True, EMPLOYER_SIGNUP_RATE_LIMIT="2 per minute")
    client = app.test_client()
    bad = valid_form(phone="1")
    assert client.post(signup_url(event), data=bad).status_code == 400
    assert client.post(signup_url(event), data=bad).status_code == 400
    assert client.post(signup_url(event), data=valid_form()).status_code == 429
    assert employer_count() == 0
    # Reading the form is not limited.
    assert client.get(signup_url(event)).status_code == 200


ODD_VALUES = ["\x00", "Kah\x00vila", "x" * 5000, "' OR 1=1 --", "<script>", "٣", "-1",
              "99999999999999999999999", "  "]


@pytest.mark.parametrize("value", ODD_VALUES)
def test_odd_input_in_any_field_never_gives_a_500(client, event, value):
    fields = [name for name in valid_form() if name not in ("consent", "website")]
    for name in fields:
        response = client.post(signup_url(event), data=valid_form(**{name: value}))
        assert response.status_code in (302, 400), (name, response.status_code)
    # Whatever was saved holds no NUL (PostgreSQL would refuse it; SQLite must not keep it).
    for employer in db.session.scalars(sa.select(Employer)):
        assert "\x00" not in employer.company_name + employer.address


def test_the_operation_keeps_only_the_events_cards_and_known_languages(make_event):
    open_event = make_event(cards=["hygiene_passport"], signup_deadline=None)
    cards = {c.code: c.id for c in db.session.scalars(sa.select(RequirementCard))}
    data = EmployerData(company_name="Oy", business_id="1572860-0", contact_name="K",
                        email="K@Example.com", available=[(540, 600)])
    vacancy = VacancyData(title=" Kokki ", card_ids=[cards["hygiene_passport"],
                                                     cards["alcohol_passport"]],
                          languages=["fi", "xx"], positions=1)
    employer = employer_signup.sign_up_employer(open_event, data, [vacancy],
                                                consent_version="2026-01", locale="de")
    db.session.commit()
    (saved,) = employer.vacancies
    assert [c.code for c in saved.requirements] == ["hygiene_passport"]
    assert saved.languages == ["fi"] and saved.title == "Kokki"
    assert employer.email == "k@example.com" and employer.locale == "fi"


@pytest.mark.parametrize("path", ["signup", "signup/thanks", "privacy", "link-again"])
def test_ids_beyond_the_databases_integers_are_404(client, path):
    # PostgreSQL's integer ends at 2**31 - 1; the query must not even be tried.
    for event_id in (2**31, 10**20):
        assert client.get(f"/employers/events/{event_id}/{path}").status_code == 404
