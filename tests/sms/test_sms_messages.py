"""Each kind of text reaches the fake gateway with the right number and words, only for
people who asked for texts, in their language and the event's time zone."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from flask import Flask

from recruit.core import links
from recruit.extensions import db
from recruit.models import utcnow
from recruit.scheduling.publishing import move_interview
from recruit.sms.fake_gateway import FakeGateway
from recruit.sms.sender import deliver_due
from tests.booking.support import booking_token, publish, wait_for_refills
from tests.sms.conftest import TOKEN, stored_texts

PHONE = "+358401112222"
MSISDN = 358401112222


def _link_token(text: str, base: str) -> str:
    match = re.search(re.escape(base) + r"/youth/b/([A-Za-z0-9_-]+)", text)
    assert match is not None, text
    return match.group(1)


def test_the_day_before_reminder_reaches_the_gateway_once_in_the_persons_language(
    sms_app: Flask, sms_gateway: FakeGateway, runner: Any, make_event: Any,
    make_employer: Any, make_vacancy: Any, make_candidate: Any, make_interview: Any,
) -> None:
    event = make_event(date=dt.date(2027, 3, 12), timezone="Europe/Helsinki")
    vacancy = make_vacancy(make_employer(event, company_name="Kahvila Aalto Oy"))
    swede = make_candidate(event, locale="sv", phone=PHONE, sms_consent_at=utcnow())
    no_consent = make_candidate(event, phone="+358409998888")
    no_phone = make_candidate(event, phone="", sms_consent_at=utcnow())
    for person, minute in ((swede, 9 * 60 + 30), (no_consent, 10 * 60), (no_phone, 10 * 60 + 15)):
        make_interview(person, vacancy, source="self", start_minute=minute)

    first = runner.invoke(args=["send-reminders", "--event", str(event.id)])
    again = runner.invoke(args=["send-reminders", "--event", str(event.id)])
    assert first.exit_code == 0 and again.exit_code == 0, first.output + again.output
    report = deliver_due(sms_app)

    assert report.sent == 1
    [received] = sms_gateway.received
    assert (received.msisdn, received.sender, received.authorization) == (
        MSISDN, "Ohjaamo", f"Token {TOKEN}")
    # Swedish, 9.30 local time in Helsinki (7.30 UTC is never shown), the employer's name.
    assert received.message.startswith("Påminnelse: din jobbintervju är i morgon 12.3. kl. 9.30,")
    assert "7.30" not in received.message
    assert "Kahvila Aalto Oy" in received.message
    # The link opens the person's booking page; the stored text holds only a placeholder.
    token = _link_token(received.message, sms_app.config["PUBLIC_BASE_URL"])
    resolved = links.resolve_candidate(token)
    assert resolved is not None and resolved.id == swede.id
    [stored] = stored_texts()
    assert token not in stored.body and "~mail-link~" in stored.body
    assert stored.status == "sent" and stored.segments <= 2 and received.encoding == "UTF8"
    # A second run and a second pass send nothing more.
    assert deliver_due(sms_app).claimed == 0
    assert len(sms_gateway.received) == 1


def test_a_moved_interview_is_texted_with_its_new_time(
    sms_app: Flask, sms_gateway: FakeGateway, make_event: Any, make_employer: Any,
    make_vacancy: Any, make_candidate: Any, make_interview: Any,
) -> None:
    event = make_event(start_minute=9 * 60, end_minute=11 * 60)
    vacancy = make_vacancy(make_employer(event, company_name="Rakennus Oy", tables=2))
    texted = make_candidate(event, locale="fi", phone=PHONE, sms_consent_at=utcnow(),
                            open_to_other=True)
    silent = make_candidate(event, phone="+358409998888", open_to_other=True)
    moving = make_interview(texted, vacancy, start_minute=9 * 60)
    also_moving = make_interview(silent, vacancy, start_minute=9 * 60 + 15)
    publish(event)
    assert stored_texts() == []  # the first schedule goes by e-mail only

    move_interview(moving, start_minute=10 * 60 + 30, table_no=2, by=None)
    move_interview(also_moving, start_minute=10 * 60, table_no=1, by=None)
    db.session.commit()
    publish(event)
    deliver_due(sms_app)

    assert [r.msisdn for r in sms_gateway.received] == [MSISDN]
    text = sms_gateway.received[0].message
    assert text.startswith("Työhaastattelusi (Rakennus Oy) on muuttunut: nyt")
    assert "10.30" in text and "pöytä 2" in text


def test_a_time_freed_by_a_decline_is_offered_by_text_to_the_waiting_list(
    sms_app: Flask, sms_gateway: FakeGateway, client: Any, make_event: Any,
    make_employer: Any, make_vacancy: Any, make_candidate: Any, make_interview: Any,
) -> None:
    sms_app.config["WAITLIST_TIME_LIMIT_SECONDS"] = 5
    event = make_event(change_policy="automatic", start_minute=540, end_minute=600)
    cafe = make_employer(event, company_name="Kahvila Oy", available=[(540, 570)],
                         min_candidates=0, max_candidates=10)
    barista = make_vacancy(cafe, title="Barista")
    aada = make_candidate(event, interests=[barista], phone="+358401110000",
                          sms_consent_at=utcnow())
    bert = make_candidate(event, interests=[barista], phone="+358401110001",
                          sms_consent_at=utcnow())
    cecilia = make_candidate(event, interests=[barista], phone=PHONE, locale="en",
                             sms_consent_at=utcnow())
    first = make_interview(aada, barista, start_minute=540)
    make_interview(bert, barista, start_minute=555)
    publish(event)
    token = booking_token(aada)

    assert client.post(f"/youth/b/{token}/interviews/{first.id}/decline").status_code == 302
    runs = wait_for_refills()
    assert [run.status for run in runs] == ["done"], [run.error for run in runs]
    deliver_due(sms_app)

    # Only Cecilia, who waited, gets a text; Aada declined and Bert's time did not change.
    assert [r.msisdn for r in sms_gateway.received] == [MSISDN]
    text = sms_gateway.received[0].message
    assert text.startswith("A job interview time opened for you: Kahvila Oy, ")
    assert f"{event.date.day} {event.date:%b} at 09:00. Confirm or decline: " in text
    [stored] = stored_texts()
    assert stored.kind == "sms_slot_opened" and stored.candidate_id == cecilia.id


def test_no_text_is_queued_when_sms_is_off(
    app: Flask, runner: Any, make_event: Any, make_employer: Any, make_vacancy: Any,
    make_candidate: Any, make_interview: Any,
) -> None:
    assert not app.config.get("SMS_GATEWAY_URL")
    event = make_event(date=dt.date(2027, 3, 12))
    vacancy = make_vacancy(make_employer(event))
    make_interview(make_candidate(event, phone=PHONE, sms_consent_at=utcnow()), vacancy,
                   source="self")
    result = runner.invoke(args=["send-reminders", "--event", str(event.id)])
    assert f"event {event.id}: 1 reminders queued" in result.output  # the e-mail alone
    assert stored_texts() == []


@pytest.mark.parametrize("locale", ["fi", "sv", "en"])
def test_every_text_fits_two_parts_even_with_a_long_employer_name(
    sms_app: Flask, locale: str,
) -> None:
    from recruit.mail.details import InterviewDetails
    from recruit.sms import messages, text

    start = dt.datetime(2027, 3, 12, 13, 45, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    details = InterviewDetails(
        uid="u", sequence=1, start=start, end=start, table_label="12",
        employer_name="Pohjois-Pohjanmaan Sairaanhoitopiirin Kuntayhtymä – Oulun yliopistollinen",
        vacancy_title="x")
    url = sms_app.config["PUBLIC_BASE_URL"] + "/youth/b/~mail-link~" + "a" * 32 + "~"
    rendered = [
        messages.reminder(locale, interviews=[details, details], booking_url=url),
        messages.interview_moved(locale, interview=details, booking_url=url),
        messages.slot_opened(locale, interview=details, booking_url=url),
    ]
    for item in rendered:
        filled = links.fill_mail_links_for_length(item.body)
        assert text.is_gsm(filled), filled
        assert text.segments(filled) == item.segments <= messages.MAX_SEGMENTS
        assert "/youth/b/" in item.body
