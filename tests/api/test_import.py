"""Bulk import from CSV/XLSX: every row's problems by line and column, nothing stored on any
problem, the rules of the sign-up forms, malformed files refused with a clear message."""

from __future__ import annotations

import io
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import Workbook

from recruit.extensions import db
from recruit.models import Candidate, Employer, Event, Vacancy
from tests import factories
from tests.api.conftest import ApiClient

HEADER = "first_name,last_name,email,birth_year,languages,cards,phone,available,open_to_other\n"


def _row(number: int, **cells: Any) -> str:
    values = {"first_name": "Aino", "last_name": f"Nieminen {number}",
              "email": f"aino{number}@example.fi", "birth_year": "2006", "languages": "fi",
              "cards": "", "phone": "", "available": "", "open_to_other": "kyllä", **cells}
    return ",".join(f'"{value}"' for value in values.values()) + "\n"


def _send(api: ApiClient, event: Event, content: bytes, *, kind: str = "candidates",
          dry_run: bool = False, name: str = "people.csv") -> Any:
    query = "?dry_run=true" if dry_run else ""
    return api.client.post(f"/api/v1/events/{event.id}/imports/{kind}{query}",
                           data={"file": (io.BytesIO(content), name)},
                           headers=api._headers(None))


def _count(model: Any) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def _problems(response: Any) -> list[tuple[int, str]]:
    body = response.json
    entries = body["problems"] if "problems" in body else body["errors"]
    return [(entry["line"], entry["column"]) for entry in entries]


def test_a_dry_run_reports_every_problem_of_every_row_and_stores_nothing(
    api: ApiClient, app: Flask
) -> None:
    event = factories.make_event()
    factories.make_candidate(event, email="taken@example.fi")
    content = (HEADER + _row(1) + _row(2, birth_year="1980", phone="12")
               + _row(3, email="AINO1@example.fi", languages="fi, de")
               + _row(4, email="taken@example.fi", available="8-9")
               + _row(5, cards="hygiene_passport, no_such_card")).encode()
    checked = _send(api, event, content, dry_run=True)
    assert checked.status_code == 200
    assert checked.json["rows"] == 5 and checked.json["stored"] == 0
    assert sorted(_problems(checked)) == [
        (3, "birth_year"), (3, "phone"), (4, "email"), (4, "languages"),
        (5, "available"), (5, "email"), (6, "cards")]
    assert all(entry["message"] for entry in checked.json["problems"])

    stored = _send(api, event, content)
    assert stored.status_code == 422
    assert stored.mimetype == "application/problem+json"
    assert sorted(_problems(stored)) == sorted(_problems(checked))
    assert _count(Candidate) == 1


def test_a_clean_file_is_stored_whole(api: ApiClient, app: Flask) -> None:
    event = factories.make_event()
    vacancy = factories.make_vacancy(factories.make_employer(event))
    content = ("\ufeff" + HEADER.replace(",", ";") + "".join(
        _row(n, cards="hygiene_passport", available="09:00-11:00, 12:00-13:00").replace(
            '","', '";"') for n in range(1, 4))).encode()
    content += b'"Bo";"Berg";"bo@example.fi";"2004";"sv";"";"040 123 4567";"";"nej"\n'
    assert _send(api, event, content, dry_run=True).json["problems"] == []
    assert _count(Candidate) == 0
    response = _send(api, event, content)
    assert response.status_code == 200 and response.json["stored"] == 4
    people = db.session.scalars(sa.select(Candidate).order_by(Candidate.signup_seq)).all()
    assert [p.email for p in people] == ["aino1@example.fi", "aino2@example.fi",
                                        "aino3@example.fi", "bo@example.fi"]
    assert [(w.start_minute, w.end_minute) for w in people[0].windows] == [(540, 660),
                                                                          (720, 780)]
    assert people[3].phone == "+358401234567" and people[3].open_to_other is False
    assert all(p.status == "active" and p.email_verified_at for p in people)
    del vacancy


def test_a_file_not_in_utf8_is_refused_with_its_line(api: ApiClient, app: Flask) -> None:
    event = factories.make_event()
    content = (HEADER + _row(1, open_to_other="yes")
               + _row(2, last_name="Äänekoski", open_to_other="yes")).encode("cp1252")
    response = _send(api, event, content, dry_run=True)
    assert _problems(response) == [(3, "")]
    assert "UTF-8" in response.json["problems"][0]["message"]
    assert _count(Candidate) == 0


def test_missing_and_unknown_columns_are_named(api: ApiClient, app: Flask) -> None:
    event = factories.make_event()
    content = b"first_name,surname,email\nAino,Nieminen,aino@example.fi\n"
    response = _send(api, event, content)
    assert response.status_code == 422
    assert sorted(_problems(response)) == [(1, "birth_year"), (1, "languages"),
                                           (1, "last_name"), (1, "surname")]


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 not really a workbook",
                                     b'first_name,"last\n'])
def test_a_malformed_file_gets_a_message_not_an_error(
    api: ApiClient, app: Flask, content: bytes
) -> None:
    event = factories.make_event()
    response = _send(api, event, content, dry_run=True)
    assert response.status_code == 200
    assert response.json["problems"] and response.json["problems"][0]["message"]


def test_employers_from_a_workbook(api: ApiClient, app: Flask) -> None:
    event = factories.make_event()
    book = Workbook()
    sheet = book.active
    sheet.append(["company_name", "business_id", "contact_name", "email", "phone",
                  "interview_minutes", "tables", "available", "vacancy_title",
                  "vacancy_positions", "vacancy_requires"])
    sheet.append(["Kahvila Oy", "1572860-0", "Maija", "maija@example.fi", 401234567, 15.0, 2,
                  "09:00-12:00", "Barista", 2, "hygiene_passport"])
    sheet.append(["Varasto Oy", "0737546-2", "Pekka", "pekka@example.fi", None, 20, 1, None,
                  "Varastotyöntekijä", 3, "forklift_card"])
    sheet.append(["Kopio Oy", "1572860-0", "Kalle", "kalle@example.fi", None, 15, 1, None,
                  None, None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    refused = _send(api, event, buffer.getvalue(), kind="employers", name="yritykset.xlsx")
    assert refused.status_code == 422
    assert _problems(refused) == [(4, "business_id")]
    assert _count(Employer) == 0

    sheet.delete_rows(4)
    buffer = io.BytesIO()
    book.save(buffer)
    stored = _send(api, event, buffer.getvalue(), kind="employers", name="yritykset.xlsx")
    assert stored.status_code == 200, stored.json
    employers = db.session.scalars(sa.select(Employer).order_by(Employer.id)).all()
    assert [(e.company_name, e.phone, e.tables, e.status) for e in employers] == [
        ("Kahvila Oy", "+358401234567", 2, "approved"), ("Varasto Oy", "", 1, "approved")]
    titles = db.session.scalars(sa.select(Vacancy.title).order_by(Vacancy.id)).all()
    assert titles == ["Barista", "Varastotyöntekijä"]
    assert [c.code for c in employers[0].vacancies[0].requirements] == ["hygiene_passport"]


@pytest.mark.slow
def test_ten_thousand_rows_are_checked_and_the_one_bad_row_found(
    api: ApiClient, app: Flask
) -> None:
    event = factories.make_event()
    rows = [_row(n) for n in range(1, 10_001)]
    rows[7_776] = _row(7_777, email="aino12@example.fi")  # line 7,778 repeats line 13
    content = (HEADER + "".join(rows)).encode()
    response = _send(api, event, content)
    assert response.status_code == 422
    assert _problems(response) == [(7_778, "email")]
    assert "13" in response.json["errors"][0]["message"]
    assert _count(Candidate) == 0


def test_the_staff_page_checks_then_stores(
    logged_in_client: FlaskClient, app: Flask
) -> None:
    event = factories.make_event()
    url = f"/staff/events/{event.id}/import"
    assert logged_in_client.get(url).status_code == 200
    bad = (HEADER + _row(1) + _row(2, birth_year="1980")).encode()
    page = logged_in_client.post(url, data={"kind": "candidates", "dry_run": "y",
                                            "file": (io.BytesIO(bad), "people.csv")})
    assert page.status_code == 422
    assert "birth_year" in page.text
    good = (HEADER + _row(1) + _row(2)).encode()
    page = logged_in_client.post(url, data={"kind": "candidates", "dry_run": "y",
                                            "file": (io.BytesIO(good), "people.csv")})
    assert page.status_code == 200 and _count(Candidate) == 0
    stored = logged_in_client.post(url, data={"kind": "candidates",
                                              "file": (io.BytesIO(good), "people.csv")})
    assert stored.status_code == 302
    assert _count(Candidate) == 2
