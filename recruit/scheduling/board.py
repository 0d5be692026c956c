"""What the schedule pages show, computed from the database (read-only; no HTTP here).

`schedule_grid` lays the draft (or a published snapshot) out as employers × tables × time;
`unscheduled_youth` asks the engine's explainer why each young person without an interview
has none, on the draft as it is now (after any manual edits), so the reasons stay true;
`solve_summary` turns a finished run's result into sentences and the greedy comparison.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from recruit.models import Event, Interview, ScheduleVersion, SolveRun
from recruit.scheduling.bridge import (
    Bridge,
    SolverInterview,
    approved_employers,
    build_problem,
    employer_key,
    employer_slots,
    explain,
    live_interviews,
    schedule_from_dict,
    solver_interviews,
    tier_values,
)
from recruit.scheduling.names import names_for
from recruit.scheduling.queries import (
    active_run,
    existing_interview_ids,
    latest_result_run,
    latest_run,
    published_entries,
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
    event: Event, rows: Sequence[Interview], names: Names, bridge: Bridge | None = None
) -> list[GridEmployer]:
    """The draft as employer blocks, each a table of slot times × interview tables."""
    entries = published_entries(event)
    published = {e["id"]: e for e in entries}
    bridge = bridge or build_problem(event)
    solver_employers = {e.id: e for e in bridge.problem.employers}
    by_employer: dict[int, list[tuple[int, GridCell]]] = {}
    for row in rows:
        entry = published.get(row.id)
        state = "new" if entries else ""
        if entry is not None:
            same = (entry["start_minute"], entry["table_no"]) == (row.start_minute, row.table_no)
            state = "published" if same else "changed"
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
    for employer in approved_employers(event):
        key = employer_key(employer.id)
        cells = by_employer.pop(employer.id, [])
        solver_employer = solver_employers.get(key)
        if solver_employer is None and not cells:
            continue
        starts = employer_slots(bridge.problem.event, solver_employer) if solver_employer else ()
        grid.append(
            GridEmployer(employer.id, names.employer(key), employer.tables,
                         _lay_out(starts, employer.tables, cells), len(cells))
        )
    for employer_id, cells in by_employer.items():
        # Interviews of an employer no longer approved: still shown, so staff can remove them.
        tables = max(table for table, _ in cells)
        grid.append(GridEmployer(employer_id, names.employer(employer_key(employer_id)), tables,
                                 _lay_out((), tables, cells), len(cells)))
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
    problem = build_problem(event, []).problem
    key = employer_key(interview.employer_id)
    employer = next((e for e in problem.employers if e.id == key), None)
    starts = set(employer_slots(problem.event, employer)) if employer is not None else set()
    return sorted(starts | {interview.start_minute})


@dataclass(frozen=True)
class YouthNote:
    candidate_id: int
    name: str
    reasons: list[str]
    # The main reason's code (the first the engine gives), for the counts by reason.
    code: str = ""


def reason_counts(notes: Sequence[YouthNote]) -> list[tuple[str, int]]:
    """How many young people lack an interview for each main reason, the most first."""
    counts: dict[str, int] = {}
    for note in notes:
        heading = reason_heading(note.code)
        counts[heading] = counts.get(heading, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def unscheduled_youth(
    event: Event, rows: Sequence[Interview], names: Names, bridge: Bridge | None = None
) -> list[YouthNote]:
    """Every young person in the pool without an interview on the draft, with reasons."""
    bridge = bridge or build_problem(event)
    unscheduled, _not_first = explain(bridge.problem, _draft_in_problem(bridge, rows))
    notes = [
        YouthNote(int(note.candidate[1:]), names.person(note.candidate),
                  [reason_sentence(r, names) for r in note.reasons],
                  note.reasons[0].code if note.reasons else "")
        for note in unscheduled
    ]
    notes += [
        YouthNote(int(key[1:]), names.person(key), [left_out_sentence(code)], code)
        for key, code in bridge.left_out
        if key.startswith("C")
    ]
    return notes


@dataclass
class SolveSummary:
    status: str
    sentences: list[str]
    comparison: list[Comparison]
    gain: str | None
    stats: dict[str, float]
    message: str = ""
    employers_left_out: list[tuple[str, str]] = field(default_factory=list)


def published_when_built(run: SolveRun, all_versions: Sequence[ScheduleVersion]) -> int:
    """How many published interviews the run had to keep: the count the build recorded, or,
    for a run that recorded none, the size of the version in effect when it started (never a
    version published after it, whose interviews that build did not know)."""
    recorded = (run.result or {}).get("published")
    if isinstance(recorded, int):
        return recorded
    started = run.started_at or run.created_at
    if started is None:
        return 0
    earlier = [v for v in all_versions if v.published_at <= started]
    latest = max(earlier, key=lambda v: v.number, default=None)
    return len(latest.snapshot.get("interviews", [])) if latest is not None else 0


def solve_summary(run: SolveRun, names: Names, published: int) -> SolveSummary | None:
    """Tier figures in words and the comparison with first come, first served.

    `published`: how many published interviews this run had to keep (published_when_built).
    """
    if not run.result:
        return None
    data = dict(run.result)
    left_out = data.pop("left_out", [])
    data.pop("published", None)
    schedule = schedule_from_dict(data)
    candidates = len(schedule.unscheduled) + len({i.candidate for i in schedule.interviews})
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


def dropped_since_publish(event: Event, names: Names) -> list[DroppedInterview]:
    entries = published_entries(event)
    present = existing_interview_ids([e["id"] for e in entries])
    return [
        DroppedInterview(
            candidate=names.person(f"C{e['candidate_id']}"),
            employer=names.employer(employer_key(e["employer_id"])),
            start=e["start_minute"],
            end=e["end_minute"],
        )
        for e in entries
        if e["id"] not in present
    ]


@dataclass
class SchedulePage:
    """Everything the schedule page shows about one event."""

    grid: list[GridEmployer]
    dropped: list[DroppedInterview]
    unscheduled: list[YouthNote]
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

    @property
    def reasons(self) -> list[tuple[str, int]]:
        return reason_counts(self.unscheduled)


def schedule_page(event: Event, language: str) -> SchedulePage:
    rows = live_interviews(event)
    names = names_for(event, language)
    bridge = build_problem(event)
    result_run = latest_result_run(event)
    all_versions = versions(event)
    published = published_when_built(result_run, all_versions) if result_run else 0
    return SchedulePage(
        grid=schedule_grid(event, rows, names, bridge),
        dropped=dropped_since_publish(event, names),
        unscheduled=unscheduled_youth(event, rows, names, bridge),
        summary=solve_summary(result_run, names, published) if result_run else None,
        summary_run=result_run,
        active=active_run(event),
        latest=latest_run(event),
        versions=all_versions,
        interviews=len(rows),
        youth_placed=len({r.candidate_id for r in rows}),
        youth_in_pool=len(bridge.problem.candidates),
        draft_values=tier_values(bridge.problem, _draft_in_problem(bridge, rows)),
    )


def _draft_in_problem(bridge: Bridge, rows: Sequence[Interview]) -> list[SolverInterview]:
    """The draft's interviews the problem knows (not those of people since left out)."""
    candidates = {c.id for c in bridge.problem.candidates}
    vacancies = {v.id for e in bridge.problem.employers for v in e.vacancies}
    return [i for i in solver_interviews(rows)
            if i.candidate in candidates and i.vacancy in vacancies]
