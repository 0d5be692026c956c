"""Employers, vacancies and young people from API bodies or import rows, checked by the
staff forms (whose validators the public sign-up forms share): one set of rules everywhere.

`values` are dicts in the shape of the API schemas after loading (windows as
{"start_minute", "end_minute"}, cards as codes, interests as vacancy ids).
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from recruit.api.form_input import InputRefused, check_form, to_formdata, windows_text
from recruit.api.lookups import card_ids
from recruit.core.i18n import current_language
from recruit.models import Event
from recruit.people.forms import CandidateForm, EmployerForm, VacancyForm
from recruit.people.operations import CandidateData, EmployerData, VacancyData

_EMPLOYER_FIELDS = ("company_name", "business_id", "contact_name", "email", "phone", "address",
                    "interview_minutes", "tables")
_VACANCY_FIELDS = ("title", "description", "positions", "languages", "min_age")
_CANDIDATE_FIELDS = ("first_name", "last_name", "email", "phone", "birth_year", "languages",
                     "open_to_other", "priority", "introduction", "share_with_employers",
                     "status")


def _windows(values: list[dict[str, int]] | None) -> str:
    return windows_text([(w["start_minute"], w["end_minute"]) for w in values or []])


def employer_data(event: Event, values: dict[str, Any]) -> EmployerData:
    available = values.get("available")
    form = EmployerForm.for_event(event, formdata=to_formdata({
        **{key: values.get(key) for key in _EMPLOYER_FIELDS},
        "min_candidates": _default(values.get("min_candidates"), event.default_min_candidates),
        "max_candidates": _default(values.get("max_candidates"), event.default_max_candidates),
        "available": _windows(available) if available else
        windows_text([(event.start_minute, event.end_minute)]),
        "breaks": _windows(values.get("breaks")),
    }), meta={"csrf": False})
    check_form(form)
    return form.employer_data()


def vacancy_data(event: Event, values: dict[str, Any], field: str = "") -> VacancyData:
    prefix = f"{field}." if field else ""
    cards = card_ids(values.get("requirements") or [], f"{prefix}requires", event.cards)
    form = VacancyForm.for_event(event, current_language(), formdata=to_formdata({
        **{key: values.get(key) for key in _VACANCY_FIELDS}, "cards": cards,
    }), meta={"csrf": False})
    check_form(form, {key: f"{prefix}{key}" for key in (*_VACANCY_FIELDS, "cards")}
               | {"cards": f"{prefix}requires"})
    return form.vacancy_data()


def candidate_data(
    event: Event, values: dict[str, Any], vacancies: list[tuple[int, str]]
) -> CandidateData:
    """`vacancies`: the event's rankable vacancies (`people.queries.vacancy_choices`)."""
    interests = list(values.get("interests") or [])
    if len(interests) > event.max_ranked_interests:
        raise InputRefused([{"field": "interests", "message": str(_l(
            "Choose at most %(count)d vacancies.", count=event.max_ranked_interests))}])
    cards = card_ids(values.get("cards") or [], "cards", event.cards)
    formdata = to_formdata({
        **{key: values.get(key) for key in _CANDIDATE_FIELDS},
        "cards": cards,
        "windows": _windows(values.get("windows")),
    })
    for rank, vacancy_id in enumerate(interests):
        formdata.add(f"interests-{rank}", str(vacancy_id))
    form = CandidateForm.for_event(event, current_language(), vacancies, formdata=formdata,
                                   meta={"csrf": False})
    check_form(form, {"windows": "available"})
    return form.candidate_data()


def _default(value: int | None, default: int) -> int:
    return default if value is None else value
