"""Forms of the staff event pages: event settings, copying an event, requirement cards."""

from __future__ import annotations

import datetime as dt
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import Email, Length, NumberRange, Optional, ValidationError

from recruit.core.fields import MultiCheckboxField, WindowsField
from recruit.core.forms import LANGUAGE_CHOICES, REQUIRED, RecruitForm
from recruit.core.validators import check_windows, minutes, parse_windows
from recruit.events.operations import EventSettings
from recruit.models.event import GRID_CHOICES


def _number_range(low: int, high: int) -> NumberRange:
    return NumberRange(low, high, message=_l("Give a number from %(min)d to %(max)d."))


class EventForm(RecruitForm):
    name = StringField(_l("Name of the event"), [REQUIRED, Length(max=200)])
    date = DateField(_l("Date"), [REQUIRED])
    timezone = StringField(_l("Time zone"), [REQUIRED, Length(max=64)],
                           default="Europe/Helsinki")
    venue_name = StringField(_l("Venue"), [Optional(), Length(max=200)])
    venue_address = StringField(_l("Venue address"), [Optional(), Length(max=300)])
    start_time = TimeField(_l("Interviews start"), [REQUIRED], default=time(9, 0))
    end_time = TimeField(_l("Interviews end"), [REQUIRED], default=time(13, 0))
    breaks = WindowsField(
        _l("Breaks for everyone"),
        description=_l("For example 11:00-11:30. Separate several breaks with commas."),
    )
    grid_minutes = SelectField(
        _l("Slot grid (minutes)"),
        choices=[(g, str(g)) for g in GRID_CHOICES],
        coerce=int,
        default=5,
        description=_l("Interviews start on this grid; interview lengths are multiples of it."),
    )
    candidate_buffer_minutes = IntegerField(
        _l("Buffer between one young person's interviews (minutes)"),
        [REQUIRED, _number_range(0, 120)], default=5)
    max_interviews_per_candidate = IntegerField(
        _l("Maximum interviews per young person"),
        [REQUIRED, _number_range(1, 20)], default=3)
    max_ranked_interests = IntegerField(
        _l("Maximum ranked interests per young person"),
        [REQUIRED, _number_range(1, 10)], default=3)
    signup_deadline = DateTimeLocalField(
        _l("Sign-up deadline"), [Optional()], format="%Y-%m-%dT%H:%M",
        description=_l("In the event's time zone. Leave empty to keep sign-up open."))
    languages = MultiCheckboxField(_l("Languages of the event"), choices=LANGUAGE_CHOICES,
                                   default=["fi", "sv", "en"])
    organiser_email = EmailField(
        _l("Organiser's e-mail"),
        [Optional(), Email(message=_l("Give an e-mail address such as name@example.fi.")),
         Length(max=254)])
    next_steps = TextAreaField(
        _l("Next steps for those without an interview"), [Optional(), Length(max=2000)],
        description=_l("Sent to each young person the published schedule leaves without an "
                       "interview, e.g. card trainings or other services. Any language."))
    change_policy = RadioField(
        _l("Changes from the waiting list"),
        choices=[("automatic", _l("Send automatically")),
                 ("review", _l("Staff review them first"))],
        default="automatic")
    # A new event keeps its data long enough for the follow-up three months later
    # (`recruit.followup.timing`: follow-up days plus the answer time).
    retention_days = IntegerField(
        _l("Keep personal data for (days after the event)"),
        [REQUIRED, _number_range(1, 3650)], default=120)
    follow_up = BooleanField(
        _l("Send the impact follow-up"), default=True,
        description=_l("Young people who agreed to it are asked whether they are working, "
                       "studying or in guidance, and employers whether anyone they met "
                       "started working for them."))
    follow_up_days = IntegerField(
        _l("Follow-up after (days after the event)"),
        [Optional(), _number_range(7, 3650)], default=90)
    default_min_candidates = IntegerField(
        _l("Default minimum candidates per employer"),
        [REQUIRED, _number_range(0, 500)], default=20)
    default_max_candidates = IntegerField(
        _l("Default maximum candidates per employer"),
        [REQUIRED, _number_range(1, 500)], default=30)
    cards = MultiCheckboxField(_l("Cards and licences employers can require"), coerce=int)

    def __init__(self, *args: Any, saved_date: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # An existing event's stored date: a past event stays editable as long as its date
        # is not moved into the past.
        self.saved_date = saved_date

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        zone_ok = self._check_timezone()
        hours_ok = self._check_hours()
        counts_ok = self._check_counts()
        languages_ok = self._check_languages()
        dates_ok = zone_ok and self._check_dates()
        follow_up_ok = self._check_follow_up()
        return (valid and zone_ok and hours_ok and counts_ok and languages_ok and dates_ok
                and follow_up_ok)

    def _check_follow_up(self) -> bool:
        """The follow-up's links die with the personal data: keep it long enough to answer."""
        if not self.follow_up.data:
            return True
        days, kept = self.follow_up_days.data, self.retention_days.data
        if days is None:
            self.follow_up_days.errors.append(
                _l("Give the number of days, or switch the follow-up off."))
            return False
        needed = days + int(current_app.config["FOLLOW_UP_ANSWER_DAYS"])
        if kept is not None and kept < needed:
            self.retention_days.errors.append(_l(
                "The follow-up after %(days)d days needs the data kept at least %(needed)d "
                "days, so that the links still work while people answer. Keep the data "
                "longer, ask sooner, or switch the follow-up off.", days=days, needed=needed))
            return False
        return True

    def _check_dates(self) -> bool:
        day, start, deadline = self.date.data, self.start_time.data, self.signup_deadline.data
        if day is None:
            return False
        ok = True
        if day != self.saved_date and day < local_today(self.timezone.data):
            self.date.errors.append(_l("The date has passed; choose a day that is still ahead."))
            ok = False
        if deadline is not None and start is not None and deadline >= datetime.combine(day, start):
            self.signup_deadline.errors.append(
                _l("The sign-up deadline must be before the event starts."))
            ok = False
        return ok

    def _check_timezone(self) -> bool:
        try:
            ZoneInfo(self.timezone.data or "")
        # OSError: a name too long for a file name (zoneinfo looks the name up as a file).
        except (ZoneInfoNotFoundError, ValueError, OSError):
            self.timezone.errors.append(
                _l("Unknown time zone; use a name such as Europe/Helsinki."))
            return False
        return True

    def _check_hours(self) -> bool:
        start, end, grid = self.start_time.data, self.end_time.data, self.grid_minutes.data
        if start is None or end is None or not grid:
            return False
        ok = True
        if minutes(end) <= minutes(start):
            self.end_time.errors.append(_l("The interviews must end after they start."))
            return False
        for field in (self.start_time, self.end_time):
            if minutes(field.data) % grid:
                field.errors.append(_l("Choose a time on the %(grid)d-minute grid.", grid=grid))
                ok = False
        if not ok:
            return False
        try:
            windows = parse_windows(self.breaks.data or "")
            check_windows(windows, minutes(start), minutes(end), grid)
        except ValueError as error:
            self.breaks.errors.append(error.args[0])
            return False
        self.breaks.windows = windows
        return True

    def _check_counts(self) -> bool:
        low, high = self.default_min_candidates.data, self.default_max_candidates.data
        if low is not None and high is not None and high < low:
            self.default_max_candidates.errors.append(
                _l("The maximum must be at least the minimum."))
            return False
        return True

    def _check_languages(self) -> bool:
        if not self.languages.data:
            self.languages.errors.append(_l("Choose at least one language."))
            return False
        return True

    def settings(self) -> EventSettings:
        """The validated input as the operation's value object (deadline converted to UTC)."""
        deadline = self.signup_deadline.data
        if deadline is not None:
            deadline = deadline.replace(tzinfo=ZoneInfo(self.timezone.data)).astimezone(UTC)
        return EventSettings(
            name=self.name.data.strip(),
            date=self.date.data,
            timezone=self.timezone.data.strip(),
            venue_name=(self.venue_name.data or "").strip(),
            venue_address=(self.venue_address.data or "").strip(),
            start_minute=minutes(self.start_time.data),
            end_minute=minutes(self.end_time.data),
            breaks=list(self.breaks.windows),
            grid_minutes=self.grid_minutes.data,
            candidate_buffer_minutes=self.candidate_buffer_minutes.data,
            max_interviews_per_candidate=self.max_interviews_per_candidate.data,
            max_ranked_interests=self.max_ranked_interests.data,
            signup_deadline=deadline,
            languages=[code for code, _ in LANGUAGE_CHOICES if code in self.languages.data],
            organiser_email=(self.organiser_email.data or "").strip().lower(),
            next_steps=(self.next_steps.data or "").strip(),
            change_policy=self.change_policy.data,
            retention_days=self.retention_days.data,
            follow_up_days=self.follow_up_days.data if self.follow_up.data else None,
            default_min_candidates=self.default_min_candidates.data,
            default_max_candidates=self.default_max_candidates.data,
            card_ids=list(self.cards.data or []),
        )


def event_form_data(settings: EventSettings) -> dict[str, Any]:
    """Initial form values from stored settings (the deadline shown in the event's zone)."""
    deadline = settings.signup_deadline
    if deadline is not None:
        deadline = deadline.astimezone(ZoneInfo(settings.timezone)).replace(tzinfo=None)
    return {
        "name": settings.name,
        "date": settings.date,
        "timezone": settings.timezone,
        "venue_name": settings.venue_name,
        "venue_address": settings.venue_address,
        "start_time": time(settings.start_minute // 60, settings.start_minute % 60),
        "end_time": _end_time(settings.end_minute),
        "breaks": ", ".join(f"{s // 60:02d}:{s % 60:02d}-{e // 60:02d}:{e % 60:02d}"
                            for s, e in settings.breaks),
        "grid_minutes": settings.grid_minutes,
        "candidate_buffer_minutes": settings.candidate_buffer_minutes,
        "max_interviews_per_candidate": settings.max_interviews_per_candidate,
        "max_ranked_interests": settings.max_ranked_interests,
        "signup_deadline": deadline,
        "languages": settings.languages,
        "organiser_email": settings.organiser_email,
        "next_steps": settings.next_steps,
        "change_policy": settings.change_policy,
        "retention_days": settings.retention_days,
        "follow_up": settings.follow_up_days is not None,
        "follow_up_days": settings.follow_up_days or 90,
        "default_min_candidates": settings.default_min_candidates,
        "default_max_candidates": settings.default_max_candidates,
        "cards": settings.card_ids,
    }


def _end_time(end_minute: int) -> time:
    # A time input cannot show 24:00; the model allows it, so show the last minute of the day.
    if end_minute >= 24 * 60:
        return time(23, 59)
    return time(end_minute // 60, end_minute % 60)


def local_today(timezone: str) -> date:
    """Today in the event's time zone (the day a person there sees on the calendar)."""
    return datetime.now(ZoneInfo(timezone)).date()


class CopyEventForm(RecruitForm):
    name = StringField(_l("Name of the new event"), [REQUIRED, Length(max=200)])
    date = DateField(_l("Date of the new event"), [REQUIRED])

    def __init__(self, *args: Any, timezone: str = "Europe/Helsinki", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.timezone = timezone

    def validate_date(self, field: DateField) -> None:
        if field.data is not None and field.data < local_today(self.timezone):
            raise ValidationError(_l("The date has passed; choose a day that is still ahead."))
    copy_employers = BooleanField(
        _l("Invite this event's approved employers again"),
        description=_l("They are added as pending sign-ups with their vacancies and times, "
                       "to be checked and approved again."))


def default_copy_data(name: str, day: date) -> dict[str, Any]:
    """Suggest the same event a year later (the usual reason for copying)."""
    try:
        next_year = day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        next_year = day + timedelta(days=365)
    return {"name": name, "date": next_year}


class CardForm(RecruitForm):
    name_fi = StringField(_l("Name in Finnish"), [REQUIRED, Length(max=200)])
    name_sv = StringField(_l("Name in Swedish"), [REQUIRED, Length(max=200)])
    name_en = StringField(_l("Name in English"), [REQUIRED, Length(max=200)])
    min_age_note = StringField(_l("Note on age (optional)"), [Optional(), Length(max=200)])
