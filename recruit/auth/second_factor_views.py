"""The second step of a login (routes on `auth.bp`): the code of an enrolled account, or the
enrolment an admin requires. Both need a password given moments ago (`login_steps`)."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from recruit.accounts import second_factor
from recruit.accounts.forms import CodeForm
from recruit.auth.login_steps import PENDING_KEY, pending_user
from recruit.auth.routes import bp, complete_login
from recruit.core.qr import qr_svg
from recruit.extensions import db, limiter
from recruit.models import StaffUser

ENROL_SECRET_KEY = "second_factor_secret"


def _limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _expired() -> ResponseReturnValue:
    flash(_("Log in again: the time for the second step ran out."), "error")
    return redirect(url_for("auth.login"))


def _finish(user_and_next: tuple[StaffUser, str | None]) -> ResponseReturnValue:
    user, next_url = user_and_next
    session.pop(PENDING_KEY, None)
    return complete_login(user, next_url)


@bp.route("/second-factor", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"])
def second_factor_page() -> ResponseReturnValue:
    pending = pending_user()
    if pending is None:
        return _expired()
    user = pending[0]
    if not user.totp_secret:
        abort(404)
    form = CodeForm()
    if form.validate_on_submit():
        if second_factor.check_code(user, form.code.data):
            return _finish(pending)
        db.session.rollback()
        form.code.errors.append(_("The code is wrong or already used. Try the next one."))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/second_factor.html", form=form), status


def enrolment_page(form: CodeForm, secret: str, user_email: str, action: str,
                   status: int = 200) -> ResponseReturnValue:
    """The enrolment page: the QR code and the secret as text, and the first code's field."""
    uri = second_factor.provisioning_uri(secret, user_email)
    return render_template(
        "auth/second_factor_enrol.html", form=form, secret=secret, action=action,
        qr=qr_svg(uri, _("QR code for the authenticator app")),
    ), status


def enrolment_secret() -> str:
    """The secret being enrolled, kept in the session until a code proves the app has it."""
    secret = session.get(ENROL_SECRET_KEY)
    if not isinstance(secret, str) or len(secret) != 32:
        secret = second_factor.new_secret()
        session[ENROL_SECRET_KEY] = secret
    return secret


@bp.route("/second-factor/enrol", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"])
def second_factor_enrol() -> ResponseReturnValue:
    pending = pending_user()
    if pending is None:
        return _expired()
    user = pending[0]
    if user.totp_secret:
        return redirect(url_for("auth.second_factor_page"))
    secret = enrolment_secret()
    form = CodeForm()
    if form.validate_on_submit():
        if second_factor.enrol(user, secret, form.code.data):
            session.pop(ENROL_SECRET_KEY, None)
            return _finish(pending)
        form.code.errors.append(_("The code does not match. Check the app and try again."))
    status = 400 if form.is_submitted() else 200
    return enrolment_page(form, secret, user.email, url_for("auth.second_factor_enrol"),
                          status)
