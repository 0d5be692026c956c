"""A report costs a fixed number of SQL statements, however many people an event has."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from recruit.extensions import db
from recruit.reports.scope import event_report
from tests.reports.bulk import add_event, add_events


@contextmanager
def counted() -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)


def _report_statements(app, event_id: int) -> int:
    from recruit.models import Event

    event = db.session.get(Event, event_id)
    with app.test_request_context("/?lang=en"), counted() as statements:
        report = event_report(event)
    assert report.section("overview").row("signups").cells[0].value > 0
    # The follow-up's figures are part of what is counted (the bench's data has answers).
    assert report.section("follow_up").row("youth_answered").cells[0].value > 0
    assert report.section("follow_up").row("employers_answered").cells[0] > 0
    return len(statements)


def test_event_report_statements_do_not_grow_with_the_event(app):
    import datetime as dt

    rng = random.Random(3)
    small = add_event(rng, dt.date(2027, 3, 1), employers=2, youth=30)
    large = add_event(rng, dt.date(2027, 4, 1), employers=20, youth=300)
    db.session.commit()
    small_count = _report_statements(app, small)
    assert small_count == _report_statements(app, large)
    assert small_count <= 10


def test_page_and_range_statements_do_not_grow(logged_in_client, app):
    add_events(2, employers=2, youth=20, year=2027)
    with counted() as few:
        assert logged_in_client.get("/staff/reports/?start=2027-01-01&end=2027-12-31"
                                    ).status_code == 200
    add_events(18, employers=4, youth=60, seed=2, year=2027)
    with counted() as many:
        assert logged_in_client.get("/staff/reports/?start=2027-01-01&end=2027-12-31"
                                    ).status_code == 200
    assert len(few) >= 8  # the listener saw the report queries
    assert len(many) == len(few)
