"""The "< 5" rule: a report never shows how many people are in a group of one to four.

Funders get counts only, and a small count next to a known group ("2 priority youth aged 15–17
were hired") can point at a person. A count from 1 to 4 is therefore shown as "< 5" on the
page, in the CSV and XLSX files and in the charts. Zero is shown: it describes nobody.

Hiding one cell is not enough when the cells of a breakdown add up to a total that is shown:
the hidden cell is the total minus the others. `hide_group` then also hides the next smallest
cell (the usual secondary suppression of statistical offices), so no cell can be worked out.
A rate is hidden when its numerator or its denominator is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# Groups smaller than this are shown as "< 5".
SMALLEST_SHOWN_GROUP = 5
HIDDEN_TEXT = f"< {SMALLEST_SHOWN_GROUP}"


@dataclass(frozen=True)
class Count:
    """A count of people (or of their interviews) as a report may show it."""

    value: int
    hidden: bool = False

    @property
    def shown(self) -> int | str:
        """The number, or "< 5": what the page, the CSV and the XLSX file write."""
        return HIDDEN_TEXT if self.hidden else self.value

    def __str__(self) -> str:
        return str(self.shown)


@dataclass(frozen=True)
class Rate:
    """A share in per cent of a count over another, or hidden (None when undefined)."""

    percent: float | None
    hidden: bool = False

    @property
    def shown(self) -> float | str:
        if self.hidden:
            return HIDDEN_TEXT
        return "" if self.percent is None else round(self.percent, 1)

    def __str__(self) -> str:
        return str(self.shown)


def too_small(value: int) -> bool:
    return 0 < value < SMALLEST_SHOWN_GROUP


def hide_small(value: int) -> Count:
    """One count on its own (no breakdown of a shown total)."""
    return Count(value, too_small(value))


def hide_group(values: Sequence[int]) -> list[Count]:
    """Counts of a breakdown whose total is shown: small ones hidden, and when exactly one is
    hidden, the smallest other non-zero one too, so that none follows from the total."""
    hidden = [too_small(v) for v in values]
    if sum(hidden) == 1:
        others = [(v, i) for i, v in enumerate(values) if not hidden[i] and v > 0]
        if others:
            hidden[min(others)[1]] = True
    return [Count(v, h) for v, h in zip(values, hidden, strict=True)]


def rate(part: Count, whole: Count) -> Rate:
    """`part` as a share of `whole`; hidden when either count is hidden."""
    if part.hidden or whole.hidden:
        return Rate(None, hidden=True)
    if whole.value == 0:
        return Rate(None)
    return Rate(100.0 * part.value / whole.value)
