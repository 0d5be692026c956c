"""Form fields shared by the staff forms (and reusable by the public sign-up forms)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wtforms import SelectMultipleField, StringField
from wtforms.widgets import CheckboxInput, ListWidget

from recruit.validators import Window, format_windows


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
