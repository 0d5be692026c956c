"""From their booking page a young person sees how we contact them, switches between e-mail,
texts and both, corrects the phone number or stops texts; each change is audited, and
stopping texts deletes the texts that are still waiting."""

from __future__ import annotations

import re
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from recruit.extensions import db
from recruit.models import AuditEntry, Candidate, SmsMessage
from recruit.sms.fake_gateway import FakeGateway
from recruit.sms.sender import deliver_due
from tests.booking.support import booking_token
from tests.sms.conftest import make_text


@pytest.fixture
def person(make_event: Any, make_candidate: Any) -> Candidate:
    return make_candidate(make_event(), first_name="Aino", phone="+358401234567",
                          contact_channel="both")


def _radio(page: str, value: str) -> str:
    match = re.search(rf'<input[^>]*value="{value}"[^>]*>', page)
    assert match is not None, value
    return match.group(0)


def _actions(person: Candidate) -> list[str]:
    return list(db.session.scalars(
        sa.select(AuditEntry.action).where(AuditEntry.object_type == "candidate",
                                           AuditEntry.object_id == person.id)
        .order_by(AuditEntry.id)))


def test_the_booking_page_shows_the_choice_and_links_to_change_it(
    sms_app: Flask, client: Any, person: Candidate
) -> None:
    token = booking_token(person)
    page = client.get(f"/youth/b/{token}?lang=en").get_data(as_text=True)
    assert "How we contact you" in page
    assert 'data-channel="both"' in page and "Both e-mail and text message" in page
    assert "+358 40 1234567" in page
    assert f"/youth/b/{token}/contact" in page and "Stop text messages" in page
    form = client.get(f"/youth/b/{token}/contact?lang=en").get_data(as_text=True)
    assert "checked" in _radio(form, "both") and "checked" not in _radio(form, "sms")
    assert 'value="+358 40 1234567"' in form


def test_switching_to_text_only_keeps_the_consent_time_and_a_new_number_is_used(
    sms_app: Flask, sms_gateway: FakeGateway, client: Any, person: Candidate
) -> None:
    asked_at = person.sms_consent_at
    waiting = make_text(person)
    token = booking_token(person)
    response = client.post(f"/youth/b/{token}/contact",
                           data={"contact_channel": "sms", "phone": "050 765 4321"})
    assert response.status_code == 302 and response.location.endswith("#contact")
    db.session.expire_all()
    person = db.session.get(Candidate, person.id)
    assert (person.contact_channel, person.phone) == ("sms", "+358507654321")
    assert person.sms_consent_at == asked_at
    assert _actions(person)[-1] == "candidate.contact_change"
    # The text still waiting goes to the corrected number.
    deliver_due(sms_app)
    assert [item.msisdn for item in sms_gateway.received] == [358507654321]
    assert db.session.get(SmsMessage, waiting.id).status == "sent"


def test_choosing_e_mail_or_stopping_texts_deletes_the_waiting_texts_only(
    sms_app: Flask, sms_gateway: FakeGateway, client: Any, person: Candidate,
    make_candidate: Any,
) -> None:
    sent = make_text(person, status="sent")
    make_text(person, status="queued")
    make_text(person, status="queued", kind="sms_moved")
    other = make_candidate(person.event, contact_channel="sms")
    theirs = make_text(other)
    token = booking_token(person)
    response = client.post(f"/youth/b/{token}/contact/stop-texts?lang=en")
    assert response.status_code == 302
    db.session.expire_all()
    person = db.session.get(Candidate, person.id)
    assert person.contact_channel == "email" and person.sms_consent_at is None
    remaining = db.session.scalars(sa.select(SmsMessage.id).order_by(SmsMessage.id)).all()
    assert remaining == [sent.id, theirs.id]
    assert _actions(person)[-1] == "candidate.stop_texts"
    page = client.get(f"/youth/b/{token}?lang=en").get_data(as_text=True)
    assert "Text messages are stopped" in page and "Stop text messages" not in page
    deliver_due(sms_app)
    assert [item.msisdn for item in sms_gateway.received] == [358501234567]  # the other's

    # Back on texts, then e-mail from the form: the same effect.
    client.post(f"/youth/b/{token}/contact", data={"contact_channel": "both",
                                                  "phone": "040 123 4567"})
    make_text(db.session.get(Candidate, person.id))
    client.post(f"/youth/b/{token}/contact", data={"contact_channel": "email",
                                                  "phone": "040 123 4567"})
    db.session.expire_all()
    assert db.session.get(Candidate, person.id).contact_channel == "email"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SmsMessage).where(
        SmsMessage.candidate_id == person.id, SmsMessage.status == "queued")) == 0


@pytest.mark.parametrize(("data", "message"), [
    ({"contact_channel": "sms", "phone": "09 123 4567"},
     "Text messages need a mobile phone number; this one looks like a landline."),
    ({"contact_channel": "both", "phone": ""},
     "To get text messages, give a mobile phone number, for example 040 123 4567."),
    ({"contact_channel": "sms", "phone": "12"},
     "This phone number is not valid"),
    ({"contact_channel": "fax", "phone": "040 123 4567"}, "Not a valid choice"),
    ({}, "Choose how we contact you."),
])
def test_a_bad_change_is_a_clear_error_and_changes_nothing(
    sms_app: Flask, client: Any, person: Candidate, data: dict[str, str], message: str
) -> None:
    token = booking_token(person)
    response = client.post(f"/youth/b/{token}/contact?lang=en", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    person = db.session.get(Candidate, person.id)
    assert (person.contact_channel, person.phone) == ("both", "+358401234567")
    assert "candidate.contact_change" not in _actions(person)


def test_without_a_gateway_the_page_says_e_mail_and_takes_no_change(
    app: Flask, client: Any, person: Candidate
) -> None:
    token = booking_token(person)
    page = client.get(f"/youth/b/{token}?lang=en").get_data(as_text=True)
    assert "by e-mail to" in page and "Stop text messages" not in page
    response = client.post(f"/youth/b/{token}/contact?lang=en",
                           data={"contact_channel": "sms", "phone": "040 123 4567"})
    assert response.status_code == 400
    assert "Text messages are not in use" in response.get_data(as_text=True)
