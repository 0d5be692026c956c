"""On the event day a build or waiting-list run never places an interview in the past."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import solver as sp
from recruit.scheduling.bridge import build_problem, candidate_key
from solver.engine import solve
from tests.scheduling import support as schedule_support

HELSINKI = ZoneInfo("Europe/Helsinki")


def _at(event, hour: int, minute: int) -> dt.datetime:
    return dt.datetime.combine(event.date, dt.time(hour, minute), HELSINKI).astimezone(dt.UTC)


def test_build_on_the_event_day_starts_after_now_and_the_margin(
    app, make_event, make_employer, make_vacancy, make_candidate, make_interview
):
    app.config["SAME_DAY_MARGIN_MINUTES"] = 20
    event = make_event()  # 09:00-13:00
    employer = make_employer(event, vacancies=0, interview_minutes=15, tables=2)
    vacancy = make_vacancy(employer)
    youth = [make_candidate(event, interests=[vacancy]) for _ in range(6)]
    done = make_interview(youth[0], vacancy, start_minute=9 * 60, source="solver", locked=True)

    problem = build_problem(event, now=_at(event, 10, 2)).problem
    sp.validate_problem(problem)
    schedule = solve(problem, time_limit=schedule_support.TEST_TIME_LIMIT, seed=1)

    earliest = 10 * 60 + 25  # 10:02 + 20 minutes, up to the 5-minute grid
    assert schedule.status in ("OPTIMAL", "FEASIBLE")
    placed = {(i.candidate, i.start) for i in schedule.interviews}
    # The interview held at 9:00 stays; every new one starts after 10:25.
    assert (candidate_key(youth[0].id), done.start_minute) in placed
    new = [start for who, start in placed if who != candidate_key(youth[0].id)]
    assert new and min(new) >= earliest
    # The day before, the whole window is open.
    earlier = build_problem(event, now=_at(event, 10, 2) - dt.timedelta(days=1)).problem
    assert all(c.available in ((), ((9 * 60, 13 * 60),)) for c in earlier.candidates)


def test_too_late_for_anyone_left_out_with_a_reason(app, make_event, make_employer,
                                                    make_vacancy, make_candidate):
    event = make_event()
    vacancy = make_vacancy(make_employer(event, vacancies=0))
    late = make_candidate(event, interests=[vacancy], windows=[(9 * 60, 10 * 60)])

    bridge = build_problem(event, now=_at(event, 11, 0))

    assert (candidate_key(late.id), "too_late") in bridge.left_out
    assert bridge.problem.candidates == ()
