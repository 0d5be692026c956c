"""Every e-mail the service sends, rendered from plain data in the recipient's language.

One function per kind of message. Each takes plain values (no models, no session), renders the
paired templates `templates/email/<kind>.txt` and `.html` under the recipient's locale and, for
interview messages, builds the calendar (`recruit.calendar.invites`). The result goes to the
outbox with `recruit.mail.outbox.queue_rendered(session, message, to=..., event_id=...)` in the
transaction of the change that caused it. Rendering needs an app context (templates,
catalogues), no request.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, TypedDict, Unpack

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from recruit.calendar.invites import (
    METHOD_CANCEL,
    METHOD_REQUEST,
    CalendarInterview,
    build_cancel,
    build_request,
)
from recruit.core.i18n import format_clock, format_day
from recruit.mail.details import EventDetails, InterviewDetails
from recruit.mail.outbox import RenderedMessage

EMAIL_CONFIRMATION = "email_confirmation"
BOOKING_LINK = "booking_link"
INTERVIEW_INVITE = "interview_invite"
INTERVIEW_UPDATE = "interview_update"
INTERVIEW_CANCEL = "interview_cancel"
INTERVIEW_REMINDER = "interview_reminder"
# The day before, to each employer with interviews: how many, from when, and the roster.
EMPLOYER_REMINDER = "employer_reminder"
EMPLOYER_APPROVED = "employer_approved"
ROSTER_READY = "roster_ready"
OUTCOME_REQUEST = "outcome_request"
OUTCOME_REMINDER = "outcome_reminder"
LINK_AGAIN = "link_again"
# Built in recruit.mail.signup_messages.
EMPLOYER_RECEIVED = "employer_received"
EMPLOYER_REJECTED = "employer_rejected"
YOUTH_LEFT_OUT = "youth_left_out"
# The impact follow-up months after the event (recruit.followup), first ask or reminder.
FOLLOW_UP_YOUTH = "follow_up_youth"
FOLLOW_UP_EMPLOYER = "follow_up_employer"
# Messages to employers, who are addressed in the formal plural (youth in the singular).
EMPLOYER_KINDS = frozenset(
    {EMPLOYER_APPROVED, ROSTER_READY, EMPLOYER_REMINDER, OUTCOME_REQUEST, OUTCOME_REMINDER,
     EMPLOYER_RECEIVED, EMPLOYER_REJECTED, FOLLOW_UP_EMPLOYER}
)
MESSAGE_KINDS = (
    EMAIL_CONFIRMATION,
    BOOKING_LINK,
    INTERVIEW_INVITE,
    INTERVIEW_UPDATE,
    INTERVIEW_CANCEL,
    INTERVIEW_REMINDER,
    EMPLOYER_APPROVED,
    ROSTER_READY,
    EMPLOYER_REMINDER,
    OUTCOME_REQUEST,
    OUTCOME_REMINDER,
    LINK_AGAIN,
    EMPLOYER_RECEIVED,
    EMPLOYER_REJECTED,
    YOUTH_LEFT_OUT,
    FOLLOW_UP_YOUTH,
    FOLLOW_UP_EMPLOYER,
)
SUPPORTED_LOCALES = ("fi", "sv", "en")
# The alarm in the calendar entry; the day-before e-mail is a separate message.
INVITE_REMINDER_BEFORE = timedelta(hours=2)


def _locale(locale: str | None) -> str:
    return (
        locale
        if locale in SUPPORTED_LOCALES
        else current_app.config.get("BABEL_DEFAULT_LOCALE", "fi")
    )


def _when(interview: InterviewDetails, event: EventDetails, locale: str) -> dict[str, str]:
    zone = event.zone
    start, end = interview.start.astimezone(zone), interview.end.astimezone(zone)
    return {
        "date": format_day(start, "full", locale),
        "start": format_clock(start, locale, zone),
        "end": format_clock(end, locale, zone),
    }


def _render(kind: str, locale: str, subject: str, **context: Any) -> tuple[str, str]:
    context.update(kind=kind, subject=subject, locale=locale, formal=kind in EMPLOYER_KINDS)
    return (
        render_template(f"email/{kind}.txt", **context),
        render_template(f"email/{kind}.html", **context),
    )


def plain_message(
    kind: str, locale: str | None, subject: Any, event: EventDetails, **context: Any
) -> RenderedMessage:
    """A message without a calendar; `subject` is evaluated under the recipient's locale."""
    locale = _locale(locale)
    with force_locale(locale):
        title = str(subject() if callable(subject) else subject)
        text, html = _render(
            kind,
            locale,
            title,
            event=event,
            event_date=format_day(event.date, "full", locale),
            **context,
        )
    return RenderedMessage(kind=kind, locale=locale, subject=title, text=text, html=html)


def calendar_entry(
    event: EventDetails,
    interview: InterviewDetails,
    *,
    attendee_email: str,
    attendee_name: str,
    booking_url: str,
) -> CalendarInterview:
    """The calendar entry of an interview in the current locale (call under force_locale).

    Public so that feeds and downloads describe an interview exactly as its invitation did;
    a feed leaves `attendee_email` empty.
    """
    location = ", ".join(part for part in (event.venue_name, event.venue_address) if part)
    return CalendarInterview(
        uid=interview.uid,
        sequence=interview.sequence,
        start=interview.start.astimezone(event.zone),
        end=interview.end.astimezone(event.zone),
        summary=_(
            "Job interview: %(employer)s – %(vacancy)s",
            employer=interview.employer_name,
            vacancy=interview.vacancy_title,
        ),
        location=_("%(location)s, table %(table)s", location=location, table=interview.table_label),
        description=_("Confirm, decline or see your interviews: %(url)s", url=booking_url),
        organiser_email=event.organiser_email,
        organiser_name=event.organiser_name or event.name,
        attendee_email=attendee_email,
        attendee_name=attendee_name,
        url=booking_url,
        reminder_before=INVITE_REMINDER_BEFORE,
        reminder_text=_("Job interview at %(employer)s", employer=interview.employer_name),
    )


class InterviewMessageFields(TypedDict):
    """What every interview message (invitation, update, cancellation) is built from."""

    event: EventDetails
    interview: InterviewDetails
    first_name: str
    attendee_email: str
    booking_url: str


def _interview_subject(kind: str, interview: InterviewDetails, event: EventDetails,
                       locale: str) -> str:
    """The subject line in the current locale (call under force_locale)."""
    employer = interview.employer_name
    if kind == INTERVIEW_CANCEL:
        day = format_day(interview.start.astimezone(event.zone), "medium", locale)
        return _("Cancelled: job interview at %(employer)s on %(date)s",
                 employer=employer, date=day)
    if kind == INTERVIEW_UPDATE:
        return _("Changed: job interview at %(employer)s", employer=employer)
    return _("Invitation: job interview at %(employer)s", employer=employer)


def _interview_message(
    kind: str,
    locale: str | None,
    fields: InterviewMessageFields,
    *,
    stamp: datetime | None,
    **context: Any,
) -> RenderedMessage:
    """An interview's e-mail with its calendar: CANCEL for a cancellation, else REQUEST."""
    event, interview = fields["event"], fields["interview"]
    locale = _locale(locale)
    with force_locale(locale):
        entry = calendar_entry(
            event,
            interview,
            attendee_email=fields["attendee_email"],
            attendee_name=fields["first_name"],
            booking_url=fields["booking_url"],
        )
        if kind == INTERVIEW_CANCEL:
            method, calendar = METHOD_CANCEL, build_cancel(entry, stamp=stamp)
        else:
            method, calendar = METHOD_REQUEST, build_request(entry, stamp=stamp)
        subject = _interview_subject(kind, interview, event, locale)
        text, html = _render(
            kind,
            locale,
            subject,
            event=event,
            event_date=format_day(event.date, "full", locale),
            interview=interview,
            when=_when(interview, event, locale),
            first_name=fields["first_name"],
            booking_url=fields["booking_url"],
            **context,
        )
    return RenderedMessage(
        kind=kind,
        locale=locale,
        subject=subject,
        text=text,
        html=html,
        calendar=calendar,
        calendar_method=method,
    )


def email_confirmation(
    locale: str | None, *, event: EventDetails, first_name: str, confirm_url: str
) -> RenderedMessage:
    """Double opt-in: the young person confirms the address before entering the pool."""
    return plain_message(
        EMAIL_CONFIRMATION,
        locale,
        lambda: _("Confirm your e-mail address"),
        event,
        first_name=first_name,
        confirm_url=confirm_url,
    )


def booking_link(
    locale: str | None, *, event: EventDetails, first_name: str, booking_url: str
) -> RenderedMessage:
    """The private booking link, sent once the address is confirmed."""
    return plain_message(
        BOOKING_LINK,
        locale,
        lambda: _("Your sign-up for %(event)s", event=event.name),
        event,
        first_name=first_name,
        booking_url=booking_url,
    )


def interview_invite(
    locale: str | None,
    *,
    stamp: datetime | None = None,
    **fields: Unpack[InterviewMessageFields],
) -> RenderedMessage:
    """Schedule published: a METHOD:REQUEST invitation to one interview."""
    return _interview_message(INTERVIEW_INVITE, locale, fields, stamp=stamp)


def interview_update(
    locale: str | None,
    *,
    previous: InterviewDetails | None = None,
    stamp: datetime | None = None,
    **fields: Unpack[InterviewMessageFields],
) -> RenderedMessage:
    """A changed interview (time or table): METHOD:REQUEST with a higher SEQUENCE."""
    interview = fields["interview"]
    if previous is not None and previous.uid != interview.uid:
        raise ValueError("an update must keep the interview's UID")
    if previous is not None and interview.sequence <= previous.sequence:
        raise ValueError("an update must raise the interview's SEQUENCE")
    previous_when = _when(previous, fields["event"], _locale(locale)) if previous else None
    return _interview_message(INTERVIEW_UPDATE, locale, fields, stamp=stamp,
                              previous_when=previous_when, previous=previous)


def interview_cancel(
    locale: str | None,
    *,
    stamp: datetime | None = None,
    **fields: Unpack[InterviewMessageFields],
) -> RenderedMessage:
    """A cancelled interview: METHOD:CANCEL, STATUS:CANCELLED, SEQUENCE raised once more."""
    return _interview_message(INTERVIEW_CANCEL, locale, fields, stamp=stamp)


def interview_reminder(
    locale: str | None,
    *,
    event: EventDetails,
    interviews: Sequence[InterviewDetails],
    first_name: str,
    booking_url: str,
) -> RenderedMessage:
    """The day before: all of the person's interviews, what to bring and where to go."""
    locale_code = _locale(locale)
    ordered = sorted(interviews, key=lambda item: item.start)
    return plain_message(
        INTERVIEW_REMINDER,
        locale,
        lambda: _("Tomorrow: your job interviews at %(event)s", event=event.name),
        event,
        first_name=first_name,
        booking_url=booking_url,
        interviews=[(item, _when(item, event, locale_code)) for item in ordered],
    )


def employer_approved(
    locale: str | None,
    *,
    event: EventDetails,
    contact_name: str,
    company_name: str,
    employer_url: str,
) -> RenderedMessage:
    """The sign-up was approved; the employer's private link."""
    return plain_message(
        EMPLOYER_APPROVED,
        locale,
        lambda: _("You are taking part in %(event)s", event=event.name),
        event,
        contact_name=contact_name,
        company_name=company_name,
        employer_url=employer_url,
    )


def roster_ready(
    locale: str | None,
    *,
    event: EventDetails,
    contact_name: str,
    company_name: str,
    employer_url: str,
    interview_count: int,
    feed_url: str = "",
) -> RenderedMessage:
    """The schedule is published: the employer's roster is on their page."""
    return plain_message(
        ROSTER_READY,
        locale,
        lambda: _("Your interview roster for %(event)s", event=event.name),
        event,
        contact_name=contact_name,
        company_name=company_name,
        employer_url=employer_url,
        interview_count=interview_count,
        feed_url=feed_url,
    )


def employer_reminder(
    locale: str | None,
    *,
    event: EventDetails,
    contact_name: str,
    company_name: str,
    employer_url: str,
    interview_count: int,
    first_start: str,
    last_end: str,
) -> RenderedMessage:
    """The day before: the employer's interviews tomorrow, from when to when, and the roster."""
    return plain_message(
        EMPLOYER_REMINDER,
        locale,
        lambda: _("Tomorrow: your interviews at %(event)s", event=event.name),
        event,
        contact_name=contact_name,
        company_name=company_name,
        employer_url=employer_url,
        interview_count=interview_count,
        first_start=first_start,
        last_end=last_end,
    )


def outcome_request(
    locale: str | None,
    *,
    event: EventDetails,
    contact_name: str,
    company_name: str,
    employer_url: str,
) -> RenderedMessage:
    """After the event: please record attendance and outcomes."""
    return plain_message(
        OUTCOME_REQUEST,
        locale,
        lambda: _("How did the interviews at %(event)s go?", event=event.name),
        event,
        contact_name=contact_name,
        company_name=company_name,
        employer_url=employer_url,
    )


def outcome_reminder(
    locale: str | None,
    *,
    event: EventDetails,
    contact_name: str,
    company_name: str,
    employer_url: str,
    missing: int,
) -> RenderedMessage:
    """Some days after the event: `missing` interviews still have no outcome."""
    return plain_message(
        OUTCOME_REMINDER,
        locale,
        lambda: _("Reminder: the outcomes of %(event)s", event=event.name),
        event,
        contact_name=contact_name,
        company_name=company_name,
        employer_url=employer_url,
        missing=missing,
    )


def follow_up_youth(
    locale: str | None, *, event: EventDetails, first_name: str, form_url: str,
    reminder: bool = False,
) -> RenderedMessage:
    """Months after the event: what are you doing now, and did the event help?"""
    return plain_message(
        FOLLOW_UP_YOUTH,
        locale,
        lambda: (_("Reminder: how are you doing after %(event)s?", event=event.name) if reminder
                 else _("How are you doing after %(event)s?", event=event.name)),
        event,
        first_name=first_name,
        form_url=form_url,
        reminder=reminder,
    )


def follow_up_employer(
    locale: str | None, *, event: EventDetails, contact_name: str, form_url: str,
    reminder: bool = False,
) -> RenderedMessage:
    """Months after the event: did anyone you met start working for you?"""
    return plain_message(
        FOLLOW_UP_EMPLOYER,
        locale,
        lambda: (_("Reminder: one question about %(event)s", event=event.name) if reminder
                 else _("One question about %(event)s", event=event.name)),
        event,
        contact_name=contact_name,
        form_url=form_url,
        reminder=reminder,
    )


def link_again(
    locale: str | None, *, event: EventDetails, name: str, link_url: str
) -> RenderedMessage:
    """ "Send me my link again": a freshly issued private link (youth or employer)."""
    return plain_message(
        LINK_AGAIN,
        locale,
        lambda: _("Your link to %(event)s", event=event.name),
        event,
        name=name,
        link_url=link_url,
    )
