"""Checks that refuse edits to people which would strand interviews already on the schedule.

The schedule is edited on its own pages; these checks tell staff which interviews to move
first, instead of leaving interviews outside an employer's or a young person's own times.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext as _ln

from recruit.core.validators import Window
from recruit.models import Candidate, Employer
from recruit.people import queries
from recruit.people.operations import CandidateData, EmployerData


def _inside(start: int, end: int, windows: list[Window]) -> bool:
    return any(s <= start and end <= e for s, e in windows)


def employer_change_conflicts(employer: Employer, data: EmployerData) -> list[tuple[str, str]]:
    """(field, message) for each kind of scheduled interview the new details would strand."""
    interviews = queries.interviews_of_employer(employer)
    conflicts: list[tuple[str, str]] = []
    outside = [i for i in interviews if not _inside(i.start_minute, i.end_minute,
                                                     data.available)]
    if outside:
        conflicts.append(("available", _ln(
            "%(num)d scheduled interview lies outside these times; move it first.",
            "%(num)d scheduled interviews lie outside these times; move them first.",
            len(outside))))
    in_breaks = [i for i in interviews
                 if any(i.start_minute < e and s < i.end_minute for s, e in data.breaks)]
    if in_breaks:
        conflicts.append(("breaks", _ln(
            "%(num)d scheduled interview falls in these breaks; move it first.",
            "%(num)d scheduled interviews fall in these breaks; move them first.",
            len(in_breaks))))
    highest_table = max((i.table_no for i in interviews), default=0)
    if highest_table > data.tables:
        conflicts.append(("tables", _l(
            "Interviews are scheduled at table %(table)d; move them first.",
            table=highest_table)))
    lengths = {i.end_minute - i.start_minute for i in interviews}
    if lengths and lengths != {data.interview_minutes}:
        conflicts.append(("interview_minutes", _l(
            "Interviews of another length are already scheduled; remove them first.")))
    return conflicts


def candidate_change_conflicts(candidate: Candidate, data: CandidateData) -> list[tuple[str, str]]:
    """(field, message) when the new availability would strand a scheduled interview."""
    if not data.windows:
        return []
    outside = [i for i in queries.interviews_of_candidate(candidate)
               if not _inside(i.start_minute, i.end_minute, data.windows)]
    if not outside:
        return []
    return [("windows", _ln(
        "%(num)d scheduled interview lies outside these times; move it first.",
        "%(num)d scheduled interviews lie outside these times; move them first.",
        len(outside)))]
