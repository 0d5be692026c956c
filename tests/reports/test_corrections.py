"""Staff correct an interview's attendance and outcome on the outcome table."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from recruit.extensions import db
from recruit.models import AuditEntry, utcnow


@pytest.fixture
def held(make_event, make_employer, make_vacancy, make_candidate, make_interview):
    """An interview of an event held last week; the employer recorded a no-show."""
    event = make_event(date=dt.date.today() - dt.timedelta(days=7), signup_deadline=None)
    vacancy = make_vacancy(make_employer(event), title="Kokki")
    interview = make_interview(make_candidate(event, first_name="Aino"), vacancy)
    interview.attended = False
    interview.outcome_note = "Ei saapunut paikalle"
    db.session.commit()
    return interview


def post(client, interview, **data):
    return client.post(
        f"/staff/reports/events/{interview.event_id}/outcomes/{interview.id}?lang=en", data=data)


def test_staff_correct_a_no_show_to_hired(logged_in_client, held, staff_user):
    table = logged_in_client.get(f"/staff/reports/events/{held.event_id}/outcomes?lang=en")
    correct_url = f"/staff/reports/events/{held.event_id}/outcomes/{held.id}"
    assert f'href="{correct_url}"' in table.get_data(as_text=True)
    form = logged_in_client.get(correct_url + "?lang=en").get_data(as_text=True)
    assert "Aino" in form and "Ei saapunut paikalle" in form
    assert '<option value="no" selected>Did not come</option>' in form
    response = post(logged_in_client, held, attended="", outcome="hired")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/outcomes#interview-{held.id}")
    db.session.refresh(held)
    # An outcome means the person came; the employer's note stays as they wrote it.
    assert (held.attended, held.outcome, held.outcome_note) == (True, "hired",
                                                                "Ei saapunut paikalle")
    entry = db.session.scalar(sa.select(AuditEntry).where(
        AuditEntry.action == "interview.outcome_corrected"))
    assert (entry.object_id, entry.event_id, entry.staff_user_id) == (
        held.id, held.event_id, staff_user.id)
    page = logged_in_client.get(f"/staff/reports/events/{held.event_id}/outcomes?lang=en")
    assert f'data-interview="{held.id}" data-outcome="hired"' in page.get_data(as_text=True)


def test_attendance_can_be_set_back_to_not_recorded(logged_in_client, held):
    assert post(logged_in_client, held, attended="", outcome="").status_code == 302
    db.session.refresh(held)
    assert (held.attended, held.outcome) == (None, None)


@pytest.mark.parametrize(("data", "message"), [
    ({"attended": "no", "outcome": "hired"}, "Someone who did not come cannot have an outcome"),
    ({"attended": "maybe", "outcome": ""}, "Choose whether the person came."),
    ({"attended": "yes", "outcome": "promoted"}, "Choose one of the outcomes."),
])
def test_bad_corrections_are_refused_and_change_nothing(logged_in_client, held, data, message):
    response = post(logged_in_client, held, **data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert 'aria-describedby="correction-error"' in page
    db.session.refresh(held)
    assert (held.attended, held.outcome) == (False, None)
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id)).where(
        AuditEntry.action == "interview.outcome_corrected")) == 0


def test_no_correction_before_the_event_or_of_a_cancelled_interview(
        logged_in_client, held, make_event, make_employer, make_vacancy, make_candidate,
        make_interview):
    future = make_event(date=dt.date.today() + dt.timedelta(days=30))
    early = make_interview(make_candidate(future), make_vacancy(make_employer(future)))
    response = post(logged_in_client, early, attended="yes", outcome="")
    assert response.status_code == 400
    assert "once the event has started" in response.get_data(as_text=True)
    held.cancelled_at = utcnow()
    held.release_cells()
    db.session.commit()
    # A cancelled interview is off the outcome table, and so is its correction page.
    assert post(logged_in_client, held, attended="yes", outcome="").status_code == 404
    db.session.refresh(held)
    assert (held.attended, held.outcome) == (False, None)


def test_another_events_interview_is_not_found(logged_in_client, held, make_event):
    other = make_event()
    response = logged_in_client.post(
        f"/staff/reports/events/{other.id}/outcomes/{held.id}", data={"attended": "yes"})
    assert response.status_code == 404


def test_corrections_need_a_login(client, held):
    response = post(client, held, attended="yes", outcome="hired")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    db.session.refresh(held)
    assert held.outcome is None
