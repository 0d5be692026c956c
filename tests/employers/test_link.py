"""Approval sends the private employer link; the link's rules; the published roster."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import sqlalchemy as sa

from recruit.core import links
from recruit.core.links import fill_mail_links
from recruit.extensions import db
from recruit.models import BookingLink, Employer, Interview, OutboxMessage, ScheduleVersion
from recruit.people import employer_signup
from recruit.people.employer_link import send_employer_link
from recruit.scheduling.publishing import record_entries
from recruit.scheduling.queries import latest_version, snapshot_entry

TOKEN_IN_URL = re.compile(r"/employers/link/([A-Za-z0-9_-]+)")


def publish(event: Any) -> ScheduleVersion:
    """Freeze the event's live interviews as the next published version (what publishing
    stores); the employer page must show exactly this, never the draft."""
    rows = db.session.scalars(
        sa.select(Interview).where(Interview.event_id == event.id,
                                   Interview.cancelled_at.is_(None))
    ).all()
    previous = latest_version(event)
    version = ScheduleVersion(
        event_id=event.id,
        number=(previous.number if previous else 0) + 1,
        snapshot={"interviews": [snapshot_entry(row) for row in rows]},
    )
    db.session.add(version)
    db.session.flush()
    record_entries(version, version.snapshot["interviews"])
    db.session.commit()
    return version


def employer_link(employer: Employer) -> str:
    """Issue the employer's link as approval does; returns the page's path."""
    token = fill_mail_links(send_employer_link(employer))
    db.session.commit()
    return f"/employers/link/{token}"


def main_content(response: Any) -> str:
    return re.search(r"<main.*</main>", response.get_data(as_text=True), re.S).group(0)


def outbox() -> list[OutboxMessage]:
    return list(db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


# --- approval queues the link e-mail -----------------------------------------------------


def status_url(employer: Employer) -> str:
    return f"/staff/events/{employer.event_id}/employers/{employer.id}/status"


def test_staff_approval_queues_the_link_email_in_the_employers_language(
    logged_in_client, make_event, make_employer
):
    event = make_event()
    employer = make_employer(event, status="pending", locale="sv", email="rekry@kruunu.fi")
    response = logged_in_client.post(status_url(employer), data={"status": "approved"})
    assert response.status_code == 302

    db.session.refresh(employer)
    assert employer.status == "approved"
    (message,) = outbox()
    assert message.recipient == "rekry@kruunu.fi"
    assert message.kind == "employer_approved"
    assert message.locale == "sv"
    assert message.event_id == event.id
    token = TOKEN_IN_URL.search(fill_mail_links(message.body_text)).group(1)
    assert token in fill_mail_links(message.body_html)
    # Only the hash is stored.
    link = db.session.scalars(sa.select(BookingLink)).one()
    assert (link.purpose, link.employer_id) == ("employer", employer.id)
    assert link.token_hash == links.hash_token(token) and token not in link.token_hash

    page = logged_in_client.get(f"/employers/link/{token}")
    assert page.status_code == 200
    assert employer.company_name in page.get_data(as_text=True)


def test_a_signup_reaches_the_staff_list_as_pending_and_approval_sends_the_link(
    client, logged_in_client, make_event
):
    from tests.employers.test_signup import signup_url, valid_form

    event = make_event(signup_deadline=None)
    assert client.post(signup_url(event), data=valid_form()).status_code == 302
    employer = db.session.scalars(sa.select(Employer)).one()
    listing = logged_in_client.get(f"/staff/events/{event.id}/employers?status=pending")
    assert "Kahvila Kruunu Oy" in listing.get_data(as_text=True)
    (receipt,) = outbox()
    assert receipt.kind == "employer_received"
    logged_in_client.post(status_url(employer), data={"status": "approved"})
    (message,) = [m for m in outbox() if m.kind == "employer_approved"]
    assert message.recipient == "kaisa@kruunu.example.com"
    token = TOKEN_IN_URL.search(fill_mail_links(message.body_text)).group(1)
    assert "Barista" in client.get(f"/employers/link/{token}").get_data(as_text=True)


def test_a_rolled_back_approval_leaves_no_email_and_no_link(make_event, make_employer):
    employer = make_employer(make_event(), status="pending")
    employer_signup.approve_employer(employer)
    db.session.rollback()
    assert outbox() == []
    assert db.session.scalars(sa.select(BookingLink)).all() == []
    assert db.session.get(Employer, employer.id).status == "pending"


def test_approving_twice_sends_one_email(logged_in_client, make_event, make_employer):
    employer = make_employer(make_event(), status="pending")
    logged_in_client.post(status_url(employer), data={"status": "approved"})
    logged_in_client.post(status_url(employer), data={"status": "approved"})
    assert len(outbox()) == 1


def test_rejection_sends_no_link(logged_in_client, make_event, make_employer):
    employer = make_employer(make_event(), status="pending")
    logged_in_client.post(status_url(employer), data={"status": "rejected"})
    # The employer is told, and gets no link.
    assert [m.kind for m in outbox()] == ["employer_rejected"]
    assert "/employers/link/" not in outbox()[0].body_text
    assert db.session.scalars(sa.select(BookingLink)).all() == []


def test_approving_again_replaces_the_old_link(make_event, make_employer, client):
    employer = make_employer(make_event(), status="pending")
    employer_signup.approve_employer(employer)
    db.session.commit()
    first = TOKEN_IN_URL.search(fill_mail_links(outbox()[0].body_text)).group(1)
    employer.status = "rejected"
    db.session.commit()
    employer_signup.approve_employer(employer)
    db.session.commit()
    second = TOKEN_IN_URL.search(fill_mail_links(outbox()[1].body_text)).group(1)
    assert client.get(f"/employers/link/{first}").status_code == 404
    assert client.get(f"/employers/link/{second}").status_code == 200


# --- the link rules ------------------------------------------------------------------------


@pytest.fixture
def employer(make_event: Any, make_employer: Any, make_vacancy: Any) -> Employer:
    event = make_event(breaks=[(11 * 60, 11 * 60 + 30)])
    employer = make_employer(event, company_name="Kahvila Kruunu Oy", tables=2)
    make_vacancy(employer, title="Barista", requires=["hygiene_passport"], languages=["sv"],
                 min_age=16)
    return employer


def test_page_shows_event_details_and_vacancies_with_private_headers(client, employer):
    path = employer_link(employer)
    response = client.get(path + "?lang=sv")
    assert response.status_code == 200
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    html = response.get_data(as_text=True)
    event = employer.event
    for text in (event.name, event.venue_name, event.venue_address, "Kahvila Kruunu Oy",
                 "Barista", "Hygienpass", "svenska", "9.00–13.00", "11.00–11.30",
                 event.organiser_email):
        assert text.lower() in html.lower(), text
    assert "2027" in html
    # No third-party resources: every stylesheet, script and image is our own.
    for url in re.findall(r'(?:href|src)="([^"]+)"', html):
        assert not url.startswith(("http:", "https:", "//")) or url.startswith("mailto:"), url


@pytest.mark.parametrize("how", ["wrong", "malformed", "expired", "revoked", "rejected",
                                 "other_purpose"])
def test_unusable_links_get_the_same_404(client, employer, how):
    path = employer_link(employer)
    token = path.rsplit("/", 1)[1]
    link = db.session.scalar(sa.select(BookingLink).where(
        BookingLink.token_hash == links.hash_token(token)))
    if how == "wrong":
        path = "/employers/link/" + "A" * 43
    elif how == "malformed":
        path = "/employers/link/%3Cscript%3E"
    elif how == "expired":
        link.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        link.created_at = link.expires_at - dt.timedelta(days=1)
    elif how == "revoked":
        link.revoked_at = dt.datetime.now(dt.UTC)
    elif how == "rejected":
        employer.status = "rejected"
    elif how == "other_purpose":
        _other, other_token = links.issue(employer, "booking")
        path = f"/employers/link/{other_token}"
    db.session.commit()
    response = client.get(path)
    assert response.status_code == 404
    reference = client.get("/employers/link/" + "B" * 43)
    # The same page (its language links repeat the path, so compare the main content).
    assert main_content(response) == main_content(reference)
    assert client.get(path + "/roster").status_code == 404


# --- the roster ----------------------------------------------------------------------------


def test_roster_appears_only_after_publishing_and_shows_no_draft(
    client, employer, make_candidate, make_interview
):
    vacancy = employer.vacancies[0]
    anna = make_candidate(employer.event, first_name="Anna", last_name="Bergström")
    make_interview(anna, vacancy, start_minute=9 * 60 + 15, table_no=2)
    path = employer_link(employer)

    before = client.get(path + "?lang=en").get_data(as_text=True)
    assert "not been published yet" in before
    assert "Anna" not in before
    assert client.get(path + "/roster").status_code == 404

    publish(employer.event)
    # A draft interview added after publishing stays invisible until the next publish.
    make_interview(make_candidate(employer.event, first_name="Draftina"), vacancy,
                   start_minute=10 * 60)
    html = client.get(path + "?lang=en").get_data(as_text=True)
    assert "Anna B." in html and "Bergström" not in html
    assert "09:15–09:30" in html
    assert "Draftina" not in html
    roster = client.get(path + "/roster?lang=en")
    assert roster.status_code == 200
    assert roster.headers["Referrer-Policy"] == "no-referrer"
    printable = roster.get_data(as_text=True)
    assert "Anna B." in printable and "employers.css" in printable


def test_bookings_made_after_publishing_show_at_once_but_staff_drafts_do_not(
    client, employer, make_candidate, make_interview
):
    vacancy = employer.vacancies[0]
    make_interview(make_candidate(employer.event, first_name="Julkaistu"), vacancy)
    publish(employer.event)
    make_interview(make_candidate(employer.event, first_name="Itsevaraaja"), vacancy,
                   start_minute=10 * 60, source="self", locked=True)
    make_interview(make_candidate(employer.event, first_name="Ohjaajan"), vacancy,
                   start_minute=10 * 60 + 15, source="counsellor", locked=True)
    make_interview(make_candidate(employer.event, first_name="Luonnos"), vacancy,
                   start_minute=10 * 60 + 30, source="staff")
    html = client.get(employer_link(employer)).get_data(as_text=True)
    assert "Julkaistu" in html and "Itsevaraaja" in html and "Ohjaajan" in html
    assert "Luonnos" not in html


def test_contact_and_introduction_only_where_the_candidate_consented(
    client, employer, make_candidate, make_interview
):
    vacancy = employer.vacancies[0]
    sharing = make_candidate(employer.event, first_name="Saara", email="saara@example.org",
                             phone="+358401111111", introduction="Olen kokenut barista.",
                             share_with_employers=True)
    private = make_candidate(employer.event, first_name="Pekka", email="pekka@example.org",
                             phone="+358402222222", introduction="Pidän ihmisistä.",
                             share_with_employers=False)
    make_interview(sharing, vacancy, start_minute=9 * 60)
    make_interview(private, vacancy, start_minute=9 * 60 + 15)
    publish(employer.event)
    path = employer_link(employer)
    for page in (path, path + "/roster"):
        html = client.get(page).get_data(as_text=True)
        assert "Saara" in html and "Pekka" in html
        assert "saara@example.org" in html and "Olen kokenut barista." in html
        assert "+358 40 1111111" in html
        assert "pekka@example.org" not in html and "Pidän ihmisistä." not in html
        assert "2222222" not in html


def test_another_employers_interviews_are_not_shown(
    client, employer, make_employer, make_vacancy, make_candidate, make_interview
):
    other = make_employer(employer.event, company_name="Toinen Oy")
    theirs = make_interview(make_candidate(employer.event, first_name="Vieras"),
                            make_vacancy(other))
    make_interview(make_candidate(employer.event, first_name="Oma"), employer.vacancies[0])
    publish(employer.event)
    path = employer_link(employer)
    html = client.get(path).get_data(as_text=True)
    assert "Oma" in html and "Vieras" not in html
    response = client.post(f"{path}/interviews/{theirs.id}/outcome", data={})
    assert response.status_code == 404


def test_cancelled_interview_keeps_its_time_but_not_the_name(
    client, employer, make_candidate, make_interview
):
    interview = make_interview(make_candidate(employer.event, first_name="Peruja"),
                               employer.vacancies[0])
    publish(employer.event)
    interview.cancelled_at = dt.datetime.now(dt.UTC)
    interview.release_cells()
    db.session.commit()
    html = client.get(employer_link(employer) + "?lang=en").get_data(as_text=True)
    assert "Peruja" not in html
    assert "Cancelled" in html


# --- roster-ready e-mail on publish, and the link command ---------------------------------


def test_publishing_emails_each_employer_whose_roster_changed(
    client, make_event, make_employer, make_vacancy, make_candidate, make_interview
):
    from recruit.scheduling.publishing import publish_schedule

    event = make_event()
    busy = make_employer(event, email="busy@example.com", locale="en")
    idle = make_employer(event, email="idle@example.com")
    vacancy = make_vacancy(busy)
    make_vacancy(idle)
    for start in (9 * 60, 9 * 60 + 15):
        make_interview(make_candidate(event, interests=[vacancy]), vacancy, start_minute=start)
    publish_schedule(event, None)
    db.session.commit()

    roster_mail = [m for m in outbox() if m.kind == "roster_ready"]
    assert [m.recipient for m in roster_mail] == ["busy@example.com"]
    (message,) = roster_mail
    assert message.locale == "en" and "2" in message.body_text
    token = TOKEN_IN_URL.search(fill_mail_links(message.body_text)).group(1)
    html = client.get(f"/employers/link/{token}").get_data(as_text=True)
    assert html.count("<tr id=\"roster-") == 2

    # Publishing again without changes tells nobody.
    publish_schedule(event, None)
    db.session.commit()
    assert len([m for m in outbox() if m.kind == "roster_ready"]) == 1


def test_employer_link_command_prints_a_working_link(runner, client, make_event, make_employer):
    employer = make_employer(make_event())
    result = runner.invoke(args=["employer-link", str(employer.id)])
    assert result.exit_code == 0, result.output
    token = TOKEN_IN_URL.search(result.output).group(1)
    assert client.get(f"/employers/link/{token}").status_code == 200
    pending = make_employer(employer.event, status="pending")
    refused = runner.invoke(args=["employer-link", str(pending.id)])
    assert refused.exit_code != 0 and "pending" in refused.output
    assert runner.invoke(args=["employer-link", "999999"]).exit_code != 0


# --- "send me my link again" ---------------------------------------------------------------


def link_again(client: Any, event: Any, email: str) -> Any:
    return client.post(f"/employers/events/{event.id}/link-again?lang=en",
                       data={"email": email})


def test_link_again_sends_a_new_link_and_keeps_the_old_one(client, employer):
    old_path = employer_link(employer)
    response = link_again(client, employer.event, employer.email.upper())
    assert response.status_code == 200
    (message,) = [m for m in outbox() if m.kind == "link_again"]
    assert message.recipient == employer.email
    token = TOKEN_IN_URL.search(fill_mail_links(message.body_text)).group(1)
    assert client.get(f"/employers/link/{token}").status_code == 200
    assert client.get(old_path).status_code == 200


@pytest.mark.parametrize("who", ["unknown", "pending", "other_event"])
def test_link_again_answers_the_same_and_sends_nothing_to_others(
    client, employer, make_employer, make_event, who
):
    known = main_content(link_again(client, employer.event, employer.email))
    outbox_before = len(outbox())
    if who == "unknown":
        email = "nobody@example.com"
    elif who == "pending":
        email = make_employer(employer.event, status="pending").email
    else:
        email = make_employer(make_event()).email
    response = link_again(client, employer.event, email)
    assert response.status_code == 200
    assert main_content(response) == known
    assert len(outbox()) == outbox_before


def test_link_again_checks_the_address(client, employer):
    response = link_again(client, employer.event, "not an address")
    assert response.status_code == 400
    assert "e-mail address" in response.get_data(as_text=True)
    assert outbox() == []
