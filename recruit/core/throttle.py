"""Counters that protect people rather than the server: how many mails a stranger can make
us send to one address, and how many wrong passwords one staff account takes.

They count per subject (an e-mail address), whatever the client's address, in a moving
window (`limits`, the library under Flask-Limiter). The counters live in Redis when the app
has one (RATELIMIT_STORAGE_URI, else REDIS_URL), otherwise in the process's memory. A subject
is stored only as a keyed hash, never as the address itself. RATELIMIT_ENABLED=0 switches
these off with the other limits.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import Flask, current_app
from limits import RateLimitItem, parse_many
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

EXTENSION = "recruit.throttle"


def _storage_uri(app: Flask) -> str:
    uri = app.config.get("RATELIMIT_STORAGE_URI") or "memory://"
    if uri.startswith("memory") and app.config.get("REDIS_URL"):
        return str(app.config["REDIS_URL"])
    return str(uri)


def init_app(app: Flask) -> None:
    storage: Storage = storage_from_string(_storage_uri(app))
    app.extensions[EXTENSION] = MovingWindowRateLimiter(storage)


def _strategy() -> MovingWindowRateLimiter:
    strategy: MovingWindowRateLimiter = current_app.extensions[EXTENSION]
    return strategy


def _limits(setting: str) -> list[RateLimitItem]:
    return parse_many(current_app.config[setting])


def _subject_key(kind: str, subject: str) -> tuple[str, str]:
    secret = current_app.config["SECRET_KEY"]
    key = secret.encode() if isinstance(secret, str) else secret
    digest = hmac.new(key, subject.strip().lower().encode(), hashlib.sha256).hexdigest()
    return "recruit-throttle", f"{kind}:{digest[:32]}"


def _enabled() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED", True))


PUBLIC_MAIL_SETTING = "PUBLIC_MAIL_PER_RECIPIENT_LIMIT"


def public_mail_allowed(kind: str, address: str) -> bool:
    """May a mail of `kind` that anyone can ask for (a sign-up's confirmation, "send my link
    again") go to `address` now? Counts it when it may. The form that asked answers the same
    either way, so the limit tells a stranger nothing about the address."""
    return allow(f"mail:{kind}", address, PUBLIC_MAIL_SETTING)


def allow(kind: str, subject: str, setting: str) -> bool:
    """Count one more `kind` for `subject` if every limit of `setting` still allows it.

    True: go ahead (counted). False: the limit is reached (nothing counted).
    """
    if not _enabled():
        return True
    key = _subject_key(kind, subject)
    items = _limits(setting)
    strategy = _strategy()
    if not all(strategy.test(item, *key) for item in items):
        return False
    for item in items:
        strategy.hit(item, *key)
    return True


def blocked(kind: str, subject: str, setting: str) -> bool:
    """True while `subject` has used up a limit of `setting` (nothing is counted)."""
    if not _enabled():
        return False
    key = _subject_key(kind, subject)
    strategy = _strategy()
    return not all(strategy.test(item, *key) for item in _limits(setting))


def note(kind: str, subject: str, setting: str) -> None:
    """Count one `kind` for `subject` (a failure, say), whether or not a limit is reached."""
    if not _enabled():
        return
    key = _subject_key(kind, subject)
    strategy = _strategy()
    for item in _limits(setting):
        strategy.hit(item, *key)


def reset(kind: str, subject: str, setting: str) -> None:
    """Forget every count of `kind` for `subject`."""
    key = _subject_key(kind, subject)
    strategy = _strategy()
    for item in _limits(setting):
        strategy.clear(item, *key)
