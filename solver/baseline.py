"""Greedy first come, first served: what organisers do by hand, and the engine's first hint.

Exactly how it works:

1. Locks are placed first, then every published interview that still fits beside them (in
   the order given).
2. Candidates are then taken one at a time in list order (= sign-up order). Each candidate
   walks their vacancies in this order: the ranked `preferences` first, in rank order, then,
   when `open_to_other`, every other vacancy in the order employers and vacancies appear in
   the problem. For each vacancy they are eligible for, they get its earliest slot that
   respects every hard rule given what is booked so far (tables, their own interviews and
   buffer, one per employer, the employer's max_candidates). They stop at
   `max_interviews_per_candidate`. Only then does the next candidate choose.

So the first to sign up get their favourites and all their interviews, exactly like a paper
list filled in from the top.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from solver.problem import Interview, Problem
from solver.slots import Option, build_options
from solver.tables import assign_tables


class Bookings:
    """Interviews booked so far, and whether one more would break a hard rule."""

    def __init__(self, problem: Problem) -> None:
        self.buffer = problem.event.candidate_buffer_minutes
        self.max_per_candidate = problem.event.max_interviews_per_candidate
        self.tables = {e.id: e.tables for e in problem.employers}
        self.max_candidates = {e.id: e.max_candidates for e in problem.employers}
        self.slot_use: Counter[tuple[str, int]] = Counter()
        self.employer_candidates: dict[str, set[str]] = defaultdict(set)
        self.candidate_times: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.booked: list[Option] = []

    def allows(self, option: Option) -> bool:
        """True when booking the option keeps every rule between interviews."""
        own = self.candidate_times[option.candidate]
        if len(own) >= self.max_per_candidate:
            return False
        if option.candidate in self.employer_candidates[option.employer]:
            return False
        if len(self.employer_candidates[option.employer]) >= self.max_candidates[option.employer]:
            return False
        # Slots of one employer never overlap, so a table count per slot start is exact.
        if self.slot_use[option.employer, option.start] >= self.tables[option.employer]:
            return False
        return all(option.start >= end + self.buffer or start >= option.end + self.buffer
                   for start, end in own)

    def book(self, option: Option) -> None:
        self.slot_use[option.employer, option.start] += 1
        self.employer_candidates[option.employer].add(option.candidate)
        self.candidate_times[option.candidate].append((option.start, option.end))
        self.booked.append(option)

    def try_book(self, option: Option) -> bool:
        if self.allows(option):
            self.book(option)
            return True
        return False

    def interviews(self, problem: Problem) -> tuple[Interview, ...]:
        """The bookings as interviews with tables labelled."""
        return assign_tables(problem, (
            Interview(o.candidate, o.employer, o.vacancy, 0, o.start, o.end)
            for o in self.booked))


def option_index(options: Iterable[Option]) -> dict[tuple[str, str, str, int], Option]:
    """Options keyed by (candidate, employer, vacancy, start), as placements name them."""
    return {(o.candidate, o.employer, o.vacancy, o.start): o for o in options}


def place_fixed(problem: Problem, bookings: Bookings,
                index: dict[tuple[str, str, str, int], Option]) -> None:
    """Book the locks (all of them) and then each published interview that still fits."""
    for lock in problem.locks:
        option = index.get((lock.candidate, lock.employer, lock.vacancy, lock.start))
        if option is not None:
            bookings.book(option)
    for published in problem.published:
        option = index.get((published.candidate, published.employer, published.vacancy,
                            published.start))
        if option is not None and (published not in problem.locks):
            bookings.try_book(option)


def _vacancy_order(problem: Problem, candidate_id: str, open_to_other: bool,
                   preferences: tuple[str, ...],
                   employer_of: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(employer, vacancy) pairs in the order the candidate would ask for them."""
    if employer_of is None:
        employer_of = _employer_of(problem)
    order = [(employer_of[v], v) for v in preferences if v in employer_of]
    if open_to_other:
        order += [(e, v) for v, e in employer_of.items() if v not in preferences]
    return order


def _employer_of(problem: Problem) -> dict[str, str]:
    """Vacancy id -> employer id, in the order employers and vacancies appear."""
    return {v.id: e.id for e in problem.employers for v in e.vacancies}


ByVacancy = dict[tuple[str, str], list[Option]]
"""Options grouped by (candidate, vacancy), each group in order of start."""


def by_vacancy(options: Iterable[Option]) -> ByVacancy:
    groups: ByVacancy = defaultdict(list)
    for option in options:
        groups[option.candidate, option.vacancy].append(option)
    for group in groups.values():
        group.sort(key=lambda o: o.start)
    return groups


def fill_greedily(problem: Problem, bookings: Bookings, grouped: ByVacancy,
                  should_stop: Callable[[], bool] | None = None) -> None:
    """Add interviews first come first served (step 2 of the module doc) to `bookings`.

    `should_stop` is asked before each candidate; when it answers True the bookings so far
    stand (valid, only fewer).
    """
    employer_of = _employer_of(problem)
    for candidate in problem.candidates:
        if should_stop is not None and should_stop():
            return
        order = _vacancy_order(problem, candidate.id, candidate.open_to_other,
                               candidate.preferences, employer_of)
        for _employer, vacancy in order:
            if len(bookings.candidate_times[candidate.id]) >= bookings.max_per_candidate:
                break
            for option in grouped.get((candidate.id, vacancy), ()):
                if bookings.try_book(option):
                    break


def book_or_retime(bookings: Bookings, wanted: Iterable[Option], grouped: ByVacancy) -> None:
    """Book the wanted interviews; move each that clashes to the earliest other slot of the
    same candidate, employer and vacancy that fits; otherwise leave it out.

    Everything that fits as it is is booked first, so a moved interview can only take a
    slot nobody else wanted (the flow's capacities stay intact for the others).
    """
    clashing = [option for option in wanted if not bookings.try_book(option)]
    for option in clashing:
        for other in grouped.get((option.candidate, option.vacancy), ()):
            if bookings.try_book(other):
                break


def greedy_bookings(problem: Problem, options: Iterable[Option] | None = None, *,
                    index: dict[tuple[str, str, str, int], Option] | None = None,
                    grouped: ByVacancy | None = None,
                    should_stop: Callable[[], bool] | None = None) -> Bookings:
    """Run the first-come-first-served greedy and return its bookings (see module doc).

    `options` may be the engine's (build_options without dominated vacancies): at one
    employer the greedy tries the best-ranked vacancy first, and when that one has no free
    slot neither has any other there, so the result is the same and the work much smaller.
    `index` and `grouped`, when given, are option_index and by_vacancy of those options.
    """
    options = build_options(problem) if options is None else tuple(options)
    bookings = Bookings(problem)
    place_fixed(problem, bookings, option_index(options) if index is None else index)
    fill_greedily(problem, bookings, by_vacancy(options) if grouped is None else grouped,
                  should_stop)
    return bookings


def greedy_schedule(problem: Problem) -> tuple[Interview, ...]:
    """The first-come-first-served schedule (see module doc), tables labelled."""
    return greedy_bookings(problem).interviews(problem)
