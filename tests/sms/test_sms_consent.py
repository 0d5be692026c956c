"""Texts are a choice at sign-up: asked for in fi/sv/en, recorded with its time when the
address is confirmed, and withdrawn by signing up again without it."""

from __future__ import annotations

from typing import Any

import pytest

from recruit.extensions import db
from recruit.models import Candidate
from tests.booking.support import outbox, signup_data, token_from


@pytest.fixture
def event(make_event: Any, make_employer: Any, make_vacancy: Any) -> Any:
    event = make_event()
    make_vacancy(make_employer(event, company_name="Kahvila Oy"), title="Tarjoilija")
    return event


@pytest.mark.parametrize(("lang", "label"), [
    ("fi", "Lähetä muistutus ja haastatteluihini tulevat muutokset myös tekstiviestinä"),
    ("sv", "Skicka påminnelsen och ändringar i mina intervjuer också som sms"),
    ("en", "Also send me the reminder and changes to my interviews as text messages"),
])
def test_the_form_offers_texts_in_three_languages(
    sms_app: Any, client: Any, event: Any, lang: str, label: str
) -> None:
    page = client.get(f"/youth/events/{event.id}/sign-up?lang={lang}").get_data(as_text=True)
    assert label in page and 'name="sms_reminders"' in page
    # The hint under the box is announced with it.
    assert 'aria-describedby="sms_reminders-hint"' in page and 'id="sms_reminders-hint"' in page
    assert 'checked' not in page.split('name="sms_reminders"', 1)[1].split(">", 1)[0]


def test_without_a_gateway_the_form_does_not_offer_texts(client: Any, event: Any) -> None:
    page = client.get(f"/youth/events/{event.id}/sign-up?lang=en").get_data(as_text=True)
    assert "Also send me the reminder" not in page and 'name="sms_reminders"' not in page


def test_texts_are_asked_for_at_sign_up_and_withdrawn_by_signing_up_again(
    sms_app: Any, client: Any, event: Any
) -> None:
    url = f"/youth/events/{event.id}/sign-up"
    assert client.post(url, data=signup_data(open_to_other="y", sms_reminders="y")
                       ).status_code == 302
    client.post(f"/youth/confirm/{token_from(outbox('email_confirmation')[0])}")
    candidate = db.session.query(Candidate).one()
    assert candidate.sms_consent_at is not None and candidate.phone == "+358401234567"

    client.post(url, data=signup_data(open_to_other="y"))  # the box left empty this time
    db.session.refresh(candidate)
    assert candidate.sms_consent_at is not None  # nothing changes before confirming
    client.post(f"/youth/confirm/{token_from(outbox('email_confirmation')[1])}")
    db.session.refresh(candidate)
    assert candidate.sms_consent_at is None


def test_a_sign_up_without_the_box_gets_no_texts(
    sms_app: Any, client: Any, event: Any
) -> None:
    client.post(f"/youth/events/{event.id}/sign-up", data=signup_data(open_to_other="y"))
    client.post(f"/youth/confirm/{token_from(outbox('email_confirmation')[0])}")
    candidate = db.session.query(Candidate).one()
    assert candidate.status == "active" and candidate.sms_consent_at is None
