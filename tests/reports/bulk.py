"""Many realistic events at once, written with bulk INSERTs (the factories commit per row).

Used by the statement-count test and by `bench/report_bench.py`. Each event has employers
with vacancies, young people of every age group and language (some cancelled, some in the
priority group), one to three interviews for most of them with every kind of outcome, a
finished solve run whose stored result leaves the others out with reasons, as the solve job
stores it, and the impact follow-up as `flask follow-up send` and the answer forms leave it:
the young people who agreed to it and the employers who interviewed asked, some reminded, about
half of them answered (every situation, every "did it help", employers' hire counts).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import sqlalchemy as sa

from recruit.extensions import db
from recruit.models import (
    Candidate,
    Employer,
    Event,
    FollowUpAnswer,
    FollowUpRequest,
    Interview,
    SolveRun,
    Vacancy,
    utcnow,
)
from recruit.models.follow_up import HELPED, SITUATIONS

LANGUAGE_SETS = (["fi"], ["fi", "en"], ["fi", "sv"], ["sv"], ["en"], ["fi", "sv", "en"])
CARDS = ("occupational_safety_card", "hygiene_passport", "forklift_card")
INTERVIEW_MINUTES = 10
DAY_START, DAY_END = 9 * 60, 17 * 60
FOLLOW_UP_DAYS, RETENTION_DAYS = 90, 120
# Shares of the follow-up: sign-ups who agree to it, people asked who answer, and how the
# young people answer (roughly what the centres see: most are working or studying).
CONSENT_SHARE, ANSWER_SHARE, REMINDED_SHARE = 0.6, 0.5, 0.4
SITUATION_WEIGHTS = (5, 3, 2, 2)
HELPED_WEIGHTS = (5, 3, 2)


def _insert(model: Any, rows: list[dict[str, Any]]) -> list[int]:
    if not rows:
        return []
    result = db.session.execute(
        sa.insert(model).returning(model.id, sort_by_parameter_order=True), rows
    )
    return list(result.scalars())


def add_event(rng: random.Random, day: dt.date, employers: int, youth: int,
              tables: int = 3, follow_up: bool = True) -> int:
    """One event with `employers` employers and `youth` young people (with `follow_up`, its
    impact follow-up asked and partly answered); returns its id."""
    (event_id,) = _insert(Event, [{
        "name": f"Työnantajatreffit {day.isoformat()}", "date": day,
        "start_minute": DAY_START, "end_minute": DAY_END, "languages": ["fi", "sv", "en"],
        "follow_up_days": FOLLOW_UP_DAYS if follow_up else None,
        "retention_days": RETENTION_DAYS,
    }])
    employer_ids = _insert(Employer, [{
        "event_id": event_id, "company_name": f"Yritys {n} Oy", "business_id": "1572860-0",
        "contact_name": "Yhteys Henkilö", "email": f"rekry{n}@example.com",
        "interview_minutes": INTERVIEW_MINUTES, "tables": tables, "status": "approved",
        "min_candidates": 0, "max_candidates": 200,
    } for n in range(employers)])
    vacancy_rows: list[dict[str, Any]] = [
        {"employer_id": e, "title": f"Tehtävä {k}", "positions": 1 + k}
        for e in employer_ids for k in range(2)
    ]
    vacancy_ids = _insert(Vacancy, vacancy_rows)
    vacancies_of: dict[int, list[int]] = {}
    for row, vacancy_id in zip(vacancy_rows, vacancy_ids, strict=True):
        vacancies_of.setdefault(row["employer_id"], []).append(vacancy_id)
    consented_at = utcnow() if follow_up else None
    candidate_rows: list[dict[str, Any]] = [{
        "event_id": event_id, "first_name": f"Nuori{n}", "last_name": "Virtanen",
        "email": f"nuori{n}@example.org", "birth_year": day.year - rng.randint(15, 29),
        "languages": rng.choice(LANGUAGE_SETS), "priority": rng.random() < 0.15,
        "status": "cancelled" if rng.random() < 0.03 else "active", "signup_seq": n + 1,
        "follow_up_consent_at": consented_at if rng.random() < CONSENT_SHARE else None,
    } for n in range(youth)]
    candidate_ids = _insert(Candidate, candidate_rows)
    free_slot = {e: 0 for e in employer_ids}
    slots_per_table = (DAY_END - DAY_START) // INTERVIEW_MINUTES
    interviews: list[dict[str, Any]] = []
    unscheduled: list[dict[str, Any]] = []
    for candidate_id in candidate_ids:
        wanted = rng.choices((0, 1, 2, 3), weights=(2, 4, 3, 1))[0]
        placed = 0
        for employer_id in rng.sample(employer_ids, min(wanted, len(employer_ids))):
            slot = free_slot[employer_id]
            if slot >= slots_per_table * tables:
                continue
            free_slot[employer_id] += 1
            start = DAY_START + (slot // tables) * INTERVIEW_MINUTES
            attended = rng.choice((True, True, True, False, None))
            outcome = (rng.choice(("hired", "second_round", "not_selected", None))
                       if attended else None)
            interviews.append({
                "event_id": event_id, "employer_id": employer_id,
                "vacancy_id": rng.choice(vacancies_of[employer_id]), "candidate_id": candidate_id,
                "table_no": slot % tables + 1, "start_minute": start,
                "end_minute": start + INTERVIEW_MINUTES, "attended": attended, "outcome": outcome,
            })
            placed += 1
        if not placed:
            unscheduled.append({"candidate": f"C{candidate_id}", "reasons": [
                {"code": "missing_card", "text": "", "detail": {"card": rng.choice(CARDS)}},
                {"code": rng.choice(("no_common_time", "employer_full", "language")),
                 "text": "", "detail": {}},
            ]})
    _insert(Interview, interviews)
    result = {
        "status": "FEASIBLE",
        "interviews": [{"candidate": f"C{i['candidate_id']}", "employer": f"E{i['employer_id']}",
                        "start": "09:00"} for i in interviews],
        "unscheduled": unscheduled, "left_out": [], "published": 0,
    }
    _insert(SolveRun, [{"event_id": event_id, "status": "done", "result": result,
                        "finished_at": utcnow()}])
    if follow_up:
        asked_youth = [candidate_id for candidate_id, row in zip(candidate_ids, candidate_rows,
                                                                 strict=True)
                       if row["status"] == "active" and row["follow_up_consent_at"]]
        _add_follow_up(rng, event_id, asked_youth,
                       sorted({row["employer_id"] for row in interviews}))
    return event_id


def _add_follow_up(rng: random.Random, event_id: int, youth: list[int],
                   employers: list[int]) -> None:
    """The requests of those asked and the anonymous answers of those who answered."""
    asked_at = utcnow()
    requests: list[dict[str, Any]] = []
    answers: list[dict[str, Any]] = []
    for column, person_ids in (("candidate_id", youth), ("employer_id", employers)):
        for person_id in person_ids:
            answered = rng.random() < ANSWER_SHARE
            requests.append({
                "event_id": event_id, "candidate_id": None, "employer_id": None,
                column: person_id, "asked_at": asked_at, "answered": answered,
                "reminded_at": asked_at if rng.random() < REMINDED_SHARE else None,
            })
            if not answered:
                continue
            if column == "candidate_id":
                answers.append({
                    "event_id": event_id, "audience": "youth", "hires": None,
                    "situation": rng.choices(SITUATIONS, weights=SITUATION_WEIGHTS)[0],
                    "helped": rng.choices(HELPED, weights=HELPED_WEIGHTS)[0],
                })
            else:
                answers.append({"event_id": event_id, "audience": "employer", "situation": None,
                                "helped": None, "hires": rng.choice((0, 0, 1, 1, 2, 3))})
    _insert(FollowUpRequest, requests)
    _insert(FollowUpAnswer, answers)


def add_events(count: int, employers: int, youth: int, seed: int = 1,
               year: int = 2027) -> list[int]:
    """`count` events spread over `year`; commits once at the end."""
    rng = random.Random(seed)
    ids = [add_event(rng, dt.date(year, 1, 1) + dt.timedelta(days=7 * n % 360), employers, youth)
           for n in range(count)]
    db.session.commit()
    return ids
