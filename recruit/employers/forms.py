"""Forms of the employer pages: the public sign-up and the outcome of one interview.

The sign-up form is built for its event (`for_signup`): the event decides the hours, the grid
(interview lengths and times), the cards on offer and the interview languages.
"""

from __future__ import annotations

from typing import Any, cast

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    FormField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from recruit.core.fields import MultiCheckboxField, WindowsField
from recruit.core.forms import EMAIL, REQUIRED, RecruitForm, RecruitSubform
from recruit.core.validators import BusinessId, PhoneNumber
from recruit.models import Event
from recruit.people.forms import EmployerForm
from recruit.people.operations import VacancyData

LANGUAGE_LABELS = {"fi": _l("Finnish"), "sv": _l("Swedish"), "en": _l("English")}
# Rows shown on a fresh form, and the most a sign-up can have: the form works without
# scripts, so more rows come from the "add a vacancy" button re-rendering the page.
VACANCY_ROWS = 2
MAX_VACANCIES = 10
ONLY_LISTED = _l("Choose only from the options shown.")


def _range(low: int, high: int) -> NumberRange:
    return NumberRange(low, high, message=_l("Give a number from %(min)d to %(max)d."))


class VacancyRowForm(RecruitSubform):
    """One vacancy; a row left completely empty is ignored."""

    title = StringField(_l("Job title"), [Optional(), Length(max=200)])
    description = TextAreaField(_l("Short description"), [Optional(), Length(max=2000)])
    positions = IntegerField(_l("Number of positions"), [Optional(), _range(1, 500)])
    cards = MultiCheckboxField(_l("Required cards and licences"), coerce=int,
                               invalid_choice_message=ONLY_LISTED)
    languages = MultiCheckboxField(
        _l("Interview languages"),
        description=_l("Leave all unticked if any of them will do."),
        invalid_choice_message=ONLY_LISTED)
    min_age = IntegerField(_l("Minimum age"), [Optional(), _range(15, 99)])

    def is_blank(self) -> bool:
        texts = (self.title.data or "", self.description.data or "")
        return not any(text.strip() for text in texts) and not (
            self.cards.data or self.languages.data
        )

    def check_complete(self) -> bool:
        """A row with anything in it needs a title and a number of positions."""
        complete = True
        if not (self.title.data or "").strip():
            self.title.errors = [*self.title.errors, _l("Give the job title.")]
            complete = False
        if self.positions.data is None and not self.positions.errors:
            self.positions.errors = [*self.positions.errors, _l("This field is required.")]
            complete = False
        return complete

    def vacancy_data(self) -> VacancyData:
        return VacancyData(
            title=self.title.data.strip(),
            description=(self.description.data or "").strip(),
            positions=self.positions.data,
            card_ids=list(self.cards.data or []),
            languages=list(self.languages.data or []),
            min_age=self.min_age.data or 0,
        )


class EmployerSignupForm(EmployerForm):
    """The staff's employer form (same fields, same rules: min ≤ max, breaks inside the
    available times, each time long enough for one interview) worded for the employer, with
    phone and address required, the vacancies, consent and a honeypot added."""

    company_name = StringField(_l("Company"), [REQUIRED, Length(max=200)],
                               render_kw={"autocomplete": "organization"})
    business_id = StringField(_l("Business ID (Y-tunnus)"), [REQUIRED, BusinessId()],
                              description=_l("For example 1572860-0."),
                              render_kw={"autocomplete": "off"})
    contact_name = StringField(_l("Contact person"), [REQUIRED, Length(max=200)],
                               render_kw={"autocomplete": "name"})
    email = EmailField(_l("E-mail"), [REQUIRED, EMAIL, Length(max=254)],
                       description=_l("Your private link to the event is sent here."),
                       render_kw={"autocomplete": "email"})
    phone = StringField(_l("Phone"), [REQUIRED, PhoneNumber()],
                        description=_l("For example 040 123 4567 or +358 40 123 4567."),
                        render_kw={"type": "tel", "autocomplete": "tel"})
    address = StringField(_l("Address of the workplace"), [REQUIRED, Length(max=300)],
                          render_kw={"autocomplete": "street-address"})
    vacancies = FieldList(FormField(VacancyRowForm), min_entries=VACANCY_ROWS,
                          max_entries=MAX_VACANCIES)
    add_vacancy = SubmitField(_l("Add another vacancy"))
    interview_minutes = SelectField(_l("Length of one interview (minutes)"), coerce=int)
    tables = IntegerField(_l("Interview tables at the same time"), [REQUIRED, _range(1, 20)],
                          default=1,
                          description=_l("How many interviews you can hold at once."))
    available = WindowsField(_l("Your time for interviews"))
    breaks = WindowsField(_l("Your breaks"))
    consent = BooleanField(
        _l("I have read the privacy notice and agree that our details are processed as it "
           "describes."),
        [InputRequired(message=_l("Please accept the privacy notice to sign up."))])
    # The honeypot: hidden from people (and screen readers), tempting to form-filling bots.
    website = StringField(_lp("employer", "Leave this field empty"),
                          render_kw={"autocomplete": "off", "tabindex": "-1"})
    submit = SubmitField(_l("Send the sign-up"))

    # Errors of the vacancy list as a whole (FieldList.errors holds the rows' own errors).
    vacancy_errors: list[Any]

    @classmethod
    def for_signup(cls, event: Event, locale: str) -> EmployerSignupForm:
        """The form for `event`, card names in `locale`."""
        form = cast(EmployerSignupForm, cls.for_event(event))
        form.vacancy_errors = []
        if not form.is_submitted():
            grid = event.grid_minutes
            form.interview_minutes.data = 15 if 15 % grid == 0 else grid
        cards = sorted(((card.id, card.name_for(locale)) for card in event.cards),
                       key=lambda choice: choice[1].casefold())
        languages = [(code, LANGUAGE_LABELS.get(code, code)) for code in event.languages]
        for row in form.vacancies:
            row.form.cards.choices = cards
            row.form.languages.choices = languages
        return form

    def add_vacancy_row(self) -> None:
        """One more empty row (the "add a vacancy" button), up to MAX_VACANCIES."""
        if len(self.vacancies) >= MAX_VACANCIES:
            return
        cards, languages = (self.vacancies[0].form.cards.choices,
                            self.vacancies[0].form.languages.choices)
        self.vacancies.append_entry()
        self.vacancies[-1].form.cards.choices = cards
        self.vacancies[-1].form.languages.choices = languages

    def filled_vacancies(self) -> list[VacancyRowForm]:
        return [row.form for row in self.vacancies if not row.form.is_blank()]

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        filled = self.filled_vacancies()
        self.vacancy_errors = []
        if not filled:
            self.vacancy_errors.append(_l("Add at least one vacancy."))
            valid = False
        for row in filled:
            valid = row.check_complete() and valid
        return valid

    def vacancy_data(self) -> list[VacancyData]:
        return [row.vacancy_data() for row in self.filled_vacancies()]


class LinkAgainForm(RecruitForm):
    email = EmailField(_l("The e-mail address you signed up with"),
                       [REQUIRED, EMAIL, Length(max=254)],
                       render_kw={"autocomplete": "email"})
