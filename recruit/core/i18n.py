"""Languages: choosing the user's locale and formatting dates and times for it.

Finnish is the default; Swedish and English are complete. Msgids are English. There is one
catalogue, `recruit/translations/<lang>/LC_MESSAGES/messages.po` (`make messages` extracts into
it); where an audience needs its own words for the same English text, the text carries a
context: `pgettext("employer", ...)` on the employer pages, `pgettext("youth", ...)` on the
young people's pages and the counsellor pages that act for them.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from babel import dates as babel_dates
from babel.messages import mofile, pofile
from flask import Flask, current_app, has_request_context, request, session
from flask_babel import get_locale
from flask_login import current_user

if TYPE_CHECKING:
    from recruit.models.event import Event

def plural_msgids(singular: str, plural: str) -> tuple[str, str]:
    """Marks a singular/plural pair for extraction (`make messages` knows this name) where the
    count comes later: `ngettext(*pair, n)` translates it then."""
    return singular, plural


LANGUAGE_NAMES = {"fi": "Suomeksi", "sv": "På svenska", "en": "In English"}
# Locales whose names of months and weekdays are used ("maaliskuuta", "mars", "March").
FORMAT_LOCALES = {"fi": "fi_FI", "sv": "sv_FI", "en": "en_GB"}

# The shape of every date and time users see is ours, written as LDML patterns, not taken from
# the CLDR data of whatever Babel version is installed: CLDR has changed Swedish from 09:30 to
# 9.30 between releases, and a library upgrade must not change what people read. Finnish and
# Finland-Swedish usage: a point between hours and minutes without a leading zero (9.30) and
# day.month.year (12.3.2027); English: a 24-hour clock (09:30) and day/month/year.
DATE_TIME_PATTERNS: dict[str, dict[str, str]] = {
    "fi": {
        "time": "H.mm",
        "short": "d.M.yyyy",
        "medium": "d.M.yyyy",
        "full": "cccc d. MMMM yyyy",
        "datetime": "d.M.yyyy H.mm",
    },
    "sv": {
        "time": "H.mm",
        "short": "d.M.yyyy",
        "medium": "d MMMM yyyy",
        "full": "EEEE d MMMM yyyy",
        "datetime": "d.M.yyyy H.mm",
    },
    "en": {
        "time": "HH:mm",
        "short": "dd/MM/yyyy",
        "medium": "d MMM yyyy",
        "full": "EEEE, d MMMM yyyy",
        "datetime": "dd/MM/yyyy, HH:mm",
    },
}


def _patterns(language: str | None) -> dict[str, str]:
    return DATE_TIME_PATTERNS.get(language or current_language(), DATE_TIME_PATTERNS["fi"])


def _language_of(language: str | None) -> str:
    language = language or current_language()
    return language if language in DATE_TIME_PATTERNS else "fi"


def supported_languages() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def select_locale() -> str:
    """`?lang=` (remembered in the session), then the session, the staff user's choice,
    the browser's Accept-Language, and finally Finnish."""
    languages = supported_languages()
    if not has_request_context():
        # Jobs and commands (e-mails) choose with flask_babel.force_locale; default otherwise.
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    asked = request.args.get("lang")
    if asked in languages:
        session["lang"] = asked
        return asked
    remembered = session.get("lang")
    if remembered in languages:
        return remembered
    user_locale = getattr(current_user, "locale", None) if current_user else None
    if user_locale in languages:
        return user_locale
    best = request.accept_languages.best_match(languages)
    return best or current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    locale = get_locale()
    return locale.language if locale is not None else "fi"


def format_locale(language: str | None = None) -> str:
    language = language or current_language()
    return FORMAT_LOCALES.get(language, language)


def format_clock(
    value: dt.time | dt.datetime, language: str | None = None, zone: ZoneInfo | None = None
) -> str:
    """A clock time in the product's format for the language ("9.30", "09:30").

    An aware datetime is first converted to `zone` (the event's time zone)."""
    language = _language_of(language)
    if isinstance(value, dt.datetime):
        if zone is not None and value.tzinfo is not None:
            value = value.astimezone(zone)
        value = value.time()
    return babel_dates.format_time(
        value, format=_patterns(language)["time"], locale=format_locale(language)
    )


def format_day(
    value: dt.date | dt.datetime, style: str = "medium", language: str | None = None
) -> str:
    """A calendar date in the product's format: `short` 12.3.2027, `medium` 12.3.2027 /
    12 mars 2027 / 12 Mar 2027, `full` with the weekday."""
    language = _language_of(language)
    if isinstance(value, dt.datetime):
        value = value.date()
    pattern = _patterns(language).get(style, _patterns(language)["medium"])
    return babel_dates.format_date(value, format=pattern, locale=format_locale(language))


def format_minute(minute: int, language: str | None = None) -> str:
    """Minutes since local midnight as a short clock time for the language ("9.00", "09:00")."""
    return _minute_text(int(minute), _language_of(language))


@functools.lru_cache(maxsize=4 * 24 * 60)
def _minute_text(minute: int, language: str) -> str:
    # Remembered: a booking page writes hundreds of times, and the patterns never change.
    if minute == 24 * 60:
        # The end of the day ends a window but is no datetime.time: write it as 24.00 / 24:00.
        midnight = format_clock(dt.time(0, 0), language)
        return "24" + midnight[2:] if midnight.startswith("00") else "24" + midnight[1:]
    return format_clock(dt.time(minute // 60, minute % 60), language)


def format_event_time(event: Event, minute: int) -> str:
    """A time of the event day; minutes are already the event's local wall-clock time."""
    return format_minute(minute)


def format_event_window(event: Event, start_minute: int, end_minute: int) -> str:
    return f"{format_event_time(event, start_minute)}–{format_event_time(event, end_minute)}"


def format_date(value: dt.date | dt.datetime | None, format: str = "medium") -> str:
    """A calendar date in the user's language, e.g. "12.3.2027" / "12 mars 2027"."""
    if value is None:
        return ""
    return format_day(value, format)


def format_event_datetime(
    event: Event | None, value: dt.datetime | None, format: str = "short"
) -> str:
    """A stored UTC instant (a deadline, a publish time) shown in the event's timezone."""
    if value is None:
        return ""
    zone_name = event.timezone if event is not None else None
    zone = ZoneInfo(zone_name or current_app.config["BABEL_DEFAULT_TIMEZONE"])
    local = value.astimezone(zone)
    language = _language_of(None)
    return babel_dates.format_datetime(
        local.replace(tzinfo=None),
        format=_patterns(language)["datetime"],
        locale=format_locale(language),
    )


def language_switch_links() -> list[dict[str, Any]]:
    """Links to the current page in every language, for the switch in the base layout."""
    args = dict(request.args)
    links = []
    for code in supported_languages():
        args["lang"] = code
        links.append(
            {
                "code": code,
                "name": LANGUAGE_NAMES.get(code, code),
                "url": request.path + "?" + urlencode(args),
                "current": code == current_language(),
            }
        )
    return links


def init_app(app: Flask) -> None:
    """Jinja filters and globals for formatting; called from create_app after Babel."""
    app.add_template_filter(format_minute, "minute")
    app.add_template_filter(format_date, "format_date")
    app.add_template_global(format_event_time)
    app.add_template_global(format_event_window)
    app.add_template_global(format_event_datetime)
    app.add_template_global(format_date)
    app.add_template_global(current_language)
    app.add_template_global(language_switch_links)


def catalogue_files(package_dir: Path) -> list[Path]:
    """The `messages.po` of every language in the catalogue under `package_dir` (`recruit`)."""
    return sorted(package_dir.glob("translations/*/LC_MESSAGES/*.po"))


def compile_catalogues(package_dir: Path) -> list[Path]:
    """Compile each `.po` whose `.mo` is missing or older; return the `.mo` files written.

    The Makefile does the same with a pattern rule; this lets a bare `pytest` work too.
    """
    written = []
    for po_path in catalogue_files(package_dir):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as handle:
            catalog = pofile.read_po(handle)
        # Write to a temporary name first: another test run may be reading the old file.
        temporary = mo_path.with_suffix(f".mo.{os.getpid()}")
        with temporary.open("wb") as handle:
            mofile.write_mo(handle, catalog)
        temporary.replace(mo_path)
        written.append(mo_path)
    return written
