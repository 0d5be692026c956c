"""A public form refused before its view ran (too many tries in a minute, a page left open
until its security token expired) is shown again with what was typed and the reason, not
replaced by an error page that loses the input.

The public audiences register how to draw their forms (`register`); the error handlers in
`create_app` ask `redraw`. Core imports neither audience.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, request
from flask.typing import ResponseReturnValue

# endpoint -> draws the form page bound to request.form (the submitted input)
_FORMS: dict[str, Callable[[], str]] = {}


def register(endpoint: str, draw: Callable[[], str]) -> None:
    _FORMS[endpoint] = draw


def redraw(message: str, code: int) -> ResponseReturnValue | None:
    """The submitted form again with `message` at its top, or None if this is no such form."""
    draw = _FORMS.get(request.endpoint or "")
    if request.method != "POST" or draw is None:
        return None
    flash(message, "error")
    return draw(), code


def back_link() -> str | None:
    """Where an error page sends the person back to: the page they came from on this site
    (their form, their booking page), or None."""
    referrer = request.referrer or ""
    origin = request.host_url.rstrip("/")
    if referrer.startswith(origin + "/"):
        return referrer[len(origin):]
    return None
