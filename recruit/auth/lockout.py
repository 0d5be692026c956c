"""Per-account login lockout: after LOGIN_LOCKOUT_LIMIT wrong passwords for one address (by
default 5 in 15 minutes), that address cannot log in until the window has passed, from any
client; other staff behind the same office connection are not affected. An administrator
lifts it early with `lift_lockout` (`flask lift-lockout EMAIL`).

Addresses without an account are counted the same way, so the answer never tells which
addresses have one.
"""

from __future__ import annotations

from flask import current_app
from limits import parse_many

from recruit.core import throttle
from recruit.models.user import StaffUser

KIND = "login-failure"
SETTING = "LOGIN_LOCKOUT_LIMIT"


def _subject(email: str) -> str:
    return StaffUser.normalise_email(email)


def lockout_minutes() -> int:
    """How long a lockout lasts at most: the longest window of the setting, in minutes."""
    items = parse_many(current_app.config[SETTING])
    return max(item.get_expiry() for item in items) // 60


def is_locked_out(email: str) -> bool:
    return throttle.blocked(KIND, _subject(email), SETTING)


def note_failed_login(email: str) -> None:
    throttle.note(KIND, _subject(email), SETTING)


def note_successful_login(email: str) -> None:
    """A right password (while not locked) forgets the earlier mistakes."""
    throttle.reset(KIND, _subject(email), SETTING)


def lift_lockout(user: StaffUser) -> None:
    """Let `user` log in again at once (an administrator's action)."""
    throttle.reset(KIND, _subject(user.email), SETTING)
