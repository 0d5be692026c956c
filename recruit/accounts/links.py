"""One-time account links: an invitation or a password reset, sent by e-mail.

The token is derived from a nonce with the app's secret (`recruit.core.links.mail_token`), so
the e-mail waits in the outbox with a placeholder, never a usable token; the database keeps
the token's sha256 only. A link works once and for a short time; a new link of the same
purpose for the same person retires the older ones.
"""

from __future__ import annotations

import datetime as dt
import secrets

import sqlalchemy as sa
from flask import current_app

from recruit.core.links import hash_token, mail_token
from recruit.extensions import db
from recruit.models import StaffAccountLink, StaffUser, utcnow

# How long each kind of link works, unless configured (ACCOUNT_INVITE_HOURS,
# PASSWORD_RESET_MINUTES).
DEFAULT_LIFETIME = {"invite": dt.timedelta(hours=72), "password_reset": dt.timedelta(minutes=30)}
_TOKEN_LENGTH = range(40, 64)


def lifetime(purpose: str) -> dt.timedelta:
    if purpose == "invite":
        hours = current_app.config.get("ACCOUNT_INVITE_HOURS")
        return dt.timedelta(hours=int(hours)) if hours else DEFAULT_LIFETIME[purpose]
    minutes = current_app.config.get("PASSWORD_RESET_MINUTES")
    return dt.timedelta(minutes=int(minutes)) if minutes else DEFAULT_LIFETIME[purpose]


def issue_for_mail(user: StaffUser, purpose: str) -> str:
    """A new link for `user`; returns the placeholder the e-mail carries instead of the token."""
    now = utcnow()
    retire(user, now)
    nonce = secrets.token_hex(16)
    db.session.add(StaffAccountLink(
        token_hash=hash_token(mail_token(nonce)), purpose=purpose, staff_user_id=user.id,
        created_at=now, expires_at=now + lifetime(purpose),
    ))
    db.session.flush()
    return f"~mail-link~{nonce}~"


def retire(user: StaffUser, now: dt.datetime | None = None) -> None:
    """Every unused link of `user` stops working (a new link, a password set, deactivation)."""
    db.session.execute(
        sa.update(StaffAccountLink)
        .where(StaffAccountLink.staff_user_id == user.id, StaffAccountLink.used_at.is_(None))
        .values(used_at=now or utcnow())
    )


def resolve(token: str) -> StaffAccountLink | None:
    """The usable link behind `token` (of an active account), or None."""
    if len(token) not in _TOKEN_LENGTH or not token.isascii():
        return None
    link = db.session.scalar(
        sa.select(StaffAccountLink).where(StaffAccountLink.token_hash == hash_token(token))
    )
    if link is None or not link.usable():
        return None
    if not link.staff_user.is_active:
        return None
    return link
