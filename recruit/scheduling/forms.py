"""Forms of the schedule pages. Each button is a small POST form (CSRF-protected)."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField
from wtforms.validators import InputRequired, NumberRange, Optional

from recruit.core.forms import RecruitForm
from recruit.core.i18n import format_minute

MAX_TIME_LIMIT_SECONDS = 3600
MAX_SEED = 2**31 - 1


class BuildForm(RecruitForm):
    time_limit = IntegerField(
        _l("Time limit (seconds)"),
        validators=[Optional(), NumberRange(min=1, max=MAX_TIME_LIMIT_SECONDS)],
        description=_l("How long the scheduler may search. Empty: the default."),
    )
    seed = IntegerField(
        _l("Seed"),
        validators=[Optional(), NumberRange(min=0, max=MAX_SEED)],
        description=_l("The same seed and data give the same schedule."),
    )
    improve_waiting = BooleanField(
        _l("Keep improving waiting times"),
        default=False,
        description=_l("Off: the build ends as soon as who gets an interview, with whom, is "
                       "settled. On: it goes on shortening the waits between a young person's "
                       "interviews until the time limit."),
    )


class MoveForm(RecruitForm):
    start_minute = SelectField(_l("Time"), coerce=int, validators=[InputRequired()])
    table_no = SelectField(_l("Table"), coerce=int, validators=[InputRequired()])

    def offer(self, starts: Sequence[int], tables: int) -> None:
        """Offer the employer's slot times and tables (the only places an interview can go)."""
        self.start_minute.choices = [(start, format_minute(start)) for start in starts]
        self.table_no.choices = [(n, str(n)) for n in range(1, tables + 1)]


class ConfirmForm(RecruitForm):
    """A button with nothing to fill in (stop, publish, lock, remove): CSRF only."""
