"""One-line fields (names, titles, company, subjects, time-zone names) refuse line breaks and
other control characters at the form, with a message beside the field; text areas keep
their line breaks. Before, a line break in a company name sent by the public form made every
publish of the event fail (the e-mail subject refused it), and a 300-character time-zone name
was a 500."""

from __future__ import annotations

from typing import Any

import pytest

from recruit.core.validators import check_single_line
from recruit.extensions import db
from recruit.models import Candidate, Employer, Event
from tests.booking.support import signup_data
from tests.employers.test_signup import field_errors, signup_url, valid_form
from tests.events.test_views import event_form, field_error

MESSAGE = "Write this on one line, without line breaks or control characters."


@pytest.mark.parametrize("text", ["Kahvila\nOy", "Kahvila\r\nOy", "Kahvila\rOy", "a\tb",
                                  "a\x0bb", "a\x1bb", "a\x7fb", "a\x85b", "a\u2028b"])
def test_control_characters_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        check_single_line(text)


@pytest.mark.parametrize("text", ["Kahvila Kruunu Oy", "Åbo Café – Ltd", "Čapek & Söhne",
                                  "株式会社", ""])
def test_ordinary_text_passes(text: str) -> None:
    assert check_single_line(text) == text


@pytest.mark.parametrize("field", ["company_name", "contact_name", "vacancies-0-title",
                                   "address"])
def test_public_employer_form_refuses_a_line_break(client, make_event, field: str) -> None:
    event = make_event()
    response = client.post(signup_url(event) + "?lang=en",
                           data=valid_form(**{field: "Kahvila\r\nBcc: x@example.org"}))
    assert response.status_code == 400
    assert field_errors(response.get_data(as_text=True))[field] == MESSAGE
    assert db.session.query(Employer).count() == 0


def test_public_employer_form_keeps_line_breaks_in_a_description(client, make_event) -> None:
    event = make_event()
    response = client.post(signup_url(event), data=valid_form(
        **{"vacancies-0-description": "Kahvia.\nJa asiakaspalvelua."}))
    assert response.status_code == 302
    employer = db.session.query(Employer).one()
    assert employer.vacancies[0].description == "Kahvia.\nJa asiakaspalvelua."


def test_a_company_name_on_one_line_reaches_the_mail_subject(client, make_event) -> None:
    """What the form lets through, the outbox takes: the subject check cannot fail later."""
    from recruit.mail.outbox import queue_message

    event = make_event()
    client.post(signup_url(event), data=valid_form(company_name="Kahvila Kruunu\nOy"))
    client.post(signup_url(event), data=valid_form(company_name="Kahvila Kruunu Oy"))
    employer = db.session.query(Employer).one()
    queue_message(db.session, to=employer.email, subject=f"{employer.company_name} – {event.name}",
                  text="x", html="<p>x</p>", locale="fi", kind="link_again", event_id=event.id)
    db.session.flush()
    db.session.rollback()


def test_public_youth_form_refuses_a_line_break_in_a_name(client, make_event) -> None:
    event = make_event()
    response = client.post(f"/youth/events/{event.id}/sign-up?lang=en",
                           data=signup_data(first_name="Aino\nBcc: x@example.org"))
    assert response.status_code == 400
    assert MESSAGE in response.get_data(as_text=True)
    assert db.session.query(Candidate).count() == 0


def test_public_youth_form_keeps_line_breaks_in_the_introduction(client, make_event) -> None:
    event = make_event()
    response = client.post(f"/youth/events/{event.id}/sign-up",
                           data=signup_data(introduction="Hei!\nOlen Aino."))
    assert response.status_code == 302
    assert db.session.query(Candidate).one().introduction == "Hei!\nOlen Aino."


def _new_event(client: Any, **fields: str) -> Any:
    return client.post("/staff/events/new?lang=en", data=event_form(**fields))


def test_a_300_character_time_zone_is_a_400_with_a_message(logged_in_client) -> None:
    response = _new_event(logged_in_client, timezone="Europe/" + "x" * 293)
    assert response.status_code == 400
    assert "Field cannot be longer than 64 characters." in field_error(
        response.get_data(as_text=True), "timezone")
    assert db.session.query(Event).count() == 0


@pytest.mark.parametrize(("field", "value"), [
    ("timezone", "Europe/Helsinki\n"),
    ("name", "Kesätyötreffit\r\n2027"),
    ("venue_name", "Ohjaamo\x00\x1b"),
])
def test_staff_event_form_refuses_control_characters(logged_in_client, field, value) -> None:
    response = _new_event(logged_in_client, **{field: value})
    assert response.status_code == 400
    assert MESSAGE in field_error(response.get_data(as_text=True), field)
    assert db.session.query(Event).count() == 0


def test_staff_event_form_still_saves_good_input(logged_in_client) -> None:
    assert _new_event(logged_in_client).status_code == 302
    assert db.session.query(Event).count() == 1
