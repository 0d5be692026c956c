"""Private links: issue, resolve, revoke and re-issue (DESIGN §5).

A token is `secrets.token_urlsafe(32)` (256 random bits); the database keeps only its sha256.
`resolve` answers None for a token that is unknown, malformed, expired, revoked or meant for
another purpose, and the views turn every None into the same 404, so a visitor cannot tell
which of these it was. Links expire when the event's personal data is deleted: the end of the
event day plus the event's retention period.

A link that goes out by e-mail is issued with `for_mail=True`: its token is derived from a
random nonce and the app's secret key, and the caller gets a placeholder that names the nonce
instead of the token. The stored e-mail (the outbox) holds only the placeholder; the sender
puts the token in at the moment it sends (`fill_mail_links`). A copy of the database alone
therefore opens nobody's page, not even through the outbox.

Operations flush nothing themselves except where noted; the caller commits.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
import secrets
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from recruit.extensions import db
from recruit.models import BookingLink, Candidate, Employer, Event, utcnow

TOKEN_BYTES = 32
# Tokens from token_urlsafe(32) are 43 characters; anything far off is refused unread.
_TOKEN_LENGTH = range(40, 64)
_TOKEN_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

# "~" is outside the token alphabet, so a placeholder never resolves as a token.
_MAIL_LINK = re.compile(r"~mail-link~([0-9a-f]{32})~")
# A mail token: 32 bytes of HMAC-SHA256 in unpadded URL-safe base64.
MAIL_TOKEN_LENGTH = 43

# An Event owns only its staff calendar feed link (recruit.calendar.feeds).
Owner = Candidate | Employer | Event


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def link_expiry(event: Event) -> datetime:
    """Midnight after the event day, plus the retention period, as a UTC instant."""
    last_day = event.date + dt.timedelta(days=1 + event.retention_days)
    return datetime.combine(last_day, dt.time(), tzinfo=ZoneInfo(event.timezone)).astimezone(
        dt.UTC
    )


def _owner_columns(owner: Owner) -> dict[str, Any]:
    if isinstance(owner, Event):
        return {"event_id": owner.id}
    if isinstance(owner, Candidate):
        return {"candidate_id": owner.id, "event_id": owner.event_id}
    return {"employer_id": owner.id, "event_id": owner.event_id}


def _event_of(owner: Owner) -> Event:
    return owner if isinstance(owner, Event) else owner.event


def mail_token(nonce: str) -> str:
    """The token behind the placeholder of a link sent by e-mail (43 URL-safe characters)."""
    key = current_app.config["SECRET_KEY"].encode("utf-8")
    digest = hmac.new(key, b"mail-link:" + nonce.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def fill_mail_links(text: str) -> str:
    """`text` with every mail-link placeholder replaced by its token (at sending time)."""
    return _MAIL_LINK.sub(lambda match: mail_token(match.group(1)), text)


def fill_mail_links_for_length(text: str) -> str:
    """`text` with every placeholder replaced by as many characters as its token will take
    (to measure a text message before it is sent, without any token)."""
    return _MAIL_LINK.sub("x" * MAIL_TOKEN_LENGTH, text)


def has_mail_links(text: str) -> bool:
    return _MAIL_LINK.search(text) is not None


def issue(
    owner: Owner, purpose: str, *, payload: dict[str, Any] | None = None,
    token: str | None = None, flush: bool = True, for_mail: bool = False,
) -> tuple[BookingLink, str]:
    """A new link for `owner`; returns the row and the token (the only copy of the token).

    `token` is given only for derived tokens (see `check_in_token`); otherwise it is random.
    With `for_mail`, the second value is a placeholder that stands for the token in an
    e-mail kept in the outbox (see the module's docstring).
    `flush=False` leaves the row to the caller's next flush (one INSERT for many links when
    a publish mails a thousand people).
    """
    if owner.id is None:
        db.session.flush()
    placeholder = None
    if for_mail:
        nonce = secrets.token_hex(16)
        placeholder, token = f"~mail-link~{nonce}~", mail_token(nonce)
    token = token or secrets.token_urlsafe(TOKEN_BYTES)
    now = utcnow()
    link = BookingLink(
        token_hash=hash_token(token),
        purpose=purpose,
        created_at=now,
        expires_at=max(link_expiry(_event_of(owner)), now + dt.timedelta(minutes=1)),
        payload=payload,
        **_owner_columns(owner),
    )
    db.session.add(link)
    if flush:
        db.session.flush()
    return link, placeholder or token


def _well_formed(token: str) -> bool:
    return len(token) in _TOKEN_LENGTH and all(ch in _TOKEN_ALPHABET for ch in token)


def resolve(token: str, purpose: str, *, now: datetime | None = None) -> BookingLink | None:
    """The usable link of `purpose` behind `token`, or None (wrong, expired or revoked)."""
    if not _well_formed(token):
        return None
    link = db.session.scalar(
        sa.select(BookingLink).where(BookingLink.token_hash == hash_token(token))
    )
    if link is None or link.purpose != purpose or not link.usable(now):
        return None
    return link


def resolve_candidate(token: str, purpose: str = "booking") -> Candidate | None:
    link = resolve(token, purpose)
    return link.candidate if link is not None else None


def revoke_all(owner: Owner, purposes: tuple[str, ...] | None = None) -> int:
    """Revoke every usable link of `owner` (of `purposes`, default all); returns how many."""
    if isinstance(owner, Event):
        mine = sa.and_(
            BookingLink.event_id == owner.id,
            BookingLink.candidate_id.is_(None),
            BookingLink.employer_id.is_(None),
        )
    else:
        column = (
            BookingLink.candidate_id if isinstance(owner, Candidate) else BookingLink.employer_id
        )
        mine = column == owner.id
    query = (
        sa.update(BookingLink)
        .where(mine, BookingLink.revoked_at.is_(None))
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if purposes is not None:
        query = query.where(BookingLink.purpose.in_(purposes))
    result = db.session.execute(query)
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def reissue(owner: Owner, purpose: str, *, for_mail: bool = False) -> tuple[BookingLink, str]:
    """Revoke the owner's links of `purpose` (and their derived check-in links) and issue
    a fresh one: staff's answer to a link that reached the wrong person."""
    purposes = (purpose, "check_in") if purpose == "booking" else (purpose,)
    revoke_all(owner, purposes)
    return issue(owner, purpose, for_mail=for_mail)


# --- check-in links derived from booking links ---------------------------------------------


def check_in_token(booking_token: str) -> str:
    """The check-in token shown as a QR code on a booking page.

    Only hashes are stored, so the page cannot look the check-in token up; it derives it from
    the booking token in its URL with the app's secret key instead, the same token every time.
    """
    key = current_app.config["SECRET_KEY"].encode("utf-8")
    digest = hmac.new(key, b"check-in:" + booking_token.encode("ascii"), hashlib.sha256)
    return digest.hexdigest()[:43]


def ensure_check_in_link(candidate: Candidate, booking_token: str) -> str:
    """The check-in token for this booking page, stored on first use; flushes."""
    token = check_in_token(booking_token)
    existing = db.session.scalar(
        sa.select(BookingLink).where(BookingLink.token_hash == hash_token(token))
    )
    if existing is None:
        try:
            issue(candidate, "check_in", token=token)
        except IntegrityError:
            # The same page opened twice at once: the other request stored it.
            db.session.rollback()
    return token


# --- absolute URLs for e-mails -------------------------------------------------------------


def absolute_url(endpoint: str, **values: Any) -> str:
    """A link for an e-mail: PUBLIC_BASE_URL plus the path (no request needed)."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    # Built from the URL map alone: e-mails are also queued by background jobs.
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return base + path


def new_booking_url(candidate: Candidate) -> str:
    """Issue a booking link for `candidate` and return its absolute URL for one e-mail (with
    the token's placeholder: the sender fills it in)."""
    _link, token = issue(candidate, "booking", flush=False, for_mail=True)
    return absolute_url("youth.booking", token=token)
