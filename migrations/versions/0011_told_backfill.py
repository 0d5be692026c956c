"""told_interview for schedules published before it existed: what people were sent

Revision ID: 0011_told_backfill
Revises: 0010_told_interview
Create Date: 2026-12-04 18:30:00

The change path compares what each young person was last told with what is true now. For an
event published before `told_interview` existed there is no record, so the first change after
the upgrade would invite everyone again. This fills the record in, for every person and
interview that has none yet:

1. from the outbox: the last invitation, update or cancellation each person was sent about
   each interview (its METHOD, SEQUENCE, start, end and time zone as the calendar file says;
   the venue when the LOCATION names the event's venue as it is now, otherwise what the
   LOCATION said, so that an update goes out);
2. where the outbox has nothing (a message purged, or never mailed): the interview as the
   latest published version has it, or as booked, is taken as told; an interview that was
   cancelled (a decline, a withdrawal) as told cancelled, as those were told at that moment.

Self-contained: plain tables, no application imports.
"""
from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0011_told_backfill'
down_revision = '0010_told_interview'
branch_labels = None
depends_on = None

_KINDS = ('interview_invite', 'interview_update', 'interview_cancel')
_BOOKED = ('self', 'counsellor')

event_t = sa.table(
    'event', sa.column('id', sa.Integer), sa.column('date', sa.Date),
    sa.column('timezone', sa.String), sa.column('venue_name', sa.String),
    sa.column('venue_address', sa.String),
)
version_t = sa.table(
    'schedule_version', sa.column('event_id', sa.Integer), sa.column('number', sa.Integer),
    sa.column('snapshot', sa.JSON),
)
candidate_t = sa.table(
    'candidate', sa.column('id', sa.Integer), sa.column('event_id', sa.Integer),
    sa.column('email', sa.String), sa.column('status', sa.String),
)
interview_t = sa.table(
    'interview', sa.column('id', sa.Integer), sa.column('event_id', sa.Integer),
    sa.column('candidate_id', sa.Integer), sa.column('uid', sa.String),
    sa.column('sequence', sa.Integer), sa.column('table_no', sa.Integer),
    sa.column('start_minute', sa.Integer), sa.column('end_minute', sa.Integer),
    sa.column('source', sa.String), sa.column('cancelled_at', sa.DateTime(timezone=True)),
)
outbox_t = sa.table(
    'outbox_message', sa.column('id', sa.Integer), sa.column('event_id', sa.Integer),
    sa.column('kind', sa.String), sa.column('recipient', sa.String),
    sa.column('calendar', sa.LargeBinary),
)
told_t = sa.table(
    'told_interview', sa.column('event_id', sa.Integer), sa.column('candidate_id', sa.Integer),
    sa.column('interview_uid', sa.String), sa.column('method', sa.String),
    sa.column('sequence', sa.Integer), sa.column('start_local', sa.String),
    sa.column('end_local', sa.String), sa.column('timezone', sa.String),
    sa.column('venue_name', sa.String), sa.column('venue_address', sa.String),
    sa.column('table_label', sa.String), sa.column('told_at', sa.DateTime(timezone=True)),
)


def _local(moment: dt.datetime) -> str:
    return moment.strftime('%Y-%m-%dT%H:%M')


def _at(event: Any, minute: int) -> str:
    midnight = dt.datetime.combine(event.date, dt.time(), tzinfo=ZoneInfo(event.timezone))
    return _local(midnight + dt.timedelta(minutes=minute))


def _venue(event: Any) -> str:
    return ', '.join(part for part in (event.venue_name, event.venue_address) if part)


def _from_calendar(event: Any, raw: bytes) -> tuple[str, dict[str, Any]] | None:
    """(UID, told row values) of one sent calendar message; None if it cannot be read."""
    try:
        calendar = icalendar.Calendar.from_ical(raw)
        vevent = next(iter(calendar.walk('VEVENT')))
        method = str(calendar['METHOD']).upper()
        start, end = vevent.decoded('DTSTART'), vevent.decoded('DTEND')
    except (ValueError, KeyError, StopIteration):
        return None
    if method not in ('REQUEST', 'CANCEL') or not isinstance(start, dt.datetime):
        return None
    zone_name = vevent['DTSTART'].params.get('TZID')
    if not zone_name:
        zone_name = event.timezone  # written in UTC: the same instant, in the event's zone
    try:
        zone = ZoneInfo(str(zone_name))
    except (KeyError, ValueError):
        return None
    location = str(vevent.get('LOCATION', ''))
    place, _sep, table_part = location.rpartition(', ')
    table = table_part.split()[-1] if table_part.split() else ''
    if place == _venue(event):
        venue_name, venue_address = event.venue_name, event.venue_address
    else:
        # Not the venue as it is now: keep what they were told, so the change path updates it.
        venue_name, venue_address = place[:200], ''
    return str(vevent['UID']), {
        'method': method,
        'sequence': max(int(vevent.get('SEQUENCE', 0)), 0),
        'start_local': _local(start.astimezone(zone)),
        'end_local': _local(end.astimezone(zone)),
        'timezone': str(zone_name),
        'venue_name': venue_name,
        'venue_address': venue_address,
        'table_label': table[:16],
    }


def _backfill_event(connection: sa.Connection, event: Any, now: dt.datetime) -> int:
    people = {row.email: row for row in connection.execute(
        sa.select(candidate_t.c.id, candidate_t.c.email, candidate_t.c.status)
        .where(candidate_t.c.event_id == event.id))}
    by_id = {row.id: row for row in people.values()}
    known = {tuple(row) for row in connection.execute(
        sa.select(told_t.c.interview_uid, told_t.c.candidate_id)
        .where(told_t.c.event_id == event.id))}
    told: dict[tuple[str, int], dict[str, Any]] = {}
    sent = connection.execute(
        sa.select(outbox_t.c.recipient, outbox_t.c.calendar)
        .where(outbox_t.c.event_id == event.id, outbox_t.c.kind.in_(_KINDS),
               outbox_t.c.calendar.is_not(None))
        .order_by(outbox_t.c.id))
    for recipient, raw in sent:
        person = people.get(recipient)
        parsed = _from_calendar(event, bytes(raw)) if person is not None else None
        if parsed is not None:
            told[(parsed[0], person.id)] = parsed[1]  # later messages replace earlier ones

    rows = {row.id: row for row in connection.execute(
        sa.select(interview_t).where(interview_t.c.event_id == event.id))}
    latest = connection.execute(
        sa.select(version_t.c.snapshot).where(version_t.c.event_id == event.id)
        .order_by(version_t.c.number.desc()).limit(1)).scalar()
    entries = list((latest or {}).get('interviews', []))
    published = {entry['id'] for entry in entries}
    booked = [
        {'id': row.id, 'uid': row.uid, 'sequence': row.sequence,
         'candidate_id': row.candidate_id, 'table_no': row.table_no,
         'start_minute': row.start_minute, 'end_minute': row.end_minute}
        for row in rows.values() if row.source in _BOOKED and row.id not in published
    ]
    for entry in [*entries, *booked]:
        key = (entry['uid'], entry['candidate_id'])
        person = by_id.get(entry['candidate_id'])
        if key in told or person is None:
            continue
        row = rows.get(entry['id'])
        gone = person.status == 'cancelled' or (row is not None and row.cancelled_at is not None)
        told[key] = {
            'method': 'CANCEL' if gone else 'REQUEST',
            'sequence': max(entry['sequence'], row.sequence if row is not None else 0),
            'start_local': _at(event, entry['start_minute']),
            'end_local': _at(event, entry['end_minute']),
            'timezone': event.timezone,
            'venue_name': event.venue_name,
            'venue_address': event.venue_address,
            'table_label': str(entry['table_no']),
        }
    values = [
        {'event_id': event.id, 'candidate_id': candidate_id, 'interview_uid': uid,
         'told_at': now, **said}
        for (uid, candidate_id), said in told.items() if (uid, candidate_id) not in known
    ]
    if values:
        connection.execute(sa.insert(told_t), values)
    return len(values)


def upgrade():
    connection = op.get_bind()
    now = dt.datetime.now(dt.UTC)
    published = connection.execute(
        sa.select(event_t).where(event_t.c.id.in_(sa.select(version_t.c.event_id)))
        .order_by(event_t.c.id))
    for event in list(published):
        _backfill_event(connection, event, now)


def downgrade():
    # The filled-in rows cannot be told from later ones; 0010's downgrade drops the table.
    pass
