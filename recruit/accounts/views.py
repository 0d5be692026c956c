"""Admin pages for staff accounts, and the coordinators box of an event (routes on
`staff.bp`; who may open which is decided in `recruit.core.access`)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from recruit.accounts import operations, second_factor
from recruit.accounts.forms import (
    ROLE_LABELS,
    AccountForm,
    CoordinatorForm,
    InviteForm,
    PolicyForm,
)
from recruit.accounts.operations import AccountError
from recruit.auth.lockout import lift_lockout
from recruit.core.audit import record
from recruit.core.forms import RecruitForm
from recruit.core.staff import bp, load_event, not_found, staff_user
from recruit.events.views import event_detail_page
from recruit.extensions import db
from recruit.models import StaffUser


def _accounts_page(form: InviteForm, status: int = 200) -> ResponseReturnValue:
    return render_template(
        "staff/accounts/list.html", form=form, users=operations.all_staff(),
        role_labels=ROLE_LABELS,
        policy_form=PolicyForm(formdata=None,
                               require_second_factor=second_factor.required()),
    ), status


@bp.route("/accounts", methods=["GET", "POST"])
def accounts() -> ResponseReturnValue:
    form = InviteForm()
    if form.validate_on_submit():
        try:
            operations.invite(form.email.data, form.name.data, form.role.data,
                              form.locale.data, staff_user())
        except AccountError as error:
            db.session.rollback()
            form[error.field or "email"].errors.append(error.message)
            return _accounts_page(form, 400)
        db.session.commit()
        flash(_("The invitation was sent."), "success")
        return redirect(url_for("staff.accounts"))
    return _accounts_page(form, 400 if form.is_submitted() else 200)


@bp.post("/accounts/<int:user_id>")
def account_update(user_id: int) -> ResponseReturnValue:
    user = db.session.get(StaffUser, user_id) or not_found()
    form = AccountForm()
    if not form.validate_on_submit():
        flash(_("Choose a role."), "error")
        return _accounts_page(InviteForm(formdata=None), 400)
    try:
        changed = operations.update(user, role=form.role.data, active=form.active.data,
                                    by=staff_user())
    except AccountError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _accounts_page(InviteForm(formdata=None), 400)
    db.session.commit()
    if changed:
        flash(_("The account was saved."), "success")
    return redirect(url_for("staff.accounts"))


@bp.post("/accounts/<int:user_id>/lift-lockout")
def account_lift_lockout(user_id: int) -> ResponseReturnValue:
    """Let a colleague who mistyped their password too often log in again at once."""
    user = db.session.get(StaffUser, user_id) or not_found()
    if RecruitForm().validate_on_submit():
        lift_lockout(user)
        record("staff.lockout_lifted", user)
        db.session.commit()
        flash(_("The login lock was lifted: they can log in again now."), "success")
    return redirect(url_for("staff.accounts"))


@bp.post("/events/<int:event_id>/coordinators")
def event_coordinator_add(event_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    form = CoordinatorForm()
    form.staff_user_id.choices = [(u.id, u.name) for u in operations.addable_coordinators(event)]
    if not form.validate_on_submit():
        return event_detail_page(event, coordinator_form=form, status=400)
    user = db.session.get(StaffUser, form.staff_user_id.data) or not_found()
    operations.add_coordinator(event, user, staff_user())
    db.session.commit()
    flash(_("The coordinator was added."), "success")
    return redirect(url_for("staff.event_detail", event_id=event.id, _anchor="coordinators"))


@bp.post("/events/<int:event_id>/coordinators/<int:user_id>/remove")
def event_coordinator_remove(event_id: int, user_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    user = db.session.get(StaffUser, user_id) or not_found()
    if not operations.remove_coordinator(event, user, staff_user()):
        not_found()
    db.session.commit()
    flash(_("The coordinator was removed."), "success")
    if user.id == staff_user().id and not user.is_admin:
        return redirect(url_for("staff.events"))
    return redirect(url_for("staff.event_detail", event_id=event.id, _anchor="coordinators"))
