"""Every text message the service sends, rendered in the young person's language.

One function per kind. Times are in the event's time zone (`InterviewDetails` carries aware
local times). A text aims at one part and may take at most `MAX_SEGMENTS` (docs/sms.md): the
employer's name is shortened, typographic punctuation is replaced by its GSM equivalent so the
text stays in the 160-character alphabet, and the link to the booking page is left out of a
text that would not fit otherwise. The link is a placeholder that the sender fills in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from babel.dates import format_date
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from recruit.core import links
from recruit.core.i18n import format_clock, format_locale
from recruit.mail.details import InterviewDetails
from recruit.models.sms import SMS_MOVED, SMS_REMINDER, SMS_SLOT_OPENED
from recruit.sms import text

MAX_SEGMENTS = 2
EMPLOYER_NAME_CHARS = 40
SUPPORTED_LOCALES = ("fi", "sv", "en")
# The day without the year: a text is about the coming days, and every character counts.
_DAY_PATTERNS = {"fi": "d.M.", "sv": "d.M.", "en": "d MMM"}
# Typographic characters outside the GSM alphabet that would make the whole text UCS-2.
_TO_GSM = str.maketrans({
    "’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-", "…": "...",
    "\u00a0": " ", "\u202f": " ", "´": "'", "`": "'",
})


@dataclass(frozen=True)
class RenderedSms:
    kind: str
    locale: str
    body: str
    segments: int


def _locale(locale: str | None) -> str:
    if locale in SUPPORTED_LOCALES:
        return str(locale)
    return str(current_app.config.get("BABEL_DEFAULT_LOCALE", "fi"))


def _employer(name: str) -> str:
    name = " ".join(name.split()).translate(_TO_GSM)
    return name if len(name) <= EMPLOYER_NAME_CHARS else name[: EMPLOYER_NAME_CHARS - 1] + "."


def _when(interview: InterviewDetails, locale: str) -> tuple[str, str]:
    # `start` is already the event's local time (an aware datetime in its time zone).
    day = format_date(interview.start.date(), format=_DAY_PATTERNS[locale],
                      locale=format_locale(locale))
    return day, format_clock(interview.start, locale)


def _fit(kind: str, locale: str, body: str, link_line: str) -> RenderedSms:
    """The body with the link line when the whole fits `MAX_SEGMENTS`, otherwise without."""
    body = body.translate(_TO_GSM)
    with_link = f"{body} {link_line}"
    parts = text.segments(links.fill_mail_links_for_length(with_link))
    if parts <= MAX_SEGMENTS:
        return RenderedSms(kind, locale, with_link, parts)
    return RenderedSms(kind, locale, body, text.segments(body))


def reminder(
    locale: str, *, interviews: Sequence[InterviewDetails], booking_url: str
) -> RenderedSms:
    """The day-before reminder: the first interview tomorrow and how many there are."""
    locale = _locale(locale)
    first = min(interviews, key=lambda item: item.start)
    with force_locale(locale):
        day, clock = _when(first, locale)
        employer = _employer(first.employer_name)
        if len(interviews) == 1:
            body = _("Reminder: your job interview is tomorrow %(day)s at %(time)s, %(employer)s.",
                     day=day, time=clock, employer=employer)
        else:
            body = _("Reminder: you have %(num)d job interviews tomorrow %(day)s, the first at "
                     "%(time)s, %(employer)s.", num=len(interviews), day=day, time=clock,
                     employer=employer)
        link_line = _("Details: %(url)s", url=booking_url)
    return _fit(SMS_REMINDER, locale, body, link_line)


def interview_moved(
    locale: str, *, interview: InterviewDetails, booking_url: str
) -> RenderedSms:
    """The time or place of an interview the person was told about changed."""
    locale = _locale(locale)
    with force_locale(locale):
        day, clock = _when(interview, locale)
        body = _("Your job interview with %(employer)s has changed: now %(day)s at %(time)s, "
                 "table %(table)s.", employer=_employer(interview.employer_name), day=day,
                 time=clock, table=interview.table_label)
        link_line = _("Details: %(url)s", url=booking_url)
    return _fit(SMS_MOVED, locale, body, link_line)


def slot_opened(
    locale: str, *, interview: InterviewDetails, booking_url: str
) -> RenderedSms:
    """A time opened up (the waiting list, or staff gave one): a new interview for them."""
    locale = _locale(locale)
    with force_locale(locale):
        day, clock = _when(interview, locale)
        body = _("A job interview time opened for you: %(employer)s, %(day)s at %(time)s.",
                 employer=_employer(interview.employer_name), day=day, time=clock)
        link_line = _("Confirm or decline: %(url)s", url=booking_url)
    return _fit(SMS_SLOT_OPENED, locale, body, link_line)
