"""Login (rate-limited per client, locked per account after wrong passwords, generic error,
new session) and logout (POST only, ends the session on the server)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from recruit.auth import lockout
from recruit.auth.forms import LoginForm
from recruit.auth.login_steps import begin_second_step
from recruit.auth.sessions import end_staff_session, start_staff_session
from recruit.core.audit import record
from recruit.extensions import db, limiter
from recruit.models.base import utcnow
from recruit.models.user import StaffUser, verify_dummy_password

bp = Blueprint("auth", __name__, url_prefix="/auth")


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site: an absolute or protocol-relative URL would be an open redirect."""
    if not target or any(ord(char) < 32 or ord(char) == 127 for char in target):
        return None  # control characters (a CR/LF would split the Location header)
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login() -> ResponseReturnValue:
    if current_user.is_authenticated and "staff.events" in current_app.view_functions:
        # Without the staff workspace the front page sends here, so only redirect when it exists.
        return redirect(url_for("staff.events"))
    form = LoginForm()
    if form.validate_on_submit():
        if lockout.is_locked_out(form.email.data):
            verify_dummy_password(form.password.data)  # as slow as any other answer
            flash(_("Too many wrong passwords for this address. Wait %(minutes)d minutes and "
                    "try again, or ask an administrator to lift the lock.",
                    minutes=lockout.lockout_minutes()), "error")
            return render_template("auth/login.html", form=form), 429
        user = StaffUser.by_email(form.email.data)
        if user is None:
            verify_dummy_password(form.password.data)
        if user is None or not user.is_active or not user.check_password(form.password.data):
            lockout.note_failed_login(form.email.data)
            # One message for every failure: the page must not tell which addresses exist.
            flash(_("Wrong e-mail address or password."), "error")
            return render_template("auth/login.html", form=form), 401
        lockout.note_successful_login(form.email.data)
        next_url = _safe_next(request.args.get("next"))
        second_step = begin_second_step(user, next_url)
        if second_step is not None:
            return second_step
        return complete_login(user, next_url)
    status = 400 if form.is_submitted() else 200
    return render_template("auth/login.html", form=form), status


def complete_login(user: StaffUser, next_url: str | None) -> ResponseReturnValue:
    """Log `user` in (every step passed) and go on to `next_url` or the front page."""
    # The steps before (a code used up, a second factor enrolled) are done: commit them before
    # the session store takes a connection of its own (SQLite has one writer at a time).
    db.session.commit()
    # A fresh session at login: nothing an attacker planted before login survives it.
    start_staff_session(user)
    user.last_login_at = utcnow()
    record("staff.login", user, user)
    db.session.commit()
    return redirect(next_url or url_for("index"))


@bp.post("/logout")
@login_required
def logout() -> ResponseReturnValue:
    end_staff_session()
    flash(_("You have logged out."), "info")
    return redirect(url_for("auth.login"))
