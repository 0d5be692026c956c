"""The impact follow-up setting of an event through the API (read, create, change, by the
rules of the staff event form) and the follow-up figures of the API's report."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from recruit.extensions import db
from recruit.followup import operations
from recruit.models import AuditEntry, Event, utcnow
from tests import factories
from tests.api.conftest import ApiClient

NEW_EVENT = {"name": "Kevään treffit", "date": "2027-04-20", "start": "09:00", "end": "13:00"}


def _events() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Event)) or 0


def _errors(response: Any) -> dict[str, str]:
    assert response.mimetype == "application/problem+json"
    return {entry["field"]: entry["message"] for entry in response.json["errors"]}


def _change(api: ApiClient, event_id: int, body: dict[str, Any]) -> Any:
    path = f"/events/{event_id}"
    return api.send("PATCH", path, body, headers={"If-Match": api.get(path).headers["ETag"]})


def test_an_event_is_created_with_or_without_the_follow_up(api: ApiClient, app: Flask) -> None:
    plain = api.post("/events", NEW_EVENT)
    assert plain.status_code == 201 and plain.json["follow_up_days"] is None

    asked = api.post("/events", {**NEW_EVENT, "follow_up_days": 90, "retention_days": 120})
    assert asked.status_code == 201, asked.json
    assert api.get(f"/events/{asked.json['id']}").json["follow_up_days"] == 90
    assert db.session.get(Event, asked.json["id"]).follow_up_days == 90


def test_a_follow_up_the_data_would_not_outlive_is_refused(api: ApiClient, app: Flask) -> None:
    refused = api.post("/events", {**NEW_EVENT, "follow_up_days": 90, "retention_days": 100})
    assert refused.status_code == 422
    message = _errors(refused)["retention_days"]
    assert "90 days" in message and "at least 118 days" in message

    for days in (3, 4000, "soon"):
        bad = api.post("/events", {**NEW_EVENT, "follow_up_days": days})
        assert bad.status_code == 422 and "follow_up_days" in _errors(bad)
    assert _events() == 0


def test_the_refusal_speaks_the_callers_language(client: FlaskClient, app: Flask) -> None:
    from tests.api.conftest import make_token

    finnish = ApiClient(client, make_token(), language="fi")
    refused = finnish.post("/events", {**NEW_EVENT, "follow_up_days": 90, "retention_days": 30})
    assert refused.status_code == 422
    assert "118" in _errors(refused)["retention_days"]
    assert "days" not in _errors(refused)["retention_days"]


def test_the_follow_up_is_switched_on_changed_and_off(api: ApiClient, app: Flask) -> None:
    event = factories.make_event(retention_days=180)
    path = f"/events/{event.id}"
    assert api.send("PATCH", path, {"follow_up_days": 60}).status_code == 428

    on = _change(api, event.id, {"follow_up_days": 60})
    assert on.status_code == 200, on.json
    assert on.json["follow_up_days"] == 60 and on.json["name"] == event.name
    assert on.json["retention_days"] == 180
    db.session.expire_all()
    assert db.session.get(Event, event.id).follow_up_days == 60
    assert db.session.scalar(sa.select(AuditEntry.action).where(
        AuditEntry.action == "event.update", AuditEntry.api_token_id.is_not(None)))

    off = _change(api, event.id, {"follow_up_days": None})
    assert off.status_code == 200 and off.json["follow_up_days"] is None
    db.session.expire_all()
    assert db.session.get(Event, event.id).follow_up_days is None


def test_a_change_is_checked_against_the_whole_event(api: ApiClient, app: Flask) -> None:
    event = factories.make_event(retention_days=100, follow_up_days=None)
    refused = _change(api, event.id, {"follow_up_days": 90})
    assert refused.status_code == 422
    assert "at least 118 days" in _errors(refused)["retention_days"]
    db.session.expire_all()
    assert db.session.get(Event, event.id).follow_up_days is None

    both = _change(api, event.id, {"follow_up_days": 90, "retention_days": 118})
    assert both.status_code == 200
    assert (both.json["follow_up_days"], both.json["retention_days"]) == (90, 118)

    # Shortening the retention below what the follow-up needs is refused the same way.
    shorter = _change(api, event.id, {"retention_days": 117})
    assert shorter.status_code == 422 and "retention_days" in _errors(shorter)


def test_a_held_event_keeps_its_past_date_when_its_follow_up_changes(
    api: ApiClient, app: Flask
) -> None:
    held = factories.make_event(date=dt.date(2026, 10, 1), retention_days=180,
                                signup_deadline=dt.datetime(2026, 9, 20, tzinfo=dt.UTC))
    changed = _change(api, held.id, {"follow_up_days": 90})
    assert changed.status_code == 200, changed.json
    moved = _change(api, held.id, {"date": "2026-10-02"})
    assert moved.status_code == 422 and "date" in _errors(moved)


def test_a_stale_change_is_refused(api: ApiClient, app: Flask) -> None:
    event = factories.make_event(retention_days=180)
    path = f"/events/{event.id}"
    seen = api.get(path).headers["ETag"]
    assert _change(api, event.id, {"follow_up_days": 30}).status_code == 200
    stale = api.send("PATCH", path, {"follow_up_days": 90}, headers={"If-Match": seen})
    assert stale.status_code == 412
    db.session.expire_all()
    assert db.session.get(Event, event.id).follow_up_days == 30


def test_the_document_shows_the_setting_and_the_change(client: FlaskClient, app: Flask) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    schemas = spec["components"]["schemas"]
    for name in ("Event", "EventChange"):
        days = schemas[name]["properties"]["follow_up_days"]
        assert days["minimum"] == 7 and "null" in days["type"]
        assert "retention_days" in days["description"]
    assert "required" not in schemas["EventChange"]
    assert "patch" in spec["paths"]["/api/v1/events/{event_id}"]
    assert "key" in schemas["ReportLine"]["properties"]


def test_the_report_carries_the_follow_up_figures_of_the_page(
    api: ApiClient, app: Flask, logged_in_client: FlaskClient
) -> None:
    event = factories.make_event(date=dt.date(2026, 9, 10), follow_up_days=90,
                                 retention_days=120,
                                 signup_deadline=dt.datetime(2026, 9, 1, tzinfo=dt.UTC))
    employer = factories.make_employer(event)
    vacancy = factories.make_vacancy(employer)
    youth = [factories.make_candidate(event, follow_up_consent_at=utcnow()) for _ in range(12)]
    factories.make_interview(youth[0], vacancy)
    operations.queue_questions(event)
    situations = ["working"] * 7 + ["studying"] * 5
    for person, situation in zip(youth, situations, strict=True):
        assert operations.record_youth_answer(person, situation, "yes")
    assert operations.record_employer_answer(employer, 6)
    db.session.commit()

    lines = api.get(f"/events/{event.id}/report").json["lines"]
    rows = {line["key"]: line["values"] for line in lines
            if line["section"] == "row" and line["key"]}
    sections = [line["key"] for line in lines if line["section"] == "section"]
    assert {"follow_up", "follow_up_situation", "follow_up_helped"} <= set(sections)
    assert rows["youth_asked"][1:] == [12]
    assert rows["youth_answered"][1:] == [12]
    assert rows["response_rate"][1:] == [100.0]
    assert rows["working"][1:] == [7, 58.3]
    assert rows["studying"][1:] == [5, 41.7]
    assert rows["employers_answered"][1:] == [1]
    assert rows["employer_hires"][1:] == [6]
    titled = {line["values"][0] for line in lines if line["section"] == "section"}
    assert "Follow-up after the event" in titled

    page = logged_in_client.get(f"/staff/reports/events/{event.id}?lang=en").get_data(True)
    assert "Follow-up after the event" in page and "58.3" in page
