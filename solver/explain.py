"""Why a candidate has no interview, or not their first choice (DESIGN §3).

`explain(problem, interviews)` looks at the finished schedule, never at the model, and says
only what is true of that schedule: a card the candidate lacks, an employer at its maximum,
every table taken in every slot the candidate could come to. Capacity is checked slot by slot
inside the candidate's own availability, so an employer is never called "full" when the real
obstacle is the candidate's time.

Reason codes (stable; the web app translates by `code` + `detail`; list values are joined
with "," and windows written "HH:MM–HH:MM"):

code                 when                                        detail keys
no_preferences       ranked nothing, not open_to_other           candidate
missing_card         a wanted vacancy requires a card they lack  candidate, vacancy, employer, card
                     (one reason per card)
language             they speak none of a wanted vacancy's       candidate, vacancy, employer,
                     languages                                   languages, candidate_languages
too_young            younger than a wanted vacancy's min_age     candidate, vacancy, employer,
                                                                 min_age, age
no_eligible_vacancy  eligible for none of the vacancies they     candidate, ranked, open_to_other,
                     want                                        vacancies
no_common_time       their availability holds no slot of the     candidate, employer, vacancies,
                     employer                                    available, employer_available
employer_full        the employer meets max_candidates already   candidate, employer, vacancies,
                                                                 booked, max_candidates
tables_taken         every table taken in every slot they could  candidate, employer, vacancies,
                     come to                                     tables, slots, available
busy                 the slots with a free table clash with      candidate, employer, vacancies,
                     their other interviews or the buffer        slots_taken, slots_clashing,
                                                                 interviews, buffer_minutes
slot_left_free       a slot that fits them is still free (the    candidate, employer, vacancies,
                     solve stopped early)                        start
max_reached          they hold max_interviews_per_candidate      candidate, max_interviews,
                     interviews                                  interviews
same_employer        they meet the first choice's employer for   candidate, employer, vacancy,
                     another vacancy                             scheduled_vacancy
others_blocked       sums up the employers they fit only through candidate, employers (a count),
                     open_to_other, when there are more than 3   no_common_time, full,
                     (each counted under its first obstacle)     tables_taken (employer lists),
                                                                 available

Unscheduled candidates get the eligibility reasons for each ranked vacancy, then one group of
reasons per employer with a ranked vacancy they are eligible for, then the employers they fit
only through open_to_other: one group each when there are few, else one others_blocked summary
plus a slot_left_free for each free slot. Every unscheduled candidate gets at least one reason.
Not-first-choice candidates get the reasons about their first-ranked vacancy only.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from solver import explain_text as say
from solver.problem import (
    Candidate,
    CandidateNote,
    Employer,
    Interview,
    Problem,
    Reason,
    Vacancy,
    Window,
    format_hhmm,
)
from solver.validate import (
    candidate_windows,
    employer_slots,
    employer_windows,
    missing_cards,
    speaks_a_language_of,
)

# An open_to_other candidate may fit dozens of employers; past this many, the employers they
# fit only through open_to_other are summarised in one reason instead of one reason each.
OTHERS_LISTED_ONE_BY_ONE = 3


@dataclass(frozen=True)
class _Day:
    """The schedule indexed for questions about one candidate and one employer."""

    problem: Problem
    owner_of: dict[str, tuple[Employer, Vacancy]]
    slots: dict[str, tuple[int, ...]]
    # Slots of each employer where every table is in use: the same for every candidate, so
    # found once (large events ask about hundreds of candidates × employers).
    taken: dict[str, frozenset[int]]
    by_candidate: dict[str, list[Interview]]
    by_employer: dict[str, list[Interview]]
    met_by: dict[str, set[str]]
    # Each asked-about candidate's windows (as given, clipped to the event; and joined),
    # found once: an open_to_other candidate is asked about at every employer.
    windows: dict[str, tuple[tuple[Window, ...], tuple[Window, ...]]] = field(
        default_factory=dict)

    @classmethod
    def of(cls, problem: Problem, interviews: Sequence[Interview]) -> _Day:
        by_candidate: dict[str, list[Interview]] = defaultdict(list)
        by_employer: dict[str, list[Interview]] = defaultdict(list)
        met_by: dict[str, set[str]] = defaultdict(set)
        for interview in interviews:
            by_candidate[interview.candidate].append(interview)
            by_employer[interview.employer].append(interview)
            met_by[interview.employer].add(interview.candidate)
        slots = {e.id: tuple(sorted(employer_slots(problem.event, e))) for e in problem.employers}
        taken = {
            e.id: frozenset(
                s
                for s in slots[e.id]
                if _tables_taken(by_employer.get(e.id, []), s, s + e.interview_minutes, e.tables)
            )
            for e in problem.employers
        }
        return cls(
            problem=problem,
            owner_of={v.id: (e, v) for e in problem.employers for v in e.vacancies},
            slots=slots,
            taken=taken,
            by_candidate=by_candidate,
            by_employer=by_employer,
            met_by=met_by,
        )

    def windows_of(self, candidate: Candidate) -> tuple[tuple[Window, ...], tuple[Window, ...]]:
        """(the candidate's windows inside the event, the same with touching ones joined)."""
        if candidate.id not in self.windows:
            available = candidate_windows(self.problem.event, candidate)
            joined: list[Window] = []
            for start, end in sorted(available):
                if joined and start <= joined[-1][1]:
                    joined[-1] = (joined[-1][0], max(joined[-1][1], end))
                else:
                    joined.append((start, end))
            self.windows[candidate.id] = (available, tuple(joined))
        return self.windows[candidate.id]

    def reachable(self, candidate: Candidate, employer: Employer) -> list[int]:
        """The employer's slot starts whose slot lies inside the candidate's availability."""
        slots, length = self.slots[employer.id], employer.interview_minutes
        found: list[int] = []
        for start, end in self.windows_of(candidate)[1]:
            found.extend(slots[bisect_left(slots, start):bisect_right(slots, end - length)])
        return found

    def met(self, employer: Employer) -> int:
        """How many candidates the employer meets (what max_candidates limits)."""
        return len(self.met_by.get(employer.id, ()))


def explain(
    problem: Problem, interviews: Sequence[Interview], *,
    should_stop: Callable[[], bool] | None = None,
) -> tuple[tuple[CandidateNote, ...], tuple[CandidateNote, ...]]:
    """(candidates with no interview, scheduled candidates without their first choice).

    Both in the problem's candidate order, each with its reasons. Once `should_stop` answers
    True (the engine's time limit: a solve cut short on 200 x 6,000 leaves thousands
    unscheduled, each open to hundreds of employers), a remaining open_to_other candidate
    with a free slot at an employer they fit only through open_to_other gets that one
    slot_left_free instead of the obstacles at every such employer; every reason given is
    still true of the schedule.
    """
    day = _Day.of(problem, interviews)
    unscheduled: list[CandidateNote] = []
    not_first: list[CandidateNote] = []
    brief = False
    for candidate in problem.candidates:
        own = day.by_candidate.get(candidate.id, [])
        if not own:
            brief = brief or (should_stop is not None and should_stop())
            unscheduled.append(CandidateNote(candidate.id,
                                             _why_unscheduled(day, candidate, brief)))
            continue
        if not candidate.preferences or candidate.preferences[0] not in day.owner_of:
            continue
        if any(i.vacancy == candidate.preferences[0] for i in own):
            continue
        not_first.append(CandidateNote(candidate.id, _why_not_first(day, candidate, own)))
    return tuple(unscheduled), tuple(not_first)


def _eligibility_reasons(
    candidate: Candidate, employer: Employer, vacancy: Vacancy
) -> list[Reason]:
    reasons = [
        say.missing_card(candidate.id, vacancy.id, employer.id, card)
        for card in missing_cards(candidate, vacancy)
    ]
    if not speaks_a_language_of(candidate, vacancy):
        reasons.append(
            say.language(
                candidate.id, vacancy.id, employer.id, vacancy.languages, candidate.languages
            )
        )
    if candidate.age < vacancy.min_age:
        reasons.append(
            say.too_young(candidate.id, vacancy.id, employer.id, vacancy.min_age, candidate.age)
        )
    return reasons


def _eligible(candidate: Candidate, vacancy: Vacancy) -> bool:
    """No eligibility reason applies (_eligibility_reasons without writing the reasons)."""
    return (not missing_cards(candidate, vacancy) and speaks_a_language_of(candidate, vacancy)
            and candidate.age >= vacancy.min_age)


def _why_unscheduled(day: _Day, candidate: Candidate, brief: bool = False
                     ) -> tuple[Reason, ...]:
    problem = day.problem
    if not candidate.preferences and not candidate.open_to_other:
        return (say.no_preferences(candidate.id),)
    reasons: list[Reason] = []
    if problem.event.max_interviews_per_candidate <= 0:
        reasons.append(
            say.max_reached(candidate.id, problem.event.max_interviews_per_candidate, ())
        )

    # Eligible wanted vacancies grouped by employer: employers with a ranked vacancy first,
    # then those the candidate fits only through open_to_other, each in a stable order.
    wanted: dict[str, list[str]] = {}
    employers: dict[str, Employer] = {}
    ranked = [v for v in candidate.preferences if v in day.owner_of]
    for vacancy_id in ranked:
        employer, vacancy = day.owner_of[vacancy_id]
        gaps = _eligibility_reasons(candidate, employer, vacancy)
        reasons.extend(gaps)
        if not gaps:
            wanted.setdefault(employer.id, []).append(vacancy_id)
            employers[employer.id] = employer
    ranked_employers = list(wanted)
    free = _first_free_other(day, candidate, ranked, ranked_employers) if brief else None
    if free is not None:
        for employer_id in ranked_employers:
            reasons.extend(_employer_obstacles(day, candidate, employers[employer_id],
                                               wanted[employer_id], []))
        return (*reasons, free)
    if candidate.open_to_other:
        for employer in problem.employers:
            for vacancy in employer.vacancies:
                if vacancy.id in ranked or not _eligible(candidate, vacancy):
                    continue
                wanted.setdefault(employer.id, []).append(vacancy.id)
                employers[employer.id] = employer

    if not wanted:
        total = sum(len(e.vacancies) for e in problem.employers)
        reasons.append(
            say.no_eligible_vacancy(candidate.id, len(ranked), candidate.open_to_other, total)
        )
    for employer_id in ranked_employers:
        reasons.extend(
            _employer_obstacles(day, candidate, employers[employer_id], wanted[employer_id], [])
        )
    others = [e for e in wanted if e not in ranked_employers]
    if len(others) <= OTHERS_LISTED_ONE_BY_ONE:
        for e in others:
            reasons.extend(_employer_obstacles(day, candidate, employers[e], wanted[e], []))
    else:
        reasons.extend(_summarise_others(day, candidate, others, employers, wanted))
    return tuple(reasons)


def _first_free_other(day: _Day, candidate: Candidate, ranked: list[str],
                      ranked_employers: list[str]) -> Reason | None:
    """slot_left_free at the first employer, in problem order, that the candidate fits only
    through open_to_other and that has a free slot for them; None if there is none."""
    if not candidate.open_to_other:
        return None
    for employer in day.problem.employers:
        if employer.id in ranked_employers:
            continue
        vacancies = [v.id for v in employer.vacancies
                     if v.id not in ranked and _eligible(candidate, v)]
        if vacancies:
            found = _first_obstacle(day, candidate, employer, vacancies)
            if isinstance(found, Reason):
                return found
    return None


def _summarise_others(
    day: _Day, candidate: Candidate, others: list[str], employers: dict[str, Employer],
    wanted: dict[str, list[str]],
) -> list[Reason]:
    """One reason for the many employers a candidate fits only through open_to_other.

    Each employer is counted under its first obstacle (no common time, then full, then every
    table taken); free slots stay separate reasons because staff can act on them.
    """
    by_code: dict[str, list[str]] = defaultdict(list)
    free: list[Reason] = []
    for employer_id in others:
        found = _first_obstacle(day, candidate, employers[employer_id], wanted[employer_id])
        if isinstance(found, Reason):
            free.append(found)
        else:
            by_code[found].append(employer_id)
    summary = say.others_blocked(
        candidate.id,
        len(others),
        by_code["no_common_time"],
        by_code["employer_full"],
        by_code["tables_taken"],
        candidate_windows(day.problem.event, candidate),
    )
    return [summary, *free]


def _first_obstacle(day: _Day, candidate: Candidate, employer: Employer,
                    vacancies: list[str]) -> str | Reason:
    """The code of _employer_obstacles' first reason for a candidate with no interview, or
    that reason itself when it is slot_left_free; without writing the others' sentences
    (an open_to_other candidate is summarised over every employer)."""
    reachable = day.reachable(candidate, employer)
    if not reachable:
        return "no_common_time"
    if day.met(employer) >= employer.max_candidates:
        return "employer_full"
    taken = day.taken[employer.id]
    start = next((s for s in reachable if s not in taken), None)
    if start is None:
        return "tables_taken"
    return say.slot_left_free(candidate.id, employer.id, vacancies, start)


def _why_not_first(day: _Day, candidate: Candidate, own: list[Interview]) -> tuple[Reason, ...]:
    employer, vacancy = day.owner_of[candidate.preferences[0]]
    gaps = _eligibility_reasons(candidate, employer, vacancy)
    if gaps:
        return tuple(gaps)
    at_same = [i for i in own if i.employer == employer.id]
    if at_same:
        return (say.same_employer(candidate.id, employer.id, vacancy.id, at_same[0].vacancy),)
    reasons: list[Reason] = []
    maximum = day.problem.event.max_interviews_per_candidate
    at_max = len(own) >= maximum
    if at_max:
        held = [i.vacancy for i in sorted(own, key=lambda i: i.start)]
        reasons.append(say.max_reached(candidate.id, maximum, held))
    obstacles = _employer_obstacles(day, candidate, employer, [vacancy.id], own)
    # A free slot is no way in for a candidate who is at the maximum already.
    reasons.extend(r for r in obstacles if not (at_max and r.code == "slot_left_free"))
    return tuple(reasons)


def _employer_obstacles(
    day: _Day,
    candidate: Candidate,
    employer: Employer,
    vacancies: list[str],
    own: list[Interview],
) -> list[Reason]:
    """What keeps `candidate` from an interview at `employer`, as found in the schedule."""
    event = day.problem.event
    available = day.windows_of(candidate)[0]
    length = employer.interview_minutes
    reachable = day.reachable(candidate, employer)
    if not reachable:
        return [
            say.no_common_time(
                candidate.id, employer.id, vacancies, available, employer_windows(event, employer)
            )
        ]

    reasons: list[Reason] = []
    met = day.met(employer)
    if met >= employer.max_candidates:
        reasons.append(
            say.employer_full(candidate.id, employer.id, vacancies, met, employer.max_candidates)
        )
    buffer = event.candidate_buffer_minutes
    taken = [s for s in reachable if s in day.taken[employer.id]]
    open_slots = [s for s in reachable if s not in day.taken[employer.id]]
    clashes = {
        s: [o for o in own if s < o.end + buffer and o.start < s + length + buffer]
        for s in open_slots
    }
    free = [s for s in open_slots if not clashes[s]]

    if not open_slots:
        reasons.append(
            say.tables_taken(
                candidate.id, employer.id, vacancies, employer.tables, len(reachable), available
            )
        )
    elif not free:
        clashing = sorted({o for s in open_slots for o in clashes[s]}, key=lambda o: o.start)
        names = [f"{o.employer} {format_hhmm(o.start)}–{format_hhmm(o.end)}" for o in clashing]
        reasons.append(
            say.busy(
                candidate.id, employer.id, vacancies, len(taken), len(open_slots), names, buffer
            )
        )
    elif not reasons:
        reasons.append(say.slot_left_free(candidate.id, employer.id, vacancies, free[0]))
    return reasons


def _tables_taken(held: list[Interview], start: int, end: int, tables: int) -> bool:
    """True when, at some moment of [start, end), `tables` interviews are running already."""
    moments = {start} | {i.start for i in held if start < i.start < end}
    return any(sum(1 for i in held if i.start <= m < i.end) >= tables for m in moments)
