"""Employers are addressed in the formal plural on every page and in every e-mail (Finnish
"te", Swedish "ni"); young people keep the singular, so a string both see has an employer
variant of its own."""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

import pytest

from recruit.mail import messages, signup_messages
from recruit.mail.outbox import RenderedMessage
from tests.employers.test_link import employer_link, publish
from tests.mail.helpers import EVENT

# Words of the singular "you": pronouns, verbs and possessive forms that appeared in the
# employer wording before; each has a plural the employer text uses instead.
SINGULAR = {
    "fi": {
        "sinä", "sinun", "sinua", "sinulle", "sinulla", "sinut", "olet", "voit", "haluat",
        "pyysit", "ilmoittautumisesi", "ilmoittautuaksesi", "ilmoittautumisestasi", "sivullesi",
        "sivusi", "sähköpostiisi", "sähköpostisi", "linkkisi", "linkkiäsi", "kalenteriisi",
        "selaimeesi", "selaimesi", "itselläsi", "haastatteluaikasi", "haastattelusi",
        "antamasi", "merkitse", "vastaa", "kirjaa", "tarkista", "valitse", "hyväksy", "kopioi",
        "pidä", "täytä", "jätä",
    },
    "sv": {"du", "dig", "dej", "din", "ditt", "dina"},
}


def singular_words(text: str, language: str) -> set[str]:
    without_tags = html_lib.unescape(re.sub(r"<[^>]+>", " ", text))
    return set(re.findall(r"\w+", without_tags.lower())) & SINGULAR[language]


def employer_mails(language: str) -> list[RenderedMessage]:
    who: dict[str, Any] = {
        "event": EVENT, "contact_name": "Kaisa Kuppi", "company_name": "Kahvila Kuppi Oy",
    }
    url = "https://rekry.example/employers/link/abc"
    return [
        signup_messages.employer_received(
            language, **who, vacancy_titles=["Barista"], already_signed_up=True),
        signup_messages.employer_rejected(language, **who),
        messages.employer_approved(language, **who, employer_url=url),
        messages.roster_ready(language, **who, employer_url=url, interview_count=3,
                              feed_url=url + "/calendar.ics"),
        messages.outcome_request(language, **who, employer_url=url),
        messages.outcome_reminder(language, **who, employer_url=url, missing=1),
        messages.outcome_reminder(language, **who, employer_url=url, missing=2),
    ]


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_employer_pages_use_the_formal_plural(
    client: Any, make_event: Any, make_employer: Any, make_candidate: Any,
    make_interview: Any, language: str,
) -> None:
    event = make_event()
    employer = make_employer(event, vacancies=1)
    make_interview(make_candidate(event), employer.vacancies[0])
    path = employer_link(employer)
    publish(event)
    pages = {
        "link page": path,
        "printable roster": path + "/roster",
        "sign-up form": f"/employers/events/{event.id}/signup",
        "sign-up done": f"/employers/events/{event.id}/signup/thanks",
        "link again": f"/employers/events/{event.id}/link-again",
    }
    for name, url in pages.items():
        response = client.get(f"{url}?lang={language}")
        assert response.status_code == 200, name
        assert singular_words(response.get_data(as_text=True), language) == set(), name


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_employer_emails_use_the_formal_plural(app: Any, language: str) -> None:
    with app.test_request_context():
        for mail in employer_mails(language):
            assert mail.locale == language
            for part in (mail.subject, mail.text, mail.html):
                assert singular_words(part, language) == set(), (mail.kind, part)


def test_the_young_persons_wording_stays_singular(app: Any) -> None:
    with app.test_request_context():
        youth = messages.booking_link("fi", event=EVENT, first_name="Anna",
                                      booking_url="https://rekry.example/youth/b/abc")
        employer = signup_messages.employer_rejected(
            "fi", event=EVENT, contact_name="Kaisa", company_name="Kahvila Kuppi Oy")
    assert youth.subject.startswith("Ilmoittautumisesi")
    assert employer.subject.startswith("Ilmoittautumisenne")
