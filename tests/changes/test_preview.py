"""Publishing and event edits that message people show what will be sent and wait for a yes."""

from __future__ import annotations

import html
from datetime import date

import sqlalchemy as sa

from recruit.extensions import db
from recruit.models import Event, OutboxMessage, ScheduleVersion
from recruit.scheduling.publishing import publish_schedule
from tests.events.test_views import event_form
from tests.scheduling.support import wait_for_publish


def _draft(make_event, make_employer, make_vacancy, make_candidate, make_interview):
    event = make_event(start_minute=9 * 60, end_minute=13 * 60, breaks=[(11 * 60, 11 * 60 + 30)])
    vacancy = make_vacancy(make_employer(event, tables=1, available=[(9 * 60, 11 * 60)]))
    youth = [make_candidate(event, open_to_other=True) for _ in range(3)]
    for i, person in enumerate(youth):
        make_interview(person, vacancy, start_minute=9 * 60 + 15 * i)
    return event


def _count(kind: str | None = None) -> int:
    db.session.rollback()
    query = sa.select(sa.func.count()).select_from(OutboxMessage)
    if kind is not None:
        query = query.where(OutboxMessage.kind == kind)
    return db.session.scalar(query)


def _text(response) -> str:
    return " ".join(html.unescape(response.get_data(as_text=True)).split())


def test_publish_shows_the_counts_and_sends_nothing_until_confirmed(
    logged_in_client, make_event, make_employer, make_vacancy, make_candidate, make_interview
):
    event = _draft(make_event, make_employer, make_vacancy, make_candidate, make_interview)
    url = f"/staff/events/{event.id}/schedule/publish?lang=en"
    preview = logged_in_client.post(url)
    assert preview.status_code == 200
    assert "3 invitations, 0 updates and 0 cancellations will be sent." in _text(preview)
    assert 'name="confirm_messages"' in preview.get_data(as_text=True)
    assert _count() == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ScheduleVersion)) == 0

    confirmed = logged_in_client.post(url, data={"confirm_messages": "1"})
    assert confirmed.status_code == 302
    # The messages are queued by the publish's background job.
    assert wait_for_publish(confirmed.headers["Location"]).status == "done"
    assert _count("interview_invite") == 3


def test_the_counts_are_shown_in_finnish(
    logged_in_client, make_event, make_employer, make_vacancy, make_candidate, make_interview
):
    event = _draft(make_event, make_employer, make_vacancy, make_candidate, make_interview)
    preview = logged_in_client.post(f"/staff/events/{event.id}/schedule/publish?lang=fi")
    assert "Lähetetään 3 kutsua, 0 päivitystä ja 0 peruutusta." in _text(preview)


def test_a_date_change_after_publishing_asks_first_then_updates_everyone(
    logged_in_client, make_event, make_employer, make_vacancy, make_candidate, make_interview
):
    event = _draft(make_event, make_employer, make_vacancy, make_candidate, make_interview)
    publish_schedule(event, None)
    db.session.commit()
    event_id, invites = event.id, _count("interview_invite")
    data = event_form(
        date="2027-03-13", start_time="09:00", end_time="13:00", breaks="11:00-11:30",
        grid_minutes="5", candidate_buffer_minutes="5", signup_deadline="2027-03-05T16:00",
        max_ranked_interests="3",
    )
    url = f"/staff/events/{event_id}/edit?lang=en"
    preview = logged_in_client.post(url, data=data)
    assert preview.status_code == 200
    assert "0 invitations, 3 updates and 0 cancellations will be sent." in _text(preview)
    # Nothing was kept: the date is as it was and no update is queued.
    assert _count("interview_update") == 0
    assert db.session.get(Event, event_id).date == date(2027, 3, 12)
    # The form still holds what staff typed.
    assert 'value="2027-03-13"' in preview.get_data(as_text=True)

    saved = logged_in_client.post(url, data={**data, "confirm_messages": "1"})
    assert saved.status_code == 302
    assert _count("interview_update") == 3
    assert _count("interview_invite") == invites
    assert db.session.get(Event, event_id).date == date(2027, 3, 13)
