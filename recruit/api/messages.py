"""marshmallow's messages (English only) in the caller's language.

The schemas check the shape of a body (types, lengths, ranges, choices) before the forms check
its meaning; their messages come from marshmallow in English, so each known one is said again
here through the catalogue. An unknown message is passed on as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask_babel import lazy_gettext as _l

_FIXED: dict[str, Any] = {
    "Missing data for required field.": _l("This field is required."),
    "Unknown field.": _l("Unknown field."),
    "Field may not be null.": _l("This field cannot be null."),
    "Not a valid integer.": _l("Give a whole number."),
    "Not a valid number.": _l("Give a number."),
    "Not a valid string.": _l("Give a text."),
    "Not a valid boolean.": _l("Give true or false."),
    "Not a valid date.": _l("Give a date as YYYY-MM-DD."),
    "Not a valid datetime.": _l("Give a date and time such as 2027-03-05T23:59:00+02:00."),
    "Not a valid aware datetime.": _l(
        "Give a date and time with its offset, such as 2027-03-05T23:59:00+02:00."),
    "Not a valid list.": _l("Give a list."),
    "Not a valid mapping type.": _l("Give an object."),
    "Invalid input type.": _l("Give an object."),
    "Invalid value.": _l("Invalid value."),
    "Must be equal to True.": _l("Only true is accepted here."),
    "Invalid input.": _l("Invalid value."),
}

_PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], Any]]] = [
    (re.compile(r"^Length must be between (\d+) and (\d+)\.$"),
     lambda m: _l("Write %(min)s to %(max)s characters.", min=m[1], max=m[2])),
    (re.compile(r"^Longer than maximum length (\d+)\.$"),
     lambda m: _l("Write at most %(max)s characters.", max=m[1])),
    (re.compile(r"^Shorter than minimum length (\d+)\.$"),
     lambda m: _l("Write at least %(min)s characters.", min=m[1])),
    (re.compile(r"^Must be greater than or equal to (-?\d+) and less than or equal to "
                r"(-?\d+)\.$"),
     lambda m: _l("Give a number from %(min)s to %(max)s.", min=m[1], max=m[2])),
    (re.compile(r"^Must be one of: (.*)\.$"),
     lambda m: _l("Choose one of: %(choices)s.", choices=m[1])),
]


def translated(message: str) -> str:
    if message in _FIXED:
        return str(_FIXED[message])
    for pattern, say in _PATTERNS:
        match = pattern.match(message)
        if match:
            return str(say(match))
    return message
