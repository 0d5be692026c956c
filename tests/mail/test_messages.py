"""Every message kind renders in Finnish, Swedish and English, text and HTML."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from recruit.mail import messages, signup_messages
from recruit.mail.outbox import RenderedMessage
from tests.calendar.ical_checks import parse_all
from tests.mail.helpers import EVENT, interview, moved

YOUTH = {"first_name": "Maija"}
EMPLOYER = {"contact_name": "Ari", "company_name": "Kahvila <Åkerö> & Co"}
CALENDAR = {"attendee_email": "maija@example.org", "booking_url": "https://rekry.example/b/t"}

BUILDERS: dict[str, Callable[[str], RenderedMessage]] = {
    messages.EMAIL_CONFIRMATION: lambda loc: messages.email_confirmation(
        loc, event=EVENT, confirm_url="https://rekry.example/c/t", **YOUTH
    ),
    messages.BOOKING_LINK: lambda loc: messages.booking_link(
        loc, event=EVENT, booking_url="https://rekry.example/b/t", **YOUTH
    ),
    messages.INTERVIEW_INVITE: lambda loc: messages.interview_invite(
        loc, event=EVENT, interview=interview(1), **YOUTH, **CALENDAR
    ),
    messages.INTERVIEW_UPDATE: lambda loc: messages.interview_update(
        loc,
        event=EVENT,
        interview=moved(interview(1)),
        previous=interview(1),
        **YOUTH,
        **CALENDAR,
    ),
    messages.INTERVIEW_CANCEL: lambda loc: messages.interview_cancel(
        loc, event=EVENT, interview=interview(1, sequence=3), **YOUTH, **CALENDAR
    ),
    messages.INTERVIEW_REMINDER: lambda loc: messages.interview_reminder(
        loc,
        event=EVENT,
        interviews=[interview(4), interview(1)],
        booking_url="https://rekry.example/b/t",
        **YOUTH,
    ),
    messages.EMPLOYER_APPROVED: lambda loc: messages.employer_approved(
        loc, event=EVENT, employer_url="https://rekry.example/e/t", **EMPLOYER
    ),
    messages.ROSTER_READY: lambda loc: messages.roster_ready(
        loc,
        event=EVENT,
        employer_url="https://rekry.example/e/t",
        interview_count=24,
        feed_url="https://rekry.example/feed/t.ics",
        **EMPLOYER,
    ),
    messages.EMPLOYER_REMINDER: lambda loc: messages.employer_reminder(
        loc,
        event=EVENT,
        employer_url="https://rekry.example/e/t",
        interview_count=12,
        first_start="9.00",
        last_end="12.45",
        **EMPLOYER,
    ),
    messages.OUTCOME_REQUEST: lambda loc: messages.outcome_request(
        loc, event=EVENT, employer_url="https://rekry.example/e/t", **EMPLOYER
    ),
    messages.OUTCOME_REMINDER: lambda loc: messages.outcome_reminder(
        loc, event=EVENT, employer_url="https://rekry.example/e/t", missing=3, **EMPLOYER
    ),
    messages.LINK_AGAIN: lambda loc: messages.link_again(
        loc, event=EVENT, name="Maija", link_url="https://rekry.example/b/new"
    ),
    messages.EMPLOYER_RECEIVED: lambda loc: signup_messages.employer_received(
        loc, event=EVENT, vacancy_titles=["Barista"], already_signed_up=True, **EMPLOYER
    ),
    messages.EMPLOYER_REJECTED: lambda loc: signup_messages.employer_rejected(
        loc, event=EVENT, **EMPLOYER
    ),
    messages.YOUTH_LEFT_OUT: lambda loc: signup_messages.youth_left_out(
        loc,
        event=EVENT,
        first_name="Maija",
        reasons=["Barista: ei vapaita aikoja."],
        next_steps="Kurssi 20.3.",
        booking_url="https://rekry.example/b/t",
        other_events=[("Syystreffit", "1.10.2027")],
    ),
    messages.FOLLOW_UP_YOUTH: lambda loc: messages.follow_up_youth(
        loc, event=EVENT, first_name="Maija", form_url="https://rekry.example/follow-up/t"
    ),
    messages.FOLLOW_UP_EMPLOYER: lambda loc: messages.follow_up_employer(
        loc, event=EVENT, form_url="https://rekry.example/follow-up/t", reminder=True,
        contact_name=EMPLOYER["contact_name"],
    ),
}
# Words that show the text is really in the language asked for.
GREETING = {"fi": "Hei ", "sv": "Hej ", "en": "Hello "}


def test_every_kind_has_a_builder() -> None:
    assert set(BUILDERS) == set(messages.MESSAGE_KINDS)


@pytest.mark.parametrize("locale", ["fi", "sv", "en"])
@pytest.mark.parametrize("kind", messages.MESSAGE_KINDS)
def test_message_renders_in_the_recipients_language(app: Flask, kind: str, locale: str) -> None:
    rendered = BUILDERS[kind](locale)
    assert (rendered.kind, rendered.locale) == (kind, locale)
    assert rendered.subject and "\n" not in rendered.subject
    assert rendered.text.startswith(GREETING[locale])
    assert f'<html lang="{locale}">' in rendered.html
    assert GREETING[locale].strip() in rendered.html
    # Nothing left untranslated: no English sentence in the Finnish or Swedish text.
    if locale != "en":
        english = BUILDERS[kind]("en")
        assert rendered.subject != english.subject
        for line in english.text.splitlines():
            data = ("http", "@", EVENT.venue_name, "Barista")
            if len(line) > 25 and not any(value in line for value in data):
                assert line not in rendered.text
    assert EVENT.organiser_email in rendered.text


@pytest.mark.parametrize("locale", ["fi", "sv", "en"])
def test_interview_messages_carry_a_matching_calendar(app: Flask, locale: str) -> None:
    expected = {
        messages.INTERVIEW_INVITE: "REQUEST",
        messages.INTERVIEW_UPDATE: "REQUEST",
        messages.INTERVIEW_CANCEL: "CANCEL",
    }
    for kind, method in expected.items():
        rendered = BUILDERS[kind](locale)
        assert rendered.calendar is not None and rendered.calendar_method == method
        [event] = parse_all(rendered.calendar)
        assert event.method == method and event.uid == interview(1).uid
    for kind in set(messages.MESSAGE_KINDS) - set(expected):
        assert BUILDERS[kind](locale).calendar is None


def test_html_escapes_data_and_text_keeps_it(app: Flask) -> None:
    rendered = BUILDERS[messages.EMPLOYER_APPROVED]("en")
    assert "Kahvila &lt;Åkerö&gt; &amp; Co" in rendered.html
    assert "<Åkerö>" not in rendered.html
    assert "Kahvila <Åkerö> & Co" in rendered.text


def test_dates_and_times_follow_the_locale(app: Flask) -> None:
    # E-mails write dates and times as the pages do (the product's own patterns per language).
    assert "perjantai 12. maaliskuuta 2027, 9.15–9.30" in BUILDERS["interview_invite"]("fi").text
    assert "fredag 12 mars 2027, 9.15–9.30" in BUILDERS["interview_invite"]("sv").text
    assert "Friday, 12 March 2027, 09:15–09:30" in BUILDERS["interview_invite"]("en").text


def test_reminder_lists_interviews_in_time_order(app: Flask) -> None:
    text = BUILDERS[messages.INTERVIEW_REMINDER]("en").text
    assert text.index("9:15") < text.index("10:00")


def test_roster_uses_plural_forms(app: Flask) -> None:
    one = messages.roster_ready(
        "fi", event=EVENT, employer_url="u", interview_count=1, **EMPLOYER
    ).text
    many = BUILDERS[messages.ROSTER_READY]("fi").text
    assert "on 1 haastattelu." in one and "on 24 haastattelua." in many


def test_unknown_locale_falls_back_to_finnish(app: Flask) -> None:
    assert BUILDERS[messages.BOOKING_LINK]("de").locale == "fi"


@pytest.mark.parametrize(
    "previous_changes",
    [{"uid": "another@x"}, {"sequence": 5}],
)
def test_update_must_keep_uid_and_raise_sequence(
    app: Flask, previous_changes: dict[str, Any]
) -> None:
    from dataclasses import replace

    with pytest.raises(ValueError):
        messages.interview_update(
            "fi",
            event=EVENT,
            interview=moved(interview(1)),
            previous=replace(interview(1), **previous_changes),
            **YOUTH,
            **CALENDAR,
        )


def test_details_from_the_models_render_an_invite(
    app: Flask, make_interview: Any, make_vacancy: Any, make_employer: Any, make_event: Any
) -> None:
    from recruit.mail.details import event_details, interview_details

    event = make_event(timezone="Europe/Helsinki")
    vacancy = make_vacancy(make_employer(event), requires=["hygiene_passport"])
    booked = make_interview(vacancy=vacancy, table_no=2, start_minute=9 * 60 + 15)
    details = interview_details(booked, "fi")
    assert details.uid == booked.uid and details.sequence == booked.sequence
    assert details.start.isoformat() == "2027-03-12T09:15:00+02:00"
    assert details.table_label == "2"
    assert details.what_to_bring == (vacancy.requirements[0].name_fi,)

    rendered = messages.interview_invite(
        "fi",
        event=event_details(event),
        interview=details,
        first_name=booked.candidate.first_name,
        attendee_email=booked.candidate.email,
        booking_url="https://rekry.example/b/t",
    )
    [parsed] = parse_all(rendered.calendar or b"")
    assert parsed.uid == booked.uid
    assert vacancy.requirements[0].name_fi in rendered.text
