"""Column types and helpers shared by every model."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

MINUTES_PER_DAY = 24 * 60
# The largest value an Integer column holds (PostgreSQL's 32-bit integer): ids, seeds and
# counts from outside beyond it are nobody's, and asking the database fails with a 500.
LARGEST_INTEGER = 2**31 - 1


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC (the only kind of datetime we store)."""
    return datetime.now(UTC)


class UTCDateTime(sa.TypeDecorator[datetime]):
    """A timestamp stored in UTC and always returned timezone-aware.

    PostgreSQL keeps the zone (`timestamptz`); SQLite drops it, so values read back from SQLite
    get UTC attached. Naive datetimes are refused on the way in: guessing their zone is how
    interviews end up an hour off after a daylight-saving change.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; store timezone-aware UTC datetimes")
        value = value.astimezone(UTC)
        # SQLite compares timestamps as text, so store them without an offset suffix.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def minute_window_checks(prefix: str = "") -> tuple[sa.CheckConstraint, ...]:
    """Checks for a [start_minute, end_minute) window inside one day."""
    return (
        sa.CheckConstraint("start_minute >= 0", name=f"{prefix}start_in_day"),
        sa.CheckConstraint(f"end_minute <= {MINUTES_PER_DAY}", name=f"{prefix}end_in_day"),
        sa.CheckConstraint("end_minute > start_minute", name=f"{prefix}end_after_start"),
    )


def one_of(column: str, values: tuple[str, ...]) -> str:
    """SQL for a check that `column` holds one of `values` (fixed code lists, never input)."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"
