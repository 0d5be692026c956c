"""Interviews through the API: If-Match keeps two clients from overwriting each other, a
cancellation after publishing reaches the person through the change path, outcomes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from recruit.extensions import db
from recruit.mail.messages import INTERVIEW_CANCEL
from recruit.models import AuditEntry, Interview, OutboxMessage
from tests import factories
from tests.api.conftest import ApiClient, make_token, publish


def _interview(**event: Any) -> Interview:
    made = factories.make_event(**event)
    vacancy = factories.make_vacancy(factories.make_employer(made))
    return factories.make_interview(factories.make_candidate(made, interests=[vacancy]), vacancy)


def test_two_clients_cannot_overwrite_each_other(client: FlaskClient, app: Flask) -> None:
    interview = _interview()
    first, second = ApiClient(client, make_token()), ApiClient(client, make_token())
    path = f"/interviews/{interview.id}"
    seen_by_first = first.get(path).headers["ETag"]
    seen_by_second = second.get(path).headers["ETag"]

    assert first.send("PATCH", path, {"locked": True}).status_code == 428
    changed = first.send("PATCH", path, {"locked": True}, headers={"If-Match": seen_by_first})
    assert changed.status_code == 200 and changed.json["locked"] is True
    assert changed.headers["ETag"] != seen_by_first

    stale = second.send("PATCH", path, {"start": "09:30"}, headers={"If-Match": seen_by_second})
    assert stale.status_code == 412
    assert stale.mimetype == "application/problem+json"
    db.session.refresh(interview)
    assert interview.start_minute == 9 * 60 and interview.locked


def test_a_move_that_breaks_a_rule_is_refused_and_changes_nothing(
    api: ApiClient, app: Flask
) -> None:
    interview = _interview()
    path = f"/interviews/{interview.id}"
    etag = api.get(path).headers["ETag"]
    refused = api.send("PATCH", path, {"start": "13:00"}, headers={"If-Match": etag})
    assert refused.status_code == 409
    assert refused.json["errors"]
    db.session.refresh(interview)
    assert interview.start_minute == 9 * 60


def test_cancelling_a_published_interview_tells_the_person(api: ApiClient, app: Flask) -> None:
    interview = _interview()
    event_id, email = interview.event_id, interview.candidate.email
    assert publish(api, event_id)["status"] == "done"
    path = f"/interviews/{interview.id}"
    response = api.send("PATCH", path, {"cancelled": True},
                        headers={"If-Match": api.get(path).headers["ETag"]})
    assert response.status_code == 200 and response.json["cancelled"] is True

    cancellations = db.session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.kind == INTERVIEW_CANCEL)).all()
    assert [message.recipient for message in cancellations] == [email]
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "interview.cancel"))
    assert entry is not None and entry.api_token_id is not None
    again = api.send("PATCH", path, {"cancelled": True},
                     headers={"If-Match": response.headers["ETag"]})
    assert again.status_code == 409
    draft = api.get(f"/events/{event_id}/schedule/draft").json
    assert draft["interviews"] == []


def test_outcomes_are_recorded_with_the_etag_and_listed(api: ApiClient, app: Flask) -> None:
    yesterday = dt.date.today() - dt.timedelta(days=1)
    interview = _interview(date=yesterday, signup_deadline=None)
    path = f"/interviews/{interview.id}"
    etag = api.get(path).headers["ETag"]
    assert api.send("PUT", f"{path}/outcome", {"outcome": "hired"}).status_code == 428
    recorded = api.send("PUT", f"{path}/outcome", {"outcome": "hired"},
                        headers={"If-Match": etag})
    assert recorded.status_code == 200, recorded.json
    assert recorded.json["attended"] is True and recorded.json["outcome"] == "hired"
    refused = api.send("PUT", f"{path}/outcome", {"attended": False, "outcome": "hired"},
                       headers={"If-Match": recorded.headers["ETag"]})
    assert refused.status_code == 422
    listed = api.get(f"/events/{interview.event_id}/outcomes").json
    assert [(line["interview_id"], line["outcome"]) for line in listed] == [
        (interview.id, "hired")]


def test_outcomes_wait_for_the_event(api: ApiClient, app: Flask) -> None:
    interview = _interview()
    path = f"/interviews/{interview.id}"
    response = api.send("PUT", f"{path}/outcome", {"outcome": "hired"},
                        headers={"If-Match": api.get(path).headers["ETag"]})
    assert response.status_code == 422
    db.session.refresh(interview)
    assert interview.outcome is None


def test_the_draft_narrows_to_one_employer_or_one_young_person(api: ApiClient, app: Flask) -> None:
    event = factories.make_event()
    cafe = factories.make_vacancy(factories.make_employer(event, company_name="Kahvila Oy"))
    shop = factories.make_vacancy(factories.make_employer(event, company_name="Kauppa Oy"))
    aino = factories.make_candidate(event, interests=[cafe, shop])
    eero = factories.make_candidate(event, interests=[cafe])
    at_cafe = factories.make_interview(aino, cafe)
    at_shop = factories.make_interview(aino, shop, start_minute=10 * 60)
    eero_at_cafe = factories.make_interview(eero, cafe, table_no=2)
    path = f"/events/{event.id}/schedule/draft"

    def ids(query: str) -> set[int]:
        response = api.get(f"{path}{query}")
        assert response.status_code == 200, response.json
        return {line["id"] for line in response.json["interviews"]}

    assert ids("") == {at_cafe.id, at_shop.id, eero_at_cafe.id}
    assert ids(f"?employer={cafe.employer_id}") == {at_cafe.id, eero_at_cafe.id}
    assert ids(f"?candidate={aino.id}") == {at_cafe.id, at_shop.id}
    assert ids(f"?employer={shop.employer_id}&candidate={eero.id}") == set()
    refused = api.get(f"{path}?employer=0")
    assert refused.status_code == 422 and refused.mimetype == "application/problem+json"
