"""Password pages reached without a login (routes on `auth.bp`): ask for a reset link, and
set a password through a one-time link (an invitation or a reset).

"Send me a link" answers the same whether or not the address has an account, and is
rate-limited like the login; the link page answers one 404 for every unusable token.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from recruit.accounts import links, operations
from recruit.accounts.forms import PasswordResetForm, SetPasswordForm
from recruit.accounts.operations import AccountError
from recruit.auth.routes import bp
from recruit.core.i18n import current_language
from recruit.extensions import db, limiter


def _reset_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/password-reset", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def password_reset() -> ResponseReturnValue:
    form = PasswordResetForm()
    if form.validate_on_submit():
        operations.request_password_reset(form.email.data, current_language())
        db.session.commit()
        # The same answer whether or not the address has an account.
        flash(_("If the address belongs to a staff account, a link to set a new password is "
                "on its way. It works once, for a short time."), "info")
        return redirect(url_for("auth.login"))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/password_reset.html", form=form), status


@bp.route("/password/<token>", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def set_password(token: str) -> ResponseReturnValue:
    link = links.resolve(token)
    if link is None:
        abort(404)
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = operations.set_password_with_link(token, form.password.data)
        except AccountError as error:
            db.session.rollback()
            form.password.errors.append(error.message)
        else:
            if user is None:
                abort(404)
            db.session.commit()
            flash(_("Your password is set. Log in with it."), "success")
            return redirect(url_for("auth.login"))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/set_password.html", form=form, purpose=link.purpose,
                           email=link.staff_user.email), status
