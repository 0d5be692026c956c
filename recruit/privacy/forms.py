"""The confirmations a young person or an employer gives from their link: each form is one
"yes, I am sure" box (`sure`) in the words of its action."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField

from recruit.core.forms import RecruitForm


class SureForm(RecruitForm):
    """A confirmation: the subclass names the box."""

    sure: BooleanField


class EraseForm(SureForm):
    sure = BooleanField(_l("Yes, delete all my data and cancel my interviews"))


class WithdrawForm(SureForm):
    sure = BooleanField(_l("Yes, withdraw my consent and cancel my sign-up"))


class EmployerEraseForm(SureForm):
    sure = BooleanField(_l("Yes, erase our contact details and cancel our interviews"))
