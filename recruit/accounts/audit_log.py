"""The audit log as admins read it: filtered, newest first, a page at a time.

One query for the page (the staff member's name, the event's name and the API token's name
come by outer joins, so a page costs the same however many rows it shows) and one to count.
The log holds ids only; the names shown are read from the rows they point at, and an object
or event deleted since shows its number alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from recruit.extensions import db
from recruit.models import ApiToken, AuditEntry, Event, StaffUser

PER_PAGE = 50


@dataclass(frozen=True)
class AuditFilters:
    action: str = ""
    staff_user_id: int | None = None
    event_id: int | None = None
    object_type: str = ""
    object_id: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True)
class AuditLine:
    entry: AuditEntry
    staff_name: str | None
    event_name: str | None
    token_name: str | None


def _where(filters: AuditFilters) -> list[Any]:
    conditions: list[Any] = []
    if filters.action:
        # "candidate" finds every candidate.* action; "candidate.view" that one.
        conditions.append(sa.or_(AuditEntry.action == filters.action,
                                 AuditEntry.action.startswith(filters.action + ".",
                                                              autoescape=True)))
    if filters.staff_user_id is not None:
        conditions.append(AuditEntry.staff_user_id == filters.staff_user_id)
    if filters.event_id is not None:
        conditions.append(AuditEntry.event_id == filters.event_id)
    if filters.object_type:
        conditions.append(AuditEntry.object_type == filters.object_type)
    if filters.object_id is not None:
        conditions.append(AuditEntry.object_id == filters.object_id)
    if filters.start is not None:
        conditions.append(AuditEntry.at >= dt.datetime.combine(filters.start, dt.time(),
                                                               tzinfo=dt.UTC))
    if filters.end is not None:
        conditions.append(AuditEntry.at < dt.datetime.combine(
            filters.end + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC))
    return conditions


def count_entries(filters: AuditFilters) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(AuditEntry.id)).where(*_where(filters))) or 0


def entries_page(filters: AuditFilters, start: int, limit: int = PER_PAGE) -> list[AuditLine]:
    rows = db.session.execute(
        sa.select(AuditEntry, StaffUser.name, Event.name, ApiToken.name)
        .outerjoin(StaffUser, StaffUser.id == AuditEntry.staff_user_id)
        .outerjoin(Event, Event.id == AuditEntry.event_id)
        .outerjoin(ApiToken, ApiToken.id == AuditEntry.api_token_id)
        .where(*_where(filters))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset(start).limit(limit)
    ).all()
    return [AuditLine(entry, staff, event, token) for entry, staff, event, token in rows]


def staff_choices() -> list[tuple[str, str]]:
    return [(str(user_id), name) for user_id, name in db.session.execute(
        sa.select(StaffUser.id, StaffUser.name).order_by(StaffUser.name, StaffUser.id))]
