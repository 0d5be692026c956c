"""Each audience reads its own words, plurals are translated, and so are WTForms' messages.

The employer and youth pages once shared catalogues that Flask-Babel merged with the last one
winning, so employers read the young people's words ("Haastattelusi", "Kieltäydytty"). Now
the same English text carries a context where the audiences need different words.
"""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from typing import Any

import pytest
from flask_babel import force_locale, pgettext

from recruit.extensions import db
from tests.booking.support import booking_token, publish, signup_data, wait_for_refills
from tests.employers.test_link import employer_link
from tests.employers.test_signup import field_errors, signup_url, valid_form
from tests.events.test_views import event_form, field_error
from tests.people.test_views import candidate_form

# Words each audience's pages use, and the other audience's words they must not show.
EMPLOYER_WORDS = {
    "fi": {"interviews": "Haastattelunne", "cancelled": "Peruttu"},
    "sv": {"interviews": "Era intervjuer", "cancelled": "Avbokad"},
}
YOUTH_WORDS = {
    "fi": {"interviews": "Haastattelusi", "cancelled": "Peruttu", "declined": "Kieltäydytty"},
    "sv": {"interviews": "Dina intervjuer", "cancelled": "Inställd", "declined": "Avböjd"},
}


def text(response: Any) -> str:
    return unescape(response.get_data(as_text=True))


def cancel(interview: Any) -> None:
    interview.cancelled_at = dt.datetime.now(dt.UTC)
    interview.release_cells()
    db.session.commit()


@pytest.fixture
def scene(make_event: Any, make_employer: Any, make_vacancy: Any, make_candidate: Any,
          make_interview: Any) -> dict[str, Any]:
    """Published: Aino has one interview at each of two employers, and staff then cancelled
    her second one and Bertta's (the first employer's other interview)."""
    event = make_event()
    employer = make_employer(event, company_name="Kahvila Kruunu Oy", available=[(540, 600)])
    barista = make_vacancy(employer, title="Barista")
    shop = make_employer(event, company_name="Kauppa Oy", available=[(540, 600)])
    seller = make_vacancy(shop, title="Myyjä")
    aino = make_candidate(event, first_name="Aino", interests=[barista, seller])
    bertta = make_candidate(event, first_name="Bertta", interests=[barista])
    live = make_interview(aino, barista, start_minute=540)
    cancelled = [make_interview(aino, seller, start_minute=570),
                 make_interview(bertta, barista, start_minute=570)]
    publish(event)
    for interview in cancelled:
        cancel(interview)
    return {"event": event, "employer": employer, "aino": aino, "live": live}


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_employer_page_uses_the_employer_words(client: Any, scene: dict[str, Any],
                                                   language: str) -> None:
    page = text(client.get(employer_link(scene["employer"]) + f"?lang={language}"))
    words = EMPLOYER_WORDS[language]
    assert f'<caption class="visually-hidden">{words["interviews"]}</caption>' in page
    statuses = re.findall(r"<td>([^<]*)</td>\s*</tr>", page)
    assert words["cancelled"] in statuses
    assert YOUTH_WORDS[language]["interviews"] not in page
    assert "Kieltäydytty" not in page and "Inställd" not in page


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_youth_page_uses_the_youth_words(client: Any, scene: dict[str, Any],
                                             language: str) -> None:
    page = text(client.get(f"/youth/b/{booking_token(scene['aino'])}?lang={language}"))
    words = YOUTH_WORDS[language]
    assert f'<h2 id="interviews-heading">{words["interviews"]}</h2>' in page
    assert words["cancelled"] in page
    assert EMPLOYER_WORDS[language]["interviews"] not in page
    if language == "sv":
        assert "Avbokad" not in page


def test_declined_reads_as_each_audience_says_it(app: Any) -> None:
    """The employer roster calls a declined interview "Peruttu"; the young person declined."""
    for language in ("fi", "sv"):
        with force_locale(language):
            assert pgettext("employer", "Declined") == (
                "Peruttu" if language == "fi" else "Avböjd")
            assert pgettext("youth", "Declined") == YOUTH_WORDS[language]["declined"]


@pytest.fixture
def refills_finish(app: Any) -> Any:
    # A decline starts a waiting-list run in a thread; let it end before the rows go.
    app.config["WAITLIST_TIME_LIMIT_SECONDS"] = 2
    yield
    wait_for_refills()


def test_the_youth_page_says_kieltaydytty_after_a_decline(client: Any, scene: dict[str, Any],
                                                           refills_finish: Any) -> None:
    token = booking_token(scene["aino"])
    live = scene["live"]
    assert client.post(f"/youth/b/{token}/interviews/{live.id}/decline").status_code == 302
    assert "Kieltäydytty" in text(client.get(f"/youth/b/{token}?lang=fi"))


@pytest.mark.parametrize(("audience", "path", "closed"), [
    ("employer", "/employers/events/{id}/signup", "Anmälan har stängts"),
    ("youth", "/youth/events/{id}/sign-up", "Anmälan har stängt"),
])
def test_closed_signup_pages_keep_their_own_swedish(client: Any, make_event: Any,
                                                    audience: str, path: str,
                                                    closed: str) -> None:
    event = make_event(signup_deadline=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    page = text(client.get(path.format(id=event.id) + "?lang=sv"))
    assert f"<h1>{closed}</h1>" in page
    assert f"<title>{closed} – {event.name} – " in page


@pytest.mark.parametrize(("path", "back"), [
    ("/employers/events/{id}/privacy", "Takaisin ilmoittautumislomakkeelle"),
    ("/youth/events/{id}/privacy", "Takaisin ilmoittautumislomakkeeseen"),
])
def test_privacy_pages_lead_back_in_their_own_words(client: Any, make_event: Any, path: str,
                                                    back: str) -> None:
    event = make_event(signup_deadline=dt.datetime.now(dt.UTC) + dt.timedelta(days=7))
    assert back in text(client.get(path.format(id=event.id) + "?lang=fi"))


def test_ranked_choices_are_worded_for_each_audience(
    client: Any, logged_in_client: Any, make_event: Any, make_employer: Any,
    make_vacancy: Any, make_candidate: Any,
) -> None:
    event = make_event(max_ranked_interests=2,
                       signup_deadline=dt.datetime.now(dt.UTC) + dt.timedelta(days=7))
    make_vacancy(make_employer(event), title="Barista")
    youth = text(client.get(f"/youth/events/{event.id}/sign-up?lang=fi"))
    assert "Valinta 1" in youth and "1. valinta" not in youth
    candidate = make_candidate(event)
    staff = text(logged_in_client.get(
        f"/staff/events/{event.id}/candidates/{candidate.id}/edit?lang=fi"))
    assert "1. valinta" in staff and "Valinta 1" not in staff


def test_required_field_messages_keep_each_audiences_swedish(
    client: Any, logged_in_client: Any, make_event: Any,
) -> None:
    event = make_event(signup_deadline=dt.datetime.now(dt.UTC) + dt.timedelta(days=7))
    youth = client.post(f"/youth/events/{event.id}/sign-up?lang=sv",
                        data=signup_data(first_name=""))
    assert youth.status_code == 400
    assert "Detta fält är obligatoriskt." in text(youth)
    staff = logged_in_client.post(f"/staff/events/{event.id}/edit?lang=sv",
                                  data=event_form(name=""))
    assert staff.status_code == 400
    assert "Det här fältet är obligatoriskt." in unescape(field_error(text(staff), "name"))


# --- plurals --------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "one", "two"), [
    ("fi", "1 nuoren käytettävissä oleva aika alkaa ennen tätä.",
     "2 nuoren käytettävissä olevat ajat alkavat ennen tätä."),
    ("sv", "Den tillgängliga tiden för 1 ung person börjar före detta.",
     "De tillgängliga tiderna för 2 unga börjar före detta."),
])
def test_plural_messages_are_translated(logged_in_client: Any, make_event: Any,
                                        make_candidate: Any, language: str, one: str,
                                        two: str) -> None:
    event = make_event()
    make_candidate(event, windows=[(540, 600)])
    url = f"/staff/events/{event.id}/edit?lang={language}"
    later = event_form(start_time="09:30", breaks="")
    response = logged_in_client.post(url, data=later)
    assert response.status_code == 400
    assert one in unescape(field_error(text(response), "start_time"))
    make_candidate(event, windows=[(540, 660)])
    response = logged_in_client.post(url, data=later)
    assert two in unescape(field_error(text(response), "start_time"))


@pytest.mark.parametrize(("language", "message"), [
    ("fi", "1 sovittu haastattelu on näiden aikojen ulkopuolella; siirrä se ensin."),
    ("sv", "1 inplanerad intervju ligger utanför dessa tider; flytta den först."),
])
def test_plural_messages_of_the_people_forms_are_translated(
    logged_in_client: Any, make_interview: Any, language: str, message: str,
) -> None:
    candidate = make_interview(start_minute=600).candidate
    url = f"/staff/events/{candidate.event_id}/candidates/{candidate.id}/edit?lang={language}"
    response = logged_in_client.post(url, data=candidate_form(
        email=candidate.email, windows="11:00-13:00"))
    assert response.status_code == 400
    assert message in unescape(field_error(text(response), "windows"))


# --- WTForms' own messages ------------------------------------------------------------------


@pytest.mark.parametrize(("language", "too_long", "not_a_number"), [
    ("fi", "Ei voi olla pidempi kuin 2000 merkkiä.", "Ei ole kelvollinen kokonaisluku"),
    ("sv", "Fältet får inte vara längre än 2000 tecken.", "Inte ett giltigt heltal"),
])
def test_wtforms_messages_are_in_the_page_language(client: Any, make_event: Any,
                                                   language: str, too_long: str,
                                                   not_a_number: str) -> None:
    """WTForms' messages in the vacancy rows (a form nested in the sign-up form)."""
    event = make_event(signup_deadline=dt.datetime.now(dt.UTC) + dt.timedelta(days=7))
    form = valid_form(**{"vacancies-0-description": "x" * 2001,
                         "vacancies-0-positions": "kaksi"})
    response = client.post(signup_url(event) + f"?lang={language}", data=form)
    assert response.status_code == 400
    errors = field_errors(response.get_data(as_text=True))
    assert errors["vacancies-0-description"] == too_long
    assert not_a_number in errors["vacancies-0-positions"]
    assert "Field cannot be longer" not in text(response)

