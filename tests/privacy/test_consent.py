"""Consent: the notice text each consent points to, asking again when the notice changes,
withdrawing consent without erasure, and the staff views a young person is shown."""

from __future__ import annotations

import datetime as dt
import json

import sqlalchemy as sa

from recruit.core import audit, links
from recruit.extensions import db
from recruit.mail.sender import deliver_due
from recruit.models import Candidate, Interview, PrivacyNotice
from recruit.privacy import consent, notices
from recruit.scheduling.publishing import publish_schedule
from tests.booking.support import outbox, signup_data, token_from
from tests.privacy.scan import find_anywhere

HER = ("Saga", "Lindqvist", "saga.lindqvist@example.org", "+358401112233")


def _published(make_event, make_employer, make_vacancy, make_candidate, make_interview,
               **candidate):
    event = make_event(start_minute=9 * 60, end_minute=11 * 60)
    employer = make_employer(event, company_name="Bageri Bulla Ab",
                             email="rekry@bulla.example")
    vacancy = make_vacancy(employer, title="Bagare")
    first, last, email, phone = HER
    person = make_candidate(event, first_name=first, last_name=last, email=email, phone=phone,
                            introduction="Jag bakar gärna.", locale="sv",
                            interests=(vacancy,), **candidate)
    make_interview(person, vacancy, start_minute=9 * 60)
    publish_schedule(event, None)
    db.session.commit()
    token = links.issue(person, "booking")[1]
    db.session.commit()
    return event, employer, person, token


def test_a_sign_up_points_to_the_exact_notice_text_shown_in_its_language(
    client, make_event, make_employer, make_vacancy
):
    event = make_event(retention_days=60)
    make_vacancy(make_employer(event))
    notice_page = client.get(f"/youth/events/{event.id}/privacy?lang=sv").get_data(as_text=True)
    assert client.post(f"/youth/events/{event.id}/sign-up?lang=sv",
                       data=signup_data()).status_code == 302
    candidate = db.session.scalars(sa.select(Candidate)).one()
    notice = db.session.scalars(sa.select(PrivacyNotice)).one()
    assert candidate.consent_notice_sha256 == notice.sha256
    assert (notice.audience, notice.locale, notice.version) == ("youth", "sv", "2026-01")
    # The stored text is the one on the page the form linked to, in Swedish, with the period.
    assert notice.text in notice_page and "60" in notice.text
    assert notices.text_hash(notice.text) == notice.sha256

    client.post(f"/youth/confirm/{token_from(outbox('email_confirmation')[0])}")
    token = token_from(outbox("booking_link")[0])
    own = client.get(f"/youth/b/{token}/data.json").get_json()
    assert own["consent"]["privacy_notice_sha256"] == notice.sha256
    shown = client.get(f"/youth/b/{token}/data/notice?lang=en").get_data(as_text=True)
    assert notice.text in shown  # in the language it was accepted in, whatever the page's


def test_a_changed_notice_is_asked_again_at_the_next_visit(
    app, client, make_event, make_employer, make_vacancy, make_candidate, make_interview
):
    event, employer, person, token = _published(
        make_event, make_employer, make_vacancy, make_candidate, make_interview)
    with app.test_request_context():
        notices.record_consent(person, notices.YOUTH, event, "sv")
    db.session.commit()
    first_hash = person.consent_notice_sha256
    assert client.get(f"/youth/b/{token}").status_code == 200

    app.config["PRIVACY_NOTICE_VERSION"] = "2027-01"
    page = client.get(f"/youth/b/{token}?lang=sv")
    assert page.status_code == 302 and page.headers["Location"].endswith(
        f"/youth/b/{token}/privacy-notice")
    again = client.get(f"/youth/b/{token}/privacy-notice?lang=sv").get_data(as_text=True)
    assert "2027-01" in again
    # Other pages of the link stay open: the person may rather withdraw.
    assert client.get(f"/youth/b/{token}/data").status_code == 200

    assert client.post(f"/youth/b/{token}/privacy-notice?lang=sv").status_code == 302
    db.session.refresh(person)
    assert person.consent_version == "2027-01" and person.consent_notice_sha256 != first_hash
    stored = {n.sha256: n for n in db.session.scalars(sa.select(PrivacyNotice))}
    assert set(stored) == {first_hash, person.consent_notice_sha256}  # the old text is kept
    assert "2026-01" in stored[first_hash].text
    assert client.get(f"/youth/b/{token}").status_code == 200

    # The event's retention period is in the notice: changing it is a new text too.
    event.retention_days = 30
    db.session.commit()
    assert client.get(f"/youth/b/{token}").status_code == 302

    # Employers likewise.
    employer_token = links.issue(employer, "employer")[1]
    db.session.commit()
    assert client.get(f"/employers/link/{employer_token}").status_code == 302
    assert client.post(f"/employers/link/{employer_token}/privacy-notice").status_code == 302
    db.session.refresh(employer)
    assert employer.consent_version == "2027-01" and employer.consent_notice_sha256
    assert client.get(f"/employers/link/{employer_token}").status_code == 200


def test_withdrawing_consent_cancels_now_and_erases_at_the_next_purge_after_a_day(
    mail_app, smtp_server, make_event, make_employer, make_vacancy, make_candidate,
    make_interview,
):
    client = mail_app.test_client()
    _event, _employer, person, token = _published(
        make_event, make_employer, make_vacancy, make_candidate, make_interview)
    person_id = person.id
    deliver_due(mail_app)
    smtp_server.received.clear()
    assert "Återkalla" in client.get(f"/youth/b/{token}/data/withdraw?lang=sv").get_data(
        as_text=True)

    refused = client.post(f"/youth/b/{token}/data/withdraw?lang=en", data={})
    assert refused.status_code == 422 and "Tick the box" in refused.get_data(as_text=True)
    db.session.refresh(person)
    assert person.consent_withdrawn_at is None and person.status == "active"

    done = client.post(f"/youth/b/{token}/data/withdraw?lang=en", data={"sure": "y"})
    assert done.status_code == 200 and "withdrawn" in done.get_data(as_text=True)
    db.session.expire_all()
    person = db.session.get(Candidate, person_id)
    assert person.status == "cancelled" and person.consent_withdrawn_at is not None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Interview).where(
        Interview.candidate_id == person_id, Interview.cancelled_at.is_(None))) == 0
    deliver_due(mail_app)
    arrived = {r.message["To"]: r.message for r in smtp_server.received}
    calendar = next(p for p in arrived[HER[2]].walk() if p.get_content_type() == "text/calendar")
    assert "METHOD:CANCEL" in calendar.get_content()
    assert "rekry@bulla.example" in arrived  # the employer's roster changed

    # Until the purge the data is still there to see and download.
    own = client.get(f"/youth/b/{token}/data.json").get_json()
    assert own["consent"]["withdrawn_at"] and own["sign_up"]["email"] == HER[2]
    with mail_app.app_context():
        soon = person.consent_withdrawn_at + dt.timedelta(hours=23)
        assert consent.erase_withdrawn(soon) == 0
        assert consent.erase_withdrawn(soon + dt.timedelta(hours=2)) == 1
        db.session.commit()
    deliver_due(mail_app)
    db.session.expire_all()
    assert db.session.get(Candidate, person_id) is None
    assert find_anywhere(HER) == []
    assert client.get(f"/youth/b/{token}/data").status_code == 404


def test_stopping_sharing_hides_contact_details_from_the_employer_only(
    client, make_event, make_employer, make_vacancy, make_candidate, make_interview
):
    _event, employer, person, token = _published(
        make_event, make_employer, make_vacancy, make_candidate, make_interview,
        share_with_employers=True)
    employer_token = links.issue(employer, "employer")[1]
    db.session.commit()
    assert HER[2] in client.get(f"/employers/link/{employer_token}").get_data(as_text=True)
    assert client.get(f"/youth/b/{token}/data/stop-sharing?lang=fi").status_code == 200
    assert client.post(f"/youth/b/{token}/data/stop-sharing").status_code == 200
    db.session.refresh(person)
    assert person.share_with_employers is False and person.status == "active"
    roster = client.get(f"/employers/link/{employer_token}").get_data(as_text=True)
    assert HER[2] not in roster and "Jag bakar gärna." not in roster
    assert HER[0] in roster  # still on the roster, by first name
    # Nothing left to stop: the page goes back to the person's data.
    assert client.get(f"/youth/b/{token}/data/stop-sharing").status_code == 302


def test_the_own_data_page_lists_who_at_the_centre_viewed_it(
    client, make_event, make_employer, make_vacancy, make_candidate, make_interview,
    make_staff_user,
):
    _event, _employer, person, token = _published(
        make_event, make_employer, make_vacancy, make_candidate, make_interview)
    assert "Nobody yet." in client.get(f"/youth/b/{token}/data?lang=en").get_data(as_text=True)
    viewer = make_staff_user(email="ville@example.org", name="Ville Vastaava")
    other = make_candidate(person.event)
    audit.record("candidate.view", person, viewer)
    audit.record("candidate.update", person, viewer)  # a change, not a view
    audit.record("candidate.view", other, make_staff_user(email="x@example.org", name="Xena"))
    db.session.commit()
    page = client.get(f"/youth/b/{token}/data?lang=en").get_data(as_text=True)
    assert "Ville Vastaava" in page and "Xena" not in page
    views = json.loads(client.get(f"/youth/b/{token}/data.json").get_data(as_text=True))[
        "viewed_by_staff"]
    assert [(v["action"], v["by"]) for v in views] == [("candidate.view", "Ville Vastaava")]
