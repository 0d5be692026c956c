"""The two follow-up forms: a young person's situation and view, an employer's hires."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, RadioField
from wtforms.validators import InputRequired, NumberRange

from recruit.core.forms import RecruitForm

SITUATION_CHOICES = [
    ("working", _l("Working")),
    ("studying", _l("Studying")),
    ("guidance", _l("In guidance, coaching or a course (for example Ohjaamo, TE services)")),
    ("none", _l("None of these right now")),
]
HELPED_CHOICES = [
    ("yes", _l("Yes")),
    ("somewhat", _l("Somewhat")),
    ("no", _l("No")),
]
# More than any employer hires from one event; a typo such as 1000 gets a clear message.
MAX_HIRES = 500


class YouthFollowUpForm(RecruitForm):
    situation = RadioField(
        _l("What are you doing now?"), choices=SITUATION_CHOICES,
        validators=[InputRequired(message=_l("Choose the option that fits you best."))])
    helped = RadioField(
        _l("Did the event help you on your way?"), choices=HELPED_CHOICES,
        validators=[InputRequired(message=_l("Choose yes, somewhat or no."))])


class EmployerFollowUpForm(RecruitForm):
    hires = IntegerField(
        _l("How many of the young people you met at the event have started working for you?"),
        [InputRequired(message=_l("Write a number; 0 if nobody.")),
         NumberRange(0, MAX_HIRES, message=_l("Give a number from %(min)d to %(max)d."))],
        description=_l("Count everyone who started, also in a job other than the one they "
                       "were interviewed for. 0 if nobody."),
        render_kw={"inputmode": "numeric"})
