"""The choice at sign-up: e-mail, text message or both, in fi/sv/en; what each choice brings
the day before (at the real SMTP test server and the fake SMS gateway); a clear error for
texts without a mobile number; re-sign-up replaces the choice once the address is confirmed."""

from __future__ import annotations

import re
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from recruit.core import links
from recruit.extensions import db
from recruit.mail.sender import deliver_due as deliver_mail
from recruit.models import Candidate, utcnow
from recruit.sms.fake_gateway import FakeGateway
from recruit.sms.sender import deliver_due as deliver_texts
from tests.booking.support import outbox, signup_data, token_from

MSISDN = 358401234567  # signup_data's "040 123 4567"


@pytest.fixture
def event(make_event: Any, make_employer: Any, make_vacancy: Any) -> Any:
    event = make_event()
    make_vacancy(make_employer(event, company_name="Kahvila Oy"), title="Tarjoilija")
    return event


def _sign_up(client: Any, event: Any, **fields: Any) -> Any:
    return client.post(f"/youth/events/{event.id}/sign-up", data=signup_data(**fields))


def _confirm(client: Any, number: int = 0) -> Candidate:
    client.post(f"/youth/confirm/{token_from(outbox('email_confirmation')[number])}")
    db.session.expire_all()
    return db.session.scalars(sa.select(Candidate)).one()


@pytest.mark.parametrize(("lang", "legend", "sms_label"), [
    ("fi", "Miten muistutamme sinua ja kerromme muutoksista?",
     "Tekstiviesti: muistutus tulee tekstiviestinä sähköpostin sijaan"),
    ("sv", "Hur ska vi påminna dig och berätta om ändringar?",
     "Sms: påminnelsen kommer som sms i stället för e-post"),
    ("en", "How should we remind you and tell you about changes?",
     "Text message: the reminder comes as a text instead of an e-mail"),
])
def test_the_form_offers_the_three_choices_in_three_languages(
    sms_app: Flask, client: Any, event: Any, lang: str, legend: str, sms_label: str
) -> None:
    page = client.get(f"/youth/events/{event.id}/sign-up?lang={lang}").get_data(as_text=True)
    assert legend in page and sms_label in page
    radios = re.findall(r'<input[^>]*name="contact_channel"[^>]*>', page)
    assert [re.search(r'value="(\w+)"', tag).group(1) for tag in radios] == [  # type: ignore[union-attr]
        "email", "sms", "both"]
    # E-mail is chosen until the person chooses otherwise; the hint is announced with it.
    assert ["checked" in tag for tag in radios] == [True, False, False]
    assert 'aria-describedby="contact_channel-hint"' in page


def test_without_a_gateway_the_form_offers_no_choice_and_everything_is_e_mail(
    app: Flask, client: Any, event: Any
) -> None:
    page = client.get(f"/youth/events/{event.id}/sign-up?lang=en").get_data(as_text=True)
    assert 'name="contact_channel"' not in page and "Text message" not in page
    assert _sign_up(client, event, contact_channel="sms").status_code == 302
    candidate = _confirm(client)
    assert candidate.contact_channel == "email" and candidate.sms_consent_at is None


@pytest.mark.parametrize(("choice", "reminder_mails", "reminder_texts"), [
    ("email", 1, 0),
    ("sms", 0, 1),
    ("both", 1, 1),
])
def test_each_choice_decides_what_arrives_the_day_before(
    texts_and_mail_app: Flask, smtp_server: Any, sms_gateway: FakeGateway, client: Any,
    runner: Any, event: Any, make_interview: Any, choice: str, reminder_mails: int,
    reminder_texts: int,
) -> None:
    assert _sign_up(client, event, contact_channel=choice).status_code == 302
    candidate = _confirm(client)
    assert candidate.contact_channel == choice
    assert (candidate.sms_consent_at is not None) == (choice != "email")
    make_interview(candidate, event.employers[0].vacancies[0], source="self",
                   start_minute=9 * 60 + 30)
    deliver_mail(texts_and_mail_app)  # the confirmation and the booking link
    signed_up_mail = len(smtp_server.received)
    assert signed_up_mail == 2 and sms_gateway.received == []

    result = runner.invoke(args=["send-reminders", "--event", str(event.id)])
    assert result.exit_code == 0, result.output
    deliver_mail(texts_and_mail_app)
    deliver_texts(texts_and_mail_app)

    reminders = smtp_server.received[signed_up_mail:]
    assert [item.rcpt_tos for item in reminders] == [["aino.jarvinen@example.org"]] * (
        reminder_mails)
    for item in reminders:
        assert "9.30" in item.message.get_body(("plain",)).get_content()
    texts = sms_gateway.texts_to(MSISDN)
    assert len(texts) == reminder_texts
    for text in texts:
        assert text.startswith("Muistutus: työhaastattelusi on huomenna") and "9.30" in text
    # A second run sends nothing more, by either way.
    runner.invoke(args=["send-reminders", "--event", str(event.id)])
    deliver_mail(texts_and_mail_app)
    deliver_texts(texts_and_mail_app)
    assert len(smtp_server.received) == signed_up_mail + reminder_mails
    assert len(sms_gateway.received) == reminder_texts


def test_text_only_gets_the_e_mail_reminder_after_all_when_sms_is_turned_off(
    texts_and_mail_app: Flask, runner: Any, make_event: Any, make_employer: Any,
    make_vacancy: Any, make_candidate: Any, make_interview: Any,
) -> None:
    event = make_event()
    person = make_candidate(event, contact_channel="sms")
    make_interview(person, make_vacancy(make_employer(event)), source="self",
                   start_minute=9 * 60)
    texts_and_mail_app.config["SMS_GATEWAY_URL"] = None
    runner.invoke(args=["send-reminders", "--event", str(event.id)])
    assert [m.recipient for m in outbox("interview_reminder")] == [person.email]


@pytest.mark.parametrize(("phone", "message"), [
    ("09 123 4567", "Text messages need a mobile phone number; this one looks like a landline."),
    ("12345", "To get text messages, give a mobile phone number, for example 040 123 4567."),
])
@pytest.mark.parametrize("choice", ["sms", "both"])
def test_texts_without_a_mobile_number_are_a_clear_form_error(
    sms_app: Flask, client: Any, event: Any, phone: str, message: str, choice: str
) -> None:
    response = client.post(f"/youth/events/{event.id}/sign-up?lang=en",
                           data=signup_data(contact_channel=choice, phone=phone))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page and 'id="contact_channel-error"' in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Candidate)) == 0
    # E-mail alone is fine with a landline.
    assert _sign_up(client, event, contact_channel="email", phone=phone).status_code == (
        302 if phone.startswith("09") else 400)


def test_signing_up_again_changes_the_choice_once_confirmed(
    sms_app: Flask, client: Any, event: Any
) -> None:
    _sign_up(client, event, contact_channel="both")
    candidate = _confirm(client)
    asked_at = candidate.sms_consent_at
    assert candidate.contact_channel == "both" and asked_at is not None

    _sign_up(client, event, contact_channel="sms")
    db.session.refresh(candidate)
    assert candidate.contact_channel == "both"  # nothing changes before confirming
    candidate = _confirm(client, 1)
    # Still on texts: the consent keeps its first time.
    assert candidate.contact_channel == "sms" and candidate.sms_consent_at == asked_at

    _sign_up(client, event, contact_channel="email")
    candidate = _confirm(client, 2)
    assert candidate.contact_channel == "email" and candidate.sms_consent_at is None


def test_answers_waiting_from_the_old_check_box_still_confirm(
    sms_app: Flask, client: Any, event: Any, make_candidate: Any
) -> None:
    """A re-sign-up sent before the choice existed waits with `sms_consent` in its link."""
    person = make_candidate(event, email="aino.jarvinen@example.org", phone="+358401234567",
                            open_to_other=True)
    payload_data = {**_payload_data(person), "sms_consent": True}
    _link, token = links.issue(person, "confirm_email", payload={
        "data": payload_data, "locale": "fi", "consent_version": "2026-01",
        "consent_notice_sha256": None, "follow_up_consent": False})
    db.session.commit()
    assert client.post(f"/youth/confirm/{token}").status_code == 302
    db.session.refresh(person)
    assert person.contact_channel == "both" and person.sms_consent_at is not None


def _payload_data(person: Candidate) -> dict[str, Any]:
    return {"first_name": person.first_name, "last_name": person.last_name,
            "email": person.email, "birth_year": person.birth_year, "phone": person.phone,
            "languages": ["fi"], "card_ids": [], "interests": [], "open_to_other": True,
            "priority": False, "windows": [], "introduction": "",
            "share_with_employers": False, "status": "unverified"}


def test_a_stored_choice_of_texts_without_consent_time_is_refused_by_the_database(
    app: Flask, make_event: Any, make_candidate: Any
) -> None:
    person = make_candidate(make_event())
    person.contact_channel = "both"
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()
    person = db.session.get(Candidate, person.id)
    assert person is not None
    person.sms_consent_at = utcnow()  # without the choice: refused as well
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()
