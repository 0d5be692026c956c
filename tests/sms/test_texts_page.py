"""The staff page of an event's text messages: counts by status, names (never numbers),
pages of 50 at a cost that does not grow with the event, the event's staff only, an audited
read, and "send again" for a text the gateway refused for a temporary reason only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from recruit.accounts.operations import add_coordinator
from recruit.extensions import db
from recruit.models import AuditEntry, SmsMessage, utcnow
from recruit.sms import listing
from recruit.sms.fake_gateway import FakeGateway
from recruit.sms.sender import deliver_due
from tests.core.test_query_counts import counting
from tests.sms.conftest import make_text


@pytest.fixture
def event(make_event: Any) -> Any:
    return make_event()


def _url(event: Any, **args: Any) -> str:
    query = "&".join(f"{key}={value}" for key, value in args.items())
    return f"/staff/events/{event.id}/texts?lang=en" + (f"&{query}" if query else "")


def _row(page: str, text: SmsMessage) -> str:
    return page.split(f'id="text-{text.id}"', 1)[1].split("</tr>", 1)[0]


def test_counts_names_states_and_reasons(
    sms_app: Flask, logged_in_client: Any, event: Any, make_candidate: Any
) -> None:
    aino = make_candidate(event, first_name="Aino", last_name="Aalto", contact_channel="both",
                          phone="+358401112222")
    olli = make_candidate(event, first_name="Olli", last_name="Ojala", contact_channel="sms")
    waiting = make_text(aino)
    make_text(aino, status="sent", kind="sms_moved")
    busy = make_text(olli, status="dead", last_error="HTTP 503", attempts=3)
    refused = make_text(olli, status="dead", last_error="HTTP 422", attempts=1,
                        kind="sms_slot_opened")
    unknown = make_text(aino, status="dead", last_error="outcome_unknown: TimeoutError",
                        attempts=1)
    down = make_text(aino, status="dead", last_error="not sent: ConnectionRefusedError",
                     attempts=3)
    page = logged_in_client.get(_url(event)).get_data(as_text=True)

    counts = page.split('id="text-counts"', 1)[1].split("</dl>", 1)[0]
    for status, count in (("queued", 1), ("sent", 1), ("dead", 4)):
        assert f'data-status="{status}"' in counts
        assert f"<dd>{count}</dd>" in counts.split(f'data-status="{status}"', 1)[1].split(
            "</div>", 1)[0]
    assert "Aino Aalto" in page and "Olli Ojala" in page
    assert "+358" not in page and "40 111" not in page and "Muistutus" not in page
    assert "Waiting to be sent" in _row(page, waiting)
    assert "The gateway was busy or down" in _row(page, busy)
    assert "The gateway refused the text" in _row(page, refused)
    assert "Unknown whether it arrived" in _row(page, unknown)
    assert "The gateway could not be reached" in _row(page, down)
    assert "A time opened" in _row(page, refused)
    # Only the temporary failures can be sent again.
    for text, button in ((busy, True), (down, True), (refused, False), (unknown, False),
                         (waiting, False)):
        assert ("Send again" in _row(page, text)) is button, text.last_error

    only_dead = logged_in_client.get(_url(event, status="dead")).get_data(as_text=True)
    assert f'id="text-{busy.id}"' in only_dead and f'id="text-{waiting.id}"' not in only_dead
    assert logged_in_client.get(_url(event, status="nonsense")).status_code == 404


def test_the_outbox_page_links_to_the_texts_with_their_counts(
    sms_app: Flask, logged_in_client: Any, event: Any, make_candidate: Any
) -> None:
    make_text(make_candidate(event, contact_channel="sms"), status="dead",
              last_error="HTTP 503")
    page = logged_in_client.get(f"/staff/events/{event.id}/outbox?lang=en").get_data(
        as_text=True)
    link = page.split('id="texts-link"', 1)[1].split("</p>", 1)[0]
    assert f"/staff/events/{event.id}/texts" in link
    assert "0 sent, 0 waiting, 1 failed" in link


def test_pages_of_fifty_newest_first_at_a_cost_that_does_not_grow(
    sms_app: Flask, logged_in_client: Any, event: Any, make_candidate: Any
) -> None:
    people = [make_candidate(event, first_name=f"Henkilö{n}", contact_channel="sms")
              for n in range(6)]
    start = utcnow() - dt.timedelta(hours=2)
    texts = [make_text(people[n % 6], created_at=start + dt.timedelta(minutes=n))
             for n in range(listing.TEXTS_PER_PAGE + 5)]
    first = logged_in_client.get(_url(event)).get_data(as_text=True)
    assert first.count('<tr id="text-') == listing.TEXTS_PER_PAGE
    assert f'id="text-{texts[-1].id}"' in first and f'id="text-{texts[4].id}"' not in first
    assert 'rel="next"' in first and 'rel="prev"' not in first
    second = logged_in_client.get(_url(event, page=2)).get_data(as_text=True)
    assert second.count('<tr id="text-') == 5 and 'rel="prev"' in second
    assert 'rel="next"' not in second
    assert logged_in_client.get(_url(event, page=3)).status_code == 404
    assert logged_in_client.get(_url(event, page=-1)).status_code == 404

    with counting(sms_app) as full:
        assert logged_in_client.get(_url(event)).status_code == 200
    # Ten times as many texts and people: the same statements.
    more = [make_candidate(event, contact_channel="both") for _ in range(20)]
    for n in range(200):
        make_text(more[n % 20])
    with counting(sms_app) as larger:
        assert logged_in_client.get(_url(event)).status_code == 200
    assert len(larger) == len(full)


def test_only_the_events_staff_see_it_and_each_view_is_audited(
    sms_app: Flask, app: Flask, logged_in_client: Any, client_of: Any, make_staff_user: Any,
    event: Any, make_event: Any, make_candidate: Any,
) -> None:
    text = make_text(make_candidate(event, contact_channel="sms"), status="dead",
                     last_error="HTTP 503")
    mine = make_staff_user(role="coordinator", name="Oma")
    add_coordinator(event, mine, None)
    other = make_staff_user(role="coordinator", name="Muu")
    add_coordinator(make_event(), other, None)
    db.session.commit()
    assert client_of(mine).get(_url(event)).status_code == 200
    assert client_of(other).get(_url(event)).status_code == 404
    assert client_of(other).post(
        f"/staff/events/{event.id}/texts/{text.id}/retry").status_code == 404
    anonymous = app.test_client().get(_url(event))
    assert anonymous.status_code == 302 and "/auth/login" in anonymous.location
    assert logged_in_client.get(_url(event)).status_code == 200
    reads = db.session.execute(
        sa.select(AuditEntry.action, AuditEntry.object_type, AuditEntry.object_id,
                  AuditEntry.staff_user_id)
        .where(AuditEntry.action == "event.text_messages").order_by(AuditEntry.id)).all()
    assert [(a, t, o) for a, t, o, _s in reads] == [("event.text_messages", "event",
                                                     event.id)] * 2
    assert reads[0][3] == mine.id
    # The text of another event is not found through this one.
    theirs = make_text(make_candidate(make_event(), contact_channel="sms"), status="dead",
                       last_error="HTTP 503")
    assert logged_in_client.post(
        f"/staff/events/{event.id}/texts/{theirs.id}/retry").status_code == 404


def test_a_text_refused_for_a_temporary_reason_is_sent_again_once(
    sms_app: Flask, sms_gateway: FakeGateway, logged_in_client: Any, event: Any,
    make_candidate: Any,
) -> None:
    person = make_candidate(event, contact_channel="sms", phone="+358401112222")
    text = make_text(person, status="dead", last_error="HTTP 503", attempts=3)
    url = f"/staff/events/{event.id}/texts/{text.id}/retry?lang=en"
    response = logged_in_client.post(url)
    assert response.status_code == 302
    db.session.expire_all()
    row = db.session.get(SmsMessage, text.id)
    assert (row.status, row.attempts, row.last_error) == ("queued", 0, None)
    assert deliver_due(sms_app).sent == 1
    assert [item.msisdn for item in sms_gateway.received] == [358401112222]
    # A second click finds nothing to retry and sends nothing.
    again = logged_in_client.post(url, follow_redirects=True).get_data(as_text=True)
    assert "The text was not waiting for a retry any more." in again
    assert deliver_due(sms_app).claimed == 0 and len(sms_gateway.received) == 1
    assert db.session.scalars(sa.select(AuditEntry.action).where(
        AuditEntry.action == "sms.retry")).all() == ["sms.retry"]


@pytest.mark.parametrize(("last_error", "channel", "message"), [
    ("HTTP 422", "sms", "the gateway refused it for good, or it may already have arrived"),
    ("outcome_unknown: TimeoutError", "sms",
     "the gateway refused it for good, or it may already have arrived"),
    ("HTTP 503", "email", "This person no longer gets text messages."),
])
def test_a_text_that_must_not_go_again_stays_dead(
    sms_app: Flask, sms_gateway: FakeGateway, logged_in_client: Any, event: Any,
    make_candidate: Any, last_error: str, channel: str, message: str,
) -> None:
    person = make_candidate(event, contact_channel="sms")
    text = make_text(person, status="dead", last_error=last_error)
    if channel == "email":
        # The person stopped texts after it failed.
        person.contact_channel, person.sms_consent_at = "email", None
        db.session.commit()
    page = logged_in_client.post(f"/staff/events/{event.id}/texts/{text.id}/retry?lang=en",
                                 follow_redirects=True).get_data(as_text=True)
    assert message in page
    db.session.expire_all()
    assert db.session.get(SmsMessage, text.id).status == "dead"
    assert deliver_due(sms_app).claimed == 0 and sms_gateway.received == []
