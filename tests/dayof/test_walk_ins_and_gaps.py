"""Walk-ins are signed up on the spot with consent; "fill gaps from now" places them and the
waiting list in the free times after now, keeps every interview people know of, and tells
exactly the people concerned."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from recruit.dayof.gaps import fill_gaps
from recruit.extensions import db
from recruit.models import AuditEntry, Candidate, Interview, SolveRun
from recruit.scheduling.queries import latest_version
from tests.booking.support import outbox, publish
from tests.dayof.support import todays_event
from tests.scheduling.support import TEST_TIME_LIMIT, wait_for_run

HELSINKI = ZoneInfo("Europe/Helsinki")


def _walk_in(**overrides: str) -> dict[str, str]:
    data = {"first_name": "Kaisa", "last_name": "Kävijä", "email": "Kaisa@Example.org",
            "birth_year": str(dt.date.today().year - 19), "languages": "sv", "consent": "y"}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_a_walk_in_is_signed_up_checked_in_and_taken_to_booking(logged_in_client, make_event):
    event = todays_event(make_event)
    response = logged_in_client.post(f"/staff/events/{event.id}/walk-ins/new?lang=en",
                                     data=_walk_in())
    assert response.status_code == 302
    (walk_in,) = db.session.scalars(sa.select(Candidate)).all()
    assert response.headers["Location"].endswith(
        f"/staff/events/{event.id}/candidates/{walk_in.id}/booking")
    assert (walk_in.email, walk_in.status, walk_in.open_to_other, walk_in.locale) == (
        "kaisa@example.org", "active", True, "sv")
    assert walk_in.consent_version and walk_in.consent_at
    assert walk_in.email_verified_at is not None and walk_in.checked_in_at is not None
    actions = {a.action for a in db.session.scalars(sa.select(AuditEntry))}
    assert {"candidate.create", "candidate.walk_in"} <= actions


@pytest.mark.parametrize(("fields", "message"), [
    ({"consent": None}, "consent is needed"),
    ({"email": "not-an-address"}, "e-mail address"),
    ({"birth_year": "1960"}, "aged 15"),
    ({"first_name": ""}, "This field is required"),
])
def test_a_walk_in_without_consent_or_with_bad_details_is_refused(logged_in_client, make_event,
                                                                  fields, message):
    event = todays_event(make_event)
    response = logged_in_client.post(f"/staff/events/{event.id}/walk-ins/new?lang=en",
                                     data=_walk_in(**fields))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalars(sa.select(Candidate)).all() == []


def test_a_walk_in_with_a_known_address_is_refused(logged_in_client, make_event, make_candidate):
    event = todays_event(make_event)
    make_candidate(event, email="kaisa@example.org")
    response = logged_in_client.post(f"/staff/events/{event.id}/walk-ins/new?lang=en",
                                     data=_walk_in())
    assert response.status_code == 400
    assert len(db.session.scalars(sa.select(Candidate)).all()) == 1


# --- fill gaps from now ---------------------------------------------------------------------


@pytest.fixture
def morning(app, make_event, make_employer, make_vacancy, make_candidate, make_interview):
    """09:00–12:00, one café table with 15-minute slots; three interviews published (the first
    already held at 10.02), then a walk-in and someone on the waiting list."""
    app.config["SAME_DAY_MARGIN_MINUTES"] = 20
    event = make_event(start_minute=9 * 60, end_minute=12 * 60)
    cafe = make_employer(event, available=[(9 * 60, 12 * 60)])
    barista = make_vacancy(cafe, title="Barista")
    known = [make_interview(make_candidate(event, interests=[barista]), barista,
                            start_minute=start)
             for start in (9 * 60, 9 * 60 + 45, 11 * 60)]
    publish(event)
    walk_in = make_candidate(event, first_name="Kaisa", open_to_other=True)
    waiting = make_candidate(event, first_name="Odottaja", interests=[barista])
    return {"event": event, "known": known, "walk_in": walk_in, "waiting": waiting}


def _now(event: Any, hour: int, minute: int) -> dt.datetime:
    return dt.datetime.combine(event.date, dt.time(hour, minute), HELSINKI).astimezone(dt.UTC)


def test_filling_keeps_what_people_know_and_places_nothing_before_now(morning):
    event = morning["event"]
    before = {(i.id, i.start_minute, i.table_no) for i in morning["known"]}
    invites_before = len(outbox("interview_invite"))

    result = fill_gaps(event, None, time_limit=TEST_TIME_LIMIT, now=_now(event, 10, 2))
    db.session.commit()

    assert result.status == "done" and result.added == 2
    live = db.session.scalars(sa.select(Interview).where(Interview.cancelled_at.is_(None))).all()
    assert {(i.id, i.start_minute, i.table_no) for i in live} >= before
    new = [i for i in live if i.candidate_id in (morning["walk_in"].id, morning["waiting"].id)]
    assert len(new) == 2
    # 10.02 + 20 minutes of margin, on the café's 15-minute grid: 10.30 at the earliest.
    assert min(i.start_minute for i in new) >= 10 * 60 + 30
    # Published at once, and the two people placed got their invitation (the change path).
    assert latest_version(event).number == 2
    invited = {m.recipient for m in outbox("interview_invite")[invites_before:]}
    assert invited == {morning["walk_in"].email, morning["waiting"].email}
    # The people who already knew their time were told nothing new.
    for interview in morning["known"]:
        assert outbox("interview_update", to=interview.candidate.email) == []
        assert outbox("interview_cancel", to=interview.candidate.email) == []


def test_filling_with_no_room_changes_nothing(morning, make_candidate):
    event = morning["event"]
    result = fill_gaps(event, None, time_limit=TEST_TIME_LIMIT, now=_now(event, 11, 50))
    db.session.commit()
    assert result.status == "done" and result.added == 0
    assert db.session.scalar(sa.select(sa.func.count(Interview.id))) == 3


def test_the_page_runs_the_fill_as_a_job_and_says_how_it_went(logged_in_client, morning):
    event = morning["event"]
    response = logged_in_client.post(f"/staff/events/{event.id}/fill-gaps")
    assert response.status_code == 302
    run = db.session.scalars(sa.select(SolveRun).order_by(SolveRun.id.desc())).first()
    assert run.progress["kind"] == "fill_gaps"
    run = wait_for_run(run.id)
    assert run.status == "done", run.error
    html = logged_in_client.get(f"/staff/events/{event.id}/fill-gaps?lang=en").get_data(
        as_text=True)
    assert "2 new interviews were placed and published" in html


def test_filling_needs_a_published_schedule_without_unpublished_edits(
    logged_in_client, make_event, morning, make_candidate, make_interview
):
    fresh = make_event()
    response = logged_in_client.post(f"/staff/events/{fresh.id}/fill-gaps?lang=en",
                                     follow_redirects=True)
    assert "Publish the schedule first" in response.get_data(as_text=True)
    event = morning["event"]
    # A staff edit on the draft that is not published yet: filling would publish it too.
    morning["known"][1].start_minute = 10 * 60 + 15
    morning["known"][1].end_minute = 10 * 60 + 30
    db.session.commit()
    response = logged_in_client.post(f"/staff/events/{event.id}/fill-gaps?lang=en",
                                     follow_redirects=True)
    assert "not published yet" in response.get_data(as_text=True)
    assert db.session.scalars(sa.select(SolveRun)).all() == []
