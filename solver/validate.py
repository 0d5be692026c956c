"""An independent checker of any schedule against a problem (DESIGN §3, hard rules).

Written apart from the CP-SAT model on purpose: it imports nothing from the model, the slot
helpers, the engine, the baseline or the bound, and it works in a plain, direct style (walk
each window to list the slots, compare interviews pair by pair), so that a mistake in the
model's formulation does not reappear here and go unnoticed.

Every violation carries a stable `rule` code and a message naming the people and times.

| rule                      | what is wrong                                                   |
|---------------------------|-----------------------------------------------------------------|
| unknown_candidate         | the interview names a candidate the problem does not have      |
| unknown_employer          | the interview names an employer the problem does not have      |
| unknown_vacancy           | the interview names a vacancy no employer has                  |
| vacancy_not_of_employer   | the vacancy belongs to another employer                         |
| wrong_length              | end != start + the employer's interview_minutes                 |
| off_grid                  | start is not one of the employer's slot starts                  |
| employer_unavailable      | the interview runs outside the employer's availability          |
| in_break                  | the interview overlaps one of the employer's breaks             |
| candidate_unavailable     | the interview runs outside the candidate's availability         |
| table_out_of_range        | table is not in 1..tables                                       |
| table_overlap             | two interviews overlap on the same table of an employer         |
| too_many_at_once          | an employer holds more than `tables` interviews at one moment   |
| candidate_overlap         | two interviews of one candidate overlap                         |
| candidate_buffer          | two interviews of one candidate are closer than the buffer      |
| too_many_interviews       | a candidate has more than max_interviews_per_candidate          |
| employer_over_capacity    | an employer meets more than max_candidates candidates           |
| duplicate_pair            | a candidate has two interviews with one employer                |
| missing_card              | the candidate lacks a card or licence the vacancy requires      |
| language                  | the candidate speaks none of the vacancy's languages            |
| too_young                 | the candidate is younger than the vacancy's min_age             |
| not_wanted                | the vacancy is not ranked and the candidate is not open_to_other|
| lock_not_kept             | a lock has no interview with exactly its vacancy and start      |
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from solver.problem import (
    Candidate,
    Employer,
    Event,
    Interview,
    Problem,
    Vacancy,
    Window,
    format_hhmm,
)


@dataclass(frozen=True)
class Violation:
    rule: str
    message: str


# --- the contract's building blocks (also used by explain.py, never by the model) -------------


def employer_windows(event: Event, employer: Employer) -> tuple[Window, ...]:
    """The employer's availability inside the event; empty `available` means the whole event."""
    windows = employer.available or ((event.start, event.end),)
    clipped = [(max(a, event.start), min(b, event.end)) for a, b in windows]
    return tuple(sorted(w for w in clipped if w[0] < w[1]))


def candidate_windows(event: Event, candidate: Candidate) -> tuple[Window, ...]:
    """The candidate's availability; empty `available` means the whole event."""
    return tuple(sorted(candidate.available or ((event.start, event.end),)))


def employer_slots(event: Event, employer: Employer) -> tuple[int, ...]:
    """Start minutes of the employer's slot grid, walking each availability window.

    Slots run back to back from the window's start; a slot that would overlap a break starts
    when that break ends instead; a slot must end by its window's end.
    """
    length = employer.interview_minutes
    starts: list[int] = []
    if length <= 0:
        return ()
    for window_start, window_end in employer_windows(event, employer):
        t = window_start
        while t + length <= window_end:
            clash = [b for b in employer.breaks if b[0] < t + length and t < b[1]]
            if clash:
                # Jump to the end of the earliest clashing break; a later break that still
                # clashes is found on the next turn of the walk.
                t = min(clash)[1]
                continue
            starts.append(t)
            t += length
    return tuple(starts)


def within(start: int, end: int, windows: Sequence[Window]) -> bool:
    """True when [start, end) lies inside the union of the windows (touching windows join)."""
    merged: list[list[int]] = []
    for a, b in sorted(windows):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return any(a <= start and end <= b for a, b in merged)


def missing_cards(candidate: Candidate, vacancy: Vacancy) -> tuple[str, ...]:
    """The cards and licences the vacancy requires that the candidate does not have."""
    return tuple(card for card in vacancy.requires if card not in candidate.has)


def speaks_a_language_of(candidate: Candidate, vacancy: Vacancy) -> bool:
    """A vacancy with no languages listed can be interviewed in any language."""
    return not vacancy.languages or any(lang in vacancy.languages for lang in candidate.languages)


def is_wanted(candidate: Candidate, vacancy_id: str) -> bool:
    """Ranked by the candidate, or any vacancy when they are open to other vacancies."""
    return vacancy_id in candidate.preferences or candidate.open_to_other


def windows_text(windows: Sequence[Window]) -> str:
    """Windows as "09:00–11:00, 12:00–13:00" for messages."""
    return ", ".join(f"{format_hhmm(a)}–{format_hhmm(b)}" for a, b in windows)


# --- the checker -------------------------------------------------------------------------------


def _describe(interview: Interview) -> str:
    return (
        f"{interview.candidate}'s interview at {interview.employer} ({interview.vacancy}) "
        f"{format_hhmm(interview.start)}–{format_hhmm(interview.end)}"
    )


def _at_times(interviews: Sequence[Interview]) -> str:
    return ", ".join(f"{i.employer} {format_hhmm(i.start)}" for i in interviews)


def check_schedule(problem: Problem, interviews: Sequence[Interview]) -> list[Violation]:
    """Every hard rule of DESIGN §3 the schedule breaks; an empty list means it is valid."""
    event = problem.event
    candidates = {c.id: c for c in problem.candidates}
    employers = {e.id: e for e in problem.employers}
    owner_of = {v.id: (e, v) for e in problem.employers for v in e.vacancies}

    slots = {e.id: frozenset(employer_slots(event, e)) for e in problem.employers}

    violations: list[Violation] = []
    for interview in interviews:
        violations.extend(_check_one(event, candidates, employers, owner_of, slots, interview))

    by_candidate: dict[str, list[Interview]] = defaultdict(list)
    by_employer: dict[str, list[Interview]] = defaultdict(list)
    for interview in interviews:
        by_candidate[interview.candidate].append(interview)
        by_employer[interview.employer].append(interview)

    for candidate_id, own in by_candidate.items():
        violations.extend(_check_candidate_day(event, candidate_id, own))
    for employer_id, held in by_employer.items():
        employer = employers.get(employer_id)
        if employer is not None:
            violations.extend(_check_employer_day(employer, held))
    violations.extend(_check_locks(problem, interviews))
    return violations


def _check_one(
    event: Event,
    candidates: dict[str, Candidate],
    employers: dict[str, Employer],
    owner_of: dict[str, tuple[Employer, Vacancy]],
    slots: dict[str, frozenset[int]],
    interview: Interview,
) -> list[Violation]:
    """The rules that one interview can break on its own."""
    found: list[Violation] = []
    what = _describe(interview)
    candidate = candidates.get(interview.candidate)
    employer = employers.get(interview.employer)
    owner = owner_of.get(interview.vacancy)
    if candidate is None:
        found.append(Violation("unknown_candidate", f"{what}: no candidate {interview.candidate}"))
    if employer is None:
        found.append(Violation("unknown_employer", f"{what}: no employer {interview.employer}"))
    if owner is None:
        found.append(Violation("unknown_vacancy", f"{what}: no vacancy {interview.vacancy}"))
    elif owner[0].id != interview.employer:
        found.append(
            Violation(
                "vacancy_not_of_employer",
                f"{what}: vacancy {interview.vacancy} belongs to {owner[0].id}, "
                f"not {interview.employer}",
            )
        )

    if employer is not None:
        found.extend(_check_employer_time(event, employer, slots[employer.id], interview, what))
    if candidate is not None:
        windows = candidate_windows(event, candidate)
        if not within(interview.start, interview.end, windows):
            found.append(
                Violation(
                    "candidate_unavailable",
                    f"{what}: {candidate.id} is available only {windows_text(windows)}",
                )
            )
    if candidate is not None and owner is not None:
        found.extend(_check_fit(candidate, owner[1], what))
    return found


def _check_employer_time(
    event: Event, employer: Employer, slots: frozenset[int], interview: Interview, what: str
) -> list[Violation]:
    found: list[Violation] = []
    length = employer.interview_minutes
    if interview.end != interview.start + length:
        found.append(
            Violation(
                "wrong_length",
                f"{what}: {employer.id} interviews last {length} min, this one "
                f"{interview.end - interview.start} min",
            )
        )
    if interview.start not in slots:
        found.append(
            Violation(
                "off_grid",
                f"{what}: {format_hhmm(interview.start)} is not a slot start of {employer.id}",
            )
        )
    windows = employer_windows(event, employer)
    if not within(interview.start, interview.end, windows):
        found.append(
            Violation(
                "employer_unavailable",
                f"{what}: {employer.id} is available only {windows_text(windows)}",
            )
        )
    for break_start, break_end in employer.breaks:
        if interview.start < break_end and break_start < interview.end:
            found.append(
                Violation(
                    "in_break",
                    f"{what}: overlaps {employer.id}'s break "
                    f"{format_hhmm(break_start)}–{format_hhmm(break_end)}",
                )
            )
    if not 1 <= interview.table <= employer.tables:
        found.append(
            Violation(
                "table_out_of_range",
                f"{what}: table {interview.table}, but {employer.id} has tables "
                f"1..{employer.tables}",
            )
        )
    return found


def _check_fit(candidate: Candidate, vacancy: Vacancy, what: str) -> list[Violation]:
    """Eligibility (cards, language, age) and whether the candidate wants the vacancy."""
    found = [
        Violation(
            "missing_card",
            f"{what}: {vacancy.id} requires {card}, which {candidate.id} does not have",
        )
        for card in missing_cards(candidate, vacancy)
    ]
    if not speaks_a_language_of(candidate, vacancy):
        spoken = ", ".join(candidate.languages) or "none listed"
        found.append(
            Violation(
                "language",
                f"{what}: {vacancy.id} is held in {', '.join(vacancy.languages)}; "
                f"{candidate.id} speaks {spoken}",
            )
        )
    if candidate.age < vacancy.min_age:
        found.append(
            Violation(
                "too_young",
                f"{what}: {vacancy.id} requires age {vacancy.min_age}, "
                f"{candidate.id} is {candidate.age}",
            )
        )
    if not is_wanted(candidate, vacancy.id):
        found.append(
            Violation(
                "not_wanted",
                f"{what}: {candidate.id} did not rank {vacancy.id} and is not open to other "
                "vacancies",
            )
        )
    return found


def _check_candidate_day(event: Event, candidate_id: str, own: list[Interview]) -> list[Violation]:
    """Overlap, buffer, count and one-per-employer rules across one candidate's interviews."""
    found: list[Violation] = []
    buffer = event.candidate_buffer_minutes
    ordered = sorted(own, key=lambda i: (i.start, i.end, i.employer))
    for n, first in enumerate(ordered):
        for second in ordered[n + 1 :]:
            if second.start < first.end and first.start < second.end:
                found.append(
                    Violation(
                        "candidate_overlap",
                        f"{candidate_id} has overlapping interviews: {_describe(first)} and "
                        f"{_describe(second)}",
                    )
                )
            elif second.start < first.end + buffer:
                found.append(
                    Violation(
                        "candidate_buffer",
                        f"{candidate_id} has {second.start - first.end} min between "
                        f"{_describe(first)} and {_describe(second)}; the buffer is "
                        f"{buffer} min",
                    )
                )
            if first.employer == second.employer:
                found.append(
                    Violation(
                        "duplicate_pair",
                        f"{candidate_id} has two interviews with {first.employer}: "
                        f"{format_hhmm(first.start)} ({first.vacancy}) and "
                        f"{format_hhmm(second.start)} ({second.vacancy})",
                    )
                )
    limit = event.max_interviews_per_candidate
    if len(own) > limit:
        found.append(
            Violation(
                "too_many_interviews",
                f"{candidate_id} has {len(own)} interviews ({_at_times(ordered)}); "
                f"the maximum is {limit}",
            )
        )
    return found


def _check_employer_day(employer: Employer, held: list[Interview]) -> list[Violation]:
    """Tables and capacity across one employer's interviews."""
    found: list[Violation] = []
    ordered = sorted(held, key=lambda i: (i.start, i.table, i.candidate))
    for n, first in enumerate(ordered):
        for second in ordered[n + 1 :]:
            if (
                first.table == second.table
                and second.start < first.end
                and first.start < second.end
            ):
                found.append(
                    Violation(
                        "table_overlap",
                        f"{employer.id} table {first.table} holds two interviews at once: "
                        f"{_describe(first)} and {_describe(second)}",
                    )
                )
    # The most interviews at once is reached at some interview's start; report each such
    # moment where the employer is over its tables.
    for moment in sorted({i.start for i in held}):
        running = [i for i in ordered if i.start <= moment < i.end]
        if len(running) > employer.tables:
            names = ", ".join(i.candidate for i in running)
            found.append(
                Violation(
                    "too_many_at_once",
                    f"{employer.id} has {len(running)} interviews at {format_hhmm(moment)} "
                    f"({names}) but only {employer.tables} tables",
                )
            )
    met = sorted({i.candidate for i in held})
    if len(met) > employer.max_candidates:
        found.append(
            Violation(
                "employer_over_capacity",
                f"{employer.id} meets {len(met)} candidates ({', '.join(met)}); its maximum "
                f"is {employer.max_candidates}",
            )
        )
    return found


def _check_locks(problem: Problem, interviews: Sequence[Interview]) -> list[Violation]:
    found: list[Violation] = []
    held = {(i.candidate, i.employer, i.vacancy, i.start) for i in interviews}
    for lock in problem.locks:
        if (lock.candidate, lock.employer, lock.vacancy, lock.start) in held:
            continue
        instead = [
            f"{i.vacancy} at {format_hhmm(i.start)}"
            for i in interviews
            if i.candidate == lock.candidate and i.employer == lock.employer
        ]
        found.append(
            Violation(
                "lock_not_kept",
                f"lock {lock.candidate} at {lock.employer} ({lock.vacancy}) "
                f"{format_hhmm(lock.start)} is not kept: "
                + (f"scheduled {', '.join(instead)} instead" if instead else "no such interview"),
            )
        )
    return found
