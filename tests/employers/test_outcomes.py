"""After the event the employer records attendance and outcome of every interview on one
form, saved at once, under the rules staff corrections follow too."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from typing import Any

import pytest
import sqlalchemy as sa

from recruit.dayof import outcomes
from recruit.dayof.outcomes import OutcomeData
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
    employer = make_employer(past_event, tables=2)
    vacancy = make_vacancy(employer, title="Kokki")
    interview = make_interview(make_candidate(past_event, first_name="Ville"), vacancy)
    second = make_interview(make_candidate(past_event, first_name="Aino"), vacancy,
                            start_minute=9 * 60 + 15)
    publish(past_event)
    return {"employer": employer, "interview": interview, "second": second,
            "path": employer_link(employer)}


def post(client: Any, setting: dict[str, Any], rows: dict[int, tuple[str, str]]) -> Any:
    data = {}
    for interview_id, (result, note) in rows.items():
        data[f"result-{interview_id}"] = result
        data[f"note-{interview_id}"] = note
    return client.post(setting["path"] + "/outcomes?lang=en", data=data)


def stored(interview: Interview) -> tuple[Any, ...]:
    row = db.session.get(Interview, interview.id)
    return (row.attended, row.outcome, row.outcome_note)


def error_text(html: str) -> str:
    return " ".join(unescape(e) for e in re.findall(r'<span class="error"[^>]*>([^<]*)</span>',
                                                    html))


def test_page_offers_one_form_for_every_interview_after_the_event(client, setting):
    html = client.get(setting["path"] + "?lang=en").get_data(as_text=True)
    assert "After the interviews" in html
    assert html.count('<form method="post" action="' + setting["path"] + '/outcomes"') == 1
    for key in ("interview", "second"):
        assert f'name="result-{setting[key].id}"' in html
    for label in ("Hired", "Second round", "Not selected", "Did not come"):
        assert label in html


def test_all_outcomes_are_saved_at_once(client, setting):
    first, second = setting["interview"], setting["second"]
    response = post(client, setting, {first.id: ("hired", " Aloittaa 1.4. "),
                                      second.id: ("no_show", "")})
    assert response.status_code == 302
    assert stored(first) == (True, "hired", "Aloittaa 1.4.")
    assert stored(second) == (False, None, "")
    audit = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.object_id)).all()
    assert sorted((a.action, a.object_id, a.staff_user_id) for a in audit) == [
        ("interview.outcome", first.id, None), ("interview.outcome", second.id, None)]
    # The saved values are shown again on the page.
    html = client.get(setting["path"]).get_data(as_text=True)
    assert "Aloittaa 1.4." in html
    assert re.search(rf'name="result-{first.id}"[^>]*>\s*(<option[^>]*>[^<]*</option>\s*)*'
                     r'<option value="hired" selected>', html)


def test_saving_again_unchanged_changes_and_audits_nothing(client, setting):
    first, second = setting["interview"], setting["second"]
    post(client, setting, {first.id: ("second_round", ""), second.id: ("", "")})
    before = len(db.session.scalars(sa.select(AuditEntry)).all())
    response = post(client, setting, {first.id: ("second_round", ""), second.id: ("", "")})
    assert response.status_code == 302
    assert len(db.session.scalars(sa.select(AuditEntry)).all()) == before


def test_came_without_a_decision_is_attendance_alone(client, setting):
    assert post(client, setting, {setting["interview"].id: ("came", "")}).status_code == 302
    assert stored(setting["interview"]) == (True, None, "")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (("promoted", ""), "Choose one of the outcomes"),
        (("came", "x" * 1001), "1000"),
    ],
)
def test_a_bad_row_refuses_the_whole_form_and_saves_nothing(client, setting, row, message):
    first, second = setting["interview"], setting["second"]
    response = post(client, setting, {first.id: ("hired", "hyvä"), second.id: row})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in error_text(html)
    # What was sent is shown again, so nothing typed is lost.
    assert "hyvä" in html
    assert stored(first) == (None, None, "")
    assert stored(second) == (None, None, "")
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
    response = post(client, setting, {interview.id: ("hired", "")})
    assert response.status_code == 400
    assert "once the event has started" in response.get_data(as_text=True)
    assert db.session.get(Interview, interview.id).outcome is None


def test_draft_cancelled_and_other_employers_interviews_take_no_outcome(
    client, setting, make_candidate, make_interview, make_employer, make_vacancy
):
    employer, event = setting["employer"], setting["employer"].event
    draft = make_interview(make_candidate(event), employer.vacancies[0], start_minute=10 * 60)
    other = make_interview(make_candidate(event), make_vacancy(make_employer(event)))
    cancelled = setting["second"]
    cancelled.cancelled_at = dt.datetime.now(dt.UTC)
    cancelled.release_cells()
    db.session.commit()
    for interview in (draft, other, cancelled):
        response = post(client, setting, {interview.id: ("hired", "")})
        assert response.status_code == 400
        assert "not on your roster" in response.get_data(as_text=True)
        assert db.session.get(Interview, interview.id).outcome is None


def test_wrong_token_takes_no_outcome(client, setting):
    url = f"/employers/link/{'C' * 43}/outcomes"
    assert client.post(url, data={f"result-{setting['interview'].id}": "hired"}).status_code == 404


def test_malformed_row_names_are_a_bad_request(client, setting):
    url = setting["path"] + "/outcomes"
    assert client.post(url, data={"result-x": "hired"}).status_code == 400
    assert client.post(url, data={f"result-{10**20}": "hired"}).status_code == 400


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
    response = post(client, setting, {setting["interview"].id: ("came", "hyvä\x00 tyyppi")})
    assert response.status_code == 302
    assert db.session.get(Interview, setting["interview"].id).outcome_note == "hyvä tyyppi"


def test_a_refused_form_is_said_at_the_top_and_its_address_stays_usable(client, setting):
    response = post(client, setting, {setting["interview"].id: ("promoted", "")})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    top = html.index('class="flashes"')
    assert top < html.index(f'id="interview-{setting["interview"].id}"')
    assert "Nothing was saved" in html[top:top + 400]
    again = client.get(setting["path"] + "/outcomes")
    assert again.status_code == 302
    assert again.headers["Location"].endswith("#outcomes-heading")


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
