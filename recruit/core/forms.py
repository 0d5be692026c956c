"""The base of every form in the app (`RecruitForm`): Flask-WTF's form, CSRF and all, that
drops NUL characters from what is sent.

PostgreSQL refuses NUL in text, so one reaching a query or a column is a 500; nobody types
one, so it is dropped before any field sees the data. Forms nested in a `FormField` stay plain
`wtforms.Form`s: they read the data their parent has already cleaned.
"""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict


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
