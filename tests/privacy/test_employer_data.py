"""An employer's own data from their private link: the page, the download and erasure of the
contact details. After erasure, and once the last messages owed have gone out, a scan of every
text column finds none of the contact's data; the young people were told, the company stays."""

from __future__ import annotations

import json

import sqlalchemy as sa

from recruit.core import links
from recruit.extensions import db
from recruit.mail.sender import deliver_due
from recruit.models import Employer, Interview
from recruit.scheduling.publishing import publish_schedule
from tests.employers.test_form_of_address import singular_words
from tests.privacy.scan import find_anywhere

CONTACT = ("Eero Esimies", "eero.esimies@konepaja.example", "+358405556677",
           "Tehtaankatu 7, 33100 Tampere")
YOUTH_EMAIL = "ville.nuori@example.org"


def _published(make_event, make_employer, make_vacancy, make_candidate, make_interview):
    event = make_event(start_minute=9 * 60, end_minute=11 * 60)
    name, email, phone, address = CONTACT
    employer = make_employer(event, company_name="Konepaja Kone Oy", contact_name=name,
                             email=email, phone=phone, address=address)
    other = make_employer(event, company_name="Muu Oy", email="muu@example.com")
    vacancy = make_vacancy(employer, title="Hitsaaja")
    person = make_candidate(event, email=YOUTH_EMAIL, interests=(vacancy,))
    make_interview(person, vacancy, start_minute=9 * 60)
    make_interview(make_candidate(event, open_to_other=True), make_vacancy(other),
                   start_minute=9 * 60)
    publish_schedule(event, None)
    db.session.commit()
    token = links.issue(employer, "employer")[1]
    other_token = links.issue(other, "employer")[1]
    db.session.commit()
    return employer, person, token, other_token


def test_the_page_and_download_show_the_contact_data(
    client, make_event, make_employer, make_vacancy, make_candidate, make_interview
):
    _employer, _person, token, other_token = _published(
        make_event, make_employer, make_vacancy, make_candidate, make_interview)
    assert f"/employers/link/{token}/data" in client.get(
        f"/employers/link/{token}").get_data(as_text=True)
    page = client.get(f"/employers/link/{token}/data?lang=en")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    text = page.get_data(as_text=True)
    for expected in (*CONTACT, "Konepaja Kone Oy", "Hitsaaja", "2026-01"):
        assert expected in text
    assert "muu@example.com" not in text

    download = client.get(f"/employers/link/{token}/data.json")
    assert download.mimetype == "application/json"
    assert "attachment" in download.headers["Content-Disposition"]
    data = json.loads(download.get_data(as_text=True))
    assert data["contact"] == {"name": CONTACT[0], "email": CONTACT[1], "phone": CONTACT[2],
                               "language_of_messages": "fi"}
    assert data["messages"] and data["messages"][0]["kind"]
    assert CONTACT[1] not in client.get(f"/employers/link/{other_token}/data").get_data(
        as_text=True)
    assert client.get(f"/employers/link/{'x' * 43}/data.json").status_code == 404
    # Employers are addressed in the formal plural here too.
    for language in ("fi", "sv"):
        for page in ("data", "data/erase"):
            html = client.get(f"/employers/link/{token}/{page}?lang={language}").get_data(
                as_text=True)
            assert singular_words(html, language) == set(), (page, language)


def test_erasure_asks_first_then_erases_the_contact_and_tells_the_young_people(
    mail_app, smtp_server, make_event, make_employer, make_vacancy, make_candidate,
    make_interview,
):
    client = mail_app.test_client()
    employer, _person, token, other_token = _published(
        make_event, make_employer, make_vacancy, make_candidate, make_interview)
    employer_id = employer.id
    deliver_due(mail_app)
    smtp_server.received.clear()
    assert find_anywhere(CONTACT) != []
    assert client.get(f"/employers/link/{token}/data/erase?lang=sv").status_code == 200

    refused = client.post(f"/employers/link/{token}/data/erase?lang=en", data={})
    assert refused.status_code == 422 and "Tick the box" in refused.get_data(as_text=True)
    assert db.session.get(Employer, employer_id).contact_name == CONTACT[0]

    done = client.post(f"/employers/link/{token}/data/erase", data={"sure": "y"})
    assert done.status_code == 200
    assert client.get(f"/employers/link/{token}").status_code == 404
    assert client.get(f"/employers/link/{token}/data").status_code == 404

    deliver_due(mail_app)
    arrived = {r.message["To"]: r.message for r in smtp_server.received}
    calendar = next(p for p in arrived[YOUTH_EMAIL].walk()
                    if p.get_content_type() == "text/calendar")
    assert "METHOD:CANCEL" in calendar.get_content()
    assert CONTACT[1] not in arrived  # the employer who left gets no roster e-mail
    assert find_anywhere(CONTACT) == []

    db.session.expire_all()
    kept = db.session.get(Employer, employer_id)
    assert kept.company_name == "Konepaja Kone Oy" and kept.status == "rejected"
    assert kept.contact_erased_at is not None and [v.title for v in kept.vacancies] == [
        "Hitsaaja"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Interview).where(
        Interview.employer_id == employer_id, Interview.cancelled_at.is_(None))) == 0
    # The other employer and the young person's sign-up are untouched.
    assert client.get(f"/employers/link/{other_token}").status_code == 200
    assert find_anywhere([YOUTH_EMAIL]) != []
