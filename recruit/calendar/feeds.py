"""Read-only calendar feeds: calendar apps subscribe to a URL, no login.

* An employer's feed, `/calendar/employer/<token>.ics`: their live published interviews, behind
  the same private token as their roster page (revoking that link closes both).
* The staff feed of a whole event, `/calendar/event/<token>.ics`: every live published
  interview, behind a private link of its own (purpose `event_feed`, owned by the event), so
  a calendar app can fetch it without the login cookie. Staff renew or revoke it on the
  event's e-mail page.

Only hashes of tokens are stored, so the staff page could not show the feed's URL again; the
event feed's token is therefore derived with the app's secret key from a random nonce kept on
its link (like the check-in token in `recruit.core.links`): the page can show it, a copy of the
database alone cannot open it, and renewing draws a new nonce. Every failure is the same 404.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from flask import Blueprint, Response, abort, current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from recruit.booking.operations import BOOKED_SOURCES
from recruit.calendar.invites import CalendarInterview, build_feed
from recruit.core import links
from recruit.core.security import private_link_page
from recruit.extensions import db
from recruit.models import BookingLink, Employer, Event, Interview
from recruit.people.employer_link import employer_of_token
from recruit.scheduling.queries import published_view, snapshot_entry
from recruit.scheduling.roster import roster_of, short_name

EVENT_FEED = "event_feed"
FEED_MIMETYPE = "text/calendar"
_FALLBACK_ORGANISER = "noreply@localhost"

bp = Blueprint("calendar_feeds", __name__, url_prefix="/calendar")


@bp.after_request
def private_feed_headers(response: Response) -> Response:
    return private_link_page(response)


# --- the staff feed's private link -----------------------------------------------------------


def _derive(event: Event, nonce: str) -> str:
    key = current_app.config["SECRET_KEY"].encode("utf-8")
    message = f"event-feed:{event.id}:{nonce}".encode("ascii")
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:43]


def _current_link(event: Event) -> BookingLink | None:
    rows = db.session.scalars(
        sa.select(BookingLink)
        .where(BookingLink.event_id == event.id, BookingLink.purpose == EVENT_FEED)
        .order_by(BookingLink.id.desc())
    )
    return next((row for row in rows if row.usable()), None)


def event_feed_token(event: Event) -> str | None:
    """The token of the event's usable feed link, or None (none issued, revoked, expired)."""
    link = _current_link(event)
    nonce = (link.payload or {}).get("nonce") if link is not None else None
    if link is None or not isinstance(nonce, str):
        return None
    token = _derive(event, nonce)
    # A changed SECRET_KEY derives another token: the old link is then simply unusable.
    return token if links.hash_token(token) == link.token_hash else None


def event_feed_url(event: Event) -> str | None:
    token = event_feed_token(event)
    return links.absolute_url("calendar_feeds.event_feed", token=token) if token else None


def renew_event_feed(event: Event) -> str:
    """Revoke the event's feed link and issue a new one; returns its token. Flushes."""
    links.revoke_all(event, (EVENT_FEED,))
    nonce = secrets.token_hex(16)
    token = _derive(event, nonce)
    links.issue(event, EVENT_FEED, payload={"nonce": nonce}, token=token)
    return token


def revoke_event_feed(event: Event) -> int:
    return links.revoke_all(event, (EVENT_FEED,))


def employer_feed_url(token: str) -> str:
    """The feed URL that goes with an employer's private link `token`."""
    return links.absolute_url("calendar_feeds.employer_feed", token=token)


# --- what the feeds hold ---------------------------------------------------------------------


@dataclass(frozen=True)
class FeedItem:
    interview: Interview
    employer: Employer
    vacancy_title: str
    candidate_name: str
    start_minute: int
    end_minute: int
    table_no: int


def _entry(event: Event, item: FeedItem, *, with_employer: bool) -> CalendarInterview:
    location = ", ".join(part for part in (event.venue_name, event.venue_address) if part)
    if with_employer:
        summary = _("%(employer)s: interview with %(name)s – %(vacancy)s",
                    employer=item.employer.company_name, name=item.candidate_name,
                    vacancy=item.vacancy_title)
    else:
        summary = _("Interview with %(name)s – %(vacancy)s",
                    name=item.candidate_name, vacancy=item.vacancy_title)
    table = _("Table %(table)s", table=item.table_no)
    return CalendarInterview(
        uid=item.interview.uid,
        sequence=item.interview.sequence,
        start=event.local_datetime(item.start_minute),
        end=event.local_datetime(item.end_minute),
        summary=summary,
        location=f"{location}, {table}" if location else table,
        description=f"{item.employer.company_name} – {item.vacancy_title}. {table}.",
        organiser_email=event.organiser_email or _FALLBACK_ORGANISER,
        organiser_name=event.name,
    )


def employer_items(employer: Employer) -> list[FeedItem]:
    """The employer's live interviews as their roster page shows them."""
    return [
        FeedItem(entry.interview, employer, entry.vacancy_title, entry.candidate_name,
                 entry.start_minute, entry.end_minute, entry.table_no)
        for entry in roster_of(employer) or []
        if not entry.cancelled
    ]


def event_items(event: Event) -> list[FeedItem]:
    """Every live published interview of the event, plus those booked since the publish."""
    view = published_view(event)
    if not view:
        return []
    pairs = [(item.entry, item.interview) for item in view if item.interview is not None]
    published_ids = [item.entry["id"] for item in view]
    booked = db.session.scalars(
        sa.select(Interview).where(
            Interview.event_id == event.id,
            Interview.source.in_(BOOKED_SOURCES),
            Interview.id.not_in(published_ids),
        )
    )
    pairs += [(snapshot_entry(row), row) for row in booked]
    items = []
    for entry, interview in pairs:
        if interview.cancelled_at is not None:
            continue
        candidate, vacancy = interview.candidate, interview.vacancy
        items.append(FeedItem(
            interview, interview.employer, vacancy.title,
            short_name(candidate.first_name, candidate.last_name),
            entry["start_minute"], entry["end_minute"], entry["table_no"],
        ))
    return items


def employer_calendar(employer: Employer) -> bytes:
    event = employer.event
    with force_locale(employer.locale):
        entries = [_entry(event, item, with_employer=False) for item in employer_items(employer)]
        name = _("%(company)s – %(event)s", company=employer.company_name, event=event.name)
    return build_feed(entries, name=name)


def event_calendar(event: Event) -> bytes:
    entries = [_entry(event, item, with_employer=True) for item in event_items(event)]
    return build_feed(entries, name=event.name)


# --- routes ------------------------------------------------------------------------------


def _calendar_response(body: bytes) -> Response:
    return Response(body, mimetype=FEED_MIMETYPE, headers={
        "Content-Type": f"{FEED_MIMETYPE}; charset=utf-8",
        "Content-Disposition": 'inline; filename="interviews.ics"',
    })


@bp.get("/employer/<token>.ics")
def employer_feed(token: str) -> Response:
    employer = employer_of_token(token)
    if employer is None or employer.status != "approved":
        abort(404)
    return _calendar_response(employer_calendar(employer))


@bp.get("/event/<token>.ics")
def event_feed(token: str) -> Response:
    link = links.resolve(token, EVENT_FEED)
    if link is None:
        abort(404)
    event = db.session.get(Event, link.event_id)
    if event is None:
        abort(404)
    return _calendar_response(event_calendar(event))
