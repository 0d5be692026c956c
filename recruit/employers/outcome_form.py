"""The employer's outcome form: one row per interview of their roster, sent at once.

Fields are named by interview (`result-<id>`, `note-<id>`), so the form has as many rows as
the roster and needs no per-row form objects. A row not yet recorded is offered what the
door saw: "did not come" for a no-show, "came" for someone who arrived.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from recruit.dayof.checkin import arrival_of
from recruit.dayof.outcomes import RESULTS, RosterResult, result_of
from recruit.scheduling.roster import RosterEntry

_FROM_ARRIVAL = {"no_show": "no_show", "arrived": "came", "late": "came"}


@dataclass(frozen=True)
class OutcomeRow:
    entry: RosterEntry
    result: str
    note: str
    error: tuple[str, str] | None = None


def _text(form: Mapping[str, str], name: str) -> str:
    # PostgreSQL refuses NUL in text; nobody types one (as RecruitForm does for its fields).
    return (form.get(name) or "").replace("\x00", "")


def read_outcome_rows(form: Mapping[str, str]) -> dict[int, RosterResult]:
    """The rows sent; ValueError for a field name that is not a row of the form."""
    rows: dict[int, RosterResult] = {}
    for name in form:
        if not name.startswith("result-"):
            continue
        key = name.removeprefix("result-")
        if not key.isdigit() or len(key) > 12:
            raise ValueError(name)
        rows[int(key)] = RosterResult(result=_text(form, name), note=_text(form, f"note-{key}"))
    return rows


def outcome_rows(
    roster: Sequence[RosterEntry], sent: Mapping[str, str] | None,
    errors: Mapping[int, tuple[str, str]],
) -> list[OutcomeRow]:
    """The form's rows: what was sent (a refused form), else what is stored."""
    rows = []
    for entry in roster:
        if entry.cancelled:
            continue
        interview = entry.interview
        if sent is not None:
            result = _text(sent, f"result-{interview.id}")
            note = _text(sent, f"note-{interview.id}")
        else:
            result = result_of(interview.attended, interview.outcome)
            door = arrival_of(interview, interview.candidate.checked_in_at)
            if result == "" and door is not None:
                result = _FROM_ARRIVAL[door]
            note = interview.outcome_note or ""
        rows.append(OutcomeRow(entry, result if result in RESULTS else "", note,
                               errors.get(interview.id)))
    return rows
