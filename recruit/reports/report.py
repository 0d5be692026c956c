"""A report as funders read it: tables of anonymous figures, built from the exact counts.

`build_report` turns `Counts` into `Section`s, hiding small groups on the way (see
`recruit.reports.anonymity`). The page, the CSV and XLSX files and the charts all read the same
sections, so a figure hidden in one is hidden in all of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l

from recruit.reports.anonymity import Count, Rate, hide_group, hide_small, rate, too_small
from recruit.reports.counts import AGE_LABELS, OTHER_AGE, OUTCOME_CATEGORIES, Counts
from recruit.reports.sentences import reason_sentence, summary_sentences

# A cell: a count of people (maybe hidden), a rate, or a plain number or text.
Cell = Count | Rate | int | str

OUTCOME_LABELS = {
    "hired": _l("Hired"),
    "second_round": _l("Second round"),
    "not_selected": _l("Not selected"),
    "no_show": _l("Did not come"),
    "came_no_outcome": _l("Came, no outcome recorded"),
    "not_recorded": _l("Attendance not recorded"),
}
SITUATION_LABELS = {
    "working": _l("Working"),
    "studying": _l("Studying"),
    "guidance": _l("In guidance, coaching or a course"),
    "none": _l("None of these"),
}
HELPED_LABELS = {"yes": _l("Yes"), "somewhat": _l("Somewhat"), "no": _l("No")}
LANGUAGE_LABELS = {"fi": _l("Finnish"), "sv": _l("Swedish"), "en": _l("English")}


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[Cell, ...]
    # Stable name of the figure, for the charts and the tests (not shown).
    key: str = ""

    def count(self, column: int = 0) -> Count:
        """The cell at `column`, which the section's layout makes a count of people."""
        cell = self.cells[column]
        if not isinstance(cell, Count):
            raise TypeError(f"{self.key}[{column}] is {type(cell).__name__}, not a count")
        return cell


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]

    def row(self, key: str) -> Row:
        return next(row for row in self.rows if row.key == key)


@dataclass(frozen=True)
class EventLine:
    """One event of a date-range report (id, name, date) with its exact counts."""

    id: int
    name: str
    date: dt.date
    counts: Counts


@dataclass(frozen=True)
class Report:
    title: str
    start: dt.date | None
    end: dt.date | None
    sections: tuple[Section, ...]
    summary: tuple[str, ...] = field(default=())

    def section(self, key: str) -> Section:
        return next(section for section in self.sections if section.key == key)


def _total(values: Sequence[Count]) -> Count:
    return hide_small(sum(count.value for count in values))


def build_report(
    title: str, counts: Counts, lines: Sequence[EventLine] = (), *,
    start: dt.date | None = None, end: dt.date | None = None,
    card_names: Mapping[str, str] | None = None, per_event: bool = False,
) -> Report:
    """The report of `counts`; `per_event` adds the events and a table of `lines` (one per
    event of a date range);
    `card_names` names the cards of the left-out reasons in the reader's language."""
    signups = hide_small(sum(counts.signups.values()))
    scheduled = hide_small(sum(counts.scheduled.values()))
    hired = hide_small(sum(counts.hired.values()))
    came = hide_small(counts.came)
    outcomes = hide_group([counts.outcomes[c] for c in OUTCOME_CATEGORIES])
    by_outcome = dict(zip(OUTCOME_CATEGORIES, outcomes, strict=True))
    interviews = hide_small(counts.interviews)
    came_interviews = hide_small(counts.interviews - counts.outcomes["no_show"]
                                 - counts.outcomes["not_recorded"])
    recorded = hide_small(counts.interviews - counts.outcomes["not_recorded"])
    no_show = hide_small(counts.outcomes["no_show"])
    # The two rates are complements over the interviews less those not recorded: with the
    # interviews shown, either rate would give away a hidden no-show or not-recorded count.
    if by_outcome["no_show"].hidden or by_outcome["not_recorded"].hidden:
        recorded = Count(recorded.value, hidden=True)

    overview: list[Row] = []
    if per_event:
        overview.append(Row(str(_l("Events")), (counts.events,), "events"))
    overview += [
        Row(str(_l("Employers")), (counts.employers,), "employers"),
        Row(str(_l("Vacancies")), (counts.vacancies,), "vacancies"),
        Row(str(_l("Positions open")), (counts.positions,), "positions"),
        Row(str(_l("Young people signed up")), (signups,), "signups"),
        Row(str(_l("Sign-ups cancelled")), (hide_small(counts.cancelled),), "cancelled"),
        Row(str(_l("Young people with an interview")), (scheduled,), "scheduled"),
        Row(str(_l("Coverage (share of sign-ups with an interview), %")),
            (rate(scheduled, signups),), "coverage"),
        Row(str(_l("Interviews")), (interviews,), "interviews"),
        Row(str(_l("Young people who came to an interview")), (came,), "came"),
        Row(str(_l("Attendance rate (interviews with attendance recorded), %")),
            (rate(came_interviews, recorded),), "attendance_rate"),
        Row(str(_l("No-show rate (interviews with attendance recorded), %")),
            (rate(no_show, recorded),), "no_show_rate"),
        Row(str(_l("Young people hired")), (hired,), "hired"),
    ]
    sections = [
        Section("overview", str(_l("Overview")), (str(_l("Figure")), str(_l("Value"))),
                tuple(overview)),
        Section(
            "outcomes", str(_l("Outcomes of the interviews")),
            (str(_l("Outcome")), str(_l("Interviews")), str(_l("Share, %"))),
            (
                *(Row(str(OUTCOME_LABELS[c]), (by_outcome[c], rate(by_outcome[c], interviews)),
                      c) for c in OUTCOME_CATEGORIES),
                Row(str(_l("All interviews")), (interviews, rate(interviews, interviews)),
                    "total"),
            ),
        ),
        _priority_section(counts, signups, scheduled, came, hired),
        _age_section(counts),
        Section(
            "languages", str(_l("Languages")),
            (str(_l("Interview language")), str(_l("Young people who speak it"))),
            tuple(
                Row(str(LANGUAGE_LABELS.get(code, code)), (hide_small(counts.languages[code]),),
                    code)
                for code in sorted(counts.languages, key=_language_order)
            ),
        ),
        _reasons_section(counts, card_names or {}),
    ]
    if sum(counts.follow_up_asked.values()):
        sections += _follow_up_sections(counts)
    if per_event:
        sections.append(_events_section(lines))
    return Report(title, start, end, tuple(sections), summary_sentences(sections))


def _language_order(code: str) -> tuple[int, str]:
    known = list(LANGUAGE_LABELS)
    return (known.index(code) if code in known else len(known), code)


def _priority_section(
    counts: Counts, signups: Count, scheduled: Count, came: Count, hired: Count
) -> Section:
    rows = []
    for key, label, everyone, priority in (
        ("signups", _l("Signed up"), signups, counts.priority_signups),
        ("scheduled", _l("With an interview"), scheduled, counts.priority_scheduled),
        ("came", _l("Came to an interview"), came, counts.priority_came),
        ("hired", _l("Hired"), hired, counts.priority_hired),
    ):
        shown = hide_small(priority)
        rows.append(Row(str(label), (everyone, shown, rate(shown, everyone)), key))
    return Section(
        "priority", str(_l("Priority group")),
        (str(_l("Young people")), str(_l("All")), str(_l("Priority group")),
         str(_l("Priority group share, %"))),
        tuple(rows),
    )


def _age_section(counts: Counts) -> Section:
    labels = [label for label in AGE_LABELS if label != OTHER_AGE or counts.signups[label]
              or counts.scheduled[label]]
    columns = [hide_group([getattr(counts, name)[label] for label in labels])
               for name in ("signups", "scheduled", "hired")]
    rows = [
        Row(str(_l("Other age")) if label == OTHER_AGE else label,
            tuple(column[i] for column in columns), label)
        for i, label in enumerate(labels)
    ]
    rows.append(Row(str(_l("All ages")), tuple(_total(column) for column in columns), "total"))
    return Section(
        "ages", str(_l("Age groups (age during the event's year)")),
        (str(_l("Age")), str(_l("Signed up")), str(_l("With an interview")), str(_l("Hired"))),
        tuple(rows),
    )


def _reasons_section(counts: Counts, card_names: Mapping[str, str]) -> Section:
    rows = [Row(str(_l("Young people left out by the latest schedule")),
                (hide_small(counts.left_out),), "left_out")]
    for (code, card), number in sorted(counts.reasons.items(), key=lambda kv: (-kv[1], kv[0])):
        shown = hide_small(number)
        sentence = reason_sentence(code, card_names.get(card, card), shown)
        rows.append(Row(sentence, (shown,), f"{code}:{card}"))
    return Section(
        "reasons", str(_l("Why young people were left out")),
        (str(_l("Reason")), str(_l("Young people"))), tuple(rows),
    )


def _follow_up_sections(counts: Counts) -> list[Section]:
    """The impact follow-up: who was asked and answered, and the young people's answers.

    Only where someone was asked (events before the follow-up existed show nothing)."""
    asked = hide_small(counts.follow_up_asked["youth"])
    answered = hide_small(counts.follow_up_answered["youth"])
    situations = hide_group([counts.situations[key] for key in SITUATION_LABELS])
    by_situation = dict(zip(SITUATION_LABELS, situations, strict=True))
    active_value = sum(by_situation[key].value for key in ("working", "studying", "guidance"))
    # Shown next to the answers, this is the answers less "none": hidden with it.
    active = Count(active_value, too_small(active_value) or by_situation["none"].hidden)
    helped = hide_group([counts.helped[key] for key in HELPED_LABELS])
    overview = Section(
        "follow_up", str(_l("Follow-up after the event")),
        (str(_l("Figure")), str(_l("Value"))),
        (
            Row(str(_l("Young people asked (those who agreed to the follow-up)")), (asked,),
                "youth_asked"),
            Row(str(_l("Young people who answered")), (answered,), "youth_answered"),
            Row(str(_l("Response rate, %")), (rate(answered, asked),), "response_rate"),
            Row(str(_l("Working, studying or in guidance")), (active,), "active"),
            Row(str(_l("Working, studying or in guidance: share of those who answered")),
                (rate(active, answered),), "active_rate"),
            Row(str(_l("Employers asked")), (counts.follow_up_asked["employer"],),
                "employers_asked"),
            Row(str(_l("Employers who answered")), (counts.follow_up_answered["employer"],),
                "employers_answered"),
            Row(str(_l("Young people who started working for them (employers' answers)")),
                (hide_small(counts.follow_up_hires),), "employer_hires"),
        ),
    )

    def answers(key: str, title: str, question: str, labels: Mapping[str, Any],
                values: list[Count]) -> Section:
        rows = [Row(str(label), (value, rate(value, answered)), code)
                for (code, label), value in zip(labels.items(), values, strict=True)]
        rows.append(Row(str(_l("All answers")), (answered, rate(answered, answered)), "total"))
        return Section(key, title, (question, str(_l("Young people")),
                                    str(_l("Share of answers, %"))), tuple(rows))

    return [
        overview,
        answers("follow_up_situation", str(_l("What the young people are doing now")),
                str(_l("Situation")), SITUATION_LABELS, situations),
        answers("follow_up_helped", str(_l("Did the event help?")), str(_l("Answer")),
                HELPED_LABELS, helped),
    ]


def _events_section(lines: Sequence[EventLine]) -> Section:
    def column(values: list[int]) -> list[Count]:
        return hide_group(values)

    signups = column([sum(line.counts.signups.values()) for line in lines])
    scheduled = column([sum(line.counts.scheduled.values()) for line in lines])
    interviews = column([line.counts.interviews for line in lines])
    hired = column([sum(line.counts.hired.values()) for line in lines])
    rows = tuple(
        Row(line.name, (line.date.isoformat(), line.counts.employers, signups[i], scheduled[i],
                        interviews[i], hired[i]), str(line.id))
        for i, line in enumerate(lines)
    )
    return Section(
        "events", str(_l("Events")),
        (str(_l("Event")), str(_l("Date")), str(_l("Employers")), str(_l("Signed up")),
         str(_l("With an interview")), str(_l("Interviews")), str(_l("Hired"))),
        rows,
    )


def cell_value(cell: Cell) -> Any:
    """What a file writes for a cell: numbers as numbers, "< 5" as text."""
    if isinstance(cell, Count | Rate):
        return cell.shown
    return cell
