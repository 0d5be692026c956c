"""Creating, revoking and checking the organisation's API tokens.

A token is `secrets.token_urlsafe(32)` (256 random bits), hashed like a private link
(`recruit.core.links.hash_token`); only its hash and first characters are stored, so the
token is shown once, when it is created. Operations flush; the caller commits.
"""

from __future__ import annotations

import datetime as dt
import secrets

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from recruit.core import audit
from recruit.core.links import TOKEN_BYTES, hash_token
from recruit.extensions import db
from recruit.models import ApiToken, StaffUser, utcnow
from recruit.models.api_token import API_SCOPES

NAME_MAX_LENGTH = 100
PREFIX_LENGTH = 8
# Tokens from token_urlsafe(32) are 43 characters; anything far off is refused unread.
_TOKEN_LENGTH = range(40, 64)
# "Last used" is written at most this often, not on every request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


class TokenError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def create_token(name: str, scope: str, by: StaffUser | None) -> tuple[ApiToken, str]:
    """A new token; returns the row and the token itself (its only copy)."""
    name = name.strip()
    if not name or len(name) > NAME_MAX_LENGTH:
        raise TokenError(_l("Give the token a name of at most %(max)d characters.",
                            max=NAME_MAX_LENGTH))
    if scope not in API_SCOPES:
        raise TokenError(_l("Choose whether the token may only read or also write."))
    token = secrets.token_urlsafe(TOKEN_BYTES)
    row = ApiToken(
        name=name, scope=scope, token_hash=hash_token(token), prefix=token[:PREFIX_LENGTH],
        created_by_id=by.id if by is not None else None,
    )
    db.session.add(row)
    db.session.flush()
    audit.record("api_token.create", row, by)
    return row, token


def revoke_token(row: ApiToken, by: StaffUser | None) -> bool:
    """Revoke the token; False when it already was."""
    if row.revoked_at is not None:
        return False
    row.revoked_at = utcnow()
    db.session.flush()
    audit.record("api_token.revoke", row, by)
    return True


def all_tokens() -> list[ApiToken]:
    return list(db.session.scalars(
        sa.select(ApiToken).order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc())
    ))


def authenticate(token: str) -> ApiToken | None:
    """The active token behind `token`, or None; notes when it was last used."""
    if len(token) not in _TOKEN_LENGTH or not token.isascii():
        return None
    row = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None or not row.active:
        return None
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at > LAST_USED_RESOLUTION:
        row.last_used_at = now
        db.session.commit()
    return row
