"""The booking buttons shared by the youth's booking page and the counsellor's."""

from __future__ import annotations

from wtforms import HiddenField

from recruit.core.forms import RecruitForm
from recruit.models.base import LARGEST_INTEGER


class ActionForm(RecruitForm):
    """A button that changes something: only the CSRF token."""


class BookForm(RecruitForm):
    vacancy_id = HiddenField()
    start_minute = HiddenField()

    def slot(self) -> tuple[int, int] | None:
        """(vacancy id, start minute), or None for anything that cannot be one."""
        try:
            vacancy_id, start = int(self.vacancy_id.data), int(self.start_minute.data)
        except (TypeError, ValueError):
            return None
        if not (0 < vacancy_id <= LARGEST_INTEGER and 0 <= start < 24 * 60):
            return None
        return vacancy_id, start
