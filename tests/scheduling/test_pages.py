"""HTTP tests of the schedule pages: build → progress → grid → edit → publish, and refusals."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from recruit.extensions import db
from recruit.models import AuditEntry, Interview, ScheduleVersion, SolveRun, utcnow
from tests.scheduling.support import (
    TEST_TIME_LIMIT,
    small_event,
    wait_for_publish,
    wait_for_run,
)

# Publishing asks for a confirmation of the messages it will send (the preview).
CONFIRMED = {"confirm_messages": "1"}


@pytest.fixture
def setup(make_event, make_employer, make_vacancy, make_candidate):
    return small_event(make_event, make_employer, make_vacancy, make_candidate)


def _count(model) -> int:
    db.session.rollback()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _build(client, event) -> SolveRun:
    response = client.post(
        f"/staff/events/{event.id}/schedule/build?lang=en",
        data={"time_limit": str(TEST_TIME_LIMIT), "seed": "3"},
    )
    assert response.status_code == 302
    run_id = int(re.search(r"/runs/(\d+)$", response.headers["Location"]).group(1))
    return wait_for_run(run_id)


def test_build_show_grid_and_publish(logged_in_client, setup):
    event, youth = setup["event"], setup["youth"]
    empty = logged_in_client.get(f"/staff/events/{event.id}/schedule?lang=en")
    assert empty.status_code == 200
    assert "Build schedule" in empty.get_data(as_text=True)

    run = _build(logged_in_client, event)
    assert run.status == "done", run.error
    assert run.seed == 3 and run.time_limit == TEST_TIME_LIMIT
    progress = logged_in_client.get(f"/staff/events/{event.id}/schedule/runs/{run.id}?lang=en")
    assert progress.status_code == 200
    assert "done" in progress.get_data(as_text=True)
    status = logged_in_client.get(f"/staff/events/{event.id}/schedule/runs/{run.id}/status")
    assert status.json["finished"] is True and status.json["status"] == "done"

    page = logged_in_client.get(f"/staff/events/{event.id}/schedule?lang=en")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    interviews = db.session.scalars(sa.select(Interview)).all()
    assert interviews
    # The grid names the young people and the tables.
    for interview in interviews:
        assert f'id="i{interview.id}"' in html
        assert interview.candidate.full_name in html
    assert "Table 2" in html
    # Tier figures in plain words (no solver terms), and the first-come-first-served
    # comparison.
    assert "Everyone who can be placed has an interview" in html
    assert "proven" not in html and "best possible" not in html
    assert "First come, first served" in html
    assert "Draft now" in html
    # The Swedish-speaking youth cannot take the Finnish-only barista interview: said so.
    swede = youth[4]
    placed = {i.candidate_id for i in interviews}
    if swede.id not in placed:
        assert f"{swede.full_name}" in html
        assert "is held in Finnish" in html

    published = logged_in_client.post(f"/staff/events/{event.id}/schedule/publish?lang=en",
                                     data={"confirm_messages": "1"})
    assert published.status_code == 302
    version = db.session.scalar(sa.select(ScheduleVersion))
    assert version.number == 1
    assert len(version.snapshot["interviews"]) == len(interviews)
    html = logged_in_client.get(f"/staff/events/{event.id}/schedule?lang=en").get_data(
        as_text=True
    )
    assert "Version 1" in html
    shown = logged_in_client.get(f"/staff/events/{event.id}/schedule/versions/1?lang=en")
    assert shown.status_code == 200
    assert interviews[0].candidate.full_name in shown.get_data(as_text=True)
    printable = logged_in_client.get(f"/staff/events/{event.id}/schedule/print?lang=en")
    assert printable.status_code == 200
    assert "schedule.css" in printable.get_data(as_text=True)
    actions = set(db.session.scalars(sa.select(AuditEntry.action)))
    assert {"schedule.build", "schedule.publish"} <= actions


def test_bad_build_settings_are_shown_beside_the_field(logged_in_client, setup):
    event = setup["event"]
    response = logged_in_client.post(
        f"/staff/events/{event.id}/schedule/build?lang=en",
        data={"time_limit": "-5", "seed": "abc"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="time_limit-error"' in html and 'value="-5"' in html
    assert 'id="seed-error"' in html
    assert _count(SolveRun) == 0


def test_schedule_pages_need_a_login(client, setup):
    event = setup["event"]
    response = client.get(f"/staff/events/{event.id}/schedule")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
    response = client.post(f"/staff/events/{event.id}/schedule/build")
    assert response.status_code == 302
    assert _count(SolveRun) == 0


def test_another_events_objects_are_not_found(logged_in_client, setup, make_event,
                                              make_interview):
    event = setup["event"]
    other = make_event()
    interview = make_interview(setup["youth"][0], setup["seller"])
    run = SolveRun(event_id=event.id, status="done", time_limit=1)
    db.session.add(run)
    db.session.add(ScheduleVersion(event_id=event.id, number=1, snapshot={"interviews": []}))
    db.session.commit()
    base = f"/staff/events/{other.id}/schedule"
    for method, url in [
        ("get", f"{base}/interviews/{interview.id}"),
        ("post", f"{base}/interviews/{interview.id}"),
        ("post", f"{base}/interviews/{interview.id}/lock"),
        ("post", f"{base}/interviews/{interview.id}/unlock"),
        ("post", f"{base}/interviews/{interview.id}/remove"),
        ("get", f"{base}/runs/{run.id}"),
        ("get", f"{base}/runs/{run.id}/status"),
        ("post", f"{base}/runs/{run.id}/stop"),
        ("get", f"{base}/versions/1"),
        ("get", "/staff/events/999999/schedule"),
    ]:
        assert getattr(logged_in_client, method)(url).status_code == 404, url
    assert db.session.get(Interview, interview.id) is not None


def test_move_that_breaks_a_rule_names_it_and_saves_nothing(logged_in_client, setup,
                                                            make_interview):
    event, youth, barista = setup["event"], setup["youth"], setup["barista"]
    first = make_interview(youth[0], barista, start_minute=9 * 60)
    second = make_interview(youth[1], barista, start_minute=9 * 60 + 15)
    url = f"/staff/events/{event.id}/schedule/interviews/{second.id}?lang=en"
    form = logged_in_client.get(url)
    assert form.status_code == 200
    response = logged_in_client.post(url, data={"start_minute": str(9 * 60), "table_no": "1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The table is already taken then" in html
    assert youth[0].full_name in html  # the clash is named with people, not ids
    db.session.rollback()
    assert db.session.get(Interview, second.id).start_minute == 9 * 60 + 15
    assert db.session.get(Interview, first.id).start_minute == 9 * 60


def test_move_to_a_free_slot_is_saved(logged_in_client, setup, make_interview):
    event, youth, barista = setup["event"], setup["youth"], setup["barista"]
    interview = make_interview(youth[0], barista, start_minute=9 * 60)
    url = f"/staff/events/{event.id}/schedule/interviews/{interview.id}?lang=en"
    response = logged_in_client.post(url, data={"start_minute": str(9 * 60 + 45),
                                                "table_no": "2"})
    assert response.status_code == 302
    db.session.rollback()
    moved = db.session.get(Interview, interview.id)
    assert (moved.start_minute, moved.end_minute, moved.table_no, moved.source) == (
        585, 600, 2, "staff")


@pytest.mark.parametrize(
    "data", [{"start_minute": "123", "table_no": "1"}, {"start_minute": "540", "table_no": "9"},
             {"start_minute": "", "table_no": ""}],
)
def test_move_with_bad_input_is_refused(logged_in_client, setup, make_interview, data):
    event, youth, barista = setup["event"], setup["youth"], setup["barista"]
    interview = make_interview(youth[0], barista, start_minute=9 * 60 + 15)
    url = f"/staff/events/{event.id}/schedule/interviews/{interview.id}?lang=en"
    response = logged_in_client.post(url, data=data)
    assert response.status_code == 400
    assert 'class="error"' in response.get_data(as_text=True)
    db.session.rollback()
    assert db.session.get(Interview, interview.id).start_minute == 9 * 60 + 15


def test_database_clash_is_a_409_not_a_500(logged_in_client, setup, make_interview,
                                            monkeypatch):
    """If validation ever misses a clash, the cell tables still refuse it, cleanly."""
    event, youth, barista = setup["event"], setup["youth"], setup["barista"]
    make_interview(youth[0], barista, start_minute=9 * 60)
    second = make_interview(youth[1], barista, start_minute=9 * 60 + 15)
    monkeypatch.setattr("recruit.scheduling.publishing.check_schedule", lambda *a: [])
    url = f"/staff/events/{event.id}/schedule/interviews/{second.id}?lang=en"
    response = logged_in_client.post(url, data={"start_minute": "540", "table_no": "1"})
    assert response.status_code == 409
    assert "just taken" in response.get_data(as_text=True)
    db.session.rollback()
    assert db.session.get(Interview, second.id).start_minute == 9 * 60 + 15


def test_lock_unlock_and_remove(logged_in_client, setup, make_interview):
    event, youth, seller = setup["event"], setup["youth"], setup["seller"]
    interview_id = make_interview(youth[2], seller).id
    base = f"/staff/events/{event.id}/schedule/interviews/{interview_id}"
    assert logged_in_client.post(f"{base}/lock?lang=en").status_code == 302
    db.session.rollback()
    assert db.session.get(Interview, interview_id).locked
    refused = logged_in_client.post(f"{base}/remove?lang=en")
    assert refused.status_code == 409
    assert "Unlock the interview before removing it" in refused.get_data(as_text=True)
    assert logged_in_client.post(f"{base}/unlock?lang=en").status_code == 302
    db.session.rollback()
    assert not db.session.get(Interview, interview_id).locked
    assert logged_in_client.post(f"{base}/remove?lang=en").status_code == 302
    db.session.rollback()
    assert db.session.get(Interview, interview_id) is None


def test_locking_an_interview_that_breaks_a_rule_is_refused(logged_in_client, setup,
                                                             make_interview):
    event, youth, barista = setup["event"], setup["youth"], setup["barista"]
    # Made by hand around the rules: youth[2] has no hygiene passport.
    interview = make_interview(youth[2], barista)
    response = logged_in_client.post(
        f"/staff/events/{event.id}/schedule/interviews/{interview.id}/lock?lang=en"
    )
    assert response.status_code == 400
    assert "lacks a required card" in response.get_data(as_text=True)
    db.session.rollback()
    assert not db.session.get(Interview, interview.id).locked


def test_publishing_a_draft_that_breaks_a_rule_is_refused(logged_in_client, setup,
                                                           make_interview):
    event, youth, barista = setup["event"], setup["youth"], setup["barista"]
    make_interview(youth[2], barista)
    response = logged_in_client.post(f"/staff/events/{event.id}/schedule/publish?lang=en",
                                     data={"confirm_messages": "1"})
    assert response.status_code == 400
    assert "lacks a required card" in response.get_data(as_text=True)
    assert _count(ScheduleVersion) == 0


def test_publishing_nothing_is_refused(logged_in_client, setup):
    response = logged_in_client.post(f"/staff/events/{setup['event'].id}/schedule/publish?lang=en")
    assert response.status_code == 400
    assert "nothing to publish" in response.get_data(as_text=True)


def test_stopping_a_finished_run_says_so(logged_in_client, setup):
    event = setup["event"]
    run = SolveRun(event_id=event.id, status="done", time_limit=1)
    db.session.add(run)
    db.session.commit()
    response = logged_in_client.post(
        f"/staff/events/{event.id}/schedule/runs/{run.id}/stop?lang=en", follow_redirects=True
    )
    assert response.status_code == 200
    assert "already finished" in response.get_data(as_text=True)


def test_pages_render_in_every_language(logged_in_client, setup, make_interview):
    event, youth, seller = setup["event"], setup["youth"], setup["seller"]
    make_interview(youth[0], seller)
    for language, word in (("fi", "Aikataulu"), ("sv", "Schema"), ("en", "Schedule")):
        html = logged_in_client.get(f"/staff/events/{event.id}/schedule?lang={language}")
        assert html.status_code == 200
        assert word in html.get_data(as_text=True), language


def test_progress_page_while_running_shows_best_so_far_and_stop(logged_in_client, setup):
    event = setup["event"]
    run = SolveRun(event_id=event.id, status="running", time_limit=30, started_at=utcnow(),
                   progress={"stage": "covered", "elapsed": 1.5,
                             "objectives": {"covered": 5, "preference": 41}})
    db.session.add(run)
    db.session.commit()
    page = logged_in_client.get(f"/staff/events/{event.id}/schedule/runs/{run.id}?lang=en")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Stop and keep the best so far" in html
    assert "schedule.js" in html and 'http-equiv="refresh"' in html
    assert "Youth with an interview" in html and "41" in html
    # A progress bar with the step in plain words, and how many are placed so far.
    assert 'max="6" value="3"' in html
    assert "Step 3 of 6: Placing everyone who can be placed" in html
    assert "So far 5 young people have an interview." in html
    status = logged_in_client.get(
        f"/staff/events/{event.id}/schedule/runs/{run.id}/status?lang=fi"
    ).json
    assert status["finished"] is False and status["status_label"] == "käynnissä"
    assert {"label": "Nuoria, joilla on haastattelu", "value": 5} in status["best"]
    assert (status["step"], status["steps"]) == (3, 6)
    assert status["step_label"] == (
        "Vaihe 3/6: Sijoitetaan kaikki, jotka voidaan sijoittaa")
    # The schedule page says a build is under way instead of offering another.
    overview = logged_in_client.get(f"/staff/events/{event.id}/schedule?lang=en")
    assert "A schedule is being built right now." in overview.get_data(as_text=True)
    stop = logged_in_client.post(f"/staff/events/{event.id}/schedule/runs/{run.id}/stop")
    assert stop.status_code == 302
    db.session.rollback()
    assert db.session.get(SolveRun, run.id).stop_requested


def test_removing_a_published_interview_is_shown_until_the_next_publish(
    logged_in_client, setup, make_interview
):
    event, youth, seller = setup["event"], setup["youth"], setup["seller"]
    interview_id = make_interview(youth[3], seller).id
    published = logged_in_client.post(
        f"/staff/events/{event.id}/schedule/publish", data={"confirm_messages": "1"}
    )
    assert published.status_code == 302
    # The publish tells people in the background; the removal below is made after that.
    assert wait_for_publish(published.headers["Location"]).status == "done"
    base = f"/staff/events/{event.id}/schedule"
    assert logged_in_client.post(f"{base}/interviews/{interview_id}/remove").status_code == 302
    html = logged_in_client.get(f"{base}?lang=en").get_data(as_text=True)
    assert "Published interviews the next publish cancels" in html
    assert youth[3].full_name in html
    # Youth and employers still see version 1 until staff publish again.
    assert logged_in_client.get(f"{base}/versions/1").status_code == 200
    assert logged_in_client.post(f"{base}/publish", data=CONFIRMED).status_code == 302
    html = logged_in_client.get(f"{base}?lang=en").get_data(as_text=True)
    assert "Published interviews the next publish cancels" not in html
    version = db.session.scalar(sa.select(ScheduleVersion).where(ScheduleVersion.number == 2))
    assert version.snapshot["interviews"] == []


def test_schedule_pages_share_the_event_pages_layout(logged_in_client, setup, make_interview):
    """Every tab of an event looks the same: the schedule pages use the event pages' layout,
    so its stylesheet (tabs, page head, settings lists) comes before the schedule's own."""
    event, youth, seller = setup["event"], setup["youth"], setup["seller"]
    interview = make_interview(youth[0], seller)
    base = f"/staff/events/{event.id}/schedule"
    assert logged_in_client.post(f"{base}/publish", data=CONFIRMED).status_code == 302
    run = SolveRun(event_id=event.id, status="running", time_limit=30, started_at=utcnow())
    db.session.add(run)
    db.session.commit()
    for path in (base, f"{base}/interviews/{interview.id}", f"{base}/runs/{run.id}",
                 f"{base}/versions/1", f"{base}/print"):
        html = logged_in_client.get(path).get_data(as_text=True)
        assert "staff.css" in html and "schedule.css" in html, path
        assert html.index("staff.css") < html.index("schedule.css"), path
        if not path.endswith("/print"):
            assert 'class="event-nav"' in html, path


def test_the_last_builds_result_speaks_of_its_own_published_interviews(logged_in_client, setup):
    """A build made before anything was published kept no published interviews, even when
    the page is seen after a publish; a build made after a publish says how many it kept."""
    event = setup["event"]
    base = f"/staff/events/{event.id}/schedule"
    first = _build(logged_in_client, event)
    assert first.status == "done" and first.result["published"] == 0
    assert logged_in_client.post(f"{base}/publish", data=CONFIRMED).status_code == 302
    published = len(db.session.scalar(sa.select(ScheduleVersion)).snapshot["interviews"])
    assert published
    html = logged_in_client.get(f"{base}?lang=en").get_data(as_text=True)
    assert "Version 1" in html
    assert "published interviews are kept" not in html
    assert "published interview is kept" not in html
    fi_html = logged_in_client.get(f"{base}?lang=fi").get_data(as_text=True)
    assert "julkaistua haastattelua säilyvät" not in fi_html

    second = _build(logged_in_client, event)
    assert second.status == "done" and second.result["published"] == published
    html = logged_in_client.get(f"{base}?lang=en").get_data(as_text=True)
    kept = (f"All {published} published interviews are kept." if published > 1
            else "1 published interview is kept.")
    assert kept in html


def test_a_run_that_recorded_no_published_count_is_judged_by_when_it_started(setup):
    """Runs that do not record the count (older ones, waiting-list runs) are matched with the
    version in effect when they started."""
    from datetime import timedelta

    from recruit.scheduling.board import published_when_built

    event = setup["event"]
    now = utcnow()
    versions = [
        ScheduleVersion(id=2, event_id=event.id, number=2, published_at=now),
        ScheduleVersion(id=1, event_id=event.id, number=1, published_at=now - timedelta(hours=1)),
    ]
    sizes = {2: 3, 1: 1}
    before = SolveRun(event_id=event.id, status="done", summary={"status": "OPTIMAL"},
                      started_at=now - timedelta(hours=2))
    between = SolveRun(event_id=event.id, status="done", summary={"status": "OPTIMAL"},
                       started_at=now - timedelta(minutes=5))
    after = SolveRun(event_id=event.id, status="done", summary={"status": "OPTIMAL"},
                     started_at=now + timedelta(minutes=5))
    recorded = SolveRun(event_id=event.id, status="done", summary={"published": 0},
                        started_at=now + timedelta(minutes=5))
    assert published_when_built(before, versions, sizes) == 0
    assert published_when_built(between, versions, sizes) == 1
    assert published_when_built(after, versions, sizes) == 3
    assert published_when_built(recorded, versions, sizes) == 0


def test_the_grid_marks_each_interview_against_the_published_version(
    logged_in_client, setup, make_interview
):
    """Published, moved since publishing and not published: each cell says which, read from
    the published version's index for the interviews on screen; the list of versions says
    how many interviews each holds."""
    from recruit.scheduling.publishing import move_interview

    event, youth = setup["event"], setup["youth"]
    barista, seller = setup["barista"], setup["seller"]
    kept = make_interview(youth[0], barista, start_minute=9 * 60)
    moved = make_interview(youth[1], barista, start_minute=9 * 60 + 15)
    db.session.commit()
    base = f"/staff/events/{event.id}/schedule"
    before = logged_in_client.get(f"{base}?lang=en").get_data(as_text=True)
    assert "slot-published" not in before and "slot-new" not in before  # nothing published
    published = logged_in_client.post(f"{base}/publish", data=CONFIRMED)
    assert wait_for_publish(published.headers["Location"]).status == "done"
    move_interview(db.session.get(Interview, moved.id), start_minute=9 * 60 + 45, table_no=2,
                   by=None)
    added = make_interview(youth[2], seller, start_minute=9 * 60)
    db.session.commit()

    html = logged_in_client.get(f"{base}?lang=en").get_data(as_text=True)

    def cell_class(interview_id: int) -> str:
        found = re.search(rf'<td class="([^"]*)" id="i{interview_id}"', html)
        assert found is not None, interview_id
        return found.group(1)

    assert "slot-published" in cell_class(kept.id)
    assert "slot-changed" in cell_class(moved.id)
    assert "slot-new" in cell_class(added.id)
    assert "changed since publishing" in html and "not published" in html
    assert "Version 1</a>" in html and "(2 interviews)" in html
