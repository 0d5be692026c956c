"""After the event the employer records attendance and outcome per interview, validated."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from typing import Any

import pytest
import sqlalchemy as sa

from recruit.booking import outcomes
from recruit.booking.outcomes import OutcomeData
from recruit.extensions import db
from recruit.models import AuditEntry, Interview
from recruit.people.operations import OperationError
from tests.employers.test_link import employer_link, publish


@pytest.fixture
def past_event(make_event: Any) -> Any:
    """Yesterday's event: outcomes are open and the link has not yet expired."""
    yesterday = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=1)
    return make_event(date=yesterday,
                      signup_deadline=dt.datetime.now(dt.UTC) - dt.timedelta(days=7))


@pytest.fixture
def setting(past_event: Any, make_employer: Any, make_vacancy: Any, make_candidate: Any,
            make_interview: Any) -> dict[str, Any]:
    employer = make_employer(past_event)
    vacancy = make_vacancy(employer, title="Kokki")
    interview = make_interview(make_candidate(past_event, first_name="Ville"), vacancy)
    publish(past_event)
    return {"employer": employer, "interview": interview, "path": employer_link(employer)}


def outcome_url(setting: dict[str, Any], interview: Interview | None = None) -> str:
    interview = interview or setting["interview"]
    return f"{setting['path']}/interviews/{interview.id}/outcome"


def post(client: Any, setting: dict[str, Any], **fields: str) -> Any:
    prefix = f"i{setting['interview'].id}-"
    return client.post(outcome_url(setting) + "?lang=en",
                       data={prefix + name: value for name, value in fields.items()})


def error_text(html: str) -> str:
    return " ".join(unescape(e) for e in re.findall(r'<span class="error"[^>]*>([^<]*)</span>',
                                                    html))


def test_page_offers_the_outcome_form_after_the_event(client, setting):
    html = client.get(setting["path"] + "?lang=en").get_data(as_text=True)
    assert "After the interviews" in html
    assert f'id="interview-{setting["interview"].id}"' in html
    assert "Second round" in html


def test_outcome_is_saved(client, setting):
    response = post(client, setting, attended="yes", outcome="hired", note="Aloittaa 1.4.")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#interview-{setting['interview'].id}")
    interview = db.session.get(Interview, setting["interview"].id)
    assert (interview.attended, interview.outcome, interview.outcome_note) == (
        True, "hired", "Aloittaa 1.4.")
    audit = db.session.scalars(sa.select(AuditEntry)).all()
    assert [(a.action, a.object_id, a.staff_user_id) for a in audit] == [
        ("interview.outcome", interview.id, None)]
    # The saved values are shown again on the page.
    html = client.get(setting["path"]).get_data(as_text=True)
    assert "Aloittaa 1.4." in html
    assert re.search(r'<option selected value="hired">|<option value="hired" selected>', html)


def test_no_show_is_saved_without_outcome(client, setting):
    assert post(client, setting, attended="no", outcome="").status_code == 302
    interview = db.session.get(Interview, setting["interview"].id)
    assert (interview.attended, interview.outcome) == (False, None)


def test_an_outcome_implies_attendance(client, setting):
    assert post(client, setting, attended="", outcome="second_round").status_code == 302
    interview = db.session.get(Interview, setting["interview"].id)
    assert (interview.attended, interview.outcome) == (True, "second_round")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"attended": "no", "outcome": "hired"}, "did not come cannot have an outcome"),
        ({"attended": "yes", "outcome": "promoted"}, "Not a valid choice"),
        ({"attended": "maybe"}, "Not a valid choice"),
        ({"attended": "yes", "note": "x" * 1001}, "1000"),
    ],
)
def test_bad_outcomes_are_refused_and_nothing_saved(client, setting, fields, message):
    response = post(client, setting, **fields)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in error_text(html)
    interview = db.session.get(Interview, setting["interview"].id)
    assert (interview.attended, interview.outcome, interview.outcome_note) == (None, None, "")
    assert db.session.scalars(sa.select(AuditEntry)).all() == []


def test_outcomes_wait_for_the_event(client, make_event, make_employer, make_vacancy,
                                     make_candidate, make_interview):
    event = make_event()  # in 2027
    employer = make_employer(event)
    interview = make_interview(make_candidate(event), make_vacancy(employer))
    publish(event)
    setting = {"employer": employer, "interview": interview, "path": employer_link(employer)}
    assert "After the interviews" not in client.get(setting["path"] + "?lang=en").get_data(
        as_text=True)
    response = post(client, setting, attended="yes", outcome="hired")
    assert response.status_code == 400
    assert "once the event has started" in error_text(response.get_data(as_text=True))
    assert db.session.get(Interview, interview.id).outcome is None


def test_draft_and_cancelled_interviews_take_no_outcome(client, setting, make_candidate,
                                                       make_interview):
    employer, event = setting["employer"], setting["employer"].event
    draft = make_interview(make_candidate(event), employer.vacancies[0], start_minute=10 * 60)
    assert client.post(outcome_url(setting, draft), data={}).status_code == 404
    interview = setting["interview"]
    interview.cancelled_at = dt.datetime.now(dt.UTC)
    interview.release_cells()
    db.session.commit()
    assert post(client, setting, attended="yes").status_code == 404


def test_wrong_token_takes_no_outcome(client, setting):
    url = f"/employers/link/{'C' * 43}/interviews/{setting['interview'].id}/outcome"
    assert client.post(url, data={}).status_code == 404


def test_record_outcome_refuses_another_employers_interview(setting, make_employer):
    other = make_employer(setting["employer"].event)
    with pytest.raises(OperationError):
        outcomes.record_outcome(setting["interview"], other, OutcomeData(True, "hired"))
    assert db.session.get(Interview, setting["interview"].id).outcome is None


def test_outcomes_open_at_the_first_interview_in_the_events_timezone(make_event):
    event = make_event(start_minute=9 * 60)
    opening = dt.datetime(2027, 3, 12, 7, 0, tzinfo=dt.UTC)  # 09:00 in Helsinki (UTC+2)
    assert not outcomes.outcomes_open(event, opening - dt.timedelta(seconds=1))
    assert outcomes.outcomes_open(event, opening)


def test_nul_characters_are_dropped_from_the_note(client, setting):
    assert post(client, setting, attended="yes", note="hyvä\x00 tyyppi").status_code == 302
    assert db.session.get(Interview, setting["interview"].id).outcome_note == "hyvä tyyppi"


# --- asking for outcomes the day after ------------------------------------------------------


def test_request_outcomes_asks_each_employer_with_interviews_once(
    runner, client, setting, make_employer
):
    from recruit.core.links import fill_mail_links
    from recruit.models import OutboxMessage
    from tests.employers.test_link import TOKEN_IN_URL

    event = setting["employer"].event
    make_employer(event, email="no-interviews@example.com")
    result = runner.invoke(args=["request-outcomes", "--event", str(event.id)])
    assert result.exit_code == 0, result.output
    assert "1 outcome requests queued" in result.output
    (message,) = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.kind == "outcome_request")).all()
    assert message.recipient == setting["employer"].email
    token = TOKEN_IN_URL.search(fill_mail_links(message.body_text)).group(1)
    assert "After the interviews" in client.get(f"/employers/link/{token}?lang=en").get_data(
        as_text=True)
    again = runner.invoke(args=["request-outcomes", "--event", str(event.id)])
    assert "0 outcome requests queued" in again.output
    assert runner.invoke(args=["request-outcomes", "--event", "999999"]).exit_code != 0


def test_yesterday_is_counted_in_the_events_timezone(make_event):
    from recruit.mail.outcome_requests import events_yesterday

    event = make_event(date=dt.date(2027, 3, 12))
    # 22:30 UTC on 13 March is already 14 March in Helsinki: the event was the day before.
    assert events_yesterday(dt.datetime(2027, 3, 13, 22, 30, tzinfo=dt.UTC)) == []
    assert events_yesterday(dt.datetime(2027, 3, 13, 21, 30, tzinfo=dt.UTC)) == [event]


def test_interview_ids_beyond_the_databases_integers_are_404(client, setting):
    url = f"{setting['path']}/interviews/{10**20}/outcome"
    assert client.post(url, data={}).status_code == 404


def test_a_refused_outcome_is_said_at_the_top_and_its_address_stays_usable(client, setting):
    response = post(client, setting, attended="no", outcome="hired")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    # Before the roster: the flash sits at the top of the page, not beside the form only.
    top = html.index('class="flashes"')
    assert top < html.index(f'id="interview-{setting["interview"].id}"')
    assert "was not saved" in html[top:top + 400]
    # Reloading or going back to the address it was posted to does not answer 405.
    again = client.get(outcome_url(setting))
    assert again.status_code == 302
    assert again.headers["Location"].endswith(f"#interview-{setting['interview'].id}")
