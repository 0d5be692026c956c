"""Event dates that cannot be right are refused: a past event, a deadline after the event."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from recruit.extensions import db
from recruit.models import Event

TODAY = dt.datetime.now(ZoneInfo("Europe/Helsinki")).date()


def _form(day: dt.date, deadline: str = "") -> dict[str, object]:
    return {
        "name": "Kevään treffit", "date": day.isoformat(), "venue_name": "Ohjaamo",
        "venue_address": "Katu 1", "timezone": "Europe/Helsinki", "start_time": "09:00",
        "end_time": "13:00", "grid_minutes": "5", "candidate_buffer_minutes": "5",
        "max_interviews_per_candidate": "3", "max_ranked_interests": "3",
        "signup_deadline": deadline, "languages": ["fi", "sv", "en"],
        "organiser_email": "tapahtumat@example.org", "change_policy": "automatic",
        "retention_days": "180", "default_min_candidates": "20", "default_max_candidates": "30",
    }


def _events() -> list[str]:
    return list(db.session.scalars(sa.select(Event.name)))


def test_past_event_cannot_be_created(logged_in_client):
    page = logged_in_client.post("/staff/events/new?lang=en", data=_form(dt.date(2020, 3, 9)))
    assert page.status_code == 400
    assert "The date has passed" in page.get_data(as_text=True)
    assert _events() == []
    created = logged_in_client.post("/staff/events/new", data=_form(TODAY))
    assert created.status_code == 302 and _events() == ["Kevään treffit"]


def test_deadline_must_be_before_the_event(logged_in_client):
    day = TODAY + dt.timedelta(days=30)
    late = f"{(day + dt.timedelta(days=2)).isoformat()}T12:00"
    page = logged_in_client.post("/staff/events/new?lang=en", data=_form(day, late))
    assert "The sign-up deadline must be before the event starts." in page.get_data(as_text=True)
    same_morning = f"{day.isoformat()}T09:00"
    page = logged_in_client.post("/staff/events/new?lang=fi", data=_form(day, same_morning))
    assert "Ilmoittautumisen määräajan" in page.get_data(as_text=True)
    assert _events() == []
    fine = f"{(day - dt.timedelta(days=3)).isoformat()}T16:00"
    assert logged_in_client.post("/staff/events/new", data=_form(day, fine)).status_code == 302


def test_an_old_event_stays_editable_but_not_moved_into_the_past(logged_in_client, make_event):
    old = make_event(date=dt.date(2025, 5, 20),
                     signup_deadline=dt.datetime(2025, 5, 10, 12, 0, tzinfo=dt.UTC))
    edit = f"/staff/events/{old.id}/edit?lang=en"
    form = _form(old.date, "2025-05-10T15:00") | {"name": "Renamed"}
    assert logged_in_client.post(edit, data=form).status_code == 302
    assert db.session.get(Event, old.id).name == "Renamed"
    moved = logged_in_client.post(edit, data=form | {"date": "2025-05-19",
                                                     "signup_deadline": "2025-05-10T15:00"})
    assert "The date has passed" in moved.get_data(as_text=True)
    assert db.session.get(Event, old.id).date == dt.date(2025, 5, 20)


def test_copy_to_a_past_date_is_refused(logged_in_client, make_event):
    source = make_event()
    page = logged_in_client.post(f"/staff/events/{source.id}/copy?lang=en",
                                 data={"name": "Kopio", "date": "2020-01-10"})
    assert page.status_code == 400 and "The date has passed" in page.get_data(as_text=True)
    assert _events() == [source.name]
