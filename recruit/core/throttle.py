"""Counters that protect people rather than the server: how many mails a stranger can make
us send to one address, and how many wrong passwords one staff account takes.

They count per subject (an e-mail address), whatever the client's address, in a moving
window. The counters live in Redis when the app has one (RATELIMIT_STORAGE_URI, else
REDIS_URL; `limits`, the library under Flask-Limiter), otherwise in the database
(`throttle_hit`), so that every web process and the `flask` commands see the same counts. A
subject is stored only as a keyed hash, never as the address itself. RATELIMIT_ENABLED=0
switches these off with the other limits.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta
from typing import Protocol

import sqlalchemy as sa
from flask import Flask, current_app
from limits import RateLimitItem, parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from recruit.extensions import db
from recruit.models.base import utcnow
from recruit.models.throttle import ThrottleHit

EXTENSION = "recruit.throttle"
NAMESPACE = "recruit-throttle"
PUBLIC_MAIL_SETTING = "PUBLIC_MAIL_PER_RECIPIENT_LIMIT"


class Window(Protocol):
    def allowed(self, items: list[RateLimitItem], key: str) -> bool: ...
    def add(self, items: list[RateLimitItem], key: str) -> None: ...
    def clear(self, items: list[RateLimitItem], key: str) -> None: ...


class RedisWindow:
    """Moving windows in Redis through `limits`."""

    def __init__(self, uri: str) -> None:
        self.strategy = MovingWindowRateLimiter(storage_from_string(uri))

    def allowed(self, items: list[RateLimitItem], key: str) -> bool:
        return all(self.strategy.test(item, NAMESPACE, key) for item in items)

    def add(self, items: list[RateLimitItem], key: str) -> None:
        for item in items:
            self.strategy.hit(item, NAMESPACE, key)

    def clear(self, items: list[RateLimitItem], key: str) -> None:
        for item in items:
            self.strategy.clear(item, NAMESPACE, key)


class DatabaseWindow:
    """Moving windows as rows of `throttle_hit`, on a connection of their own: a count must
    stay when the request's transaction is rolled back (a failed login commits nothing)."""

    # Rows older than this are deleted as new ones come (the longest window in use is a day).
    KEEP = timedelta(days=2)

    def allowed(self, items: list[RateLimitItem], key: str) -> bool:
        now = utcnow()
        with db.engine.connect() as connection:
            for item in items:
                since = now - timedelta(seconds=item.get_expiry())
                count = connection.scalar(
                    sa.select(sa.func.count()).select_from(ThrottleHit)
                    .where(ThrottleHit.key == key, ThrottleHit.at > since)
                )
                if (count or 0) >= item.amount:
                    return False
        return True

    def add(self, items: list[RateLimitItem], key: str) -> None:
        now = utcnow()
        with db.engine.begin() as connection:
            connection.execute(sa.delete(ThrottleHit).where(ThrottleHit.at < now - self.KEEP))
            connection.execute(sa.insert(ThrottleHit).values(key=key, at=now))

    def clear(self, items: list[RateLimitItem], key: str) -> None:
        with db.engine.begin() as connection:
            connection.execute(sa.delete(ThrottleHit).where(ThrottleHit.key == key))


def _redis_uri(app: Flask) -> str | None:
    uri = app.config.get("RATELIMIT_STORAGE_URI") or "memory://"
    if not uri.startswith("memory"):
        return str(uri)
    return app.config.get("REDIS_URL") or None


def init_app(app: Flask) -> None:
    uri = _redis_uri(app)
    app.extensions[EXTENSION] = RedisWindow(uri) if uri else DatabaseWindow()


def _window() -> Window:
    window: Window = current_app.extensions[EXTENSION]
    return window


def _limits(setting: str) -> list[RateLimitItem]:
    return parse_many(current_app.config[setting])


def _key(kind: str, subject: str) -> str:
    secret = current_app.config["SECRET_KEY"]
    secret_bytes = secret.encode() if isinstance(secret, str) else secret
    digest = hmac.new(secret_bytes, subject.strip().lower().encode(), hashlib.sha256)
    return f"{kind}:{digest.hexdigest()[:32]}"


def _enabled() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED", True))


def public_mail_allowed(kind: str, address: str) -> bool:
    """May a mail of `kind` that anyone can ask for (a sign-up's confirmation, "send my link
    again") go to `address` now? Counts it when it may. The form that asked answers the same
    either way, so the limit tells a stranger nothing about the address."""
    return allow(f"mail:{kind}", address, PUBLIC_MAIL_SETTING)


def allow(kind: str, subject: str, setting: str) -> bool:
    """Count one more `kind` for `subject` if every limit of `setting` still allows it.

    True: go ahead (counted). False: a limit is reached (nothing counted).
    """
    if not _enabled():
        return True
    key, window, items = _key(kind, subject), _window(), _limits(setting)
    if not window.allowed(items, key):
        return False
    window.add(items, key)
    return True


def blocked(kind: str, subject: str, setting: str) -> bool:
    """True while `subject` has used up a limit of `setting` (nothing is counted)."""
    if not _enabled():
        return False
    return not _window().allowed(_limits(setting), _key(kind, subject))


def note(kind: str, subject: str, setting: str) -> None:
    """Count one `kind` for `subject` (a failure, say)."""
    if not _enabled():
        return
    _window().add(_limits(setting), _key(kind, subject))


def reset(kind: str, subject: str, setting: str) -> None:
    """Forget every count of `kind` for `subject`."""
    _window().clear(_limits(setting), _key(kind, subject))
