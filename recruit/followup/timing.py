"""When the follow-up goes out, and how it fits the retention period.

The follow-up's private links die with the event's personal data (`links.link_expiry`: the
end of the event day plus `retention_days`). The question goes out `follow_up_days` after the
event, the reminder `FOLLOW_UP_REMINDER_DAYS` (14) later, and the person needs time to answer
after that: `FOLLOW_UP_ANSWER_DAYS` (28) from the first question in all. So an event with a
follow-up keeps its personal data at least `follow_up_days + FOLLOW_UP_ANSWER_DAYS` days; the
event form refuses less, and the command skips (and names) an event where it no longer fits.
"""

from __future__ import annotations

import datetime as dt
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app

from recruit.core import links
from recruit.models import Event

# A new event's follow-up: about three months after the event day.
DEFAULT_FOLLOW_UP_DAYS = 90


def reminder_after() -> dt.timedelta:
    return dt.timedelta(days=int(current_app.config["FOLLOW_UP_REMINDER_DAYS"]))


def answer_days() -> int:
    """Days from the first question until the links must still work."""
    return int(current_app.config["FOLLOW_UP_ANSWER_DAYS"])


def minimum_retention(follow_up_days: int) -> int:
    """The shortest retention period (days after the event) that leaves time to answer."""
    return follow_up_days + answer_days()


def ask_day(event: Event) -> dt.date | None:
    """The local day the question goes out, or None without a follow-up."""
    if event.follow_up_days is None:
        return None
    return event.date + dt.timedelta(days=event.follow_up_days)


def links_live_until(event: Event) -> datetime:
    return links.link_expiry(event)


def due(event: Event, now: datetime) -> bool:
    """Is the question due for `event` now (its day has come in the event's time zone)?"""
    day = ask_day(event)
    return (
        day is not None
        and event.personal_data_deleted_at is None
        and now.astimezone(ZoneInfo(event.timezone)).date() >= day
    )


def time_to_answer(event: Event, now: datetime) -> bool:
    """Do the links still live long enough to ask now: until the reminder and a week past it?"""
    return now + reminder_after() + dt.timedelta(days=7) <= links_live_until(event)
