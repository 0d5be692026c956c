"""Forms of the public youth pages: sign-up, "send me my link again", booking buttons.

Each sign-up form is built for its event (`for_event`): the event decides the cards on offer,
the vacancies that can be ranked (approved employers only), how many, the age on the event
day and the grid of the time windows.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from wtforms import (
    BooleanField,
    EmailField,
    Field,
    FieldList,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.validators import Email, InputRequired, Length, Optional

from recruit.core.fields import (
    MultiCheckboxField,
    WindowsField,
    check_ranked_interests,
    ranked_choice,
    set_ranked_interests,
)
from recruit.core.forms import RecruitForm
from recruit.core.validators import CandidateAge, EventGridWindows, PhoneNumber
from recruit.models import Event
from recruit.models.candidate import CHANNEL_EMAIL
from recruit.people.contact_channel import (
    CHANNEL_CHOICES,
    NO_PHONE_FOR_TEXTS,
    phone_problem,
    takes_texts,
)
from recruit.people.operations import CandidateData
from recruit.sms.outbox import sms_enabled

# "youth": the words of the young people's pages where they differ from the staff pages'.
REQUIRED = InputRequired(message=_lp("youth", "This field is required."))
EMAIL = Email(message=_lp("youth", "Give an e-mail address such as name@example.fi."),
              check_deliverability=False)
# Ids and minutes travel to PostgreSQL integer columns; anything larger is nobody's.
MAX_DB_INTEGER = 2**31 - 1


def _at_most(limit: int) -> Length:
    return Length(max=limit, message=_l("Write at most %(max)d characters."))


LANGUAGE_CHOICES = [("fi", _l("Finnish")), ("sv", _l("Swedish")), ("en", _l("English"))]
CHANNEL_HINT = _l("Your interview times and calendar invitations always come by e-mail. A text "
                  "reminds you the day before and tells you if your interview moves or a time "
                  "opens for you.")


def check_channel_phone(channel: Field, phone: Field) -> bool:
    """Texts need a valid mobile number: the error goes beside the choice. The phone field
    shows its own error when the number is not valid at all."""
    if not takes_texts(channel.data or ""):
        return True
    problem = NO_PHONE_FOR_TEXTS if phone.errors else phone_problem(phone.data or "")
    if problem is None:
        return True
    channel.errors = [*channel.errors, problem]
    return False


MAX_INTRODUCTION = 600


class BirthYearField(IntegerField):
    """A year of birth; anything but a whole number gets our own plain-language message."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        try:
            self.data = int(str(valuelist[0]).strip())
        except ValueError:
            self.data = None
            raise ValueError(_l("Write your year of birth as four digits, for example 2006.")
                             ) from None


class SignupForm(RecruitForm):
    first_name = StringField(_l("First name"), [REQUIRED, _at_most(100)],
                             render_kw={"autocomplete": "given-name"})
    last_name = StringField(_l("Last name"), [REQUIRED, _at_most(100)],
                            render_kw={"autocomplete": "family-name"})
    email = EmailField(_l("E-mail"), [REQUIRED, EMAIL, _at_most(254)],
                       render_kw={"autocomplete": "email"})
    phone = TelField(_l("Phone number"), [REQUIRED, PhoneNumber()],
                     render_kw={"autocomplete": "tel"})
    birth_year = BirthYearField(_l("Year of birth"), [REQUIRED],
                                render_kw={"inputmode": "numeric", "autocomplete": "bday-year"})
    languages = MultiCheckboxField(_l("Languages you can be interviewed in"),
                                   choices=LANGUAGE_CHOICES)
    cards = MultiCheckboxField(_l("Cards and licences you have"), coerce=int)
    interests = FieldList(SelectField(coerce=ranked_choice, validate_choice=False),
                          label=_l("Jobs you are interested in, most wanted first"))
    open_to_other = BooleanField(_l("I am also interested in any other suitable job"))
    availability = RadioField(
        _l("When can you come?"),
        choices=[("all", _l("Any time during the event")), ("part", _l("Only at certain times"))],
        default="all",
    )
    windows = WindowsField(
        _l("The times you can come"),
        description=_l("For example 10:00–12:00. Separate several times with commas."))
    introduction = TextAreaField(
        _l("A few words about yourself (optional)"), [Optional(), _at_most(MAX_INTRODUCTION)],
        description=_l("For example your work experience or what kind of job you are looking "
                       "for. At most 600 characters."))
    share_with_employers = BooleanField(
        _l("Employers I have an interview with may see my introduction, e-mail and phone "
           "number"))
    follow_up = BooleanField(
        _l("You may ask me by e-mail about three months after the event whether I am "
           "working, studying or in guidance (optional)"),
        description=_l("Two short questions. Your answer is counted anonymously and helps "
                       "show what these events achieve."))
    contact_channel = RadioField(
        _l("How should we remind you and tell you about changes?"),
        choices=CHANNEL_CHOICES, default=CHANNEL_EMAIL,
        description=CHANNEL_HINT)
    privacy = BooleanField(_l("I have read the privacy notice and agree that my details are "
                              "used to arrange the interviews"))
    # The honeypot: hidden from people by the stylesheet, filled in by form-filling robots.
    website = StringField(_l("Leave this field empty"), render_kw={
        "autocomplete": "off", "tabindex": "-1"})

    @classmethod
    def for_event(cls, event: Event, locale: str, vacancies: list[tuple[int, str]],
                  **kwargs: Any) -> SignupForm:
        form = cls(**kwargs)
        if event.follow_up_days is None:
            del form.follow_up  # no follow-up at this event: nothing to agree to
        if not sms_enabled():
            del form.contact_channel  # SMS is off: everything goes by e-mail
        form.birth_year.validators = [REQUIRED, CandidateAge(event.date)]
        form.cards.choices = [(card.id, card.name_for(locale)) for card in event.cards]
        form.windows.validators = [
            EventGridWindows(event.start_minute, event.end_minute, event.grid_minutes)
        ]
        form.languages.choices = [
            (code, label) for code, label in LANGUAGE_CHOICES if code in (event.languages or [])
        ] or LANGUAGE_CHOICES
        form.allowed_vacancies = set_ranked_interests(
            form.interests, event.max_ranked_interests, vacancies, _l("(no choice)"),
            choice_label=lambda rank: _lp("youth", "Choice %(rank)d", rank=rank))
        return form

    @property
    def is_robot(self) -> bool:
        return bool((self.website.data or "").strip())

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        chosen, interests_valid = check_ranked_interests(
            self.interests, self.allowed_vacancies,
            not_listed=_l("Choose a job from the list."),
            repeated=_l("You already chose this job above."))
        valid = valid and interests_valid
        if not chosen and not self.open_to_other.data:
            self.open_to_other.errors.append(
                _l("Choose at least one job, or tick that any suitable job is fine."))
            valid = False
        if not self.languages.data:
            self.languages.errors.append(_l("Choose at least one language."))
            valid = False
        if self.availability.data == "part" and not self.windows.windows \
                and not self.windows.errors:
            self.windows.errors.append(_l("Write the times you can come, for example "
                                          "10:00–12:00."))
            valid = False
        if not self.privacy.data:
            self.privacy.errors.append(_l("To sign up, please accept the privacy notice."))
            valid = False
        channel = getattr(self, "contact_channel", None)
        if channel is not None and not check_channel_phone(channel, self.phone):
            valid = False
        if not valid and self.phone.raw_data:
            # PhoneNumber rewrote a valid number to +358…; shown again, it should read as typed.
            self.phone.data = self.phone.raw_data[0]
        return valid

    @property
    def follow_up_consent(self) -> bool:
        """Did the person tick the optional follow-up box (where the event offers it)?"""
        field = getattr(self, "follow_up", None)
        return bool(field is not None and field.data)

    def candidate_data(self) -> CandidateData:
        birth_year = self.birth_year.data
        if birth_year is None:  # required: read only after a successful validate()
            raise ValueError("candidate_data() needs a validated form")
        return CandidateData(
            first_name=self.first_name.data.strip(),
            last_name=self.last_name.data.strip(),
            email=self.email.data.strip().lower(),
            birth_year=birth_year,
            phone=self.phone.data or "",
            languages=[c for c, _label in LANGUAGE_CHOICES if c in (self.languages.data or [])],
            card_ids=list(self.cards.data or []),
            interests=[e.data for e in self.interests.entries if e.data is not None],
            open_to_other=bool(self.open_to_other.data),
            windows=list(self.windows.windows) if self.availability.data == "part" else [],
            introduction=(self.introduction.data or "").strip(),
            share_with_employers=bool(self.share_with_employers.data),
            status="unverified",
            contact_channel=self.chosen_channel,
        )

    @property
    def chosen_channel(self) -> str:
        field = getattr(self, "contact_channel", None)
        return str(field.data) if field is not None and field.data else CHANNEL_EMAIL


class LinkAgainForm(RecruitForm):
    email = EmailField(_l("Your e-mail address"), [REQUIRED, EMAIL, _at_most(254)],
                       render_kw={"autocomplete": "email"})


class ContactForm(RecruitForm):
    """"How we contact you" on the booking page: the channel and the phone number."""

    contact_channel = RadioField(
        _l("How should we remind you and tell you about changes?"),
        [InputRequired(message=_l("Choose how we contact you."))],
        choices=CHANNEL_CHOICES, description=CHANNEL_HINT)
    phone = TelField(_l("Phone number"), [Optional(), PhoneNumber()],
                     render_kw={"autocomplete": "tel"})

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if not self.contact_channel.errors and not check_channel_phone(
                self.contact_channel, self.phone):
            valid = False
        if not valid and self.phone.raw_data:
            self.phone.data = self.phone.raw_data[0]
        return valid


class CancelForm(RecruitForm):
    sure = BooleanField(_l("Yes, cancel my sign-up and all my interviews"))
