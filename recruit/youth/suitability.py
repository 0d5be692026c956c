"""Which of the jobs a young person chose on the sign-up form they can be interviewed for
(cards, language, age, as the scheduler decides), said before they are told "you are in the
queue" for jobs that can never be theirs."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from recruit.models import Event, Vacancy
from recruit.people.operations import CandidateData
from recruit.youth.queries import open_vacancies


@dataclass(frozen=True)
class Unsuitable:
    label: str
    reasons: list[str]


def _label(vacancy: Vacancy) -> str:
    return f"{vacancy.title} – {vacancy.employer.company_name}"


def _reasons(vacancy: Vacancy, data: CandidateData, age: int, locale: str) -> list[str]:
    reasons = []
    missing = [c.name_for(locale) for c in vacancy.requirements if c.id not in data.card_ids]
    if missing:
        reasons.append(_("needs %(cards)s", cards=", ".join(missing)))
    if vacancy.languages and not set(vacancy.languages) & set(data.languages):
        reasons.append(_("is held in a language you did not choose"))
    if vacancy.min_age and age < vacancy.min_age:
        reasons.append(_("requires age %(age)s or over", age=vacancy.min_age))
    return reasons


def check_choices(
    event: Event, data: CandidateData, locale: str, vacancies: list[Vacancy] | None = None
) -> tuple[list[Unsuitable], list[str]]:
    """(chosen jobs they do not qualify for, with why; every job of the event they do).
    `vacancies` are `open_vacancies(event)` when the caller has read them."""
    age = event.date.year - data.birth_year
    if vacancies is None:
        vacancies = open_vacancies(event)
    by_id = {v.id: v for v in vacancies}
    unsuitable = []
    for vacancy_id in data.interests:
        vacancy = by_id.get(vacancy_id)
        if vacancy is None:
            continue
        reasons = _reasons(vacancy, data, age, locale)
        if reasons:
            unsuitable.append(Unsuitable(_label(vacancy), reasons))
    suitable = [_label(v) for v in vacancies if not _reasons(v, data, age, locale)]
    return unsuitable, suitable


def vacancy_reasons(vacancy: Vacancy, data: CandidateData, age: int, locale: str) -> list[str]:
    """Why `data` cannot be interviewed for `vacancy` (empty: they qualify)."""
    return _reasons(vacancy, data, age, locale)
