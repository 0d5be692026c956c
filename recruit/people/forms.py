"""Forms of the staff pages for employers, vacancies and candidates of one event.

Each form is built for its event (`for_event`), because the event decides the allowed times,
the grid, the cards on offer, the vacancies that can be ranked and the age on the event day.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, NumberRange, Optional

from recruit.core.fields import (
    MultiCheckboxField,
    WindowsField,
    check_ranked_interests,
    ranked_choice,
    set_ranked_interests,
)
from recruit.core.forms import EMAIL, LANGUAGE_CHOICES, REQUIRED, RecruitForm
from recruit.core.validators import BusinessId, CandidateAge, EventGridWindows, PhoneNumber, Window
from recruit.models import Event
from recruit.models.base import LARGEST_INTEGER
from recruit.models.candidate import CANDIDATE_STATUSES
from recruit.models.employer import EMPLOYER_STATUSES
from recruit.people.operations import CandidateData, EmployerData, VacancyData
from recruit.people.queries import CandidateFilter

STATUS_LABELS = {
    "pending": _l("Pending"),
    "approved": _l("Approved"),
    "rejected": _l("Rejected"),
    "unverified": _l("E-mail not confirmed"),
    "active": _l("Signed up"),
    "cancelled": _l("Cancelled"),
}


def _range(low: int, high: int) -> NumberRange:
    return NumberRange(low, high, message=_l("Give a number from %(min)d to %(max)d."))


def _card_choices(event: Event, locale: str) -> list[tuple[int, str]]:
    # Alphabetical in the reader's language, not by code, so a card is easy to find.
    return sorted(((card.id, card.name_for(locale)) for card in event.cards),
                  key=lambda choice: choice[1].casefold())


class EmployerForm(RecruitForm):
    company_name = StringField(_l("Company"), [REQUIRED, Length(max=200)])
    business_id = StringField(_l("Business ID (Y-tunnus)"), [REQUIRED, BusinessId()],
                              render_kw={"autocomplete": "off"})
    contact_name = StringField(_l("Contact person"), [REQUIRED, Length(max=200)])
    email = EmailField(_l("E-mail"), [REQUIRED, EMAIL, Length(max=254)])
    phone = StringField(_l("Phone"), [Optional(), PhoneNumber()],
                        render_kw={"type": "tel", "autocomplete": "off"})
    address = StringField(_l("Address of the workplace"), [Optional(), Length(max=300)])
    interview_minutes = SelectField(_l("Interview length (minutes)"), coerce=int)
    tables = IntegerField(_l("Interview tables at the same time"), [REQUIRED, _range(1, 20)],
                          default=1)
    min_candidates = IntegerField(_l("Candidates wanted, at least"), [REQUIRED, _range(0, 500)])
    max_candidates = IntegerField(_l("Candidates wanted, at most"), [REQUIRED, _range(1, 500)])
    available = WindowsField(
        _l("Available for interviews"),
        description=_l("For example 09:00-13:00. Separate several times with commas."))
    breaks = WindowsField(_l("Breaks"), description=_l("For example 11:00-11:30. Optional."))

    @classmethod
    def for_event(cls, event: Event, **kwargs: Any) -> EmployerForm:
        form = cls(**kwargs)
        grid = event.grid_minutes
        form.interview_minutes.choices = [
            (m, str(m)) for m in range(grid, 61, grid)
        ]
        form.available.validators = [
            EventGridWindows(event.start_minute, event.end_minute, grid, required=True)
        ]
        form.breaks.validators = [EventGridWindows(event.start_minute, event.end_minute, grid)]
        if not form.is_submitted() and not kwargs.get("data"):
            form.min_candidates.data = event.default_min_candidates
            form.max_candidates.data = event.default_max_candidates
            form.available.data = f"{_hhmm(event.start_minute)}-{_hhmm(event.end_minute)}"
        return form

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        low, high = self.min_candidates.data, self.max_candidates.data
        if low is not None and high is not None and high < low:
            self.max_candidates.errors.append(_l("The maximum must be at least the minimum."))
            valid = False
        length = self.interview_minutes.data
        if valid and any(end - start < length for start, end in self.available.windows):
            self.available.errors.append(
                _l("Each time must be long enough for at least one interview."))
            valid = False
        if valid and not _breaks_inside(self.breaks.windows, self.available.windows):
            self.breaks.errors.append(_l("Each break must lie inside an available time."))
            valid = False
        return valid

    def employer_data(self) -> EmployerData:
        return EmployerData(
            company_name=self.company_name.data.strip(),
            business_id=self.business_id.data,
            contact_name=self.contact_name.data.strip(),
            email=self.email.data.strip().lower(),
            phone=self.phone.data or "",
            address=(self.address.data or "").strip(),
            interview_minutes=self.interview_minutes.data,
            tables=self.tables.data,
            min_candidates=self.min_candidates.data,
            max_candidates=self.max_candidates.data,
            available=list(self.available.windows),
            breaks=list(self.breaks.windows),
        )


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _breaks_inside(breaks: list[Window], available: list[Window]) -> bool:
    return all(any(s <= bs and be <= e for s, e in available) for bs, be in breaks)


def employer_form_data(data: EmployerData) -> dict[str, Any]:
    values = dict(vars(data))
    values["available"] = ", ".join(f"{_hhmm(s)}-{_hhmm(e)}" for s, e in data.available)
    values["breaks"] = ", ".join(f"{_hhmm(s)}-{_hhmm(e)}" for s, e in data.breaks)
    return values


class VacancyForm(RecruitForm):
    title = StringField(_l("Job title"), [REQUIRED, Length(max=200)])
    description = TextAreaField(_l("Short description"), [Optional(), Length(max=2000)])
    positions = IntegerField(_l("Number of positions"), [REQUIRED, _range(1, 500)], default=1)
    cards = MultiCheckboxField(_l("Required cards and licences"), coerce=int)
    languages = MultiCheckboxField(
        _l("Interview languages"), choices=LANGUAGE_CHOICES,
        description=_l("Leave all unticked if any language will do."))
    min_age = IntegerField(_l("Minimum age"), [REQUIRED, _range(0, 99)], default=0)

    @classmethod
    def for_event(cls, event: Event, locale: str, **kwargs: Any) -> VacancyForm:
        form = cls(**kwargs)
        form.cards.choices = _card_choices(event, locale)
        return form

    def vacancy_data(self) -> VacancyData:
        return VacancyData(
            title=self.title.data.strip(),
            description=(self.description.data or "").strip(),
            positions=self.positions.data,
            card_ids=list(self.cards.data or []),
            languages=list(self.languages.data or []),
            min_age=self.min_age.data,
        )


class CandidateForm(RecruitForm):
    first_name = StringField(_l("First name"), [REQUIRED, Length(max=100)])
    last_name = StringField(_l("Last name"), [REQUIRED, Length(max=100)])
    email = EmailField(_l("E-mail"), [REQUIRED, EMAIL, Length(max=254)])
    phone = StringField(_l("Phone"), [Optional(), PhoneNumber()],
                        render_kw={"type": "tel", "autocomplete": "off"})
    birth_year = IntegerField(_l("Year of birth"), [REQUIRED])
    languages = MultiCheckboxField(_l("Languages spoken"), choices=LANGUAGE_CHOICES)
    cards = MultiCheckboxField(_l("Cards and licences held"), coerce=int)
    interests = FieldList(
        SelectField(_l("Choice"), coerce=ranked_choice, validate_choice=False),
        label=_l("Vacancies of interest, most wanted first"))
    open_to_other = BooleanField(_l("Open to any suitable job"))
    priority = BooleanField(_l("Priority (placed first by the scheduler)"))
    windows = WindowsField(
        _l("Available at"),
        description=_l("Leave empty for the whole event, or write for example 09:00-11:00."))
    introduction = TextAreaField(_l("Short introduction for employers"),
                                 [Optional(), Length(max=600)])
    share_with_employers = BooleanField(
        _l("The person agrees that employers see the introduction and contact details"))
    status = SelectField(
        _l("Status"), choices=[(s, STATUS_LABELS[s]) for s in CANDIDATE_STATUSES],
        default="active")

    @classmethod
    def for_event(cls, event: Event, locale: str, vacancies: list[tuple[int, str]],
                  **kwargs: Any) -> CandidateForm:
        form = cls(**kwargs)
        form.birth_year.validators = [REQUIRED, CandidateAge(event.date)]
        form.cards.choices = _card_choices(event, locale)
        form.windows.validators = [
            EventGridWindows(event.start_minute, event.end_minute, event.grid_minutes)
        ]
        form.allowed_vacancies = set_ranked_interests(
            form.interests, event.max_ranked_interests, vacancies, _l("(none)"))
        return form

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        _chosen, interests_valid = check_ranked_interests(
            self.interests, self.allowed_vacancies,
            not_listed=_l("Choose a vacancy from the list."),
            repeated=_l("This vacancy is already chosen above."))
        valid = valid and interests_valid
        if not self.languages.data:
            self.languages.errors.append(_l("Choose at least one language."))
            valid = False
        return valid

    def candidate_data(self) -> CandidateData:
        return CandidateData(
            first_name=self.first_name.data.strip(),
            last_name=self.last_name.data.strip(),
            email=self.email.data.strip().lower(),
            birth_year=self.birth_year.data,
            phone=self.phone.data or "",
            languages=[c for c, _ in LANGUAGE_CHOICES if c in (self.languages.data or [])],
            card_ids=list(self.cards.data or []),
            interests=[e.data for e in self.interests.entries if e.data is not None],
            open_to_other=self.open_to_other.data,
            priority=self.priority.data,
            windows=list(self.windows.windows),
            introduction=(self.introduction.data or "").strip(),
            share_with_employers=self.share_with_employers.data,
            status=self.status.data,
        )


def candidate_form_data(data: CandidateData) -> dict[str, Any]:
    values = dict(vars(data))
    values["cards"] = data.card_ids
    values["windows"] = ", ".join(f"{_hhmm(s)}-{_hhmm(e)}" for s, e in data.windows)
    return values


def _int_or_none(value: Any) -> int | None:
    """A filter's id from the query string; junk or a number no id can be is "all"."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= LARGEST_INTEGER else None


class EmployerFilterForm(RecruitForm):
    """The search box and filters above the employer list (GET, so no CSRF token)."""

    class Meta:
        csrf = False

    q = StringField(_l("Search company or contact"), [Optional(), Length(max=100)])
    status = SelectField(_l("Status"), validate_choice=False, choices=[
        ("", _l("All")), *((s, STATUS_LABELS[s]) for s in EMPLOYER_STATUSES)])


_YES_NO = [("", _l("All")), ("yes", _l("Yes")), ("no", _l("No"))]


class CandidateFilterForm(RecruitForm):
    """The search box and filters above the candidate list (GET, so no CSRF token)."""

    class Meta:
        csrf = False

    q = StringField(_l("Search name or e-mail"), [Optional(), Length(max=100)])
    status = SelectField(_l("Status"), validate_choice=False, choices=[
        ("", _l("All")), *((s, STATUS_LABELS[s]) for s in CANDIDATE_STATUSES)])
    vacancy = SelectField(_l("Interested in"), coerce=_int_or_none, validate_choice=False)
    priority = SelectField(_l("Priority"), choices=_YES_NO, validate_choice=False)
    card = SelectField(_l("Holds card"), coerce=_int_or_none, validate_choice=False)
    interview = SelectField(_l("Has an interview"), choices=_YES_NO, validate_choice=False)

    @classmethod
    def for_event(cls, event: Event, locale: str, vacancies: list[tuple[int, str]],
                  formdata: Any) -> CandidateFilterForm:
        form = cls(formdata)
        form.vacancy.choices = [(None, _l("All")), *vacancies]
        form.card.choices = [(None, _l("All")), *_card_choices(event, locale)]
        return form

    def candidate_filter(self) -> CandidateFilter:
        """Unknown values in the query string are ignored rather than refused."""
        yes_no = {"yes": True, "no": False}
        return CandidateFilter(
            text=(self.q.data or "")[:100],
            status=self.status.data if self.status.data in CANDIDATE_STATUSES else "",
            vacancy_id=self.vacancy.data,
            priority=yes_no.get(self.priority.data or ""),
            card_id=self.card.data,
            has_interview=yes_no.get(self.interview.data or ""),
        )
