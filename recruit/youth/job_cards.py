"""The event's jobs as cards a young person can compare and rank (read-only).

Each card says what the job is, who offers it, what it needs (cards and licences by name, the
interview language, a minimum age) and when its employer interviews; once the young person has
entered their cards, languages and year of birth, whether they qualify, by the same checks
the sign-up form's suitability warning makes. Ranking is a list of vacancy ids changed by
small form actions ("add:12", "up:12", "down:12", "remove:12"), so it works without JavaScript.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from recruit.core.i18n import format_minute
from recruit.models import Event, Vacancy
from recruit.people.operations import CandidateData
from recruit.youth.forms import LANGUAGE_CHOICES
from recruit.youth.queries import open_vacancies
from recruit.youth.suitability import vacancy_reasons

RANK_ACTIONS = ("add", "remove", "up", "down")


@dataclass(frozen=True)
class Entered:
    """What the young person has entered so far that decides whether they qualify."""

    card_ids: list[int]
    languages: list[str]
    birth_year: int


@dataclass(frozen=True)
class JobCard:
    vacancy_id: int
    title: str
    company: str
    description: str
    requirements: list[str]
    languages: list[str]
    min_age: int
    times: list[str]
    interview_minutes: int
    # None until the young person has told enough to say; else why they do not qualify.
    missing: list[str] | None = None

    @property
    def qualifies(self) -> bool | None:
        return None if self.missing is None else not self.missing


def _times(event: Event, vacancy: Vacancy) -> list[str]:
    windows = [(w.start_minute, w.end_minute) for w in vacancy.employer.available]
    windows = windows or [(event.start_minute, event.end_minute)]
    return [f"{format_minute(start)}–{format_minute(end)}" for start, end in sorted(windows)]


def job_cards(
    event: Event, locale: str, entered: Entered | None = None,
    vacancies: list[Vacancy] | None = None,
) -> list[JobCard]:
    """A card per vacancy of `open_vacancies(event)` (pass them in when already read)."""
    names = dict(LANGUAGE_CHOICES)
    cards = []
    for vacancy in open_vacancies(event) if vacancies is None else vacancies:
        missing = None
        if entered is not None:
            data = CandidateData(first_name="", last_name="", email="",
                                 birth_year=entered.birth_year, languages=entered.languages,
                                 card_ids=entered.card_ids)
            missing = vacancy_reasons(vacancy, data, event.date.year - entered.birth_year,
                                      locale)
        cards.append(JobCard(
            vacancy_id=vacancy.id,
            title=vacancy.title,
            company=vacancy.employer.company_name,
            description=vacancy.description,
            requirements=[card.name_for(locale) for card in vacancy.requirements],
            languages=[str(names.get(code, code)) for code in vacancy.languages],
            min_age=vacancy.min_age,
            times=_times(event, vacancy),
            interview_minutes=vacancy.employer.interview_minutes,
            missing=missing,
        ))
    return cards


def apply_rank_action(chosen: Sequence[int], action: str, allowed: set[int],
                      limit: int) -> list[int] | None:
    """The ranked list after `action`, or None for an action that is not understood."""
    kind, _sep, raw = action.partition(":")
    if kind not in RANK_ACTIONS or not raw.isdigit() or int(raw) not in allowed:
        return None
    vacancy_id = int(raw)
    ranked = [v for v in dict.fromkeys(chosen) if v in allowed]
    if kind == "add":
        if vacancy_id not in ranked and len(ranked) < limit:
            ranked.append(vacancy_id)
        return ranked
    if vacancy_id not in ranked:
        return ranked
    index = ranked.index(vacancy_id)
    if kind == "remove":
        ranked.pop(index)
    elif kind == "up" and index > 0:
        ranked[index - 1], ranked[index] = ranked[index], ranked[index - 1]
    elif kind == "down" and index < len(ranked) - 1:
        ranked[index + 1], ranked[index] = ranked[index], ranked[index + 1]
    return ranked
