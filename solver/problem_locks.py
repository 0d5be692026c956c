"""Rules for locks and published placements, checked against the engine's slot grid.

Locks are hard in the model, so a lock that breaks a hard rule would make every solve
infeasible; it is cheaper for staff to read "locks[2]: C7 is not available 09:15-09:30" than
a bare INFEASIBLE. Published placements are only kept if possible (tier 1), so for them only
the references are checked.

`Faults`, the collector of "<path>: <rule>" lines, lives here because problem_checks.py
imports this module (not the other way round).
"""

from __future__ import annotations

import itertools
from collections import defaultdict

from solver.problem import (
    Candidate,
    Employer,
    Event,
    Placement,
    Problem,
    format_hhmm,
    joined_windows,
)
from solver.problem_reader import json_text
from solver.slots import employer_slots


class Faults:
    """Collects "<path>: <message>" lines."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, path: str, message: str) -> None:
        self.messages.append(f"{path}: {message}")

    def __len__(self) -> int:
        return len(self.messages)


def span(start: int, end: int) -> str:
    return f"{format_hhmm(start)}-{format_hhmm(end)}"


def slot_grid(employer: Employer, event_window: tuple[int, int]) -> tuple[int, ...]:
    """The employer's slot starts (solver.slots.employer_slots) inside a checked event window.

    Locks are checked against the very grid the engine and the web use; only the schedule
    validator (solver.validate) walks the grid on its own, so a test can compare the two.
    """
    start, end = event_window
    return employer_slots(Event(date="", start=start, end=end), employer)


def check_placements(
    faults: Faults,
    problem: Problem,
    clean_employers: dict[str, Employer],
    clean_candidates: dict[str, Candidate],
) -> None:
    """References of locks and published placements; every hard rule for locks.

    `clean_*` hold the employers and candidates whose own data passed its checks: only
    locks on those are checked against the hard rules, to avoid follow-on messages.
    """
    employer_ids = {e.id for e in problem.employers if e is not None and e.id is not None}
    candidate_ids = {c.id for c in problem.candidates if c is not None and c.id is not None}
    owner = {
        v.id: e.id
        for e in problem.employers
        if e is not None
        for v in e.vacancies
        if v is not None and v.id is not None
    }
    checkable: list[tuple[int, Placement]] = []
    for name, placements in (("locks", problem.locks), ("published", problem.published)):
        for index, placement in enumerate(placements):
            if placement is None:
                continue
            path = f"{name}[{index}]"
            if _check_references(faults, placement, path, candidate_ids, employer_ids, owner) and (
                name == "locks"
                and placement.start is not None
                and placement.employer in clean_employers
                and placement.candidate in clean_candidates
            ):
                checkable.append((index, placement))

    event = problem.event
    window = (event.start, event.end)
    hard_ok: list[tuple[int, Placement]] = []
    for index, lock in checkable:
        employer = clean_employers[lock.employer]
        candidate = clean_candidates[lock.candidate]
        before = len(faults)
        _check_lock(faults, lock, f"locks[{index}]", employer, candidate, problem, window)
        if len(faults) == before:
            hard_ok.append((index, lock))
    _check_candidate_locks(faults, hard_ok, clean_employers, problem)
    _check_employer_locks(faults, hard_ok, clean_employers)


def _check_references(
    faults: Faults,
    placement: Placement,
    path: str,
    candidate_ids: set[str],
    employer_ids: set[str],
    owner: dict[str, str],
) -> bool:
    before = len(faults)
    if placement.candidate is not None and placement.candidate not in candidate_ids:
        faults.add(f"{path}.candidate", f"unknown candidate {json_text(placement.candidate)}")
    if placement.employer is not None and placement.employer not in employer_ids:
        faults.add(f"{path}.employer", f"unknown employer {json_text(placement.employer)}")
    if placement.vacancy is not None:
        if placement.vacancy not in owner:
            faults.add(f"{path}.vacancy", f"unknown vacancy {json_text(placement.vacancy)}")
        elif placement.employer in employer_ids and owner[placement.vacancy] != placement.employer:
            faults.add(
                f"{path}.vacancy",
                f"{json_text(placement.vacancy)} is a vacancy of {owner[placement.vacancy]},"
                f" not of {placement.employer}",
            )
    return len(faults) == before and None not in (
        placement.candidate,
        placement.employer,
        placement.vacancy,
    )


def _check_lock(
    faults: Faults,
    lock: Placement,
    path: str,
    employer: Employer,
    candidate: Candidate,
    problem: Problem,
    event_window: tuple[int, int],
) -> None:
    slots = slot_grid(employer, event_window)
    end = lock.start + employer.interview_minutes
    if lock.start not in slots:
        earlier = [s for s in slots if s < lock.start][-1:]
        later = [s for s in slots if s > lock.start][:1]
        near = " and ".join(format_hhmm(s) for s in earlier + later)
        faults.add(
            f"{path}.start",
            f"{format_hhmm(lock.start)} is not a slot start of {employer.id} (nearest: {near})",
        )
    # Touching windows join, as for the engine's options and in the validator.
    windows = joined_windows(candidate.available or (event_window,))
    if not any(a <= lock.start and end <= b for a, b in windows):
        faults.add(path, f"{candidate.id} is not available {span(lock.start, end)}")
    vacancy = next((v for v in employer.vacancies if v.id == lock.vacancy), None)
    if vacancy is None:  # only with duplicate employer ids, which are reported already
        return
    missing = [card for card in vacancy.requires if card not in candidate.has]
    if missing:
        faults.add(path, f"{candidate.id} lacks {', '.join(missing)} required by {vacancy.id}")
    if vacancy.languages and not set(vacancy.languages) & set(candidate.languages):
        faults.add(
            path,
            f"{candidate.id} speaks none of {', '.join(vacancy.languages)} required by"
            f" {vacancy.id}",
        )
    if candidate.age < vacancy.min_age:
        faults.add(
            path, f"{candidate.id} is {candidate.age}, {vacancy.id} requires {vacancy.min_age}"
        )
    if vacancy.id not in candidate.preferences and not candidate.open_to_other:
        faults.add(path, f"{candidate.id} did not rank {vacancy.id} and is not open_to_other")


def _check_candidate_locks(
    faults: Faults,
    locks: list[tuple[int, Placement]],
    employers: dict[str, Employer],
    problem: Problem,
) -> None:
    """One candidate's locks: no overlap (buffer included), the maximum, one per employer."""
    event = problem.event
    by_candidate: dict[str, list[tuple[int, Placement]]] = defaultdict(list)
    for index, lock in locks:
        by_candidate[lock.candidate].append((index, lock))
    for candidate_id, own in by_candidate.items():
        seen_employer: dict[str, int] = {}
        for count, (index, lock) in enumerate(own, start=1):
            if count == event.max_interviews_per_candidate + 1:
                faults.add(
                    f"locks[{index}]",
                    f"{candidate_id} has {len(own)} locks, more than"
                    f" max_interviews_per_candidate ({event.max_interviews_per_candidate})",
                )
            if lock.employer in seen_employer:
                faults.add(
                    f"locks[{index}]",
                    f"{candidate_id} already has a lock at {lock.employer}"
                    f" (locks[{seen_employer[lock.employer]}]); one interview per candidate"
                    " and employer",
                )
            seen_employer.setdefault(lock.employer, index)
        timed = sorted(
            (lock.start, lock.start + employers[lock.employer].interview_minutes, index, lock)
            for index, lock in own
        )
        buffer = event.candidate_buffer_minutes
        for (start_a, end_a, index_a, lock_a), (
            start_b,
            end_b,
            index_b,
            lock_b,
        ) in itertools.pairwise(timed):
            if start_b < end_a + buffer:
                with_buffer = f" (with the {buffer}-minute buffer)" if buffer else ""
                faults.add(
                    f"locks[{max(index_a, index_b)}]",
                    f"{candidate_id}'s interview {span(start_b, end_b)} at {lock_b.employer}"
                    f" overlaps{with_buffer} locks[{min(index_a, index_b)}]"
                    f" {span(start_a, end_a)} at {lock_a.employer}",
                )


def _check_employer_locks(
    faults: Faults, locks: list[tuple[int, Placement]], employers: dict[str, Employer]
) -> None:
    """One employer's locks: at most max_candidates, at most `tables` in one slot."""
    by_employer: dict[str, list[tuple[int, Placement]]] = defaultdict(list)
    for index, lock in locks:
        by_employer[lock.employer].append((index, lock))
    for employer_id, own in by_employer.items():
        employer = employers[employer_id]
        if len(own) > employer.max_candidates:
            faults.add(
                f"locks[{own[employer.max_candidates][0]}]",
                f"{employer_id} has {len(own)} locks, more than max_candidates"
                f" ({employer.max_candidates})",
            )
        by_slot: dict[int, list[int]] = defaultdict(list)
        for index, lock in own:
            by_slot[lock.start].append(index)
        for start, indices in sorted(by_slot.items()):
            if len(indices) > employer.tables:
                faults.add(
                    f"locks[{indices[employer.tables]}]",
                    f"{len(indices)} locks at {employer_id} {format_hhmm(start)}, more than its"
                    f" {employer.tables} table{'s' if employer.tables != 1 else ''}",
                )
