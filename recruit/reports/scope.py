"""Reports of one event or of every event between two dates (for example a whole year)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from recruit.core.access import only_visible
from recruit.extensions import db
from recruit.models import Event, RequirementCard, StaffUser
from recruit.reports.counts import Counts, count_events, events_between, events_with_ids
from recruit.reports.report import EventLine, Report, build_report


def card_names() -> dict[str, str]:
    """Card code -> its name in the reader's language (one query; the list is short)."""
    locale = str(get_locale() or "fi")
    return {card.code: card.name_for(locale) for card in db.session.scalars(
        sa.select(RequirementCard))}


def event_report(event: Event) -> Report:
    counts = count_events(events_with_ids([event.id])).get(event.id, Counts(events=1))
    return build_report(event.name, counts, start=event.date, end=event.date,
                        card_names=card_names())


def range_report(start: dt.date, end: dt.date, visible_to: StaffUser | None = None) -> Report:
    """Every event held from `start` to `end` (inclusive), with a line per event; with
    `visible_to`, only the events that staff member may see."""
    scope = events_between(start, end)
    if visible_to is not None:
        scope = only_visible(scope, visible_to)
    by_event = count_events(scope)
    events = db.session.execute(
        sa.select(Event.id, Event.name, Event.date)
        .where(Event.id.in_(scope))
        .order_by(Event.date, Event.id)
    ).all()
    total = Counts()
    lines = []
    for event_id, name, date in events:
        total.add(by_event[event_id])
        lines.append(EventLine(event_id, name, date, by_event[event_id]))
    title = str(_l("Events %(start)s–%(end)s", start=start.isoformat(), end=end.isoformat()))
    return build_report(title, total, lines, start=start, end=end, card_names=card_names(),
                        per_event=True)
