"""What the schedule pages show, computed from the database (no HTTP here).

`schedule_page` shows what is on screen: a page of employers (or one employer, or one hour
of the day) laid out by `schedule_grid` as employers × tables × time, and a page of the young
people without an interview with the engine's reasons, kept per draft by
`recruit.scheduling.explanation` (so the reasons stay true after manual edits without being
computed on every load); `solve_summary` turns a finished run's kept summary into sentences
and the greedy comparison. The published marks come from the index of the latest version
(`published_entry`) for the interviews on screen alone, so the page reads no more of the
published version than it shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from recruit.models import Employer, Event, Interview, ScheduleVersion, SolveRun
from recruit.models.base import LARGEST_INTEGER
from recruit.scheduling.bridge import (
    candidate_key,
    employer_key,
    employer_starts,
)
from recruit.scheduling.build_summary import summary_schedule
from recruit.scheduling.explanation import LeftOutNote, draft_explanation
from recruit.scheduling.names import names_for
from recruit.scheduling.queries import (
    active_run,
    draft_counts,
    draft_employers,
    draft_rows,
    employers_with_grid,
    entries_without_row,
    entry_counts,
    latest_result_run,
    latest_run,
    latest_version,
    placed_count,
    published_places,
    versions,
)
from recruit.scheduling.text import (
    Comparison,
    Names,
    compare_with_greedy,
    coverage_gain_sentence,
    left_out_sentence,
    reason_heading,
    reason_sentence,
    tier_sentences,
)

PUBLISHED_STATES = ("published", "changed", "new")


@dataclass(frozen=True)
class GridCell:
    """One interview as the grid shows it."""

    interview_id: int
    candidate: str
    vacancy: str
    start: int
    end: int
    locked: bool = False
    # "published" (as published), "changed" (moved since), "new" (not in the published
    # version) or "" while nothing has been published at all.
    state: str = ""


@dataclass
class GridEmployer:
    employer_id: int
    name: str
    tables: int
    # (start minute, [cell or None per table]) in time order.
    rows: list[tuple[int, list[GridCell | None]]] = field(default_factory=list)
    count: int = 0


def _lay_out(
    starts: Iterable[int], tables: int, cells: Sequence[tuple[int, GridCell]]
) -> list[tuple[int, list[GridCell | None]]]:
    times = sorted(set(starts) | {cell.start for _, cell in cells})
    rows: dict[int, list[GridCell | None]] = {t: [None] * tables for t in times}
    for table, cell in cells:
        row = rows[cell.start]
        if len(row) < table:
            row.extend([None] * (table - len(row)))
        row[table - 1] = cell
    return [(t, rows[t]) for t in times]


def schedule_grid(
    event: Event, rows: Sequence[Interview], names: Names, employers: Sequence[Employer],
    window: tuple[int, int] | None = None,
    published: Mapping[int, tuple[int, int]] | None = None, any_published: bool = False,
) -> list[GridEmployer]:
    """The draft of `employers` as employer blocks, each a table of slot times × interview
    tables; `window` (start, end minute) keeps the rows that start inside it. `published`:
    where the latest version put these rows (interview id → start, table); `any_published`:
    whether that version lists any interview at all (else nothing is marked)."""
    published = published or {}
    by_employer: dict[int, list[tuple[int, GridCell]]] = {}
    for row in rows:
        place = published.get(row.id)
        state = "new" if any_published else ""
        if place is not None:
            state = "published" if place == (row.start_minute, row.table_no) else "changed"
        cell = GridCell(
            interview_id=row.id,
            candidate=names.person(f"C{row.candidate_id}"),
            vacancy=names.title(f"E{row.employer_id}-V{row.vacancy_id}"),
            start=row.start_minute,
            end=row.end_minute,
            locked=row.locked,
            state=state,
        )
        by_employer.setdefault(row.employer_id, []).append((row.table_no, cell))
    grid = []
    for employer in employers:
        key = employer_key(employer.id)
        cells = by_employer.pop(employer.id, [])
        starts: Iterable[int] = (
            employer_starts(event, employer) if employer.status == "approved" else ()
        )
        if window is not None:
            starts = [s for s in starts if window[0] <= s < window[1]]
        tables = max([employer.tables, *(table for table, _ in cells)])
        grid.append(
            GridEmployer(employer.id, names.employer(key), tables,
                         _lay_out(starts, tables, cells), len(cells))
        )
    return grid


def snapshot_grid(snapshot: dict[str, Any], names: Names) -> list[GridEmployer]:
    """A published version laid out like the draft (times and tables as published)."""
    by_employer: dict[int, list[tuple[int, GridCell]]] = {}
    for entry in snapshot.get("interviews", []):
        cell = GridCell(
            interview_id=entry["id"],
            candidate=names.person(f"C{entry['candidate_id']}"),
            vacancy=names.title(f"E{entry['employer_id']}-V{entry['vacancy_id']}"),
            start=entry["start_minute"],
            end=entry["end_minute"],
            state="published",
        )
        by_employer.setdefault(entry["employer_id"], []).append((entry["table_no"], cell))
    grid = []
    for employer_id, cells in by_employer.items():
        tables = max(table for table, _ in cells)
        grid.append(GridEmployer(employer_id, names.employer(employer_key(employer_id)), tables,
                                 _lay_out((), tables, cells), len(cells)))
    return sorted(grid, key=lambda g: g.name)


def slot_starts(event: Event, interview: Interview) -> list[int]:
    """Where the interview can be moved: its employer's slot times (and where it is now)."""
    return sorted(employer_starts(event, interview.employer) | {interview.start_minute})


@dataclass(frozen=True)
class YouthNote:
    candidate_id: int
    name: str
    reasons: list[str]
    # The main reason's code (the first the engine gives), for the counts by reason.
    code: str = ""


def reason_counts(notes: Sequence[YouthNote]) -> list[tuple[str, int]]:
    """How many young people lack an interview for each main reason, the most first."""
    code_counts: dict[str, int] = {}
    for note in notes:
        code_counts[note.code] = code_counts.get(note.code, 0) + 1
    return counts_by_heading(code_counts)


def counts_by_heading(code_counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """Counts by reason code as counts by the reason's heading, the most first."""
    counts: dict[str, int] = {}
    for code, count in code_counts.items():
        heading = reason_heading(code)
        counts[heading] = counts.get(heading, 0) + count
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def youth_notes(notes: Sequence[LeftOutNote], names: Names) -> list[YouthNote]:
    """The kept explanation of these young people in the reader's language, with names."""
    return [
        YouthNote(note.candidate_id, names.person(candidate_key(note.candidate_id)),
                  [left_out_sentence(note.left_out)] if note.left_out
                  else [reason_sentence(r, names) for r in note.reasons],
                  note.code)
        for note in notes
    ]


@dataclass
class SolveSummary:
    status: str
    sentences: list[str]
    comparison: list[Comparison]
    gain: str | None
    stats: dict[str, float]
    message: str = ""
    employers_left_out: list[tuple[str, str]] = field(default_factory=list)


def published_when_built(run: SolveRun, all_versions: Sequence[ScheduleVersion],
                         sizes: Mapping[int, int]) -> int:
    """How many published interviews the run had to keep: the count the build recorded, or,
    for a run that recorded none, the size of the version in effect when it started (never a
    version published after it, whose interviews that build did not know). `sizes`: how
    many interviews each version lists, by version id (`entry_counts`)."""
    recorded = (run.summary or {}).get("published")
    if isinstance(recorded, int):
        return recorded
    started = run.started_at or run.created_at
    if started is None:
        return 0
    earlier = [v for v in all_versions if v.published_at <= started]
    latest = max(earlier, key=lambda v: v.number, default=None)
    return sizes.get(latest.id, 0) if latest is not None else 0


def solve_summary(run: SolveRun, names: Names, published: int) -> SolveSummary | None:
    """Tier figures in words and the comparison with first come, first served, from the
    run's kept summary (`recruit.scheduling.build_summary`).

    `published`: how many published interviews this run had to keep (published_when_built).
    """
    if not run.summary:
        return None
    schedule = summary_schedule(run.summary)
    candidates = int(run.summary.get("candidates", 0))
    left_out = run.summary.get("employers_left_out", [])
    return SolveSummary(
        status=schedule.status,
        sentences=tier_sentences(schedule.objectives, candidates=candidates, published=published),
        comparison=compare_with_greedy(schedule.objectives, schedule.baseline),
        gain=coverage_gain_sentence(schedule.objectives, schedule.baseline),
        stats=dict(schedule.stats),
        message=schedule.message,
        employers_left_out=[
            (names.employer(item["id"]), left_out_sentence(item["code"]))
            for item in left_out
            if item["id"].startswith("E")
        ],
    )


@dataclass(frozen=True)
class DroppedInterview:
    """A published interview taken off the draft: the next publish cancels it."""

    candidate: str
    employer: str
    start: int
    end: int


def dropped_since_publish(names: Names, gone: Sequence[dict[str, Any]]) -> list[DroppedInterview]:
    return [
        DroppedInterview(
            candidate=names.person(f"C{e['candidate_id']}"),
            employer=names.employer(employer_key(e["employer_id"])),
            start=e["start_minute"],
            end=e["end_minute"],
        )
        for e in gone
    ]


# How much of the draft one schedule page shows: employers per page, young people without an
# interview per page. The jump links reach every employer and every hour.
EMPLOYERS_PER_PAGE = 5
LEFT_OUT_PER_PAGE = 25


class ScreenError(ValueError):
    """A page, hour or employer the schedule page does not have."""


@dataclass(frozen=True)
class Screen:
    """What part of the draft to show: one employer, or a page of employers; optionally one
    hour of the day; and a page of the young people without an interview."""

    employer_id: int | None = None
    page: int = 1
    hour: int | None = None
    left_page: int = 1

    @property
    def window(self) -> tuple[int, int] | None:
        return None if self.hour is None else (self.hour * 60, self.hour * 60 + 60)

    def args(self, **changes: int | None) -> dict[str, int]:
        """Query arguments for a link to this screen with `changes` (defaults left out)."""
        values: dict[str, int | None] = {
            "employer": self.employer_id, "page": self.page, "hour": self.hour,
            "left": self.left_page,
        }
        values.update(changes)
        defaults = {"page": 1, "left": 1}
        return {k: v for k, v in values.items() if v is not None and defaults.get(k) != v}


def _positive(raw: str | None, name: str, largest: int = LARGEST_INTEGER) -> int | None:
    if raw is None or raw == "":
        return None
    if not raw.isdigit() or not 0 < int(raw) <= largest:
        raise ScreenError(name)
    return int(raw)


def parse_screen(args: Mapping[str, str]) -> Screen:
    """The screen the query asks for; ScreenError for a value that is not a number in range."""
    hour = args.get("hour")
    if hour not in (None, "") and not (hour.isdigit() and int(hour) < 24):
        raise ScreenError("hour")
    return Screen(
        employer_id=_positive(args.get("employer"), "employer"),
        page=_positive(args.get("page"), "page") or 1,
        hour=int(hour) if hour not in (None, "") else None,
        left_page=_positive(args.get("left"), "left") or 1,
    )


@dataclass(frozen=True)
class EmployerLink:
    """An employer in the jump list: where its block is and how many interviews it has."""

    employer_id: int
    name: str
    count: int
    page: int


@dataclass
class SchedulePage:
    """What the schedule page shows about one event: the part of the draft on screen, the
    build's summary and the kept explanation of who has no interview."""

    screen: Screen
    grid: list[GridEmployer]
    employer_links: list[EmployerLink]
    pages: int
    hours: list[int]
    dropped: list[DroppedInterview]
    unscheduled: list[YouthNote]
    unscheduled_total: int
    left_pages: int
    reasons: list[tuple[str, int]]
    summary: SolveSummary | None
    summary_run: SolveRun | None
    active: SolveRun | None
    latest: SolveRun | None
    versions: list[ScheduleVersion]
    interviews: int
    youth_placed: int
    youth_in_pool: int
    # Every tier's value on the draft as it is now (after any manual edits).
    draft_values: dict[str, int] = field(default_factory=dict)
    # How many interviews each published version lists, by version id.
    version_sizes: dict[int, int] = field(default_factory=dict)


def _pages(count: int, size: int) -> int:
    return max(1, -(-count // size))


def schedule_page(event: Event, language: str, screen: Screen | None = None) -> SchedulePage:
    """The schedule page for `screen`; every employer and every young person without an
    interview when `screen` is None (the printable version). ScreenError for a page or
    employer the event does not have."""
    everything = screen is None
    screen = screen or Screen()
    counts = draft_counts(event)
    listed = draft_employers(event, set(counts))
    pages = _pages(len(listed), EMPLOYERS_PER_PAGE)
    if screen.employer_id is not None:
        chosen = [item for item in listed if item[0] == screen.employer_id]
        if not chosen:
            raise ScreenError("employer")
    elif everything:
        chosen = listed
    else:
        if screen.page > pages:
            raise ScreenError("page")
        first = (screen.page - 1) * EMPLOYERS_PER_PAGE
        chosen = listed[first:first + EMPLOYERS_PER_PAGE]
    loaded = employers_with_grid(event, [item[0] for item in chosen])
    on_screen = [loaded[item[0]] for item in chosen if item[0] in loaded]
    rows = draft_rows(event, [e.id for e in on_screen], screen.window)
    explanation = draft_explanation(event)
    left_total = explanation.total
    left_pages = _pages(left_total, LEFT_OUT_PER_PAGE)
    if not everything and screen.left_page > left_pages:
        raise ScreenError("left")
    first_note = (screen.left_page - 1) * LEFT_OUT_PER_PAGE
    notes = (explanation.notes() if everything
             else explanation.notes(first_note, first_note + LEFT_OUT_PER_PAGE))
    # The published version as far as the screen needs it: the places of the rows shown,
    # the interviews taken off the draft since, and each version's size.
    version = latest_version(event)
    places = published_places(version, [r.id for r in rows])
    gone = entries_without_row(version)
    people = {r.candidate_id for r in rows} | {n.candidate_id for n in notes}
    people |= {e["candidate_id"] for e in gone}
    names = names_for(event, language, people=people)
    result_run = latest_result_run(event)
    all_versions = versions(event)
    sizes = entry_counts(all_versions)
    published = published_when_built(result_run, all_versions, sizes) if result_run else 0
    return SchedulePage(
        screen=screen,
        grid=schedule_grid(event, rows, names, on_screen, screen.window, places,
                           any_published=sizes.get(version.id, 0) > 0 if version else False),
        employer_links=[
            EmployerLink(employer_id, name, counts.get(employer_id, 0),
                         n // EMPLOYERS_PER_PAGE + 1)
            for n, (employer_id, name, _approved) in enumerate(listed)
        ],
        pages=pages,
        hours=list(range(event.start_minute // 60, -(-event.end_minute // 60))),
        dropped=dropped_since_publish(names, gone),
        unscheduled=youth_notes(notes, names),
        unscheduled_total=left_total,
        left_pages=left_pages,
        reasons=counts_by_heading(explanation.code_counts),
        summary=solve_summary(result_run, names, published) if result_run else None,
        summary_run=result_run,
        active=active_run(event),
        latest=latest_run(event),
        versions=all_versions,
        interviews=sum(counts.values()),
        youth_placed=placed_count(event),
        youth_in_pool=explanation.pool,
        draft_values=explanation.draft_values,
        version_sizes=sizes,
    )
