"""The outbox never holds a usable private link: a copy of the database opens nobody's page.

Links in queued e-mails are placeholders that the sender fills in when it sends; what arrives
at the mail server does open the page.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from recruit.core import links
from recruit.extensions import db
from recruit.mail.sender import deliver_due
from recruit.models import OutboxMessage
from recruit.people.employer_link import send_link_again as employer_link_again
from recruit.people.youth_signup import send_link_again as youth_link_again
from recruit.scheduling.publishing import publish_schedule
from tests.calendar.ical_checks import assert_rfc5545_lines

# Anything that could be a token: a run of URL-safe characters as long as a token.
TOKEN_LIKE = re.compile(r"[A-Za-z0-9_-]{40,64}")
PURPOSES = ("booking", "confirm_email", "check_in", "employer", "event_feed")


def _opens_a_page(candidate_token: str) -> bool:
    return any(links.resolve(candidate_token, purpose) for purpose in PURPOSES)


def _stored_text(message: OutboxMessage) -> str:
    calendar = (message.calendar or b"").decode("utf-8")
    # Unfolded: a calendar line fold may cut a token in two.
    calendar = re.sub(r"\r?\n[ \t]", "", calendar)
    return "\n".join((message.subject, message.body_text, message.body_html, calendar))


def _published_event(make_event, make_employer, make_vacancy, make_candidate, make_interview):
    event = make_event(start_minute=9 * 60, end_minute=11 * 60)
    employer = make_employer(event, tables=2, email="rekry@kahvila.example")
    vacancy = make_vacancy(employer)
    youth = [make_candidate(event, open_to_other=True, locale=("fi", "sv", "en")[i % 3])
             for i in range(6)]
    for i, person in enumerate(youth):
        make_interview(person, vacancy, start_minute=9 * 60 + 15 * (i // 2), table_no=1 + i % 2)
    publish_schedule(event, None)
    youth_link_again(event, youth[0].email, locale="fi")
    employer_link_again(event, employer.email)
    db.session.commit()
    return event, youth


def test_no_outbox_message_holds_a_token_that_opens_a_page(
    app, make_event, make_employer, make_vacancy, make_candidate, make_interview
):
    _published_event(make_event, make_employer, make_vacancy, make_candidate, make_interview)
    stored = db.session.scalars(sa.select(OutboxMessage)).all()
    kinds = {message.kind for message in stored}
    assert {"interview_invite", "roster_ready", "link_again"} <= kinds
    candidates = [token for message in stored for token in TOKEN_LIKE.findall(
        _stored_text(message))]
    opening = [token for token in candidates if _opens_a_page(token)]
    assert opening == []
    # Every message that links to a page carries the placeholder instead.
    assert all(links.has_mail_links(m.body_text) for m in stored if m.kind != "interview_cancel")


def test_what_arrives_opens_the_recipients_page(
    mail_app, smtp_server, make_event, make_employer, make_vacancy, make_candidate,
    make_interview,
):
    _event, youth = _published_event(
        make_event, make_employer, make_vacancy, make_candidate, make_interview
    )
    deliver_due(mail_app)
    by_address = {person.email: person.id for person in youth}
    invitations = [r for r in smtp_server.received
                   if r.message["To"] in by_address and "/youth/b/" in r.content.decode()]
    assert len(invitations) >= len(youth)
    for received in invitations:
        text = received.message.get_body(("plain",)).get_content()
        token = re.search(r"/youth/b/([A-Za-z0-9_-]+)", text).group(1)
        candidate = links.resolve_candidate(token)
        assert candidate is not None and candidate.id == by_address[received.message["To"]]
        calendar = next((part for part in received.message.walk()
                         if part.get_content_type() == "text/calendar"), None)
        if calendar is not None:
            assert_rfc5545_lines(calendar.get_payload(decode=True))
            unfolded = re.sub(r"\r?\n[ \t]", "", calendar.get_content())
            assert f"/youth/b/{token}" in unfolded
            assert "~mail-link~" not in unfolded
    # Nothing in the database changed by sending: still no usable token stored.
    stored = db.session.scalars(sa.select(OutboxMessage)).all()
    assert not [t for m in stored for t in TOKEN_LIKE.findall(_stored_text(m)) if _opens_a_page(t)]
