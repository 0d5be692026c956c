"""Forms of the staff-account pages and the password pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, RadioField, SelectField, StringField
from wtforms.validators import EqualTo, InputRequired, Length, Optional

from recruit.accounts.operations import MIN_PASSWORD_LENGTH
from recruit.core.forms import EMAIL, LANGUAGE_CHOICES, REQUIRED, RecruitForm

ROLE_LABELS = {"admin": _l("Administrator"), "coordinator": _l("Coordinator")}
ROLE_HINT = _l("An administrator manages staff accounts, cards, API tokens and the audit log "
               "and sees every event; a coordinator sees the events they run or are added to.")


def _strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


class InviteForm(RecruitForm):
    email = EmailField(_l("E-mail"), [REQUIRED, EMAIL, Length(max=254)], filters=[_strip])
    name = StringField(_l("Name"), [REQUIRED, Length(max=200)], filters=[_strip])
    role = RadioField(_l("Role"), choices=list(ROLE_LABELS.items()), default="coordinator",
                      description=ROLE_HINT)
    locale = SelectField(_l("Language of the invitation"), choices=LANGUAGE_CHOICES,
                         default="fi")


class AccountForm(RecruitForm):
    role = SelectField(_l("Role"), choices=list(ROLE_LABELS.items()))
    active = BooleanField(_l("Can log in"))


class CoordinatorForm(RecruitForm):
    staff_user_id = SelectField(_l("Staff member"), coerce=int,
                                validators=[InputRequired(message=_l("Choose a staff member."))])


class PasswordResetForm(RecruitForm):
    email = EmailField(_l("E-mail"), [REQUIRED, EMAIL, Length(max=254)], filters=[_strip],
                       render_kw={"autocomplete": "username"})


class SetPasswordForm(RecruitForm):
    password = PasswordField(
        _l("New password"),
        [REQUIRED, Length(min=MIN_PASSWORD_LENGTH, max=1024, message=_l(
            "The password must have %(min)d to %(max)d characters."))],
        render_kw={"autocomplete": "new-password"},
        description=_l("At least %(n)d characters.", n=MIN_PASSWORD_LENGTH))
    confirm = PasswordField(
        _l("The same password again"),
        [REQUIRED, EqualTo("password", message=_l("The passwords differ."))],
        render_kw={"autocomplete": "new-password"})


class AuditFilterForm(RecruitForm):
    """The filters above the audit log (GET, so no CSRF token)."""

    class Meta:
        csrf = False

    action = StringField(_l("Action"), [Optional(), Length(max=64)])
    staff = SelectField(_l("Staff member"), validate_choice=False)
    event = StringField(_l("Event number"), [Optional(), Length(max=12)])
    object_type = StringField(_l("Object type"), [Optional(), Length(max=64)])
    object_id = StringField(_l("Object number"), [Optional(), Length(max=12)])
    start = StringField(_l("From (date)"), [Optional(), Length(max=10)])
    end = StringField(_l("To (date)"), [Optional(), Length(max=10)])


class CodeForm(RecruitForm):
    code = StringField(
        _l("Code from the authenticator app"), [REQUIRED, Length(max=12)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
        description=_l("Six digits; a new code every 30 seconds."))


class PolicyForm(RecruitForm):
    require_second_factor = BooleanField(_l("Every staff member must use a second factor"))
