"""Checks that refuse edits to people which would strand interviews already on the schedule.

The schedule is edited on its own pages; these checks tell staff which interviews to move
first, instead of leaving interviews outside an employer's or a young person's own times.
"""

from __future__ import annotations

from flask_babel import lazy_ngettext as _ln

from recruit.core.validators import Window
from recruit.models import Candidate, Employer
from recruit.people import queries
from recruit.people.operations import CandidateData, EmployerData, apply_employer
from recruit.scheduling.stranded import stranded_by


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
    beyond = [i for i in interviews if i.table_no > data.tables]
    if beyond:
        conflicts.append(("tables", _ln(
            "%(num)d scheduled interview is at a table above %(tables)d; move it first.",
            "%(num)d scheduled interviews are at tables above %(tables)d; move them first.",
            len(beyond), tables=data.tables)))
    other_length = [i for i in interviews
                    if i.end_minute - i.start_minute != data.interview_minutes]
    if other_length:
        conflicts.append(("interview_minutes", _ln(
            "%(num)d scheduled interview is not %(minutes)d minutes long; move or remove it "
            "on the schedule first.",
            "%(num)d scheduled interviews are not %(minutes)d minutes long; move or remove "
            "them on the schedule first.",
            len(other_length), minutes=data.interview_minutes)))
    if not conflicts:
        conflicts += _off_the_slots(employer, data)
    return conflicts


def _off_the_slots(employer: Employer, data: EmployerData) -> list[tuple[str, str]]:
    """Interviews, in the draft or as published, that would no longer start on one of the
    employer's slots (the grid of back-to-back interviews from the start of each window).
    Ends the transaction (the trial edit is rolled back)."""
    stranded = stranded_by(employer.event, lambda: apply_employer(employer, data), employer.id)
    if not stranded:
        return []
    times = ", ".join(f"{h.start_minute // 60}.{h.start_minute % 60:02d}" for h in stranded)
    return [("available", _ln(
        "%(num)d scheduled interview (%(times)s) would no longer start on one of this "
        "employer's interview slots; move it on the schedule first.",
        "%(num)d scheduled interviews (%(times)s) would no longer start on one of this "
        "employer's interview slots; move them on the schedule first.",
        len(stranded), times=times))]


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
