"""An event whose report was counted by hand: every expected figure is written out below.

Young people (active, 30; ages counted in the event's year 2027):
  15–17: c1–c3 (3)    18–20: c4–c15 (12)    21–24: c16–c21 (6)    25–29: c22–c30 (9)
  priority: c1, c4, c5, c6, c16, c22, c23 (7)
  languages: c4–c9 fi+sv (6), c10 sv (1), everyone else fi+en (23): fi 29, sv 7, en 23
  also 2 cancelled and 1 who never confirmed the e-mail (neither counts as signed up)
Employers: A (2 vacancies, 2 + 3 positions), B (1 vacancy, 1 position) approved; C pending.
Interviews (24 live, plus one cancelled for c19):
  A with c1, c2, c4–c18, c22, c23, c24 (20);  B with c4, c5, c6, c7 (4)
  hired         A-c4 A-c5 A-c8 A-c9 A-c22                     5
  second round  A-c10 A-c11 A-c12 A-c13 B-c4 B-c5              6
  not selected  A-c14 A-c15 A-c1 A-c16 B-c6                    5
  no-show       A-c2 A-c17 B-c7 A-c23                          4
  came, no outcome recorded  A-c6 A-c7                         2
  attendance not recorded    A-c18 A-c24                       2
Youth with an interview 20 (by age 2 / 12 / 3 / 3), priority 7; came 15 (priority 6);
hired 5 (by age 0 / 4 / 0 / 1), priority 3.
Latest solve run (an older one and a newer failed one are ignored) left out c3, c18, c19, c20,
c21, c25–c30; c18 has an interview since, so 10 are left out:
  occupational safety card missing: c25–c30 (6); hygiene passport missing: c25 (twice, counts
  once); no common time: c19, c20, c21 (3); language: c3 (1); no time (left out by the app): c20.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from recruit.extensions import db
from recruit.models import Candidate, Event, SolveRun, Vacancy, utcnow
from tests import factories

AGES = {(1, 3): 2011, (4, 15): 2007, (16, 21): 2004, (22, 30): 2000}
PRIORITY = {1, 4, 5, 6, 16, 22, 23}
OUTCOMES = {
    ("A", 4): (True, "hired"), ("A", 5): (True, "hired"), ("A", 8): (True, "hired"),
    ("A", 9): (True, "hired"), ("A", 22): (True, "hired"),
    ("A", 10): (True, "second_round"), ("A", 11): (True, "second_round"),
    ("A", 12): (True, "second_round"), ("A", 13): (True, "second_round"),
    ("B", 4): (True, "second_round"), ("B", 5): (True, "second_round"),
    ("A", 14): (True, "not_selected"), ("A", 15): (True, "not_selected"),
    ("A", 1): (True, "not_selected"), ("A", 16): (True, "not_selected"),
    ("B", 6): (True, "not_selected"),
    ("A", 2): (False, None), ("A", 17): (False, None), ("B", 7): (False, None),
    ("A", 23): (False, None),
    ("A", 6): (True, None), ("A", 7): (True, None),
    ("A", 18): (None, None), ("A", 24): (None, None),
}
A_PEOPLE = [1, 2, *range(4, 19), 22, 23, 24]
B_PEOPLE = [4, 5, 6, 7]


@dataclass
class KnownEvent:
    event: Event
    people: dict[int, Candidate] = field(default_factory=dict)
    vacancies: dict[str, Vacancy] = field(default_factory=dict)


def _birth_year(n: int) -> int:
    return next(year for (low, high), year in AGES.items() if low <= n <= high)


def _languages(n: int) -> list[str]:
    if 4 <= n <= 9:
        return ["fi", "sv"]
    return ["sv"] if n == 10 else ["fi", "en"]


def _run(event: Event, status: str, unscheduled: list[dict], left_out: list[dict]) -> None:
    db.session.add(SolveRun(event_id=event.id, status=status, finished_at=utcnow(), result={
        "status": "FEASIBLE", "interviews": [], "unscheduled": unscheduled,
        "left_out": left_out, "published": 0,
    }))
    db.session.commit()


def _reason(code: str, card: str = "") -> dict:
    return {"code": code, "text": "engine text", "detail": {"card": card} if card else {}}


def make_known_event(**event_values: object) -> KnownEvent:
    event = factories.make_event(**{"date": dt.date(2027, 3, 12), **event_values})
    known = KnownEvent(event)
    employer_a = factories.make_employer(event, company_name="Alfa Oy")
    employer_b = factories.make_employer(event, company_name="Beta Oy")
    pending = factories.make_employer(event, company_name="Gamma Oy", status="pending")
    known.vacancies["A"] = factories.make_vacancy(employer_a, title="Myyjä", positions=2)
    factories.make_vacancy(employer_a, title="Varastotyöntekijä", positions=3)
    known.vacancies["B"] = factories.make_vacancy(employer_b, title="Kokki", positions=1)
    factories.make_vacancy(pending, title="Siivooja", positions=4)
    for n in range(1, 31):
        known.people[n] = factories.make_candidate(
            event, first_name=f"Nuori{n}", birth_year=_birth_year(n),
            priority=n in PRIORITY, languages=_languages(n),
        )
    for _ in range(2):
        factories.make_candidate(event, status="cancelled")
    factories.make_candidate(event, status="unverified", email_verified_at=None)
    for letter, people in (("A", A_PEOPLE), ("B", B_PEOPLE)):
        for slot, n in enumerate(people):
            attended, outcome = OUTCOMES[(letter, n)]
            # B starts at 11.00, after every A interview of its four people.
            start = 9 * 60 + 10 * slot if letter == "A" else 11 * 60 + 15 * slot
            interview = factories.make_interview(
                known.people[n], known.vacancies[letter], start_minute=start,
                table_no=1 + slot % 2 if letter == "A" else 1,
            )
            interview.attended, interview.outcome = attended, outcome
    factories.make_interview(known.people[19], known.vacancies["B"], start_minute=12 * 60,
                             cancelled_at=utcnow(), claim_cells=False)
    db.session.commit()
    key = {n: f"C{known.people[n].id}" for n in known.people}
    _run(event, "done", [{"candidate": key[25], "reasons": [_reason("language")]}], [])
    unscheduled = [
        {"candidate": key[n], "reasons": [_reason("missing_card", "occupational_safety_card")]}
        for n in range(25, 31)
    ]
    unscheduled[0]["reasons"] += [_reason("missing_card", "hygiene_passport"),
                                  _reason("missing_card", "hygiene_passport")]
    unscheduled += [{"candidate": key[n], "reasons": [_reason("no_common_time")]}
                    for n in (19, 20, 21)]
    unscheduled += [{"candidate": key[3], "reasons": [_reason("language")]},
                    {"candidate": key[18], "reasons": [_reason("employer_full")]}]
    _run(event, "done", unscheduled,
         [{"id": key[20], "code": "no_time"}, {"id": "E99", "code": "no_vacancy"}])
    _run(event, "failed", [{"candidate": key[1], "reasons": [_reason("busy")]}], [])
    return known
