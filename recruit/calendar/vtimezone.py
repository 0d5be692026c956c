"""VTIMEZONE components built from the IANA database (zoneinfo).

icalendar's `Timezone.from_tzid` lists every transition as an RDATE and, in the version we use,
gives the onset of daylight saving time in the new offset (04:00 instead of 03:00 for
Europe/Helsinki). RFC 5545 §3.6.5 wants the onset in the offset that was in force before it, and
Outlook copes best with the classic shape: one STANDARD and one DAYLIGHT part, each with a yearly
RRULE. This module builds that shape from the transitions zoneinfo reports for the event's year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

_DAY = timedelta(days=1)
_MINUTE = timedelta(minutes=1)
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Transition:
    """One change of UTC offset: `onset` is local wall time in the offset before the change."""

    onset: datetime
    offset_from: timedelta
    offset_to: timedelta
    name: str
    is_daylight: bool


def _offset(zone: ZoneInfo, instant: datetime) -> timedelta:
    offset = instant.astimezone(zone).utcoffset()
    assert offset is not None  # a ZoneInfo always knows its offset
    return offset


def transitions_in_year(zone: ZoneInfo, year: int) -> list[Transition]:
    """Every offset change of `zone` in `year`, found by a daily scan and a minute bisection."""
    found: list[Transition] = []
    day = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    while day < end:
        following = day + _DAY
        if _offset(zone, day) != _offset(zone, following):
            low, high = day, following
            # Offsets change on whole minutes; bisect until the change is pinned to one.
            while high - low > _MINUTE:
                middle = low + (high - low) / 2
                middle = middle.replace(second=0, microsecond=0)
                if middle <= low:
                    middle = low + _MINUTE
                if _offset(zone, middle) == _offset(zone, low):
                    low = middle
                else:
                    high = middle
            before, after = _offset(zone, low), _offset(zone, high)
            local_after = high.astimezone(zone)
            found.append(
                Transition(
                    onset=(high + before).replace(tzinfo=None),
                    offset_from=before,
                    offset_to=after,
                    name=local_after.tzname() or "",
                    is_daylight=bool(local_after.dst()),
                )
            )
        day = following
    return found


def _yearly_rule(onset: datetime) -> vRecur:
    """The RRULE "every year, the same weekday of the same week of this month"."""
    weekday = _WEEKDAYS[onset.weekday()]
    next_month = date(onset.year + (onset.month == 12), onset.month % 12 + 1, 1)
    ordinal = -1 if (next_month - onset.date()).days <= 7 else (onset.day - 1) // 7 + 1
    return vRecur({"FREQ": "YEARLY", "BYMONTH": onset.month, "BYDAY": f"{ordinal}{weekday}"})


def _rule_holds(zone: ZoneInfo, transition: Transition, years: range) -> bool:
    """Whether zoneinfo's transitions in `years` fall where the yearly rule says they will."""
    rule = _yearly_rule(transition.onset)
    for year in years:
        same_kind = [
            later
            for later in transitions_in_year(zone, year)
            if later.is_daylight == transition.is_daylight
        ]
        if len(same_kind) != 1:
            return False
        later = same_kind[0]
        if _yearly_rule(later.onset) != rule or later.onset.time() != transition.onset.time():
            return False
    return True


def _part(change: Transition, *, yearly: bool) -> TimezoneStandard | TimezoneDaylight:
    part = TimezoneDaylight() if change.is_daylight else TimezoneStandard()
    part.add("DTSTART", change.onset)
    part.add("TZOFFSETFROM", change.offset_from)
    part.add("TZOFFSETTO", change.offset_to)
    part.add("TZNAME", change.name)
    if yearly:
        part.add("RRULE", _yearly_rule(change.onset))
    return part


@lru_cache(maxsize=32)
def _vtimezone_ical(tzid: str, year: int) -> bytes:
    zone = ZoneInfo(tzid)
    timezone = Timezone()
    timezone.add("TZID", tzid)
    # Start a year early: an offset is only defined after the first onset, and an event in
    # January lies before that year's first transition.
    previous = transitions_in_year(zone, year - 1)
    current = transitions_in_year(zone, year)
    if not previous and not current:
        # A zone without daylight saving (Asia/Tokyo, …) needs one STANDARD part.
        instant = datetime(year, 1, 1, tzinfo=UTC)
        standard = TimezoneStandard()
        standard.add("DTSTART", datetime(1970, 1, 1))
        standard.add("TZOFFSETFROM", _offset(zone, instant))
        standard.add("TZOFFSETTO", _offset(zone, instant))
        standard.add("TZNAME", instant.astimezone(zone).tzname() or tzid)
        timezone.add_component(standard)
    elif previous and all(_rule_holds(zone, change, range(year, year + 2)) for change in previous):
        for change in previous:
            timezone.add_component(_part(change, yearly=True))
    else:
        # Irregular rules: list the actual transitions, which covers the event's year.
        for change in [*previous, *current]:
            timezone.add_component(_part(change, yearly=False))
    return timezone.to_ical()


def vtimezone_ical(tzid: str, year: int) -> bytes:
    """The VTIMEZONE of `vtimezone` serialised (CRLF, folded), ready to splice into a calendar."""
    return _vtimezone_ical(tzid, year)


def vtimezone(tzid: str, year: int) -> Timezone:
    """A complete VTIMEZONE for `tzid`, exact for `year` (cached: the scan costs ~10 ms)."""
    component = Timezone.from_ical(_vtimezone_ical(tzid, year))
    if not isinstance(component, Timezone):
        raise TypeError(f"no VTIMEZONE built for {tzid}")
    return component
