"""Calendars: iCalendar invites with their VTIMEZONE, and the read-only calendar feeds."""
