"""API bodies checked by the same forms as the pages (one set of rules, never two).

A JSON body, already shaped by its marshmallow schema, becomes the form data of the staff
form for the same object (which shares its validators with the public sign-up forms); the
form's errors come back as the problem's `errors`, named by the API's field names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from werkzeug.datastructures import MultiDict
from wtforms import Form

from recruit.core.validators import Window, hhmm


class InputRefused(ValueError):
    """The body broke a rule of the form; `errors` are {"field", "message"} entries."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__("input refused")
        self.errors = errors


def windows_text(windows: list[Window]) -> str:
    return ", ".join(f"{hhmm(start)}-{hhmm(end)}" for start, end in windows)


def to_formdata(values: Mapping[str, Any]) -> MultiDict[str, str]:
    """Form data as a browser would post it: lists repeat the key, False is left out."""
    data: MultiDict[str, str] = MultiDict()
    for key, value in values.items():
        if value is None or value is False:
            continue
        if value is True:
            data.add(key, "y")
        elif isinstance(value, list | tuple):
            for item in value:
                data.add(key, str(item))
        elif isinstance(value, dt.datetime):
            data.add(key, value.strftime("%Y-%m-%dT%H:%M"))
        elif isinstance(value, dt.date | dt.time):
            data.add(key, value.isoformat()[:10] if isinstance(value, dt.date) else
                     value.strftime("%H:%M"))
        else:
            data.add(key, str(value))
    return data


def _flatten(name: str, messages: Any) -> list[tuple[str, str]]:
    if isinstance(messages, dict):
        return [pair for key, value in messages.items()
                for pair in _flatten(f"{name}.{key}", value)]
    found: list[tuple[str, str]] = []
    for index, item in enumerate(messages or []):
        if isinstance(item, list | dict):
            found.extend(_flatten(f"{name}[{index}]", item))
        elif item:
            found.append((name, str(item)))
    return found


def check_form(form: Form, names: Mapping[str, str] | None = None) -> None:
    """Validate `form`; raise InputRefused naming each error by its API field."""
    if form.validate():
        return
    names = names or {}
    errors = []
    for field_name, messages in form.errors.items():
        api_name = names.get(str(field_name), str(field_name))
        for path, message in _flatten(api_name, messages):
            errors.append({"field": path, "message": message})
    raise InputRefused(errors)
