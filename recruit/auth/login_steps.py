"""The step between a right password and a login: the second factor.

After the password, an account with a second factor is asked for a code; one without it,
when an admin requires second factors, is sent to enrol first. Until then the session holds
only the account's id, when the password was given and where to go next; nothing is logged
in. The pending step expires after a few minutes.
"""

from __future__ import annotations

import time

from flask import current_app, redirect, session, url_for
from flask.typing import ResponseReturnValue

from recruit.accounts import second_factor
from recruit.extensions import db
from recruit.models import StaffUser

PENDING_KEY = "second_step"
# How long after the password the code (or the enrolment) may come.
DEFAULT_PENDING_SECONDS = 300


def begin_second_step(user: StaffUser, next_url: str | None) -> ResponseReturnValue | None:
    """A redirect to the code or enrolment page, or None when the password is enough."""
    if user.totp_secret:
        page = "auth.second_factor_page"
    elif second_factor.required():
        page = "auth.second_factor_enrol"
    else:
        return None
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    session[PENDING_KEY] = {"user": user.id, "at": int(time.time()), "next": next_url}
    return redirect(url_for(page))


def pending_user() -> tuple[StaffUser, str | None] | None:
    """The account whose password was just given (and where to go next), or None."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None
    limit = int(current_app.config.get("SECOND_STEP_SECONDS", DEFAULT_PENDING_SECONDS))
    at, user_id = pending.get("at"), pending.get("user")
    if not isinstance(at, int) or not isinstance(user_id, int) or time.time() - at > limit:
        session.pop(PENDING_KEY, None)
        return None
    user = db.session.get(StaffUser, user_id)
    if user is None or not user.is_active:
        return None
    next_url = pending.get("next")
    return user, next_url if isinstance(next_url, str) else None
