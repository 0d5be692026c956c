"""The waiting list: a declined time goes to someone else, published interviews stay, and
only people whose schedule changed hear about it (automatic or after staff review)."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from recruit.extensions import db
from recruit.models import Interview, ScheduleVersion, SolveRun, utcnow
from recruit.scheduling import solving
from recruit.scheduling.bridge import build_problem
from recruit.scheduling.publishing import remove_interview
from recruit.scheduling.solving import start_build
from recruit.scheduling.waitlist_review import pending_changes
from tests.booking.support import booking_token, count, outbox, publish, wait_for_refills
from tests.scheduling.support import TEST_TIME_LIMIT, wait_for_run


@pytest.fixture(autouse=True)
def _quick_solves(app: Any) -> Any:
    app.config["WAITLIST_TIME_LIMIT_SECONDS"] = 5
    yield
    wait_for_refills()


def _scene(make_event: Any, make_employer: Any, make_vacancy: Any, make_candidate: Any,
           make_interview: Any, *, policy: str, waiting: bool = True) -> dict[str, Any]:
    """The café has two slots (9.00, 9.15) at one table, both published; one person waits."""
    event = make_event(change_policy=policy, start_minute=540, end_minute=600)
    cafe = make_employer(event, company_name="Kahvila Oy", available=[(540, 570)],
                         min_candidates=0, max_candidates=10)
    barista = make_vacancy(cafe, title="Barista")
    aada = make_candidate(event, interests=[barista], open_to_other=True)
    bert = make_candidate(event, interests=[barista])
    cecilia = make_candidate(event, interests=[barista]) if waiting else None
    first = make_interview(aada, barista, start_minute=540)
    second = make_interview(bert, barista, start_minute=555)
    publish(event)
    return {"event": event, "barista": barista, "aada": aada, "bert": bert,
            "cecilia": cecilia, "first": first, "second": second,
            "token": booking_token(aada)}


def _decline(client: Any, scene: dict[str, Any]) -> None:
    url = f"/youth/b/{scene['token']}/interviews/{scene['first'].id}/decline"
    assert client.post(url).status_code == 302
    runs = wait_for_refills()
    assert [run.status for run in runs] == ["done"], [run.error for run in runs]


def _mail_to(person: Any) -> list[str]:
    return [message.kind for message in outbox(to=person.email)]


def test_freed_time_goes_to_the_waiting_list_automatically(
    client: Any, auth: Any, staff_user: Any, make_event: Any, make_employer: Any, make_vacancy: Any,
    make_candidate: Any, make_interview: Any,
) -> None:
    scene = _scene(make_event, make_employer, make_vacancy, make_candidate, make_interview,
                   policy="automatic")
    aada, bert, cecilia = scene["aada"], scene["bert"], scene["cecilia"]
    cecilia_token = booking_token(cecilia)
    assert "waiting list" in client.get(f"/youth/b/{cecilia_token}?lang=en").get_data(
        as_text=True)
    _decline(client, scene)

    assert count(ScheduleVersion) == 2  # published at once
    given = db.session.scalar(sa.select(Interview).where(
        Interview.candidate_id == cecilia.id, Interview.cancelled_at.is_(None)))
    assert given is not None and given.start_minute == 540
    kept = db.session.get(Interview, scene["second"].id)
    assert (kept.start_minute, kept.cancelled_at, kept.sequence) == (555, None, 0)
    # Only the people whose schedule changed heard about it.
    assert _mail_to(aada) == ["interview_invite", "interview_cancel"]
    assert _mail_to(bert) == ["interview_invite"]  # the first publish, nothing since
    # Left out by the first publish (and told so), then given the freed time.
    assert _mail_to(cecilia) == ["youth_left_out", "interview_invite"]
    page = client.get(f"/youth/b/{cecilia_token}?lang=en").get_data(as_text=True)
    assert "You have interviews" in page and "Kahvila Oy: Barista" in page
    # Staff see afterwards what went out.
    auth.login()
    staff_page = client.get(f"/staff/events/{scene['event'].id}/waiting-list?lang=en")
    text = staff_page.get_data(as_text=True)
    assert "Sent automatically" in text and "Version 2" in text
    assert "New interview: invitation" in text and cecilia.full_name in text
    assert "No changes are waiting" in text


def test_review_first_waits_for_staff(
    client: Any, logged_in_client: Any, make_event: Any, make_employer: Any,
    make_vacancy: Any, make_candidate: Any, make_interview: Any,
) -> None:
    scene = _scene(make_event, make_employer, make_vacancy, make_candidate, make_interview,
                   policy="review")
    event, cecilia = scene["event"], scene["cecilia"]
    _decline(client, scene)
    assert count(ScheduleVersion) == 1  # nothing published yet
    assert _mail_to(cecilia) == ["youth_left_out"]  # from the first publish
    cecilia_page = client.get(f"/youth/b/{booking_token(cecilia)}?lang=en")
    assert "waiting list" in cecilia_page.get_data(as_text=True)  # drafts are never shown

    review = logged_in_client.get(f"/staff/events/{event.id}/waiting-list?lang=en")
    page = review.get_data(as_text=True)
    assert review.status_code == 200
    assert "New interview: invitation" in page and cecilia.full_name in page
    assert "Declined by the young person" in page

    assert logged_in_client.post(f"/staff/events/{event.id}/waiting-list").status_code == 302
    assert count(ScheduleVersion) == 2
    assert _mail_to(cecilia) == ["youth_left_out", "interview_invite"]
    assert _mail_to(scene["bert"]) == ["interview_invite"]
    after = logged_in_client.get(f"/staff/events/{event.id}/waiting-list?lang=en")
    assert "No changes are waiting" in after.get_data(as_text=True)


def test_the_person_who_declined_is_not_put_back(
    client: Any, make_event: Any, make_employer: Any, make_vacancy: Any,
    make_candidate: Any, make_interview: Any,
) -> None:
    scene = _scene(make_event, make_employer, make_vacancy, make_candidate, make_interview,
                   policy="automatic", waiting=False)
    _decline(client, scene)
    assert count(Interview, Interview.candidate_id == scene["aada"].id,
                 Interview.cancelled_at.is_(None)) == 0
    assert _mail_to(scene["aada"]) == ["interview_invite", "interview_cancel"]


def test_declined_pairs_leave_every_problem(
    make_event: Any, make_employer: Any, make_vacancy: Any, make_candidate: Any,
    make_interview: Any,
) -> None:
    event = make_event()
    cafe = make_vacancy(make_employer(event))
    shop = make_vacancy(make_employer(event))
    person = make_candidate(event, interests=[cafe], open_to_other=True)
    [before] = build_problem(event).problem.candidates
    make_interview(person, cafe, response="declined", cancelled_at=utcnow(), claim_cells=False)
    [after] = build_problem(event).problem.candidates
    assert before.open_to_other and not after.open_to_other
    assert after.preferences == (f"E{shop.employer_id}-V{shop.id}",)


def test_a_staff_build_does_not_put_a_declined_person_back(
    client: Any, staff_user: Any, make_event: Any, make_employer: Any, make_vacancy: Any,
    make_candidate: Any, make_interview: Any,
) -> None:
    scene = _scene(make_event, make_employer, make_vacancy, make_candidate, make_interview,
                   policy="review", waiting=False)
    _decline(client, scene)
    run = start_build(scene["event"], staff_user, time_limit=TEST_TIME_LIMIT)
    assert wait_for_run(run.id).status == "done"
    assert count(Interview, Interview.candidate_id == scene["aada"].id,
                 Interview.cancelled_at.is_(None)) == 0
    assert count(Interview, Interview.candidate_id == scene["bert"].id,
                 Interview.cancelled_at.is_(None)) == 1


def test_nothing_is_solved_before_publishing(
    client: Any, make_event: Any, make_employer: Any, make_vacancy: Any,
    make_candidate: Any, make_interview: Any,
) -> None:
    event = make_event()
    vacancy = make_vacancy(make_employer(event))
    person = make_candidate(event, interests=[vacancy])
    make_interview(person, vacancy)
    token = booking_token(person)
    assert client.post(f"/youth/b/{token}/cancel", data={"sure": "y"}).status_code == 302
    assert count(SolveRun) == 0


def test_unpublished_staff_edits_are_never_sent_automatically(
    client: Any, make_event: Any, make_employer: Any, make_vacancy: Any,
    make_candidate: Any, make_interview: Any,
) -> None:
    scene = _scene(make_event, make_employer, make_vacancy, make_candidate, make_interview,
                   policy="automatic")
    remove_interview(db.session.get(Interview, scene["second"].id), None)
    db.session.commit()
    _decline(client, scene)
    assert count(ScheduleVersion) == 1  # staff's removal waits for staff
    assert _mail_to(scene["bert"]) == ["interview_invite"]
    kinds = {change.kind for change in pending_changes(scene["event"])}
    assert "declined" in kinds and kinds & {"added", "changed", "removed"}


def test_a_time_declined_during_a_staff_build_goes_to_the_waiting_list_after_it(
    client: Any, staff_user: Any, monkeypatch: Any, make_event: Any, make_employer: Any,
    make_vacancy: Any, make_candidate: Any, make_interview: Any,
) -> None:
    scene = _scene(make_event, make_employer, make_vacancy, make_candidate, make_interview,
                   policy="review")
    decline_url = f"/youth/b/{scene['token']}/interviews/{scene['first'].id}/decline"
    real_solve = solving.solve

    def solve_while_someone_declines(*args: Any, **kwargs: Any) -> Any:
        schedule = real_solve(*args, **kwargs)
        assert client.post(decline_url).status_code == 302
        assert count(SolveRun) == 1  # the build is running: no waiting-list run yet
        return schedule

    monkeypatch.setattr(solving, "solve", solve_while_someone_declines)
    run = solving.queue_run(scene["event"], staff_user, time_limit=TEST_TIME_LIMIT)
    solving.run_solve(run.id)
    runs = wait_for_refills()
    assert [r.status for r in runs] == ["done", "done"], [r.error for r in runs]
    assert runs[1].progress == {"kind": "waitlist"}
    given = db.session.scalar(sa.select(Interview).where(
        Interview.candidate_id == scene["cecilia"].id, Interview.cancelled_at.is_(None)))
    assert given is not None and given.start_minute == 540
