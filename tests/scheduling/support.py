"""Helpers shared by the schedule tests: a small event and waiting for a background solve."""

from __future__ import annotations

import time
from typing import Any

from recruit.extensions import db
from recruit.models import PublishRun, SolveRun

# Solver time limits stay tiny: the events below are solved to optimality well within them.
TEST_TIME_LIMIT = 2


def small_event(make_event: Any, make_employer: Any, make_vacancy: Any,
                make_candidate: Any) -> dict[str, Any]:
    """Two employers and six youth: enough for choices, quick to solve."""
    event = make_event(start_minute=9 * 60, end_minute=10 * 60,
                       breaks=[(9 * 60 + 30, 9 * 60 + 45)])
    cafe = make_employer(event, tables=2, min_candidates=2, max_candidates=4)
    barista = make_vacancy(cafe, requires=["hygiene_passport"], languages=["fi"], min_age=16)
    shop = make_employer(event, interview_minutes=20, available=[(9 * 60, 10 * 60)])
    seller = make_vacancy(shop)
    youth = [
        make_candidate(event, cards=["hygiene_passport"], interests=[barista, seller]),
        make_candidate(event, cards=["hygiene_passport"], interests=[barista]),
        make_candidate(event, interests=[seller, barista]),
        make_candidate(event, interests=[seller], windows=[(9 * 60, 9 * 60 + 30)]),
        make_candidate(event, interests=[barista], languages=["sv"]),
        make_candidate(event, open_to_other=True, priority=True),
    ]
    return {"event": event, "cafe": cafe, "shop": shop, "barista": barista, "seller": seller,
            "youth": youth}


def wait_for_run(run_id: int, timeout: float = 60.0) -> SolveRun:
    """Poll the database (as the progress page does) until the run has finished."""
    deadline = time.monotonic() + timeout
    while True:
        db.session.rollback()
        run = db.session.get(SolveRun, run_id, populate_existing=True)
        assert run is not None
        if run.status not in ("queued", "running"):
            return run
        if time.monotonic() > deadline:
            raise AssertionError(f"solve run {run_id} still {run.status} after {timeout} s")
        time.sleep(0.1)


def wait_for_publish(location: str, timeout: float = 60.0) -> PublishRun:
    """Wait until the publish whose progress page is `location` has queued its messages
    (the staff page publishes in the background)."""
    run_id = int(location.rstrip("/").rsplit("/", 1)[1])
    deadline = time.monotonic() + timeout
    while True:
        db.session.rollback()
        run = db.session.get(PublishRun, run_id, populate_existing=True)
        assert run is not None
        if run.status not in ("queued", "running"):
            return run
        if time.monotonic() > deadline:
            raise AssertionError(f"publish run {run_id} still {run.status} after {timeout} s")
        time.sleep(0.05)
