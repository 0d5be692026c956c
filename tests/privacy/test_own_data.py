"""A young person's own data from their booking link: the page, the download and erasure.

After erasure, and once the last messages owed have gone out, a scan of every text column
finds nothing of the person; their interviews were cancelled and the employer was told.
"""

from __future__ import annotations

import json

import sqlalchemy as sa

from recruit.core import links
from recruit.extensions import db
from recruit.mail.reminders import queue_reminders
from recruit.mail.sender import deliver_due
from recruit.models import Candidate, Interview, OutboxMessage, SmsMessage, utcnow
from recruit.scheduling.publishing import publish_schedule
from recruit.sms.sender import deliver_due as deliver_texts
from tests.privacy.scan import find_anywhere

HER = ("Helmi", "Erasmaa", "helmi.erasmaa@example.org", "+358401234599")
HIM = ("Kalle", "Pysyvä", "kalle.pysyva@example.org", "+358401234588")


def _published(make_event, make_employer, make_vacancy, make_candidate, make_interview):
    event = make_event(start_minute=9 * 60, end_minute=11 * 60)
    employer = make_employer(event, tables=2, company_name="Kahvila Kruunu Oy",
                             email="rekry@kruunu.example")
    vacancy = make_vacancy(employer, title="Barista")
    people = []
    for i, (first, last, email, phone) in enumerate((HER, HIM)):
        person = make_candidate(event, first_name=first, last_name=last, email=email,
                                phone=phone, introduction=f"Olen {first}.", locale="fi",
                                interests=(vacancy,), windows=((9 * 60, 11 * 60),))
        make_interview(person, vacancy, start_minute=9 * 60, table_no=1 + i)
        people.append(person)
    publish_schedule(event, None)
    db.session.commit()
    tokens = [links.issue(person, "booking")[1] for person in people]
    db.session.commit()
    return event, people, tokens


def test_the_page_and_the_download_show_what_is_stored(
    client, make_event, make_employer, make_vacancy, make_candidate, make_interview
):
    _event, (_her, _him), (token, other_token) = _published(
        make_event, make_employer, make_vacancy, make_candidate, make_interview)
    page = client.get(f"/youth/b/{token}/data?lang=en")
    assert page.status_code == 200
    assert page.headers["Cache-Control"] == "no-store"
    text = page.get_data(as_text=True)
    for expected in (*HER, "2026-01", "Barista", "Kahvila Kruunu Oy", "Olen Helmi."):
        assert expected in text
    assert HIM[0] not in text and HIM[2] not in text
    subject = db.session.scalars(sa.select(OutboxMessage.subject).where(
        OutboxMessage.recipient == HER[2])).first()
    assert subject and subject in text  # the invitation she was sent

    download = client.get(f"/youth/b/{token}/data.json")
    assert download.status_code == 200 and download.mimetype == "application/json"
    assert "attachment" in download.headers["Content-Disposition"]
    data = json.loads(download.get_data(as_text=True))
    assert data["sign_up"]["email"] == HER[2] and data["sign_up"]["phone"] == HER[3]
    assert data["consent"]["privacy_notice_version"] == "2026-01"
    assert [(i["job"], i["status"]) for i in data["interviews"]] == [("Barista", "live")]
    assert data["messages"] and data["messages"][0]["kind"] == "interview_invite"
    assert data["sign_up"]["jobs_ranked"][0]["job"] == "Barista"

    # Someone else's link shows only their own data; a made-up one shows nothing.
    assert HER[2] not in client.get(f"/youth/b/{other_token}/data").get_data(as_text=True)
    assert client.get(f"/youth/b/{'x' * 43}/data").status_code == 404
    assert client.get(f"/youth/b/{'x' * 43}/data.json").status_code == 404


def test_erasure_asks_first_then_deletes_everything_and_tells_the_employer(
    mail_app, smtp_server, make_event, make_employer, make_vacancy, make_candidate,
    make_interview,
):
    client = mail_app.test_client()
    _event, (her, him), (token, other_token) = _published(
        make_event, make_employer, make_vacancy, make_candidate, make_interview)
    her_id = her.id
    deliver_due(mail_app)  # the invitations went out
    smtp_server.received.clear()
    assert client.get(f"/youth/b/{token}/data/erase").status_code == 200

    unconfirmed = client.post(f"/youth/b/{token}/data/erase", data={})
    assert unconfirmed.status_code == 422
    assert "Rasti" in unconfirmed.get_data(as_text=True) or "Tick" in unconfirmed.get_data(
        as_text=True)
    assert db.session.get(Candidate, her_id) is not None

    done = client.post(f"/youth/b/{token}/data/erase", data={"sure": "y"})
    assert done.status_code == 200
    db.session.expire_all()
    assert db.session.get(Candidate, her_id) is None
    assert client.get(f"/youth/b/{token}").status_code == 404
    assert client.get(f"/youth/b/{token}/data").status_code == 404

    deliver_due(mail_app)
    arrived = {r.message["To"]: r.message for r in smtp_server.received}
    # She gets the calendar cancellation, the employer hears that the roster changed.
    assert HER[2] in arrived
    calendar = next(p for p in arrived[HER[2]].walk() if p.get_content_type() == "text/calendar")
    assert "METHOD:CANCEL" in calendar.get_content()
    assert "rekry@kruunu.example" in arrived

    assert find_anywhere(HER) == []
    # The other young person and his interview are untouched.
    assert find_anywhere([HIM[2]]) != []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Interview).where(
        Interview.candidate_id == him.id, Interview.cancelled_at.is_(None))) == 1
    assert client.get(f"/youth/b/{other_token}").status_code == 200


def test_staff_deletion_leaves_no_message_naming_the_person(
    mail_app, smtp_server, logged_in_client, make_event, make_employer, make_vacancy,
    make_candidate, make_interview,
):
    event, (her, _him), _tokens = _published(
        make_event, make_employer, make_vacancy, make_candidate, make_interview)
    deliver_due(mail_app)
    assert find_anywhere(HER) != []
    response = logged_in_client.post(
        f"/staff/events/{event.id}/candidates/{her.id}/delete",
        data={"confirm": "yes", "confirm_messages": "1"})
    assert response.status_code == 302
    deliver_due(mail_app)
    assert find_anywhere(HER) == []


def test_erasure_deletes_her_text_messages_sent_or_waiting(
    sms_app, sms_gateway, mail_app, smtp_server, make_event, make_employer, make_vacancy,
    make_candidate, make_interview,
):
    client = sms_app.test_client()
    event, (her, him), (token, _other_token) = _published(
        make_event, make_employer, make_vacancy, make_candidate, make_interview)
    her_id = her.id
    for person in (her, him):
        person.contact_channel, person.sms_consent_at = "both", utcnow()
    queue_reminders(event)
    db.session.commit()
    deliver_texts(sms_app)  # one text each went out
    assert sorted(r.msisdn for r in sms_gateway.received) == [358401234588, 358401234599]
    sms_gateway.mode = "unavailable"
    her_texts = [m for m in db.session.scalars(sa.select(SmsMessage))
                 if m.candidate_id == her_id]
    assert [m.status for m in her_texts] == ["sent"]
    data = json.loads(client.get(f"/youth/b/{token}/data.json").get_data(as_text=True))
    assert [t["kind"] for t in data["text_messages"]] == ["sms_reminder"]
    assert data["consent"]["text_messages_asked_at"] is not None
    assert data["consent"]["contact_channel"] == "both"
    page = client.get(f"/youth/b/{token}/data?lang=en").get_data(as_text=True)
    assert "Both e-mail and text message" in page.split('id="own-contact-channel"', 1)[1]
    assert "You asked for text messages on" in page

    assert client.post(f"/youth/b/{token}/data/erase", data={"sure": "y"}).status_code == 200
    db.session.expire_all()
    assert db.session.get(Candidate, her_id) is None
    deliver_due(mail_app)  # her calendar cancellation goes out, then its row goes
    assert find_anywhere(HER) == []
    assert find_anywhere([HIM[3]]) != []  # his text is his own: kept
    assert [m.candidate_id for m in db.session.scalars(sa.select(SmsMessage))] == [him.id]
