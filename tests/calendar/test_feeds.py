"""Read-only calendar feeds: an employer's (through their private link) and staff's per event.

Every feed is parsed by the three parsers of `ical_checks`; a wrong, revoked or expired
token is a 404 like any unknown page.
"""

from __future__ import annotations

import re

import icalendar
import sqlalchemy as sa

from recruit.calendar import feeds as calendar_feeds
from recruit.core import links
from recruit.core.links import fill_mail_links
from recruit.extensions import db
from recruit.models import AuditEntry, BookingLink, utcnow
from recruit.people.employer_link import LINK_PURPOSE
from recruit.scheduling.publishing import publish_schedule
from tests.calendar.ical_checks import parse_all

WRONG_TOKEN = "A" * 43


def _published(make_event, make_employer, make_vacancy, make_candidate, make_interview):
    event = make_event(start_minute=9 * 60, end_minute=11 * 60)
    cafe, shop = make_employer(event, tables=2), make_employer(event)
    barista, seller = make_vacancy(cafe), make_vacancy(shop)
    youth = [make_candidate(event, open_to_other=True) for _ in range(3)]
    rows = [
        make_interview(youth[0], barista, start_minute=9 * 60),
        make_interview(youth[1], barista, start_minute=9 * 60, table_no=2),
        make_interview(youth[2], seller, start_minute=9 * 60 + 30),
        make_interview(youth[0], seller, start_minute=10 * 60),
    ]
    publish_schedule(event, None)
    db.session.commit()
    return event, cafe, shop, youth, rows


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def test_employer_feed_holds_their_live_published_interviews(
    client, make_event, make_employer, make_vacancy, make_candidate, make_interview
):
    _event, cafe, _shop, youth, rows = _published(
        make_event, make_employer, make_vacancy, make_candidate, make_interview
    )
    _link, token = links.issue(cafe, LINK_PURPOSE)
    db.session.commit()
    url = calendar_feeds.employer_feed_url(token)
    assert url.endswith(f"/calendar/employer/{token}.ics")

    response = client.get(_path(url))
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    events = parse_all(response.data)
    assert {e.method for e in events} == {"PUBLISH"}
    assert sorted(e.uid for e in events) == sorted([rows[0].uid, rows[1].uid])
    assert all(e.tzids == {"Europe/Helsinki"} for e in events)
    assert b"ATTENDEE" not in response.data and b"ORGANIZER" not in response.data
    assert youth[0].first_name.encode() in response.data  # the roster's short name
    assert youth[0].email.encode() not in response.data

    # A cancelled interview leaves the feed; a move shows after the next publish.
    rows[1].cancelled_at = utcnow()
    db.session.commit()
    events = parse_all(client.get(_path(url)).data)
    assert [e.uid for e in events] == [rows[0].uid]


def test_employer_feed_in_the_employers_language(
    client, make_event, make_employer, make_vacancy, make_candidate, make_interview
):
    _event, cafe, *_ = _published(
        make_event, make_employer, make_vacancy, make_candidate, make_interview
    )
    cafe.locale = "sv"
    _link, token = links.issue(cafe, LINK_PURPOSE)
    db.session.commit()
    body = client.get(f"/calendar/employer/{token}.ics").data.decode()
    assert "Intervju med" in body and "Bord 1" in body


def test_employer_feed_refuses_wrong_revoked_and_other_tokens(
    client, make_event, make_employer, make_vacancy, make_candidate, make_interview
):
    _event, cafe, _shop, youth, _rows = _published(
        make_event, make_employer, make_vacancy, make_candidate, make_interview
    )
    _link, token = links.issue(cafe, LINK_PURPOSE)
    _booking, booking_token = links.issue(youth[0], "booking")
    db.session.commit()
    assert client.get(f"/calendar/employer/{token}.ics").status_code == 200
    assert client.get(f"/calendar/employer/{WRONG_TOKEN}.ics").status_code == 404
    assert client.get("/calendar/employer/short.ics").status_code == 404
    # A young person's booking token is not an employer's.
    assert client.get(f"/calendar/employer/{booking_token}.ics").status_code == 404
    links.revoke_all(cafe)
    db.session.commit()
    assert client.get(f"/calendar/employer/{token}.ics").status_code == 404


def test_staff_event_feed_renew_revoke_and_audit(
    logged_in_client, client, make_event, make_employer, make_vacancy, make_candidate,
    make_interview,
):
    event, cafe, _shop, _youth, rows = _published(
        make_event, make_employer, make_vacancy, make_candidate, make_interview
    )
    page = logged_in_client.get(f"/staff/events/{event.id}/outbox?lang=en")
    assert "There is no calendar address yet." in page.get_data(as_text=True)

    assert logged_in_client.post(f"/staff/events/{event.id}/calendar-feed").status_code == 302
    page = logged_in_client.get(f"/staff/events/{event.id}/outbox").get_data(as_text=True)
    first_url = re.search(r'value="([^"]+\.ics)"', page).group(1)
    assert first_url == calendar_feeds.event_feed_url(event)
    # Shown again on every visit (derived, not stored), and the same address.
    again = logged_in_client.get(f"/staff/events/{event.id}/outbox").get_data(as_text=True)
    assert first_url in again

    # The feed needs no login cookie: a calendar app fetches it with the token alone.
    logged_in_client.post("/auth/logout")
    feed = client.get(_path(first_url))
    assert feed.status_code == 200
    events = parse_all(feed.data)
    assert sorted(e.uid for e in events) == sorted(row.uid for row in rows)
    assert cafe.company_name.encode() in feed.data

    from tests.conftest import AuthActions
    AuthActions(client).login()
    client.post(f"/staff/events/{event.id}/calendar-feed")
    second_url = calendar_feeds.event_feed_url(event)
    assert second_url and second_url != first_url
    assert client.get(_path(first_url)).status_code == 404  # renewed: the old one is dead
    assert client.get(_path(second_url)).status_code == 200

    client.post(f"/staff/events/{event.id}/calendar-feed/revoke")
    assert calendar_feeds.event_feed_url(event) is None
    assert client.get(_path(second_url)).status_code == 404
    actions = db.session.scalars(
        sa.select(AuditEntry.action).where(AuditEntry.event_id == event.id)
        .order_by(AuditEntry.id)
    ).all()
    assert [a for a in actions if a.startswith("calendar_feed")] == [
        "calendar_feed.renew", "calendar_feed.renew", "calendar_feed.revoke"
    ]


def test_event_feed_tokens_are_per_event_and_never_stored(
    client, make_event, make_employer, make_vacancy, make_candidate, make_interview
):
    event, *_ = _published(make_event, make_employer, make_vacancy, make_candidate,
                           make_interview)
    other = make_event()
    token = calendar_feeds.renew_event_feed(event)
    other_token = calendar_feeds.renew_event_feed(other)
    db.session.commit()
    stored = db.session.scalars(sa.select(BookingLink).where(BookingLink.purpose == "event_feed"))
    assert all(token not in repr(vars(row)) for row in stored)
    assert client.get(f"/calendar/event/{token}.ics").status_code == 200
    empty = client.get(f"/calendar/event/{other_token}.ics")
    assert empty.status_code == 200 and b"BEGIN:VEVENT" not in empty.data
    assert icalendar.Calendar.from_ical(empty.data)["METHOD"] == "PUBLISH"
    # An employer's token does not open the staff feed, nor the reverse.
    _link, employer_token = links.issue(event.employers[0], LINK_PURPOSE)
    db.session.commit()
    assert client.get(f"/calendar/event/{employer_token}.ics").status_code == 404
    assert client.get(f"/calendar/employer/{token}.ics").status_code == 404
    assert client.get(f"/calendar/event/{WRONG_TOKEN}.ics").status_code == 404
    # Expired (after the event's retention period) like every private link.
    db.session.execute(
        sa.update(BookingLink).where(BookingLink.purpose == "event_feed")
        .values(expires_at=utcnow())
    )
    db.session.commit()
    assert client.get(f"/calendar/event/{token}.ics").status_code == 404


def test_employer_page_and_roster_email_lead_to_the_feed(
    client, make_event, make_employer, make_vacancy, make_candidate, make_interview
):
    from recruit.models import OutboxMessage

    _event, cafe, *_ = _published(
        make_event, make_employer, make_vacancy, make_candidate, make_interview
    )
    roster = db.session.scalars(
        sa.select(OutboxMessage).where(
            OutboxMessage.kind == "roster_ready", OutboxMessage.recipient == cafe.email
        )
    ).one()
    body = fill_mail_links(roster.body_text)
    feed_url = re.search(r"https?://\S+/calendar/employer/[\w-]+\.ics", body)
    assert feed_url, "the roster e-mail names the calendar feed"
    feed = client.get(_path(feed_url.group(0)))
    assert feed.status_code == 200 and len(parse_all(feed.data)) == 2

    _link, token = links.issue(cafe, LINK_PURPOSE)
    db.session.commit()
    page = client.get(f"/employers/link/{token}?lang=fi").get_data(as_text=True)
    assert f'href="/calendar/employer/{token}.ics"' in page
    assert "Haastattelut kalenteriinne (.ics)" in page
