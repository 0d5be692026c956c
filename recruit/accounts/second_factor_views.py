"""Staff pages of the second factor (routes on `staff.bp`): enrol or remove one's own, and
for admins, reset someone's and require second factors of everyone."""

from __future__ import annotations

from flask import flash, redirect, render_template, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from recruit.accounts import second_factor
from recruit.accounts.forms import CodeForm, PolicyForm
from recruit.auth.second_factor_views import ENROL_SECRET_KEY, enrolment_page, enrolment_secret
from recruit.core.forms import RecruitForm
from recruit.core.staff import bp, not_found, staff_user
from recruit.extensions import db
from recruit.models import StaffUser


@bp.route("/second-factor", methods=["GET", "POST"])
def own_second_factor() -> ResponseReturnValue:
    user = staff_user()
    if user.totp_secret:
        return render_template("staff/accounts/second_factor.html",
                               required=second_factor.required(), form=RecruitForm())
    secret = enrolment_secret()
    form = CodeForm()
    if form.validate_on_submit():
        if second_factor.enrol(user, secret, form.code.data):
            session.pop(ENROL_SECRET_KEY, None)
            db.session.commit()
            flash(_("The second factor is on: from now on, logging in asks for a code."),
                  "success")
            return redirect(url_for("staff.own_second_factor"))
        form.code.errors.append(_("The code does not match. Check the app and try again."))
    status = 400 if form.is_submitted() else 200
    return enrolment_page(form, secret, user.email, url_for("staff.own_second_factor"), status)


@bp.post("/second-factor/remove")
def own_second_factor_remove() -> ResponseReturnValue:
    if not RecruitForm().validate_on_submit():
        return redirect(url_for("staff.own_second_factor"))
    if second_factor.required():
        flash(_("An administrator requires a second factor of every staff member."), "error")
        return render_template("staff/accounts/second_factor.html", required=True,
                               form=RecruitForm()), 400
    if second_factor.remove(staff_user(), staff_user()):
        db.session.commit()
        flash(_("The second factor was removed."), "success")
    return redirect(url_for("staff.own_second_factor"))


@bp.post("/accounts/<int:user_id>/second-factor/reset")
def account_second_factor_reset(user_id: int) -> ResponseReturnValue:
    user = db.session.get(StaffUser, user_id) or not_found()
    if RecruitForm().validate_on_submit() and second_factor.remove(user, staff_user()):
        db.session.commit()
        flash(_("The second factor was reset. At the next login they enrol a new one if "
                "second factors are required."), "success")
    return redirect(url_for("staff.accounts"))


@bp.post("/accounts/policy")
def account_policy() -> ResponseReturnValue:
    form = PolicyForm()
    if form.validate_on_submit():
        second_factor.set_required(bool(form.require_second_factor.data), staff_user())
        db.session.commit()
        flash(_("Saved."), "success")
    return redirect(url_for("staff.accounts"))
