"""A page's cost grows with what it shows, not with the size of the event.

Every staff and public page that people open after a publish is loaded on a published fair of
3 employers and 30 young people and on one ten times larger (30 × 300); the number of SQL
statements each sends must be the same on both. A query per row (an N+1) or a rebuild of the
event's engine problem shows here as a count that grows with the event.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from bench.fair import published_fair
from recruit.booking.free_slots import free_slots
from recruit.core import links
from recruit.extensions import db
from recruit.models import Candidate, Employer, Event, Interview
from recruit.people.employer_link import LINK_PURPOSE

SMALL, LARGE = (3, 30), (30, 300)


@contextmanager
def counting(app: Flask) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


def _pages(event: Event) -> dict[str, str]:
    """One URL of each page, for a person who has an interview and free times to book (so
    both events show the same parts of the page), and for an employer with interviews."""
    people = db.session.scalars(
        sa.select(Candidate).join(Interview, Interview.candidate_id == Candidate.id)
        .where(Candidate.event_id == event.id, Interview.cancelled_at.is_(None))
        .order_by(Candidate.id)
    )
    person = next((p for p in people if free_slots(p)), None)
    # The employer with most free times for her: its times page shows the most buttons.
    offered = [slot.employer_id for slot in free_slots(person)] if person else []
    bookable = max(set(offered), key=lambda e: (offered.count(e), -e)) if offered else None
    employer = db.session.scalars(
        sa.select(Employer).where(Employer.event_id == event.id, Employer.status == "approved")
        .order_by(Employer.id)
    ).first()
    assert person is not None and employer is not None and bookable is not None
    _link, booking = links.issue(person, "booking")
    _link, roster = links.issue(employer, LINK_PURPOSE)
    db.session.commit()
    return {
        "booking page": f"/youth/b/{booking}",
        "booking times": f"/youth/b/{booking}/times/{bookable}",
        "employer link": f"/employers/link/{roster}",
        "youth sign-up form": f"/youth/events/{event.id}/sign-up",
        "employer sign-up form": f"/employers/events/{event.id}/signup",
        "staff schedule": f"/staff/events/{event.id}/schedule",
        "staff schedule, one employer": f"/staff/events/{event.id}/schedule"
                                        f"?employer={employer.id}",
        "staff schedule, one hour": f"/staff/events/{event.id}/schedule"
                                    f"?hour={event.start_minute // 60 + 1}",
        "staff board": f"/staff/events/{event.id}/schedule/board",
        "staff board, one employer": f"/staff/events/{event.id}/schedule/board"
                                     f"?employer={employer.id}",
        "staff youth list": f"/staff/events/{event.id}/candidates",
        "staff employer list": f"/staff/events/{event.id}/employers",
    }


# Pages of one person or one employer, and the staff schedule pages: they read the entries
# of the published version they show (`published_entry`), never the whole event's snapshot
# document. The staff schedule pages show the last build's summary (`solve_run.summary`),
# never its whole answer; the board shows every interview of the day, so it reads where
# each was published from the index, not from the document either.
OWN_PAGES = ("booking page", "booking times", "employer link")
STAFF_SCHEDULE_PAGES = ("staff schedule", "staff schedule, one employer",
                        "staff schedule, one hour", "staff board", "staff board, one employer")
# The columns as a statement names them when it loads the snapshot document or the answer.
SNAPSHOT_READ = "schedule_version.snapshot"
RESULT_READ = "solve_run.result"


def _statements(app: Flask, client: Any, url: str) -> list[str]:
    client.get(url)  # once to warm caches that are per process, not per request
    with counting(app) as statements:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return statements


@pytest.mark.slow
def test_no_page_sends_more_statements_on_a_larger_event(
    app: Flask, logged_in_client: Any
) -> None:
    counts: dict[str, list[int]] = {}
    whole_snapshot: dict[str, int] = {}
    whole_answer: dict[str, int] = {}
    for employers, candidates in (SMALL, LARGE):
        event = published_fair(employers, candidates, time_limit=3)
        for name, url in _pages(event).items():
            statements = _statements(app, logged_in_client, url)
            counts.setdefault(name, []).append(len(statements))
            if name in OWN_PAGES + STAFF_SCHEDULE_PAGES:
                whole_snapshot[name] = whole_snapshot.get(name, 0) + sum(
                    SNAPSHOT_READ in statement for statement in statements)
            if name in STAFF_SCHEDULE_PAGES:
                whole_answer[name] = whole_answer.get(name, 0) + sum(
                    RESULT_READ in statement for statement in statements)
            if name.startswith("staff schedule"):
                # The fair was built by the build job: the page shows that build's summary.
                assert any("solve_run.summary" in s for s in statements), name
    grew = {name: found for name, found in counts.items() if found[1] > found[0]}
    assert grew == {}, f"statements per page (small event, ten times larger): {counts}"
    assert whole_snapshot == dict.fromkeys(OWN_PAGES + STAFF_SCHEDULE_PAGES, 0), (
        f"statements that load the whole published snapshot: {whole_snapshot}")
    assert whole_answer == dict.fromkeys(STAFF_SCHEDULE_PAGES, 0), (
        f"statements that load the last build's whole answer: {whole_answer}")
