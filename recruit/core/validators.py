"""Validation rules shared by the staff forms and the public sign-up forms.

Each rule exists twice on purpose: a plain function (usable from operations, the CLI and tests,
raising `ValueError` with a translatable message) and a WTForms validator that wraps it, so a
form shows the same sentence beside the field that an operation would raise.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, time
from itertools import pairwise

import phonenumbers
from flask_babel import lazy_gettext as _l
from wtforms import Field, Form
from wtforms.validators import ValidationError

BUSINESS_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)
_BUSINESS_ID_FORMAT = re.compile(r"^(\d{7})-(\d)$")

MIN_CANDIDATE_AGE = 15
MAX_CANDIDATE_AGE = 29

PHONE_REGION = "FI"

Window = tuple[int, int]
"""A half-open window [start, end) in minutes since local midnight (as in the solver)."""


# --- Y-tunnus -----------------------------------------------------------------------------


def business_id_check_digit(digits: str) -> int | None:
    """The check digit of a seven-digit Y-tunnus body, or None when no digit can be valid.

    Remainder 1 has no valid check digit: such bodies are never issued.
    """
    remainder = sum(int(d) * w for d, w in zip(digits, BUSINESS_ID_WEIGHTS, strict=True)) % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def normalise_business_id(text: str) -> str:
    """Return the Y-tunnus as "1234567-8" or raise ValueError with the reason.

    Older IDs were issued with six digits; the register writes them with a leading zero, so a
    six-digit body is padded rather than rejected.
    """
    value = (text or "").strip().replace(" ", "")
    if re.fullmatch(r"\d{6}-\d", value):
        value = "0" + value
    match = _BUSINESS_ID_FORMAT.match(value)
    if not match:
        raise ValueError(_l("A business ID has seven digits, a hyphen and a check digit, "
                            "for example 1572860-0."))
    body, given = match.group(1), int(match.group(2))
    expected = business_id_check_digit(body)
    if expected is None or expected != given:
        raise ValueError(_l("The check digit of this business ID does not match; "
                            "please check the number."))
    return value


def is_valid_business_id(text: str) -> bool:
    try:
        normalise_business_id(text)
    except ValueError:
        return False
    return True


# --- Phone numbers ------------------------------------------------------------------------


def normalise_phone(text: str, region: str = PHONE_REGION) -> str:
    """Return the number in E.164 form ("+358401234567") or raise ValueError.

    Numbers without a country code are read as Finnish ones, which is what people phoning in
    give; foreign numbers need their +code.
    """
    try:
        number = phonenumbers.parse((text or "").strip(), region)
    except phonenumbers.NumberParseException as error:
        raise ValueError(_l("This is not a phone number, for example 040 123 4567 "
                            "or +358 40 123 4567.")) from error
    if not phonenumbers.is_valid_number(number):
        raise ValueError(_l("This phone number is not valid; please check the digits "
                            "and the country code."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str) -> str:
    """Show a stored E.164 number the way people read it (+358 40 1234567)."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


# --- Age ----------------------------------------------------------------------------------


def age_on_event_day(birth_year: int, event_day: date) -> int:
    """The age used for every rule: the age the person reaches in the event's calendar year.

    Only the birth year is asked (data minimisation), so the exact age on the day is unknown;
    counting by year is the convention of Finnish youth services and is the same number the
    scheduling bridge passes to the solver, so sign-up and eligibility never disagree.
    """
    return event_day.year - birth_year


def check_candidate_age(birth_year: int, event_day: date) -> int:
    """Return the age on the event day or raise ValueError when it is outside 15–29."""
    age = age_on_event_day(birth_year, event_day)
    if age < MIN_CANDIDATE_AGE or age > MAX_CANDIDATE_AGE:
        raise ValueError(_l(
            "This event is for young people aged %(low)d–%(high)d. With birth year %(year)d "
            "you would be %(age)d on the event day.",
            low=MIN_CANDIDATE_AGE, high=MAX_CANDIDATE_AGE, year=birth_year, age=age))
    return age


# --- Time windows on the event grid -------------------------------------------------------


def minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def to_time(total_minutes: int) -> time:
    if total_minutes >= 24 * 60:
        return time(23, 59)
    return time(total_minutes // 60, total_minutes % 60)


def hhmm(total_minutes: int) -> str:
    return f"{total_minutes // 60:02d}:{total_minutes % 60:02d}"


_WINDOW = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*[-–—]\s*(\d{1,2})[:.](\d{2})\s*$")


def parse_windows(text: str) -> list[Window]:
    """Read "09:00-11:30, 12:00-13:00" (commas or new lines; ':' or '.') into windows.

    A plain text list keeps the form usable on a phone without scripts; the order given does
    not matter, the result is sorted.
    """
    windows: list[Window] = []
    for part in re.split(r"[,;\n]+", text or ""):
        if not part.strip():
            continue
        match = _WINDOW.match(part)
        if not match:
            raise ValueError(_l("Write each time window as start–end, for example "
                                "09:00-11:30; separate windows with commas."))
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 > 24 or h2 > 24 or m1 > 59 or m2 > 59:
            raise ValueError(_l("%(text)s is not a time of day.", text=part.strip()))
        windows.append((h1 * 60 + m1, h2 * 60 + m2))
    return sorted(windows)


def format_windows(windows: Iterable[Window]) -> str:
    return ", ".join(f"{hhmm(start)}-{hhmm(end)}" for start, end in windows)


def check_windows(windows: list[Window], day_start: int, day_end: int, grid_minutes: int) -> None:
    """Raise ValueError unless every window is non-empty, inside the day, on the grid and
    apart from the others."""
    for start, end in windows:
        label = f"{hhmm(start)}-{hhmm(end)}"
        if start >= end:
            raise ValueError(_l("%(window)s ends before it starts.", window=label))
        if start < day_start or end > day_end:
            raise ValueError(_l("%(window)s is outside the event's hours %(start)s–%(end)s.",
                                window=label, start=hhmm(day_start), end=hhmm(day_end)))
        if (start - day_start) % grid_minutes or (end - day_start) % grid_minutes:
            raise ValueError(_l("%(window)s is not on the event's %(grid)d-minute grid.",
                                window=label, grid=grid_minutes))
    for (_, first_end), (second_start, _) in pairwise(windows):
        if second_start < first_end:
            raise ValueError(_l("Time windows must not overlap."))


# --- single-line text ---------------------------------------------------------------------

# Control characters (CR, LF, NUL, tab and the rest of Unicode's Cc) and the line and
# paragraph separators: a name or a title holding one breaks e-mail headers and iCalendar
# lines, and nobody types one on purpose.
_NOT_IN_ONE_LINE = {"Cc", "Zl", "Zp"}


def check_single_line(text: str) -> str:
    """`text` if it is one line without control characters; ValueError otherwise."""
    if any(unicodedata.category(char) in _NOT_IN_ONE_LINE for char in text):
        raise ValueError(_l("Write this on one line, without line breaks or control "
                            "characters."))
    return text


# --- WTForms adapters ---------------------------------------------------------------------


class SingleLine:
    """Refuses a line break or another control character in a one-line field. The base forms
    (`recruit.core.forms`) add it to every one-line text field, so no form needs to name it."""

    def __call__(self, form: Form, field: Field) -> None:
        if not isinstance(field.data, str):
            return
        try:
            check_single_line(field.data)
        except ValueError as error:
            raise ValidationError(str(error.args[0])) from error



class BusinessId:
    """Validates a Y-tunnus field and rewrites its data to the normalised form."""

    def __call__(self, form: Form, field: Field) -> None:
        if not field.data:
            return
        try:
            field.data = normalise_business_id(field.data)
        except ValueError as error:
            raise ValidationError(str(error.args[0])) from error


class PhoneNumber:
    """Validates a phone field and rewrites its data to E.164."""

    def __init__(self, region: str = PHONE_REGION) -> None:
        self.region = region

    def __call__(self, form: Form, field: Field) -> None:
        if not field.data:
            return
        try:
            field.data = normalise_phone(field.data, self.region)
        except ValueError as error:
            raise ValidationError(str(error.args[0])) from error


class CandidateAge:
    """Checks a birth-year field against the event day the form was built for."""

    def __init__(self, event_day: date) -> None:
        self.event_day = event_day

    def __call__(self, form: Form, field: Field) -> None:
        if field.data is None:
            return
        try:
            check_candidate_age(field.data, self.event_day)
        except ValueError as error:
            raise ValidationError(str(error.args[0])) from error


class EventGridWindows:
    """Validates a text field of time windows against an event's hours and grid.

    The parsed windows are left on `field.windows`, so the operation receives minutes and never
    re-parses text. `within` narrows the allowed span (an employer's breaks must lie inside the
    event, a candidate's window too).
    """

    def __init__(self, day_start: int, day_end: int, grid_minutes: int,
                 required: bool = False) -> None:
        self.day_start = day_start
        self.day_end = day_end
        self.grid_minutes = grid_minutes
        self.required = required

    def __call__(self, form: Form, field: Field) -> None:
        field.windows = []
        try:
            windows = parse_windows(field.data or "")
            if self.required and not windows:
                raise ValueError(_l("Give at least one time window."))
            check_windows(windows, self.day_start, self.day_end, self.grid_minutes)
        except ValueError as error:
            raise ValidationError(str(error.args[0])) from error
        field.windows = windows
