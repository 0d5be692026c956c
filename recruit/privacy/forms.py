"""The erasure confirmation a young person gives from their link."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField

from recruit.core.forms import RecruitForm


class EraseForm(RecruitForm):
    sure = BooleanField(_l("Yes, delete all my data and cancel my interviews"))


class WithdrawForm(RecruitForm):
    sure = BooleanField(_l("Yes, withdraw my consent and cancel my sign-up"))


class EmployerEraseForm(RecruitForm):
    sure = BooleanField(_l("Yes, erase our contact details and cancel our interviews"))
