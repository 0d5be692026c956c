"""A staff member's session: started at login, ended at logout, by a password change, after
SESSION_IDLE_SECONDS without use, and SESSION_ABSOLUTE_SECONDS after the login at the latest.

The session itself lives on the server (`recruit.core.sessions`); here is what a login puts
into it and the check made before every request:
- `_auth_at`: when the login happened (the absolute limit counts from it);
- `_seen`: when the session was last used (refreshed at most once a minute, so a page view
  does not always write);
- `_auth`: a keyed hash of the account's password hash. Changing the password, or
  deactivating the account, makes every session of that account stop matching, on whichever
  store the sessions live, without a list of sessions per account.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from flask import Flask, current_app, session
from flask_login import current_user, login_user, logout_user

from recruit.core import sessions
from recruit.models.user import StaffUser

TOUCH_SECONDS = 60


def account_fingerprint(user: StaffUser) -> str:
    """Changes whenever the password (hash) changes; keyed, so it reveals nothing."""
    key = current_app.config["SECRET_KEY"]
    key_bytes = key.encode() if isinstance(key, str) else key
    message = f"{user.id}:{user.password_hash}".encode()
    return hmac.new(key_bytes, message, hashlib.sha256).hexdigest()[:32]


def start_staff_session(user: StaffUser) -> None:
    """Log `user` in with a new session id; only the chosen language survives from before."""
    language = session.get("lang")
    session.clear()
    sessions.regenerate(session)
    if language:
        session["lang"] = language
    session.permanent = True
    login_user(user)
    now = int(time.time())
    session["_auth_at"] = now
    session["_seen"] = now
    session["_auth"] = account_fingerprint(user)


def end_staff_session() -> None:
    """Log out and throw the session away on the server (a copy of the cookie opens nothing)."""
    language = session.get("lang")
    logout_user()
    session.clear()
    sessions.regenerate(session)
    session.permanent = False
    if language:
        session["lang"] = language


def _expired(now: float) -> bool:
    config = current_app.config
    started, seen = session.get("_auth_at"), session.get("_seen")
    if not isinstance(started, int) or not isinstance(seen, int):
        return True
    return (now - started > config["SESSION_ABSOLUTE_SECONDS"]
            or now - seen > config["SESSION_IDLE_SECONDS"])


def check_staff_session() -> None:
    """Before each request: end a staff session that is too old, idle too long, or whose
    account's password has changed (or that was deactivated); otherwise note its use."""
    if sessions.STAFF_KEY not in session:
        return
    now = time.time()
    if _expired(now):
        end_staff_session()
        return
    user = current_user._get_current_object()
    if not isinstance(user, StaffUser) or session.get("_auth") != account_fingerprint(user):
        end_staff_session()
        return
    if now - session["_seen"] >= TOUCH_SECONDS:
        session["_seen"] = int(now)


def init_app(app: Flask) -> None:
    app.before_request(check_staff_session)
