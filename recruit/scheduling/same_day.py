"""On the event day, nothing new is placed in the past: builds and waiting-list runs see each
young person's available time starting at now + SAME_DAY_MARGIN_MINUTES.

Only the young people's windows are cut, never an employer's: an employer's slot grid runs
from the start of its window, so cutting there would move every later slot. Every interview
needs a young person whose window covers it, so the cut alone keeps new interviews out of the
past. Interviews that already exist keep their time in the window, so they stay valid locks
and the published ones are kept, not "moved" into the afternoon.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app

from recruit.models import Event, utcnow

DEFAULT_MARGIN_MINUTES = 30
Span = tuple[int, int]


def earliest_new_start(event: Event, now: datetime | None = None) -> int | None:
    """The first minute of the event day a new interview may start, or None when the
    event is not today (before its day nothing is past; after it staff only look back)."""
    local = (now or utcnow()).astimezone(ZoneInfo(event.timezone))
    if local.date() != event.date:
        return None
    margin = current_app.config.get("SAME_DAY_MARGIN_MINUTES", DEFAULT_MARGIN_MINUTES)
    elapsed = local.hour * 60 + local.minute + local.second / 60 + local.microsecond / 6e7
    return math.ceil(elapsed) + int(margin)


def cut_windows(
    windows: Sequence[Span], earliest: int | None, kept: Iterable[Span]
) -> tuple[Span, ...]:
    """`windows` from `earliest` on, plus the spans of the person's existing interviews
    (sorted and merged, as the solver wants them)."""
    if earliest is None:
        return tuple(windows)
    spans = [(max(start, earliest), end) for start, end in windows if end > earliest]
    spans += list(kept)
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((start, end) for start, end in merged)
