"""One set of outcome rules for the employer's form and the staff corrections; the door's
marks offered on the employer's form; the reminder to employers who have not recorded them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from recruit.dayof import outcomes
from recruit.dayof.outcomes import RosterResult, record_roster_outcomes
from recruit.extensions import db
from recruit.models import Interview, OutboxMessage
from recruit.reports.corrections import CorrectionRefused, correct_outcome
from tests.dayof.support import todays_event
from tests.employers.test_link import TOKEN_IN_URL, employer_link, publish


@pytest.fixture
def held(make_event, make_employer, make_vacancy, make_candidate, make_interview) -> Any:
    """A published interview of an event that took place a week ago (in the event's own time
    zone: between 22:00 and 24:00 UTC it is already tomorrow in Helsinki)."""
    today = dt.datetime.now(ZoneInfo("Europe/Helsinki")).date()
    event = make_event(date=today - dt.timedelta(days=7),
                       signup_deadline=dt.datetime.now(dt.UTC) - dt.timedelta(days=14))
    employer = make_employer(event, email="rekry@kahvila.example")
    interview = make_interview(make_candidate(event), make_vacancy(employer))
    publish(event)
    return interview


@pytest.mark.parametrize(("attended", "outcome", "message"), [
    (False, "hired", "did not come cannot have an outcome"),
    (True, "promoted", "Choose one of the outcomes"),
])
def test_employer_and_staff_are_refused_by_the_same_rules(app, held, staff_user, attended,
                                                          outcome, message):
    with app.test_request_context("/?lang=en"):
        with pytest.raises(CorrectionRefused) as staff_refusal:
            correct_outcome(held, attended, outcome, staff_user_id=staff_user.id)
        db.session.rollback()
        with pytest.raises(outcomes.OperationError) as employer_refusal:
            outcomes.apply_outcome(held, attended, outcome)
        assert message in staff_refusal.value.message
        assert str(employer_refusal.value.message) == staff_refusal.value.message


def test_a_cancelled_interview_takes_no_outcome_from_anyone(app, held, staff_user):
    held.cancelled_at = dt.datetime.now(dt.UTC)
    held.release_cells()
    db.session.commit()
    with pytest.raises(CorrectionRefused):
        correct_outcome(held, True, "hired", staff_user_id=staff_user.id)
    with pytest.raises(outcomes.OutcomesRefused) as refused:
        record_roster_outcomes(held.employer, {held.id: held},
                               {held.id: RosterResult("hired")})
    assert list(refused.value.errors) == [held.id]
    db.session.rollback()
    assert db.session.get(Interview, held.id).outcome is None


def test_staff_correction_keeps_the_employers_note(app, held, staff_user):
    record_roster_outcomes(held.employer, {held.id: held},
                           {held.id: RosterResult("second_round", "Soitan perjantaina")})
    correct_outcome(held, True, "hired", staff_user_id=staff_user.id)
    db.session.commit()
    row = db.session.get(Interview, held.id)
    assert (row.attended, row.outcome, row.outcome_note) == (True, "hired", "Soitan perjantaina")


def test_the_employers_form_offers_what_the_door_saw(client, logged_in_client, make_event,
                                                     make_employer, make_vacancy,
                                                     make_candidate, make_interview):
    event = todays_event(make_event, start_minute=0)
    employer = make_employer(event, tables=3)
    vacancy = make_vacancy(employer)
    came, absent, unknown = (
        make_interview(make_candidate(event), vacancy, start_minute=0, table_no=table)
        for table in (1, 2, 3)
    )
    publish(event)
    for interview, mark in ((came, "late"), (absent, "no_show")):
        logged_in_client.post(f"/staff/events/{event.id}/check-in/{interview.id}",
                              data={"arrival": mark})
    html = client.get(employer_link(employer)).get_data(as_text=True)

    def chosen(interview: Interview) -> str:
        select = re.search(rf'<select id="result-{interview.id}".*?</select>', html, re.S)
        found = re.search(r'<option value="([a-z_]*)" selected>', select.group(0))
        return found.group(1) if found else ""

    assert (chosen(came), chosen(absent), chosen(unknown)) == ("came", "no_show", "")
    # Offered, not recorded: only saving the form records it.
    assert db.session.get(Interview, absent.id).attended is None


# --- the reminder ---------------------------------------------------------------------------


def test_employers_without_outcomes_are_reminded_once(app, runner, client, held, make_employer,
                                                      make_vacancy, make_candidate,
                                                      make_interview):
    app.config["OUTCOME_REMINDER_DAYS"] = 7
    event = held.event
    done = make_employer(event, email="valmis@example.com")
    recorded = make_interview(make_candidate(event), make_vacancy(done))
    recorded.attended, recorded.outcome = True, "hired"
    db.session.commit()
    publish(event)

    result = runner.invoke(args=["request-outcomes"])
    assert result.exit_code == 0, result.output
    assert "1 outcome reminders queued" in result.output
    (message,) = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.kind == "outcome_reminder")).all()
    assert message.recipient == "rekry@kahvila.example"
    assert "1 haastattelulle ei ole vielä kirjattu tulosta" in message.body_text
    token = TOKEN_IN_URL.search(message.body_text).group(1)
    assert f'name="result-{held.id}"' in client.get(f"/employers/link/{token}").get_data(
        as_text=True)
    again = runner.invoke(args=["request-outcomes"])
    assert "0 outcome reminders queued" in again.output


def test_the_reminder_waits_for_its_day(app, runner, held):
    app.config["OUTCOME_REMINDER_DAYS"] = 10
    result = runner.invoke(args=["request-outcomes"])
    assert result.exit_code == 0, result.output
    assert db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.kind == "outcome_reminder")).all() == []
    # Asked for by hand, the event's reminders go now.
    result = runner.invoke(args=["request-outcomes", "--reminders-for", str(held.event_id)])
    assert "1 outcome reminders queued" in result.output
