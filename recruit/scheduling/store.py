"""Writing a solver answer back to the database as the draft interviews."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from recruit.extensions import db
from recruit.models import Event, Interview, InterviewCell, TableCell
from recruit.scheduling.bridge import (
    SolverInterview,
    approved_employers,
    db_id,
    declined_pairs,
    employer_key,
    is_fixed,
    live_interviews,
    placement_of,
)


@dataclass
class StoreSummary:
    added: int = 0
    moved: int = 0
    removed: int = 0
    kept: int = 0


def _overlaps(a: SolverInterview, b: SolverInterview) -> bool:
    return a.start < b.end and b.start < a.end


def keep_tables(
    interviews: Sequence[SolverInterview], current: dict[tuple[str, str, str, int], int],
    tables: dict[str, int],
) -> tuple[SolverInterview, ...]:
    """The solver's interviews relabelled so that each interview already on the draft keeps
    its table (people were told "table 2"); the others take the lowest free table.

    The solver labels tables from scratch on every solve. When an employer's kept tables
    leave no consistent labelling, that employer keeps the solver's labels.
    """
    result: list[SolverInterview] = []
    by_employer: dict[str, list[SolverInterview]] = {}
    for interview in interviews:
        by_employer.setdefault(interview.employer, []).append(interview)
    for employer, own in by_employer.items():
        fixed = []
        for i in own:
            table = current.get((i.candidate, i.employer, i.vacancy, i.start))
            if table is not None and table <= tables[employer]:
                fixed.append(replace(i, table=table))
        clash = any(
            a.table == b.table and _overlaps(a, b)
            for n, a in enumerate(fixed)
            for b in fixed[n + 1 :]
        )
        fixed_keys = {(i.candidate, i.start) for i in fixed}
        placed = [] if clash else list(fixed)
        for i in sorted(own, key=lambda i: (i.start, i.candidate)):
            if clash or (i.candidate, i.start) in fixed_keys:
                continue
            table = next(
                (
                    t
                    for t in range(1, tables[employer] + 1)
                    if not any(p.table == t and _overlaps(p, i) for p in placed)
                ),
                None,
            )
            if table is None:
                clash = True
                break
            placed.append(replace(i, table=table))
        result.extend(own if clash else placed)
    return tuple(result)


def store_schedule(event: Event, interviews: Sequence[SolverInterview]) -> StoreSummary:
    """Make the draft equal `interviews` (a solver answer that keeps every lock).

    Each row keeps its identity (and so its calendar UID and the young person's response)
    when the same person still meets the same employer, even at another time; rows no longer
    wanted are deleted from the draft (a published one is cancelled by the next publish),
    except locked and self-booked ones, which always stay. Cells are released before any are
    claimed, so rows can swap places. No new row is made for a pair the young person has
    declined (maybe while the engine ran: the caller holds the event's row, which `decline`
    locks first). Raises IntegrityError when the draft changed under the solve so that the
    answer no longer fits. Flushes; the caller commits.
    """
    rows = live_interviews(event)
    tables = {employer_key(e.id): e.tables for e in approved_employers(event)}
    current = {
        (p.candidate, p.employer, p.vacancy, p.start): row.table_no
        for row in rows
        for p in (placement_of(row),)
    }
    interviews = keep_tables(interviews, current, tables)
    wanted = {(db_id(i.candidate), db_id(i.employer)): i for i in interviews}
    summary = StoreSummary()
    changed: list[tuple[Interview, SolverInterview]] = []
    for row in rows:
        target = wanted.pop((row.candidate_id, row.employer_id), None)
        if target is None:
            if is_fixed(row):
                # Booked or locked after the solve began: it stays; a clash with the new
                # schedule is refused by the cells below and the caller reports it.
                summary.kept += 1
                continue
            db.session.delete(row)
            summary.removed += 1
        elif (row.vacancy_id, row.start_minute, row.end_minute, row.table_no) == (
            db_id(target.vacancy), target.start, target.end, target.table
        ):
            summary.kept += 1
        else:
            row.release_cells()
            changed.append((row, target))
    for pair in declined_pairs(event) & set(wanted):
        del wanted[pair]
    db.session.flush()
    # Park moving rows on a table of their own so that no unique index sees two at one place.
    for row, _target in changed:
        row.table_no = 10_000 + row.id
    db.session.flush()
    grid, buffer = event.grid_minutes, event.candidate_buffer_minutes
    for row, target in changed:
        row.vacancy_id = db_id(target.vacancy)
        row.table_no, row.start_minute, row.end_minute = target.table, target.start, target.end
        summary.moved += 1
    db.session.flush()
    for row, _target in changed:
        _assign_cells(row, grid, buffer)
    for target in sorted(wanted.values(), key=lambda i: (i.employer, i.start, i.table)):
        row = Interview(
            event_id=event.id,
            employer_id=db_id(target.employer),
            vacancy_id=db_id(target.vacancy),
            candidate_id=db_id(target.candidate),
            table_no=target.table,
            start_minute=target.start,
            end_minute=target.end,
            source="solver",
        )
        db.session.add(row)
        _assign_cells(row, grid, buffer)
        summary.added += 1
    db.session.flush()
    return summary


def _assign_cells(row: Interview, grid: int, buffer: int) -> None:
    row.candidate_cells = [InterviewCell(cell=c) for c in row.occupied_cells(grid, buffer)]
    row.table_cells = [TableCell(cell=c) for c in row.table_cell_range(grid)]
