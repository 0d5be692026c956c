"""THE RACE: many people take the last free slot at the same moment; exactly one gets it.

Each request runs in its own thread with its own database connection (a pool as large as the
crowd), all released together by a barrier, through the real HTTP routes. The database's
constraints and row locks decide; the test then reads the database itself. Runs on SQLite
and on PostgreSQL (see tests/conftest.py). Confirm, decline and cancel are raced the same way.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from recruit.extensions import db
from recruit.models import Candidate, Interview, InterviewCell, TableCell
from tests.booking.support import booking_token, count, outbox, publish, wait_for_refills

CROWD = 50
TAKEN_TEXT = "This time was just taken"


def race_app(make_app: Callable[..., Flask], crowd: int) -> Flask:
    """An app whose pool gives every racer a connection of its own (or `crowd` connections
    shared by a larger crowd, as a server's threads share theirs)."""
    return make_app(
        SQLALCHEMY_ENGINE_OPTIONS={"pool_size": crowd + 2, "max_overflow": 0,
                                   "pool_timeout": 60, "hide_parameters": True},
        WAITLIST_TIME_LIMIT_SECONDS=2,
    )


def run_together(app: Flask, requests: list[tuple[str, dict[str, Any]]]) -> list[Any]:
    """POST every (url, data) from its own thread, all started at once; the responses."""
    barrier = threading.Barrier(len(requests))
    results: list[Any] = [None] * len(requests)

    def racer(index: int, url: str, data: dict[str, Any]) -> None:
        client = app.test_client()
        barrier.wait()
        try:
            response = client.post(url, data=data)
            results[index] = (response.status_code, response.get_data(as_text=True))
        except Exception as error:  # recorded, so the test fails with the cause
            results[index] = (None, repr(error))

    threads = [threading.Thread(target=racer, args=(i, url, data))
               for i, (url, data) in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a racer hung"
    return results


def crowd_at_the_last_slot(
    event: Any, barista: Any, make_candidate: Any, size: int, first: int = 0
) -> tuple[list[Candidate], list[str]]:
    crowd = [make_candidate(event, interests=[barista], email=f"racer{i}@example.org")
             for i in range(first, first + size)]
    return crowd, [booking_token(person) for person in crowd]


@pytest.fixture
def last_slot(make_event: Any, make_employer: Any, make_vacancy: Any, make_candidate: Any,
              make_interview: Any) -> dict[str, Any]:
    """A published event where the café has exactly one free slot left: 9.00 at table 1."""
    event = make_event()
    cafe = make_employer(event, company_name="Kahvila Oy", tables=1, available=[(540, 555)],
                         max_candidates=CROWD + 5)
    barista = make_vacancy(cafe, title="Barista")
    other = make_vacancy(make_employer(event, available=[(600, 615)]))
    make_interview(make_candidate(event, interests=[other]), other, start_minute=600)
    publish(event)
    crowd, tokens = crowd_at_the_last_slot(event, barista, make_candidate, CROWD)
    return {"event": event, "barista": barista, "crowd": crowd, "tokens": tokens,
            "make_candidate": make_candidate}


def test_fifty_people_book_the_last_slot_at_once(
    make_app: Callable[..., Flask], last_slot: dict[str, Any]
) -> None:
    app = race_app(make_app, CROWD)
    barista = last_slot["barista"]
    data = {"vacancy_id": str(barista.id), "start_minute": "540"}
    results = run_together(app, [(f"/youth/b/{token}/book?lang=en", data)
                                 for token in last_slot["tokens"]])
    statuses = Counter(status for status, _body in results)
    assert statuses == {302: 1, 409: CROWD - 1}, [body[:300] for s, body in results
                                                   if s not in (302, 409)]
    assert all(TAKEN_TEXT in body for status, body in results if status == 409)
    live = db.session.scalars(sa.select(Interview).where(
        Interview.vacancy_id == barista.id, Interview.cancelled_at.is_(None))).all()
    assert len(live) == 1
    [winner] = live
    assert (winner.start_minute, winner.table_no, winner.source) == (540, 1, "self")
    winner_index = next(i for i, (status, _b) in enumerate(results) if status == 302)
    assert winner.candidate_id == last_slot["crowd"][winner_index].id
    assert count(TableCell, TableCell.employer_id == barista.employer_id) == 3  # 15 min / 5
    assert count(InterviewCell, InterviewCell.interview_id == winner.id) == 4  # + buffer cell
    assert len(outbox("interview_invite", to=f"racer{winner_index}@example.org")) == 1


def test_a_hundred_people_book_one_slot_through_a_small_pool(
    make_app: Callable[..., Flask], last_slot: dict[str, Any]
) -> None:
    """A hundred requests for one time, sharing sixteen database connections as a server's
    threads do: one winner, everyone else told at once that the time was taken, no errors
    (on SQLite, no "database is locked"), and nobody else's booking slips in."""
    event, barista = last_slot["event"], last_slot["barista"]
    _crowd, more = crowd_at_the_last_slot(event, barista, last_slot["make_candidate"],
                                          100 - CROWD, first=CROWD)
    tokens = [*last_slot["tokens"], *more]
    app = race_app(make_app, 14)
    data = {"vacancy_id": str(barista.id), "start_minute": "540"}
    results = run_together(app, [(f"/youth/b/{token}/book?lang=en", data) for token in tokens])
    statuses = Counter(status for status, _body in results)
    assert statuses == {302: 1, 409: 99}, [body[:300] for s, body in results
                                           if s not in (302, 409)]
    assert all(TAKEN_TEXT in body for status, body in results if status == 409)
    assert count(Interview, Interview.vacancy_id == barista.id,
                 Interview.cancelled_at.is_(None)) == 1
    assert count(TableCell, TableCell.employer_id == barista.employer_id) == 3


def test_one_person_declining_many_times_at_once(
    make_app: Callable[..., Flask], make_event: Any, make_employer: Any, make_vacancy: Any,
    make_candidate: Any, make_interview: Any,
) -> None:
    event = make_event()
    vacancy = make_vacancy(make_employer(event))
    person = make_candidate(event, interests=[vacancy])
    interview = make_interview(person, vacancy)
    publish(event)
    token = booking_token(person)
    crowd = 20
    app = race_app(make_app, crowd)
    url = f"/youth/b/{token}/interviews/{interview.id}/decline"
    results = run_together(app, [(url, {})] * crowd)
    assert Counter(status for status, _b in results) == {302: crowd}
    db.session.expire_all()
    declined = db.session.get(Interview, interview.id)
    assert declined.cancelled_at is not None and declined.response == "declined"
    assert declined.sequence == 1  # raised once: one CANCEL, not twenty
    assert len(outbox("interview_cancel")) == 1
    wait_for_refills()


def test_confirm_and_cancel_everything_at_once(
    make_app: Callable[..., Flask], make_event: Any, make_employer: Any, make_vacancy: Any,
    make_candidate: Any, make_interview: Any,
) -> None:
    event = make_event()
    vacancy = make_vacancy(make_employer(event))
    person = make_candidate(event, interests=[vacancy])
    interview = make_interview(person, vacancy)
    publish(event)
    token = booking_token(person)
    crowd = 20
    app = race_app(make_app, crowd)
    requests = [(f"/youth/b/{token}/interviews/{interview.id}/confirm", {})] * (crowd // 2)
    requests += [(f"/youth/b/{token}/cancel", {"sure": "y"})] * (crowd // 2)
    results = run_together(app, requests)
    assert all(status == 302 for status, _b in results), results
    db.session.expire_all()
    assert db.session.get(Candidate, person.id).status == "cancelled"
    row = db.session.get(Interview, interview.id)
    assert row.cancelled_at is not None and row.sequence == 1
    assert len(outbox("interview_cancel")) == 1
    wait_for_refills()


def test_the_database_has_the_last_word(
    monkeypatch: pytest.MonkeyPatch, client: Any, last_slot: dict[str, Any]
) -> None:
    """Even if the check in Python saw the slot free (it looked before the other booking
    committed), the insert hits the unique cells and the answer is "just taken"."""
    from recruit.booking import free_slots
    from recruit.booking import operations as booking

    barista = last_slot["barista"]
    data = {"vacancy_id": str(barista.id), "start_minute": "540"}
    first, second = last_slot["tokens"][:2]
    assert client.post(f"/youth/b/{first}/book", data=data).status_code == 302

    def blind(candidate: Any, **kwargs: Any) -> Any:
        return free_slots.free_slots(candidate, **{**kwargs, "ignore_others": True})

    monkeypatch.setattr(booking, "free_slots", blind)
    response = client.post(f"/youth/b/{second}/book?lang=en", data=data)
    assert response.status_code == 409 and TAKEN_TEXT in response.get_data(as_text=True)
    assert count(Interview, Interview.vacancy_id == barista.id,
                 Interview.cancelled_at.is_(None)) == 1
