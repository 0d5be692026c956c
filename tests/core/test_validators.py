"""Unit tests of the shared validation rules (no database, no HTTP)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form, IntegerField, StringField

from recruit.core.validators import (
    BusinessId,
    CandidateAge,
    EventGridWindows,
    PhoneNumber,
    age_on_event_day,
    business_id_check_digit,
    check_candidate_age,
    check_windows,
    format_phone,
    format_windows,
    is_valid_business_id,
    normalise_business_id,
    normalise_phone,
    parse_windows,
)

# --- Y-tunnus -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "business_id",
    ["0112038-9", "1572860-0", "0737546-2", "2617416-4", "0000000-0", " 1572860-0 "],
)
def test_valid_business_ids(business_id: str) -> None:
    assert is_valid_business_id(business_id)
    assert normalise_business_id(business_id) == business_id.strip()


def test_check_digit_computation() -> None:
    # 0*7 + 1*9 + 1*10 + 2*5 + 0*8 + 3*4 + 8*2 = 57; 57 mod 11 = 2; 11 - 2 = 9.
    assert business_id_check_digit("0112038") == 9
    # Remainder 0 gives check digit 0.
    assert business_id_check_digit("1572860") == 0


@pytest.mark.parametrize("body", ["1000008", "1000016", "1000024"])
def test_remainder_one_has_no_valid_check_digit(body: str) -> None:
    # 1*7 + 8*2 = 23 and 23 mod 11 = 1 for the first: no digit can complete such a body.
    assert business_id_check_digit(body) is None
    assert not any(is_valid_business_id(f"{body}-{digit}") for digit in range(10))


@pytest.mark.parametrize(
    ("business_id", "reason"),
    [
        ("0112038-8", "check digit"),
        ("1572860-1", "check digit"),
        ("1572860", "seven digits"),
        ("15728600", "seven digits"),
        ("1572860-00", "seven digits"),
        ("A572860-0", "seven digits"),
        ("1572860–0", "seven digits"),  # an en dash is not the hyphen
        ("", "seven digits"),
    ],
)
def test_invalid_business_ids(business_id: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        normalise_business_id(business_id)


def test_six_digit_ids_get_their_leading_zero() -> None:
    # Older IDs were issued with six digits; the register writes them with a leading zero.
    assert normalise_business_id("112038-9") == "0112038-9"


# --- phone numbers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("040 123 4567", "+358401234567"),
        ("0401234567", "+358401234567"),
        ("+358 40 123 4567", "+358401234567"),
        ("+358-40-1234567", "+358401234567"),
        ("(09) 310 1691", "+35893101691"),
        ("+46 70 123 45 67", "+46701234567"),
    ],
)
def test_phone_numbers_are_normalised(typed: str, stored: str) -> None:
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize("typed", ["12", "040", "phone me", "+358 40 12", "", "+999 123456"])
def test_bad_phone_numbers(typed: str) -> None:
    with pytest.raises(ValueError, match="phone number"):
        normalise_phone(typed)


def test_phone_is_shown_readably() -> None:
    assert format_phone("+358401234567") == "+358 40 1234567"
    assert format_phone("not a number") == "not a number"


# --- age ----------------------------------------------------------------------------------


def test_age_is_counted_by_year() -> None:
    assert age_on_event_day(2007, date(2027, 1, 2)) == 20


@pytest.mark.parametrize(("year", "ok"), [(2012, True), (2013, False), (1998, True),
                                          (1997, False)])
def test_age_limits_15_to_29(year: int, ok: bool) -> None:
    day = date(2027, 3, 12)
    if ok:
        assert 15 <= check_candidate_age(year, day) <= 29
    else:
        with pytest.raises(ValueError, match="aged 15–29"):
            check_candidate_age(year, day)


# --- time windows -------------------------------------------------------------------------


def test_parse_windows_accepts_dots_dashes_and_lines() -> None:
    assert parse_windows("12:00–13:00,\n9.00-11.30") == [(540, 690), (720, 780)]
    assert parse_windows("  ") == []
    assert format_windows([(540, 690), (720, 780)]) == "09:00-11:30, 12:00-13:00"


@pytest.mark.parametrize("text", ["9-11", "09:00", "09:00-25:00", "09:75-10:00", "aamu"])
def test_parse_windows_refuses_other_text(text: str) -> None:
    with pytest.raises(ValueError):
        parse_windows(text)


@pytest.mark.parametrize(
    ("windows", "message"),
    [
        ([(600, 600)], "ends before it starts"),
        ([(500, 600)], "outside"),
        ([(600, 800)], "outside"),
        ([(602, 660)], "grid"),
        ([(600, 660), (630, 700)], "overlap"),
    ],
)
def test_check_windows(windows: list[tuple[int, int]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        check_windows(windows, 540, 780, 5)


def test_windows_on_a_grid_counted_from_the_event_start() -> None:
    # A 15-minute grid starting at 09:05 has slots at 09:20, 09:35, ...
    check_windows([(9 * 60 + 20, 10 * 60 + 5)], 9 * 60 + 5, 13 * 60 + 5, 15)
    with pytest.raises(ValueError, match="grid"):
        check_windows([(9 * 60 + 30, 10 * 60 + 5)], 9 * 60 + 5, 13 * 60 + 5, 15)


# --- WTForms adapters ---------------------------------------------------------------------


class SignUpForm(Form):
    business_id = StringField(validators=[BusinessId()])
    phone = StringField(validators=[PhoneNumber()])
    birth_year = IntegerField(validators=[CandidateAge(date(2027, 3, 12))])
    windows = StringField(validators=[EventGridWindows(540, 780, 5, required=True)])


def validate(**data: Any) -> SignUpForm:
    form = SignUpForm(MultiDict(data))
    form.validate()
    return form


def test_form_validators_normalise_their_field() -> None:
    form = validate(business_id="112038-9", phone="040 123 4567", birth_year="2007",
                    windows="9.00-10.00")
    assert form.errors == {}
    assert form.business_id.data == "0112038-9"
    assert form.phone.data == "+358401234567"
    assert form.windows.windows == [(540, 600)]


def test_form_validators_report_beside_their_field() -> None:
    form = validate(business_id="1572860-1", phone="12", birth_year="1990", windows="")
    assert "check digit" in form.business_id.errors[0]
    assert "phone number" in form.phone.errors[0]
    assert "37" in form.birth_year.errors[0]
    assert "at least one time window" in form.windows.errors[0]
    assert form.windows.windows == []
