"""Shared set-up of the event-day tests: an event taking place today (Helsinki time), with a
published schedule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from recruit.extensions import db

HELSINKI = ZoneInfo("Europe/Helsinki")


def today_in_helsinki() -> dt.date:
    return dt.datetime.now(HELSINKI).date()


def todays_event(make_event: Any, **overrides: Any) -> Any:
    """An event today, 00:00–23:55, so interviews can sit at any hour the test runs."""
    values: dict[str, Any] = {
        "date": today_in_helsinki(),
        "start_minute": 0,
        "end_minute": 23 * 60 + 55,
        "signup_deadline": dt.datetime.now(dt.UTC) - dt.timedelta(days=3),
    }
    values.update(overrides)
    return make_event(**values)


@contextmanager
def counted() -> Iterator[list[str]]:
    """The SQL statements run inside the block."""
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
