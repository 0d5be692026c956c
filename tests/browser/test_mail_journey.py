"""Calendar e-mail in a real browser: publishing, changing and cancelling send the right calendars.

Staff publish a draft in the browser, move one interview and publish again, remove another and
publish a third time. The mail really goes out over SMTP to the recording aiosmtpd server
(`mailbox`); every calendar that arrives is parsed by the three parsers of
`tests/calendar/ical_checks.py`, its MIME `method=` must equal its METHOD, and its UID and SEQUENCE
must tell the calendar app which entry to update. Only the person whose interview changed is
written to after the first publish.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import pytest

from recruit.extensions import db
from tests import factories
from tests.browser._mailbox import Mailbox
from tests.browser.conftest import LiveServer, log_in
from tests.calendar.ical_checks import ParsedEvent, parse_all

pytestmark = pytest.mark.browser

WAIT_SECONDS = 30
# After the expected message has arrived, how long to watch for anything unexpected: the
# whole publish is delivered in one batch, so a stray message would have come with it.
QUIET_SECONDS = 1.5


def _expect():
    from playwright.sync_api import expect

    return expect


@pytest.fixture
def draft(mailing_server: LiveServer) -> Iterator[dict[str, Any]]:
    """One employer with two tables and three young people, each with one draft interview."""
    with mailing_server.app.app_context():
        event = factories.make_event(name="Kalenteritreffit", start_minute=9 * 60,
                                     end_minute=11 * 60)
        employer = factories.make_employer(event, tables=2, company_name="Kahvila Kalenteri Oy")
        vacancy = factories.make_vacancy(employer, title="Barista")
        youth = [
            factories.make_candidate(event, open_to_other=True, first_name=name,
                                     email=f"{name.lower()}.kalenteri@example.org")
            for name in ("Aino", "Bertta", "Celia")
        ]
        rows = [
            factories.make_interview(youth[0], vacancy, start_minute=9 * 60),
            factories.make_interview(youth[1], vacancy, start_minute=9 * 60, table_no=2),
            factories.make_interview(youth[2], vacancy, start_minute=9 * 60 + 30),
        ]
        data = {
            "event_id": event.id,
            "employer_email": employer.email,
            "emails": [person.email for person in youth],
            "interview_ids": [row.id for row in rows],
        }
        db.session.remove()
    yield data


def _calendar(message: EmailMessage) -> tuple[str, bytes, bytes]:
    """The method in the MIME header, the text/calendar part and the .ics attachment."""
    parts = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    assert len(parts) == 1, f"{message['Subject']!r} has {len(parts)} text/calendar parts"
    attachments = [part for part in message.iter_attachments()
                   if part.get_filename() == "invite.ics"]
    assert len(attachments) == 1
    return parts[0].get_param("method"), parts[0].get_payload(decode=True), \
        attachments[0].get_payload(decode=True)


def _checked(message: EmailMessage) -> ParsedEvent:
    """The one interview in the message's calendar, after every check of a calendar message."""
    mime_method, calendar, attachment = _calendar(message)
    assert attachment == calendar
    events = parse_all(calendar)  # icalendar, ical and vobject, CRLF and folding
    assert len(events) == 1
    assert events[0].method == mime_method, "Outlook rejects a MIME method unlike METHOD"
    assert events[0].tzids == {"Europe/Helsinki"}
    return events[0]


def _wait_for(mailbox: Mailbox, address: str, count: int) -> list[EmailMessage]:
    deadline = time.monotonic() + WAIT_SECONDS
    while len(mailbox.messages_to(address)) < count:
        if time.monotonic() > deadline:
            subjects = [str(m["Subject"]) for m in mailbox.messages_to(address)]
            raise AssertionError(f"{address} has {subjects}, expected {count} messages")
        time.sleep(0.2)
    return mailbox.messages_to(address)


def _counts(mailbox: Mailbox, addresses: list[str]) -> list[int]:
    return [len(mailbox.messages_to(address)) for address in addresses]


def _publish(page: Any, server: LiveServer, event_id: int, number: int) -> None:
    page.goto(server.path(f"/staff/events/{event_id}/schedule"))
    page.get_by_role("button", name="Julkaise luonnos").click()
    # Nothing is sent before staff have seen how many messages go out and said yes.
    _expect()(page.locator(".message-preview")).to_contain_text("Lähetetään")
    page.get_by_role("button", name="Julkaise ja lähetä").click()
    _expect()(page.locator(".flashes")).to_contain_text(
        f"Aikataulun versio {number} on julkaistu."
    )


def test_publish_change_and_cancel_arrive_as_calendar_updates(
    mailing_server: LiveServer, mailbox: Mailbox, draft: dict[str, Any], new_page: Any
) -> None:
    started = time.monotonic()
    event_id, emails = draft["event_id"], draft["emails"]
    aino, bertta, _celia = emails
    page = new_page()
    log_in(page, mailing_server)

    # 1. First publish: everyone gets an invitation (REQUEST, SEQUENCE 0).
    _publish(page, mailing_server, event_id, 1)
    first = {address: _wait_for(mailbox, address, 1)[0] for address in emails}
    invites = {address: _checked(message) for address, message in first.items()}
    assert {event.method for event in invites.values()} == {"REQUEST"}
    assert {event.sequence for event in invites.values()} == {0}
    assert {event.status for event in invites.values()} == {"CONFIRMED"}
    assert len({event.uid for event in invites.values()}) == 3
    _wait_for(mailbox, draft["employer_email"], 1)  # the roster is ready
    time.sleep(QUIET_SECONDS)
    assert _counts(mailbox, emails) == [1, 1, 1]
    employer_before = len(mailbox.messages_to(draft["employer_email"]))

    # 2. Move Aino's interview from 9.00 to 10.00 and publish: Aino gets an update.
    page.goto(mailing_server.path(
        f"/staff/events/{event_id}/schedule/interviews/{draft['interview_ids'][0]}"
    ))
    page.locator("select[name=start_minute]").select_option(str(10 * 60))
    page.get_by_role("button", name="Siirrä haastattelu").click()
    _expect()(page.locator(".flashes")).to_contain_text("Haastattelu siirrettiin.")
    _publish(page, mailing_server, event_id, 2)
    update = _checked(_wait_for(mailbox, aino, 2)[1])
    assert update.method == "REQUEST" and update.status == "CONFIRMED"
    assert update.uid == invites[aino].uid
    assert update.sequence > invites[aino].sequence
    assert (update.start - invites[aino].start).total_seconds() == 3600
    time.sleep(QUIET_SECONDS)
    assert _counts(mailbox, emails) == [2, 1, 1], "only Aino's interview changed"

    # 3. Remove Bertta's interview and publish: Bertta gets a cancellation.
    page.goto(mailing_server.path(
        f"/staff/events/{event_id}/schedule/interviews/{draft['interview_ids'][1]}"
    ))
    page.get_by_role("button", name="Poista luonnoksesta").click()
    _expect()(page.locator(".flashes")).to_be_visible()
    _publish(page, mailing_server, event_id, 3)
    cancel_message = _wait_for(mailbox, bertta, 2)[1]
    cancel = _checked(cancel_message)
    assert cancel.method == "CANCEL" and cancel.status == "CANCELLED"
    assert cancel.uid == invites[bertta].uid
    assert cancel.sequence > invites[bertta].sequence
    assert cancel.start == invites[bertta].start
    # Left with no interview after this publish, Bertta is also told why and what next,
    # in a message of its own without a calendar.
    left_out = _wait_for(mailbox, bertta, 3)[2]
    assert "ei ole vielä haastattelua sinulle" in str(left_out["Subject"])
    assert not [p for p in left_out.walk() if p.get_content_type() == "text/calendar"]
    time.sleep(QUIET_SECONDS)
    assert _counts(mailbox, emails) == [2, 3, 1], "only Bertta's interview was cancelled"

    # The employer is told that the roster changed, with no calendar of anyone else's.
    for message in mailbox.messages_to(draft["employer_email"]):
        assert not [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert len(mailbox.messages_to(draft["employer_email"])) >= employer_before
    # Every message went out once: no Message-ID twice.
    ids = [str(m["Message-ID"]) for address in emails for m in mailbox.messages_to(address)]
    assert len(ids) == len(set(ids)) == 6  # 3 invitations, 1 update, 1 cancellation, 1 left-out
    assert re.fullmatch(r"<[0-9a-f]{32}@[\w.-]+>", ids[0])
    assert time.monotonic() - started < 60


def test_a_date_change_is_previewed_and_reaches_calendars_as_an_update(
    mailing_server: LiveServer, mailbox: Mailbox, draft: dict[str, Any], new_page: Any
) -> None:
    event_id, emails = draft["event_id"], draft["emails"]
    page = new_page()
    log_in(page, mailing_server)
    # The mailbox lives as long as the server: count from what earlier tests left there.
    base = dict(zip(emails, _counts(mailbox, emails), strict=True))
    _publish(page, mailing_server, event_id, 1)
    invites = {
        address: _checked(_wait_for(mailbox, address, base[address] + 1)[-1])
        for address in emails
    }

    # Staff move the event a day later; the form first says what saving will send.
    page.goto(mailing_server.path(f"/staff/events/{event_id}/edit"))
    page.locator("input[name=date]").fill("2027-03-13")
    page.get_by_role("button", name="Tallenna", exact=True).click()
    _expect()(page.locator(".message-preview")).to_contain_text(
        "Lähetetään 0 kutsua, 3 päivitystä ja 0 peruutusta."
    )
    time.sleep(QUIET_SECONDS)
    assert _counts(mailbox, emails) == [base[a] + 1 for a in emails], (
        "nothing is sent before the confirmation"
    )
    page.get_by_role("button", name="Tallenna ja lähetä").click()
    _expect()(page.locator(".flashes")).to_be_visible()

    for address in emails:
        update = _checked(_wait_for(mailbox, address, base[address] + 2)[-1])
        told = invites[address]
        assert update.method == "REQUEST" and update.uid == told.uid
        assert update.sequence == told.sequence + 1
        assert update.start.date().isoformat() == "2027-03-13"
        assert update.start.time() == told.start.time()
    time.sleep(QUIET_SECONDS)
    assert _counts(mailbox, emails) == [base[a] + 2 for a in emails], "one update each, no more"
