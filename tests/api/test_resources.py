"""Events, employers and candidates through the API: the rules of the forms, nothing stored
on a refusal, pagination and filters, and a page whose cost does not grow with the event."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from recruit.extensions import db
from recruit.models import Candidate, Employer, seed_cards
from tests import factories
from tests.api.conftest import ApiClient

EMPLOYER = {"company_name": "Kahvila Oy", "business_id": "1572860-0", "contact_name": "Maija",
            "email": "maija@example.fi", "vacancies": [{"title": "Barista"}]}


def _count(model: Any) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def _person(number: int, **values: Any) -> dict[str, Any]:
    return {"first_name": "Aino", "last_name": f"Nieminen {number}",
            "email": f"aino{number}@example.fi", "birth_year": 2006, "languages": ["fi"],
            "open_to_other": True, **values}


@pytest.mark.parametrize(("change", "field"), [
    ({"business_id": "1572860-1"}, "business_id"),
    ({"email": "not an address"}, "email"),
    ({"min_candidates": 20, "max_candidates": 10}, "max_candidates"),
    ({"available": [{"start": "08:00", "end": "10:00"}]}, "available"),
    ({"vacancies": [{"title": "Barista", "requires": ["no_such_card"]}]}, "vacancies[0].requires"),
    ({"unknown": 1}, "unknown"),
])
def test_an_employer_breaking_a_form_rule_is_refused_whole(
    api: ApiClient, app: Flask, change: dict[str, Any], field: str
) -> None:
    event = factories.make_event()
    response = api.post(f"/events/{event.id}/employers", {**EMPLOYER, **change})
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert field in [error["field"] for error in response.json["errors"]]
    assert _count(Employer) == 0


@pytest.mark.parametrize(("change", "field"), [
    ({"birth_year": 1980}, "birth_year"),
    ({"phone": "12"}, "phone"),
    ({"languages": []}, "languages"),
    ({"cards": ["no_such_card"]}, "cards"),
    ({"interests": [1, 2, 3, 4]}, "interests"),
    ({"available": [{"start": "07:00", "end": "08:00"}]}, "available"),
])
def test_a_sign_up_breaking_a_form_rule_is_refused(
    api: ApiClient, app: Flask, change: dict[str, Any], field: str
) -> None:
    event = factories.make_event()
    response = api.post(f"/events/{event.id}/candidates", _person(1, **change))
    assert response.status_code == 422, response.json
    assert field in [error["field"].split("[")[0] for error in response.json["errors"]]
    assert _count(Candidate) == 0


def test_a_second_sign_up_with_the_same_address_is_refused(api: ApiClient, app: Flask) -> None:
    event = factories.make_event()
    assert api.post(f"/events/{event.id}/candidates", _person(1)).status_code == 201
    again = api.post(f"/events/{event.id}/candidates", _person(2, email="AINO1@example.fi"))
    assert again.status_code == 422
    assert [e["field"] for e in again.json["errors"]] == ["email"]
    assert _count(Candidate) == 1


def test_a_signed_up_person_is_counted_by_the_scheduler(api: ApiClient, app: Flask) -> None:
    event = factories.make_event()
    created = api.post(f"/events/{event.id}/candidates", _person(1, cards=["hygiene_passport"]))
    assert created.status_code == 201, created.json
    candidate = db.session.get(Candidate, created.json["id"])
    assert candidate.status == "active" and candidate.email_verified_at is not None
    assert api.get(f"/candidates/{candidate.id}").json["cards"] == ["hygiene_passport"]


def test_lists_are_paginated_and_filtered(api: ApiClient, app: Flask) -> None:
    event = factories.make_event()
    other = factories.make_event()
    vacancy = factories.make_vacancy(factories.make_employer(event, company_name="Varasto Oy"))
    factories.make_employer(event, company_name="Kahvila Oy", status="pending")
    for number in range(7):
        factories.make_candidate(event, priority=number < 2,
                                 interests=[vacancy] if number % 2 else [])
    factories.make_candidate(other)

    page = api.get(f"/events/{event.id}/candidates?page=2&page_size=3")
    assert page.status_code == 200
    assert len(page.json) == 3
    assert '"total": 7' in page.headers["X-Pagination"]
    assert len(api.get(f"/events/{event.id}/candidates?priority=true").json) == 2
    assert len(api.get(f"/events/{event.id}/candidates?vacancy={vacancy.id}").json) == 3
    employers = api.get(f"/events/{event.id}/employers?status=pending").json
    assert [e["company_name"] for e in employers] == ["Kahvila Oy"]
    assert len(api.get(f"/events/{event.id}/employers?q=varasto").json) == 1
    assert api.get("/events?date_from=2030-01-01").json == []
    refused = api.get(f"/events/{event.id}/candidates?page_size=1000")
    assert refused.status_code == 422


@contextmanager
def _counting() -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)


def test_a_page_costs_the_same_whatever_the_event_size(api: ApiClient, app: Flask) -> None:
    seed_cards()
    small, large = factories.make_event(), factories.make_event()
    for event, people in ((small, 10), (large, 60)):
        vacancy = factories.make_vacancy(factories.make_employer(event))
        for _ in range(people):
            factories.make_candidate(event, cards=["hygiene_passport"], interests=[vacancy],
                                     windows=[(540, 600)])
    api.get("/events")  # the token's "last used" is noted on the first request
    queries = []
    for event in (small, large):
        with _counting() as statements:
            assert len(api.get(f"/events/{event.id}/candidates?page_size=10").json) == 10
        queries.append(len(statements))
    assert queries[0] == queries[1]
