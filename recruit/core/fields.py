"""Form fields shared by the staff forms (and reusable by the public sign-up forms)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import FieldList, SelectMultipleField, StringField
from wtforms.widgets import CheckboxInput, ListWidget

from recruit.core.validators import Window, format_windows


class MultiCheckboxField(SelectMultipleField):
    """A multiple choice shown as checkboxes: easier on a phone than a multi-select box."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class WindowsField(StringField):
    """Time windows typed as "09:00-11:30, 12:00-13:00".

    The field keeps the text the user typed (so it is shown back unchanged on an error); an
    `EventGridWindows` validator parses it and leaves the minutes on `field.windows`.
    """

    windows: list[Window]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.windows = []

    def set_windows(self, windows: Iterable[Window]) -> None:
        """Fill the field from stored windows (editing an existing object)."""
        self.windows = list(windows)
        self.data = format_windows(self.windows)


def ranked_choice(value: Any) -> int | None:
    """Coerce a ranked-interest select: the empty choice is None, junk is -1 (which no vacancy
    has, so the form reports it instead of raising)."""
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def set_ranked_interests(
    interests: FieldList, count: int, vacancies: list[tuple[int, str]], none_label: Any,
    choice_label: Callable[[int], Any] | None = None,
) -> set[int]:
    """Exactly `count` choice boxes offering `vacancies`; returns the vacancy ids allowed.
    `choice_label(rank)` names a box when an audience words it its own way."""
    while len(interests.entries) < count:
        interests.append_entry()
    while len(interests.entries) > count:
        interests.pop_entry()
    choices = [(None, none_label), *vacancies]
    for rank, entry in enumerate(interests.entries, start=1):
        entry.choices = choices
        entry.label.text = (
            choice_label(rank) if choice_label else _l("Choice %(rank)d", rank=rank)
        )
    return {vacancy_id for vacancy_id, _label in vacancies}


def check_ranked_interests(
    interests: FieldList, allowed: set[int], *, not_listed: Any, repeated: Any
) -> tuple[list[int], bool]:
    """The vacancy ids chosen, in rank order, and whether every box is valid; a box with an
    unknown or already chosen vacancy gets the matching error."""
    chosen: list[int] = []
    valid = True
    for entry in interests.entries:
        if entry.data is None:
            continue
        if entry.data not in allowed:
            entry.errors.append(not_listed)
            valid = False
        elif entry.data in chosen:
            entry.errors.append(repeated)
            valid = False
        else:
            chosen.append(entry.data)
    return chosen, valid
