"""Staff page for the organisation's API tokens (routes on `staff.bp`): create, list, revoke.

A new token is shown once, on the page that answers its creation; after that only its first
characters are known.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField
from wtforms.validators import InputRequired, Length

from recruit.api import tokens
from recruit.core.forms import RecruitForm
from recruit.core.staff import bp, not_found, staff_user
from recruit.extensions import db
from recruit.models import ApiToken

SCOPE_LABELS = {"read": _l("Read only"), "write": _l("Read and write")}


class ApiTokenForm(RecruitForm):
    name = StringField(_l("What the token is for"), [
        InputRequired(message=_l("This field is required.")),
        Length(max=tokens.NAME_MAX_LENGTH)],
        description=_l("For example: client register sync."))
    scope = RadioField(_l("Access"), choices=list(SCOPE_LABELS.items()), default="read")


def _page(form: ApiTokenForm, new_token: str | None = None, status: int = 200
          ) -> ResponseReturnValue:
    return render_template("staff/api_tokens.html", form=form, tokens=tokens.all_tokens(),
                           new_token=new_token, scope_labels=SCOPE_LABELS), status


@bp.route("/api-tokens", methods=["GET", "POST"])
def api_tokens() -> ResponseReturnValue:
    form = ApiTokenForm()
    if form.validate_on_submit():
        try:
            _row, token = tokens.create_token(form.name.data, form.scope.data, staff_user())
        except tokens.TokenError as error:
            form.name.errors.append(error.message)
            return _page(form, status=400)
        db.session.commit()
        flash(_("The token was created. Copy it now: it is not shown again."), "success")
        return _page(ApiTokenForm(formdata=None), new_token=token)
    return _page(form, status=400 if form.is_submitted() else 200)


@bp.post("/api-tokens/<int:token_id>/revoke")
def api_token_revoke(token_id: int) -> ResponseReturnValue:
    row = db.session.get(ApiToken, token_id) or not_found()
    if tokens.revoke_token(row, staff_user()):
        db.session.commit()
        flash(_("The token was revoked; systems using it can no longer reach the API."),
              "success")
    return redirect(url_for("staff.api_tokens"))
