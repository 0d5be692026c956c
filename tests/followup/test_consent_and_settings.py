"""The consent at sign-up (optional, off unless ticked, only where the event has a follow-up)
and the event setting, refused where the retention period would end before people answer."""

from __future__ import annotations

import re
from typing import Any

import pytest
import sqlalchemy as sa

from recruit.core import links
from recruit.extensions import db
from recruit.models import Candidate, Event
from tests.booking.support import outbox, signup_data, token_from
from tests.events.test_views import event_form, field_error


def _sign_up_and_confirm(client: Any, event: Event, **overrides: Any) -> Candidate:
    response = client.post(f"/youth/events/{event.id}/sign-up?lang=en",
                           data=signup_data(**overrides))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    (message,) = outbox("email_confirmation")
    assert client.post(f"/youth/confirm/{token_from(message)}").status_code == 302
    db.session.expire_all()
    return db.session.scalars(sa.select(Candidate)).one()


@pytest.mark.parametrize(("ticked", "consented"), [("y", True), (None, False)])
def test_the_follow_up_consent_is_kept_only_when_ticked(client, make_event, ticked, consented):
    event = make_event(follow_up_days=90, retention_days=120)
    page = client.get(f"/youth/events/{event.id}/sign-up?lang=en").get_data(as_text=True)
    assert 'name="follow_up"' in page and "(optional)" in page
    assert not re.search(r'<input[^>]* checked [^>]*name="follow_up"', page)
    candidate = _sign_up_and_confirm(client, event, follow_up=ticked)
    assert (candidate.follow_up_consent_at is not None) is consented
    # The person's own data says so too.
    _link, token = links.issue(candidate, "booking")
    db.session.commit()
    own = client.get(f"/youth/b/{token}/data.json").get_json()
    assert (own["consent"]["follow_up_given_at"] is not None) is consented


def test_no_follow_up_at_the_event_offers_nothing_and_keeps_nothing(client, make_event):
    event = make_event()
    page = client.get(f"/youth/events/{event.id}/sign-up?lang=en").get_data(as_text=True)
    assert 'name="follow_up"' not in page
    candidate = _sign_up_and_confirm(client, event, follow_up="y")
    assert candidate.follow_up_consent_at is None


def test_signing_up_again_without_the_tick_withdraws_the_consent(client, make_event):
    event = make_event(follow_up_days=90, retention_days=120)
    candidate = _sign_up_and_confirm(client, event, follow_up="y")
    assert candidate.follow_up_consent_at is not None
    client.post(f"/youth/events/{event.id}/sign-up?lang=en", data=signup_data())
    again = outbox("email_confirmation")[-1]
    client.post(f"/youth/confirm/{token_from(again)}")
    db.session.expire_all()
    assert db.session.get(Candidate, candidate.id).follow_up_consent_at is None


def test_event_form_saves_the_follow_up(logged_in_client):
    response = logged_in_client.post(
        "/staff/events/new", data=event_form(retention_days="118", follow_up="y",
                                             follow_up_days="90"))
    assert response.status_code == 302
    event = db.session.scalars(sa.select(Event)).one()
    assert (event.follow_up_days, event.retention_days) == (90, 118)
    detail = logged_in_client.get(f"/staff/events/{event.id}?lang=en").get_data(as_text=True)
    assert "90 days after the event, to young people who agreed to it" in detail


def test_event_form_refuses_a_retention_that_ends_before_people_answer(logged_in_client):
    response = logged_in_client.post(
        "/staff/events/new?lang=en", data=event_form(retention_days="117", follow_up="y",
                                                     follow_up_days="90"))
    assert response.status_code == 400
    message = field_error(response.get_data(as_text=True), "retention_days")
    assert "needs the data kept at least 118 days" in message
    assert db.session.scalar(sa.select(sa.func.count(Event.id))) == 0


def test_event_form_without_the_follow_up_keeps_none(logged_in_client):
    response = logged_in_client.post("/staff/events/new", data=event_form(follow_up_days="90"))
    assert response.status_code == 302
    assert db.session.scalars(sa.select(Event)).one().follow_up_days is None


def test_a_new_event_form_offers_the_follow_up_with_room_to_answer(logged_in_client):
    page = logged_in_client.get("/staff/events/new?lang=en").get_data(as_text=True)
    inputs = {name: tag for tag, name in re.findall(r'(<input[^>]* name="([a-z_]+)"[^>]*>)',
                                                   page)}
    assert " checked " in inputs["follow_up"]
    assert 'value="90"' in inputs["follow_up_days"]
    assert 'value="120"' in inputs["retention_days"]
