"""The base of every form in the app (`RecruitForm`): Flask-WTF's form, CSRF and all, that
drops NUL characters from what is sent and refuses control characters (a line break, say)
in every one-line text field (`SingleLine`).

PostgreSQL refuses NUL in text, so one reaching a query or a column is a 500; nobody types
one, so it is dropped before any field sees the data. Forms nested in a `FormField` are
`RecruitSubform`s: they read the data their parent has already cleaned, but need WTForms' own
messages ("Field cannot be longer than …") in the page's language as much as their parent.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.i18n import translations
from werkzeug.datastructures import MultiDict
from wtforms import Field, Form, StringField
from wtforms.meta import DefaultMeta
from wtforms.validators import Email, InputRequired
from wtforms.widgets import Input

from recruit.core.validators import SingleLine

# Shared by the staff forms and the employers' sign-up (the youth pages word their own).
REQUIRED = InputRequired(message=_l("This field is required."))
EMAIL = Email(message=_l("Give an e-mail address such as name@example.fi."),
              check_deliverability=False)
LANGUAGE_CHOICES = [("fi", _l("Finnish")), ("sv", _l("Swedish")), ("en", _l("English"))]


SINGLE_LINE = SingleLine()
# Input types whose value is one line of text (a textarea is not an Input, a password may
# hold anything and is never shown or sent on).
ONE_LINE_INPUTS = {"text", "email", "search", "tel", "url"}


def is_one_line_text(field: Field) -> bool:
    widget = field.widget
    return (isinstance(field, StringField) and isinstance(widget, Input)
            and widget.input_type in ONE_LINE_INPUTS)


def with_single_line_checks(form: Form, extra_validators: Any) -> dict[str, list[Any]]:
    """The caller's extra validators plus `SingleLine` on each one-line text field."""
    extra: dict[str, list[Any]] = {
        name: list(validators) for name, validators in (extra_validators or {}).items()
    }
    for name, field in form._fields.items():
        if is_one_line_text(field):
            extra.setdefault(name, []).append(SINGLE_LINE)
    return extra


class WithoutNulMeta(FlaskForm.Meta):
    def wrap_formdata(self, form: Any, formdata: Any) -> Any:
        data = super().wrap_formdata(form, formdata)
        if data is None:
            return None
        return MultiDict(
            (key, value.replace("\x00", "") if isinstance(value, str) else value)
            for key, value in data.items(multi=True)
        )


class RecruitForm(FlaskForm):
    """Posted forms (CSRF-protected) and, with `class Meta: csrf = False`, search forms that
    read the query string."""

    Meta = WithoutNulMeta

    def validate(self, extra_validators: Any = None) -> bool:
        return bool(super().validate(with_single_line_checks(self, extra_validators)))


class TranslatedMeta(DefaultMeta):
    # A nested form takes its own class's Meta, not its parent's, so Flask-WTF's i18n (which
    # lives in FlaskForm.Meta) never reaches it without this.
    def get_translations(self, form: Any) -> Any:
        if current_app.config.get("WTF_I18N_ENABLED", True):
            return translations
        return super().get_translations(form)


class RecruitSubform(Form):
    """A form nested in a `FormField` of a `RecruitForm` (no CSRF token of its own)."""

    Meta = TranslatedMeta

    def validate(self, extra_validators: Any = None) -> bool:
        return bool(super().validate(with_single_line_checks(self, extra_validators)))


def first_error(errors: Any) -> str:
    """The first message in a field's errors, as text for the error summary.

    A message may be a lazily translated string (not a `str` until rendered) and a field
    list's errors nest per row (lists, or dicts of subfield errors): the first message found,
    depth first, or "" when there is none.
    """
    if isinstance(errors, dict):
        errors = list(errors.values())
    if isinstance(errors, list | tuple):
        for item in errors:
            found = first_error(item)
            if found:
                return found
        return ""
    return "" if errors is None else str(errors)


def init_app(app: Flask) -> None:
    app.add_template_filter(first_error, "first_error")
