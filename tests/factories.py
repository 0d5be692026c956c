"""Factories for test data (Indico style): each makes a valid object, commits it and returns it.

Use them through the fixtures of the same name in `tests/conftest.py`, which run inside the
test's app context. Every keyword overrides a default, so a test states only what it is about:

    event = make_event(grid_minutes=10)
    employer = make_employer(event, tables=2)
    vacancy = make_vacancy(employer, requires=["hygiene_passport"])
    candidate = make_candidate(event, interests=[vacancy])
    interview = make_interview(candidate, vacancy, start_minute=9 * 60)

They commit because the test client's requests run in their own app context and database
session (see `conftest.IsolatedClient`): only committed rows are visible there.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from recruit.extensions import db
from recruit.models import (
    Candidate,
    CandidateInterest,
    CandidateWindow,
    Employer,
    EmployerWindow,
    Event,
    EventBreak,
    Interview,
    RequirementCard,
    StaffUser,
    Vacancy,
    seed_cards,
    utcnow,
)

_numbers = itertools.count(1)

STAFF_PASSWORD = "correct horse battery staple"


def assert_database_refuses(obj: object | None = None) -> None:
    """Add `obj` (if given), flush, and expect the database to refuse it; then roll back."""
    import pytest
    from sqlalchemy.exc import IntegrityError

    if obj is not None:
        db.session.add(obj)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def cards_by_code(codes: Iterable[str]) -> list[RequirementCard]:
    """The requirement cards with these codes (seeding the shipped list when needed)."""
    codes = list(codes)
    if not codes:
        return []
    found = {
        card.code: card
        for card in db.session.scalars(
            sa.select(RequirementCard).where(RequirementCard.code.in_(codes))
        )
    }
    if len(found) < len(set(codes)):
        seed_cards()
        found = {
            card.code: card
            for card in db.session.scalars(
                sa.select(RequirementCard).where(RequirementCard.code.in_(codes))
            )
        }
    missing = sorted(set(codes) - set(found))
    if missing:
        raise ValueError(f"unknown card codes: {missing}")
    return [found[code] for code in codes]


def make_staff_user(**overrides: Any) -> StaffUser:
    number = next(_numbers)
    password = overrides.pop("password", STAFF_PASSWORD)
    # An admin unless asked otherwise: the tests written before roles mean the all-seeing
    # staff member that every account was then.
    values: dict[str, Any] = {"email": f"staff{number}@example.org", "name": f"Staff {number}",
                              "role": "admin"}
    values.update(overrides)
    user = StaffUser(**values)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def make_event(
    *, breaks: Iterable[tuple[int, int]] = (), cards: Iterable[str] | None = None, **overrides: Any
) -> Event:
    """An event on 12 March 2027, 09:00-13:00 Helsinki time, 5-minute grid, 5-minute buffer."""
    number = next(_numbers)
    values: dict[str, Any] = {
        "name": f"Työnantajatreffit {number}",
        "date": dt.date(2027, 3, 12),
        "venue_name": "Ohjaamo Helsinki",
        "venue_address": "Fredrikinkatu 48, 00100 Helsinki",
        "start_minute": 9 * 60,
        "end_minute": 13 * 60,
        "grid_minutes": 5,
        "candidate_buffer_minutes": 5,
        "max_interviews_per_candidate": 3,
        "max_ranked_interests": 3,
        "signup_deadline": dt.datetime(2027, 3, 5, 22, 0, tzinfo=dt.UTC),
        "languages": ["fi", "sv", "en"],
        "organiser_email": "tapahtumat@example.org",
    }
    values.update(overrides)
    # Every shipped card by default: the lists are offered to employers and youth.
    values["cards"] = cards_by_code(cards) if cards is not None else _all_cards()
    event = Event(**values)
    event.breaks = [EventBreak(start_minute=s, end_minute=e) for s, e in breaks]
    db.session.add(event)
    db.session.commit()
    return event


def _all_cards() -> list[RequirementCard]:
    seed_cards()
    return list(db.session.scalars(sa.select(RequirementCard).order_by(RequirementCard.code)))


def make_employer(
    event: Event,
    *,
    available: Iterable[tuple[int, int]] | None = None,
    breaks: Iterable[tuple[int, int]] = (),
    vacancies: int = 0,
    **overrides: Any,
) -> Employer:
    """An approved employer interviewing 15 minutes at one table for the whole event.

    `vacancies=n` also creates n plain vacancies (no cards, any language).
    """
    number = next(_numbers)
    values: dict[str, Any] = {
        "event": event,
        "company_name": f"Yritys {number} Oy",
        "business_id": "1572860-0",
        "contact_name": f"Yhteys Henkilö {number}",
        "email": f"rekry{number}@example.com",
        "phone": "+358401234567",
        "address": "Mannerheimintie 1, 00100 Helsinki",
        "interview_minutes": 15,
        "tables": 1,
        "min_candidates": event.default_min_candidates,
        "max_candidates": event.default_max_candidates,
        "status": "approved",
        "consent_version": "2026-01",
        "consent_at": utcnow(),
    }
    values.update(overrides)
    employer = Employer(**values)
    windows = list(available) if available is not None else [(event.start_minute, event.end_minute)]
    employer.windows = [
        EmployerWindow(kind="available", start_minute=s, end_minute=e) for s, e in windows
    ] + [EmployerWindow(kind="break", start_minute=s, end_minute=e) for s, e in breaks]
    db.session.add(employer)
    db.session.commit()
    for _ in range(vacancies):
        make_vacancy(employer)
    return employer


def make_vacancy(employer: Employer, *, requires: Iterable[str] = (), **overrides: Any) -> Vacancy:
    number = next(_numbers)
    values: dict[str, Any] = {
        "employer": employer,
        "title": f"Myyjä {number}",
        "description": "Asiakaspalvelua ja hyllytystä.",
        "positions": 2,
        "languages": [],
        "min_age": 0,
    }
    values.update(overrides)
    values["requirements"] = cards_by_code(requires)
    vacancy = Vacancy(**values)
    db.session.add(vacancy)
    db.session.commit()
    return vacancy


def make_candidate(
    event: Event,
    *,
    cards: Iterable[str] = (),
    interests: Iterable[Vacancy] = (),
    windows: Iterable[tuple[int, int]] = (),
    **overrides: Any,
) -> Candidate:
    """An active, e-mail-verified candidate aged 20 on the event day, available all event."""
    number = next(_numbers)
    values: dict[str, Any] = {
        "event": event,
        "first_name": f"Nuori{number}",
        "last_name": "Virtanen",
        "email": f"nuori{number}@example.org",
        "phone": "+358501234567",
        "birth_year": event.date.year - 20,
        "languages": ["fi", "en"],
        "status": "active",
        "email_verified_at": utcnow(),
        "consent_version": "2026-01",
        "consent_at": utcnow(),
    }
    values.update(overrides)
    if values.get("sms_consent_at") is not None and "contact_channel" not in values:
        values["contact_channel"] = "both"  # what a ticked "also as texts" box meant
    if values.get("contact_channel") in ("sms", "both") and "sms_consent_at" not in values:
        values["sms_consent_at"] = utcnow()
    if "signup_seq" not in values:
        values["signup_seq"] = event.allocate_signup_seq()
    values["cards"] = cards_by_code(cards)
    candidate = Candidate(**values)
    candidate.windows = [CandidateWindow(start_minute=s, end_minute=e) for s, e in windows]
    candidate.interests = [
        CandidateInterest(vacancy=vacancy, rank=rank)
        for rank, vacancy in enumerate(interests, start=1)
    ]
    db.session.add(candidate)
    db.session.commit()
    return candidate


def make_interview(
    candidate: Candidate | None = None,
    vacancy: Vacancy | None = None,
    *,
    claim_cells: bool = True,
    **overrides: Any,
) -> Interview:
    """A live interview at the start of the employer's first window, table 1.

    Without a candidate or vacancy, fresh ones are made (in a new event when neither is
    given). The interview's grid cells are claimed, so the database's double-booking
    guarantee applies to it just as to a real booking.
    """
    if vacancy is None:
        event = candidate.event if candidate is not None else make_event()
        vacancy = make_vacancy(make_employer(event))
    if candidate is None:
        candidate = make_candidate(vacancy.employer.event)
    employer = vacancy.employer
    event = employer.event
    start = overrides.pop("start_minute", None)
    if start is None:
        start = min((w.start_minute for w in employer.available), default=event.start_minute)
    values: dict[str, Any] = {
        "event": event,
        "employer": employer,
        "vacancy": vacancy,
        "candidate": candidate,
        "table_no": 1,
        "start_minute": start,
        "end_minute": start + employer.interview_minutes,
        "source": "solver",
    }
    values.update(overrides)
    interview = Interview(**values)
    db.session.add(interview)
    db.session.flush()
    if claim_cells and interview.cancelled_at is None:
        interview.claim_cells(event.grid_minutes, event.candidate_buffer_minutes)
    db.session.commit()
    return interview
