"""An employer's sign-up gets a receipt, a second sign-up of the same business id is flagged
to staff and the employer is told, and a rejection is sent to the employer."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa

from recruit.extensions import db
from recruit.models import Employer, OutboxMessage
from tests.employers.test_signup import signup_url, valid_form


@pytest.fixture
def event(make_event: Any) -> Any:
    return make_event(signup_deadline=dt.datetime.now(dt.UTC) + dt.timedelta(days=7))


def _mail(kind: str) -> list[OutboxMessage]:
    return list(db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)))


def test_signup_sends_a_receipt_in_the_employers_language(client, event):
    assert client.post(signup_url(event) + "?lang=sv", data=valid_form()).status_code == 302

    [receipt] = _mail("employer_received")
    assert receipt.recipient == "kaisa@kruunu.example.com" and receipt.locale == "sv"
    assert "Kahvila Kruunu Oy" in receipt.body_text and "Barista" in receipt.body_text
    assert "samma FO-nummer" not in receipt.body_text  # the first sign-up is not a duplicate


def test_second_signup_with_the_same_business_id_is_flagged_and_told(
    client, logged_in_client, event, make_event
):
    assert client.post(signup_url(event), data=valid_form()).status_code == 302
    # The same company for another event is no duplicate.
    other_event = make_event(signup_deadline=dt.datetime.now(dt.UTC) + dt.timedelta(days=7))
    assert client.post(signup_url(other_event), data=valid_form()).status_code == 302

    again = client.post(signup_url(event) + "?lang=en",
                        data=valid_form(email="toinen@kruunu.example.com"),
                        follow_redirects=True)

    assert "already signed up for this event with the same business ID" in again.get_data(
        as_text=True)
    first, second = db.session.scalars(
        sa.select(Employer).where(Employer.event_id == event.id).order_by(Employer.id)).all()
    receipts = _mail("employer_received")
    assert len(receipts) == 3
    assert "already signed up" not in receipts[0].body_text
    assert receipts[2].recipient == "toinen@kruunu.example.com"
    assert "already signed up for this event with the same business ID" in receipts[2].body_text

    listing = logged_in_client.get(f"/staff/events/{event.id}/employers?lang=en")
    text = listing.get_data(as_text=True)
    assert text.count("data-duplicate") == 2
    assert "Same business ID signed up twice" in text
    other = logged_in_client.get(f"/staff/events/{other_event.id}/employers?lang=en")
    assert "data-duplicate" not in other.get_data(as_text=True)
    detail = logged_in_client.get(
        f"/staff/events/{event.id}/employers/{second.id}?lang=fi").get_data(as_text=True)
    assert 'id="same-business"' in detail
    assert f"/staff/events/{event.id}/employers/{first.id}" in detail

    # Rejecting the extra one clears the flag and tells its contact person.
    logged_in_client.post(f"/staff/events/{event.id}/employers/{second.id}/status",
                          data={"status": "rejected"})
    listing = logged_in_client.get(f"/staff/events/{event.id}/employers")
    assert "data-duplicate" not in listing.get_data(as_text=True)
    [rejection] = _mail("employer_rejected")
    assert rejection.recipient == "toinen@kruunu.example.com"


def test_rejection_is_sent_once_in_the_employers_language(logged_in_client, make_employer,
                                                          make_event):
    event = make_event()
    employer = make_employer(event, status="pending", locale="sv")
    url = f"/staff/events/{event.id}/employers/{employer.id}/status"

    logged_in_client.post(url, data={"status": "rejected"})
    logged_in_client.post(url, data={"status": "rejected"})  # a second click changes nothing

    [rejection] = _mail("employer_rejected")
    assert rejection.recipient == employer.email and rejection.locale == "sv"
    assert employer.company_name in rejection.body_text
    assert _mail("employer_approved") == []
