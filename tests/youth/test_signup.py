"""The public youth sign-up: every field's validation, double opt-in, re-sign-up, guards."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from recruit.extensions import db
from recruit.models import Candidate, OutboxMessage
from recruit.scheduling.bridge import active_candidates
from tests.booking.support import count, outbox, signup_data, token_from


@pytest.fixture
def event_with_jobs(make_event: Any, make_employer: Any, make_vacancy: Any) -> dict[str, Any]:
    event = make_event(max_ranked_interests=2)
    cafe = make_employer(event, company_name="Kahvila Oy")
    barista = make_vacancy(cafe, title="Barista", requires=["hygiene_passport"])
    waiter = make_vacancy(cafe, title="Tarjoilija")
    pending = make_employer(event, company_name="Odottava Oy", status="pending")
    hidden = make_vacancy(pending, title="Salainen")
    return {"event": event, "barista": barista, "waiter": waiter, "hidden": hidden}


def _url(event: Any) -> str:
    return f"/youth/events/{event.id}/sign-up"


def test_form_offers_the_events_choices(client: Any, event_with_jobs: dict[str, Any]) -> None:
    event = event_with_jobs["event"]
    page = client.get(_url(event) + "?lang=en").get_data(as_text=True)
    assert "Sign up for job interviews" in page
    # Every job as a card with a button to choose it.
    for job in (event_with_jobs["barista"], event_with_jobs["waiter"]):
        card = page.split(f'id="job-{job.id}"', 1)[1].split("</li>", 1)[0]
        assert f"<h3>{job.title}</h3>" in card and "Kahvila Oy" in card
        assert f'value="add:{job.id}"' in card
    assert "Salainen" not in page  # not approved: cannot be ranked
    assert 'name="interests-0"' in page and 'name="interests-1"' in page
    assert 'name="interests-2"' not in page  # the event allows two
    assert "Hygiene passport" in page  # the event's card list, in English
    assert 'name="website"' in page and 'class="hp"' in page  # the honeypot
    assert f"/youth/events/{event.id}/privacy" in page


@pytest.mark.parametrize(("lang", "heading"), [
    ("fi", "Ilmoittaudu työhaastatteluihin"),
    ("sv", "Anmäl dig till arbetsintervjuer"),
    ("en", "Sign up for job interviews"),
])
def test_form_in_three_languages(
    client: Any, event_with_jobs: dict[str, Any], lang: str, heading: str
) -> None:
    page = client.get(_url(event_with_jobs["event"]) + f"?lang={lang}").get_data(as_text=True)
    assert heading in page


def test_sign_up_then_confirm_the_address(client: Any, event_with_jobs: dict[str, Any]) -> None:
    event, barista = event_with_jobs["event"], event_with_jobs["barista"]
    response = client.post(_url(event) + "?lang=sv", data=signup_data(
        **{"interests-0": str(barista.id)}, cards=[str(barista.requirements[0].id)]))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/youth/events/{event.id}/sign-up/sent")
    candidate = db.session.query(Candidate).one()
    assert candidate.email == "aino.jarvinen@example.org"
    assert candidate.phone == "+358401234567"
    assert candidate.status == "unverified" and candidate.email_verified_at is None
    assert candidate.locale == "sv"
    assert candidate.consent_version == "2026-01" and candidate.consent_at is not None
    assert [i.vacancy_id for i in candidate.interests] == [barista.id]
    assert [c.code for c in candidate.cards] == ["hygiene_passport"]
    assert candidate not in active_candidates(event)  # not in the pool before confirming

    [message] = outbox("email_confirmation")
    assert message.recipient == "aino.jarvinen@example.org" and message.locale == "sv"
    token = token_from(message)
    # Opening the link (a mail scanner does too) changes nothing.
    page = client.get(f"/youth/confirm/{token}")
    assert page.status_code == 200
    db.session.refresh(candidate)
    assert candidate.status == "unverified"

    confirmed = client.post(f"/youth/confirm/{token}")
    assert confirmed.status_code == 302 and "/youth/b/" in confirmed.headers["Location"]
    db.session.refresh(candidate)
    assert candidate.status == "active" and candidate.email_verified_at is not None
    assert candidate in active_candidates(event)
    [link_mail] = outbox("booking_link")
    assert client.get(f"/youth/b/{token_from(link_mail)}").status_code == 200
    # Confirming twice is harmless: no second e-mail.
    assert client.post(f"/youth/confirm/{token}").status_code == 302
    assert len(outbox("booking_link")) == 1


def test_sign_up_again_updates_after_confirming(
    client: Any, event_with_jobs: dict[str, Any]
) -> None:
    event, barista, waiter = (event_with_jobs[k] for k in ("event", "barista", "waiter"))
    # Barista needs a card she has not: she was warned and sent the form again as it is.
    client.post(_url(event), data=signup_data(
        **{"interests-0": str(barista.id)}, choices_checked="1"))
    client.post(f"/youth/confirm/{token_from(outbox('email_confirmation')[0])}")
    again = client.post(_url(event), data=signup_data(
        first_name="Aino-Maria", email="aino.jarvinen@example.org", choices_checked="1",
        **{"interests-0": str(waiter.id), "interests-1": str(barista.id)}))
    assert again.status_code == 302
    assert count(Candidate) == 1
    candidate = db.session.query(Candidate).one()
    # Nothing changes until the new answers are confirmed from the mailbox.
    assert candidate.first_name == "Aino"
    second = outbox("email_confirmation")[1]
    client.post(f"/youth/confirm/{token_from(second)}")
    db.session.refresh(candidate)
    assert candidate.first_name == "Aino-Maria"
    assert [i.vacancy_id for i in candidate.interests] == [waiter.id, barista.id]
    assert candidate.status == "active"


def test_known_and_unknown_address_get_the_same_answer(
    client: Any, event_with_jobs: dict[str, Any]
) -> None:
    event = event_with_jobs["event"]
    first = client.post(_url(event), data=signup_data())
    second = client.post(_url(event), data=signup_data())
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]


BAD_INPUT = [
    ("first_name", {"first_name": ""}, "This field is required."),
    ("first_name", {"first_name": "x" * 101}, "Write at most 100 characters."),
    ("last_name", {"last_name": ""}, "This field is required."),
    ("email", {"email": "not-an-address"}, "Give an e-mail address such as name@example.fi."),
    ("phone", {"phone": "12"}, "This phone number is not valid"),
    ("phone", {"phone": "call me"}, "This is not a phone number"),
    ("phone", {"phone": ""}, "This field is required."),
    ("birth_year", {"birth_year": "abc"}, "Write your year of birth as four digits"),
    ("birth_year", {"birth_year": "1990"}, "This event is for young people aged 15–29"),
    ("birth_year", {"birth_year": "2013"}, "you would be 14 on the event day"),
    ("birth_year", {"birth_year": ""}, "This field is required."),
    ("languages", {"languages": []}, "Choose at least one language."),
    ("interests-0", {"interests-0": "999999"}, "Choose a job from the list."),
    ("interests-0", {"interests-0": "junk"}, "Choose a job from the list."),
    ("open_to_other", {"open_to_other": None}, "Choose at least one job"),
    ("windows", {"availability": "part", "windows": ""}, "Write the times you can come"),
    ("windows", {"availability": "part", "windows": "09:03-10:00"}, "is not on the event's"),
    ("windows", {"availability": "part", "windows": "07:00-08:00"}, "outside the event's hours"),
    ("windows", {"availability": "part", "windows": "soon"}, "Write each time window"),
    ("introduction", {"introduction": "x" * 601}, "Write at most 600 characters."),
    ("privacy", {"privacy": None}, "To sign up, please accept the privacy notice."),
]


@pytest.mark.parametrize(("field", "overrides", "message"), BAD_INPUT,
                         ids=[f"{f}-{n}" for n, (f, _o, _m) in enumerate(BAD_INPUT)])
def test_bad_input_is_shown_beside_the_field_and_nothing_is_saved(
    client: Any, event_with_jobs: dict[str, Any], field: str, overrides: dict[str, Any],
    message: str,
) -> None:
    event = event_with_jobs["event"]
    response = client.post(_url(event) + "?lang=en", data=signup_data(
        **{"first_name": "Kept Name", **overrides}))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{field}-error"' in page
    error = page.split(f'id="{field}-error">', 1)[1].split("</span>", 1)[0]
    assert message in error.replace("&#39;", "'")
    if field != "first_name":
        assert 'value="Kept Name"' in page  # what was typed stays
    if field != "phone":
        assert 'value="040 123 4567"' in page  # as typed, not the +358 form it is stored in
    assert count(Candidate) == 0 and count(OutboxMessage) == 0


def test_interest_of_an_unapproved_employer_and_twice_the_same(
    client: Any, event_with_jobs: dict[str, Any]
) -> None:
    event, barista, hidden = (event_with_jobs[k] for k in ("event", "barista", "hidden"))
    page = client.post(_url(event) + "?lang=en", data=signup_data(
        **{"interests-0": str(hidden.id)})).get_data(as_text=True)
    assert "Choose a job from the list." in page
    twice = client.post(_url(event) + "?lang=en", data=signup_data(
        **{"interests-0": str(barista.id), "interests-1": str(barista.id)}))
    assert twice.status_code == 400
    assert "You already chose this job above." in twice.get_data(as_text=True)
    assert count(Candidate) == 0


def test_a_window_of_the_event_is_kept(client: Any, event_with_jobs: dict[str, Any]) -> None:
    event = event_with_jobs["event"]
    response = client.post(_url(event), data=signup_data(availability="part",
                                                         windows="10:00-11:30"))
    assert response.status_code == 302
    candidate = db.session.query(Candidate).one()
    assert [(w.start_minute, w.end_minute) for w in candidate.windows] == [(600, 690)]


def test_time_hints_match_the_pages_own_way_of_writing_times(
    client: Any, event_with_jobs: dict[str, Any]
) -> None:
    event = event_with_jobs["event"]
    finnish = client.get(_url(event) + "?lang=fi").get_data(as_text=True)
    assert "Esimerkiksi 10.00–12.00." in finnish and "10:00-12:00" not in finnish
    swedish = client.get(_url(event) + "?lang=sv").get_data(as_text=True)
    assert "Till exempel 10.00–12.00." in swedish and "10:00" not in swedish
    english = client.get(_url(event) + "?lang=en").get_data(as_text=True)
    assert "For example 10:00–12:00." in english
    # Both ways of writing a window, as the hints show them, are accepted.
    response = client.post(_url(event), data=signup_data(availability="part",
                                                         windows="10.00–11.30"))
    assert response.status_code == 302
    candidate = db.session.query(Candidate).one()
    assert [(w.start_minute, w.end_minute) for w in candidate.windows] == [(600, 690)]


def test_honeypot_saves_and_sends_nothing(client: Any, event_with_jobs: dict[str, Any]) -> None:
    event = event_with_jobs["event"]
    response = client.post(_url(event), data=signup_data(website="http://spam.example"))
    assert response.status_code == 302  # looks like success to the robot
    assert count(Candidate) == 0 and count(OutboxMessage) == 0


def test_closed_after_the_deadline(client: Any, make_event: Any) -> None:
    event = make_event(signup_deadline=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    page = client.get(_url(event) + "?lang=en").get_data(as_text=True)
    assert "Sign-up has closed" in page
    client.post(_url(event), data=signup_data())
    assert count(Candidate) == 0


def test_unknown_event_is_404(client: Any) -> None:
    assert client.get("/youth/events/999999/sign-up").status_code == 404
    assert client.post("/youth/events/999999/link-again", data={"email": "a@b.fi"}
                       ).status_code == 404


def test_csrf_is_required(make_app: Any, event_with_jobs: dict[str, Any]) -> None:
    app = make_app(WTF_CSRF_ENABLED=True)
    event = event_with_jobs["event"]
    db.session.commit()
    response = app.test_client().post(_url(event), data=signup_data())
    assert response.status_code == 400
    assert count(Candidate) == 0


def test_rate_limited(make_app: Any, event_with_jobs: dict[str, Any]) -> None:
    app = make_app(RATELIMIT_ENABLED=True, YOUTH_SIGNUP_RATE_LIMIT="2 per minute")
    event = event_with_jobs["event"]
    db.session.commit()
    client = app.test_client()
    codes = [client.post(_url(event), data=signup_data(email=f"n{i}@example.org")).status_code
             for i in range(3)]
    assert codes == [302, 302, 429]
    assert client.get(_url(event)).status_code == 200  # reading the form is not limited


def test_link_again_does_not_reveal_who_is_signed_up(
    client: Any, make_event: Any, make_candidate: Any
) -> None:
    event = make_event()
    make_candidate(event, email="known@example.org")
    known = client.post(f"/youth/events/{event.id}/link-again?lang=en",
                        data={"email": "Known@Example.org"})
    unknown = client.post(f"/youth/events/{event.id}/link-again?lang=en",
                          data={"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200
    assert known.get_data(as_text=True) == unknown.get_data(as_text=True)
    [message] = outbox("link_again")
    assert message.recipient == "known@example.org"
    assert client.get(f"/youth/b/{token_from(message)}").status_code == 200
    bad = client.post(f"/youth/events/{event.id}/link-again?lang=en", data={"email": "x"})
    assert bad.status_code == 400 and "Give an e-mail address" in bad.get_data(as_text=True)


def test_pages_send_no_referrer(client: Any, event_with_jobs: dict[str, Any]) -> None:
    response = client.get(_url(event_with_jobs["event"]))
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_nul_characters_are_dropped_not_500(client: Any, event_with_jobs: dict[str, Any]
                                            ) -> None:
    event = event_with_jobs["event"]
    response = client.post(_url(event), data=signup_data(
        first_name="Ai\x00no", introduction="Hei\x00!", windows="\x00"))
    assert response.status_code == 302
    candidate = db.session.query(Candidate).one()
    assert candidate.first_name == "Aino" and candidate.introduction == "Hei!"


def test_same_address_at_the_same_moment(
    monkeypatch: pytest.MonkeyPatch, client: Any, event_with_jobs: dict[str, Any],
    make_candidate: Any,
) -> None:
    """The other sign-up committed between our look-up and our insert: we take the known-
    address path instead of failing."""
    from recruit.people import youth_signup as signup

    event = event_with_jobs["event"]
    make_candidate(event, email="aino.jarvinen@example.org", status="unverified",
                   email_verified_at=None)
    real = signup.find_candidate
    calls: list[str] = []

    def first_misses(event: Any, email: str) -> Any:
        calls.append(email)
        return None if len(calls) == 1 else real(event, email)

    monkeypatch.setattr(signup, "find_candidate", first_misses)
    response = client.post(_url(event), data=signup_data())
    assert response.status_code == 302 and len(calls) == 2
    assert count(Candidate) == 1
    [message] = outbox("email_confirmation")
    assert message.recipient == "aino.jarvinen@example.org"


def test_staff_sign_up_enters_the_pool(
    logged_in_client: Any, event_with_jobs: dict[str, Any]
) -> None:
    event, waiter = event_with_jobs["event"], event_with_jobs["waiter"]
    response = logged_in_client.post(f"/staff/events/{event.id}/candidates/new", data={
        "first_name": "Walk", "last_name": "In", "email": "walkin@example.org",
        "phone": "0401234567", "birth_year": "2005", "languages": ["fi"],
        "interests-0": str(waiter.id), "status": "active", "windows": ""})
    assert response.status_code == 302
    walk_in = db.session.query(Candidate).one()
    assert walk_in.signed_up_by_staff_id is not None
    assert walk_in in active_candidates(event)
