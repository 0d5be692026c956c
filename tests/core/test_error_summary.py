"""A refused public sign-up shows one alert: the error summary at the top, where each wrong
field is named with its message (also a message translated lazily), in fi, sv and en."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest

from recruit.core.forms import first_error
from tests.booking.support import signup_data
from tests.employers.test_signup import signup_url, valid_form


def _alerts(html: str) -> list[str]:
    return re.findall(r'<[a-z]+ [^>]*role="alert"[^>]*>', html)


def _summary_items(html: str) -> list[str]:
    summary = html.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    return [unescape(re.sub(r"<[^>]+>", "", item)).strip()
            for item in re.findall(r"<li>(.*?)</li>", summary, flags=re.S)]


@pytest.mark.parametrize(("lang", "expected"), [
    ("fi", "Syntymävuosi: Kirjoita syntymävuotesi neljällä numerolla, esimerkiksi 2006."),
    ("sv", "Födelseår: Skriv ditt födelseår med fyra siffror, till exempel 2006."),
    ("en", "Year of birth: Write your year of birth as four digits, for example 2006."),
])
def test_youth_sign_up_names_the_field_and_its_message_once(
    client: Any, make_event: Any, make_employer: Any, lang: str, expected: str
) -> None:
    event = make_event()
    make_employer(event, vacancies=1)

    answer = client.post(f"/youth/events/{event.id}/sign-up?lang={lang}",
                         data=signup_data(birth_year="19x6"))

    assert answer.status_code == 400
    html = answer.get_data(as_text=True)
    assert len(_alerts(html)) == 1, _alerts(html)
    assert expected in _summary_items(html)


def test_employer_sign_up_shows_one_alert_with_every_problem(
    client: Any, make_event: Any
) -> None:
    event = make_event()
    no_vacancy = {f"vacancies-0-{name}": "" for name in ("title", "description", "positions",
                                                          "min_age")}
    form = valid_form(business_id="1234567-8", **no_vacancy, **{"vacancies-0-languages": None})

    html = client.post(signup_url(event) + "?lang=en", data=form).get_data(as_text=True)

    assert len(_alerts(html)) == 1, _alerts(html)
    summary = html.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert "Nothing has been saved yet." in summary
    items = _summary_items(html)
    assert any(item.startswith("Business ID") and ": " in item for item in items), items
    assert 'href="#vacancies"' in summary  # no vacancy at all: its own line, linked


def test_first_error_reads_lazy_and_nested_messages(app: Any) -> None:
    from flask_babel import lazy_gettext

    assert first_error([lazy_gettext("Year of birth")]) == "Syntymävuosi"  # Finnish by default
    assert first_error([[], {"title": ["Give a title."]}]) == "Give a title."
    assert first_error([]) == ""
