"""Explanations on random small schedules: every candidate who needs a reason gets one, and
every reason that claims something about the schedule is checked against the validator."""

from __future__ import annotations

from dataclasses import replace
from importlib import import_module
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from solver.explain import explain
from solver.problem import Candidate, Employer, Interview, Problem, Vacancy
from solver.validate import check_schedule, employer_slots
from tests.solver.test_explain import detail, event, t

# The module itself (a package attribute named "explain" could be the function).
explain_module = import_module("solver.explain")


CARDS = ("hygiene_passport", "driving_licence_b")
# Listed twice: many vacancies take any language, which keeps most candidates eligible.
LANGS = ((), ("fi",), ("fi", "en"), ("sv",), ())
HOURS = [("09:00", "10:00"), ("09:30", "11:00"), ("10:00", "13:00"), ("12:00", "12:45")]


@st.composite
def random_day(draw: st.DrawFn) -> tuple[Problem, list[Interview]]:
    employers = []
    for e in range(draw(st.sampled_from([1, 2, 2, 5]))):
        vacancies = tuple(
            Vacancy(
                f"E{e}-V{v}",
                requires=draw(st.sampled_from([(), (), ("hygiene_passport",)])),
                languages=draw(st.sampled_from(LANGS)),
                min_age=draw(st.sampled_from([0, 0, 18])),
            )
            for v in range(draw(st.integers(1, 2)))
        )
        window = draw(st.sampled_from([(), *[(w,) for w in HOURS]]))
        employers.append(
            Employer(
                f"E{e}",
                draw(st.sampled_from([15, 30])),
                draw(st.integers(1, 2)),
                vacancies,
                available=tuple((t(a), t(b)) for a, b in window),
                max_candidates=draw(st.integers(1, 3)),
            )
        )
    vacancy_ids = [v.id for e in employers for v in e.vacancies]
    candidates = []
    for c in range(draw(st.integers(2, 5))):
        window = draw(st.sampled_from([(), *[(w,) for w in HOURS]]))
        candidates.append(
            Candidate(
                f"C{c}",
                draw(st.integers(16, 25)),
                draw(st.sampled_from([("fi",), ("fi", "sv"), ("en",)])),
                tuple(sorted(draw(st.sets(st.sampled_from(CARDS), max_size=2)))),
                tuple((t(a), t(b)) for a, b in window),
                tuple(
                    draw(
                        st.lists(st.sampled_from(vacancy_ids), unique=True, min_size=1, max_size=3)
                    )
                ),
                draw(st.booleans()),
            )
        )
    problem = Problem(
        event(buffer=draw(st.sampled_from([0, 5])), max_interviews=draw(st.integers(1, 2))),
        tuple(employers),
        tuple(candidates),
    )
    # Offer random interviews among those valid on their own; keep each one that leaves the
    # schedule valid, so that employers fill up and candidates get busy.
    offers = [
        Interview(person.id, firm.id, vacancy.id, 1, start, start + firm.interview_minutes)
        for person in candidates
        for firm in employers
        for vacancy in firm.vacancies
        for start in employer_slots(problem.event, firm)
    ]
    offers = [offer for offer in offers if not check_schedule(problem, [offer])]
    schedule: list[Interview] = []
    if not offers:
        return problem, schedule
    for index in draw(st.lists(st.integers(0, len(offers) - 1), min_size=4, max_size=25)):
        firm = next(e for e in employers if e.id == offers[index].employer)
        offer = replace(offers[index], table=draw(st.integers(1, firm.tables)))
        if not check_schedule(problem, [*schedule, offer]):
            schedule.append(offer)
    return problem, schedule


def _can_add(
    problem: Problem, schedule: list[Interview], person: str, d: dict[str, str], start: int
) -> bool:
    """Adding person's interview at d["employer"] at `start` keeps the schedule valid."""
    firm = next(e for e in problem.employers if e.id == d["employer"])
    vacancy = d.get("vacancies", d.get("vacancy", "")).split(",")[0]
    for table in range(1, firm.tables + 1):
        offer = Interview(person, firm.id, vacancy, table, start, start + firm.interview_minutes)
        if not check_schedule(problem, [*schedule, offer]):
            return True
    return False


def _fits_anywhere(
    problem: Problem, schedule: list[Interview], person: str, d: dict[str, str]
) -> bool:
    firm = next(e for e in problem.employers if e.id == d["employer"])
    starts = employer_slots(problem.event, firm)
    return any(_can_add(problem, schedule, person, d, s) for s in starts)


@settings(max_examples=150, deadline=None)
@given(random_day(), st.booleans())
def test_every_reason_is_given_and_true(
    day: tuple[Problem, list[Interview]], summarise: bool
) -> None:
    problem, schedule = day
    # Small random days rarely reach the summary's threshold; half the time, summarise always.
    limit = 0 if summarise else explain_module.OTHERS_LISTED_ONE_BY_ONE
    with patch.object(explain_module, "OTHERS_LISTED_ONE_BY_ONE", limit):
        unscheduled, not_first = explain(problem, schedule)
    scheduled = {i.candidate for i in schedule}
    assert {n.candidate for n in unscheduled} == {c.id for c in problem.candidates} - scheduled
    for note in unscheduled + not_first:
        assert note.reasons, note
    for note in not_first:
        person = next(c for c in problem.candidates if c.id == note.candidate)
        assert person.preferences[0] not in {
            i.vacancy for i in schedule if i.candidate == person.id
        }
    firms = {e.id: e for e in problem.employers}
    for note in unscheduled + not_first:
        for reason in note.reasons:
            d = detail(reason)
            assert reason.text and d["candidate"] == note.candidate
            if reason.code == "employer_full":
                met = {i.candidate for i in schedule if i.employer == d["employer"]}
                assert int(d["booked"]) == len(met) >= firms[d["employer"]].max_candidates
            elif reason.code == "slot_left_free":
                assert _can_add(problem, schedule, note.candidate, d, t(d["start"]))
            elif reason.code in ("tables_taken", "busy", "no_common_time"):
                assert not _fits_anywhere(problem, schedule, note.candidate, d)
            elif reason.code == "others_blocked":
                blocked = [
                    e
                    for key in ("no_common_time", "tables_taken", "full")
                    for e in d[key].split(",")
                    if e
                ]
                for employer_id in blocked:
                    vacancy = next(v.id for v in firms[employer_id].vacancies)
                    assert not _fits_anywhere(
                        problem,
                        schedule,
                        note.candidate,
                        {"employer": employer_id, "vacancy": vacancy},
                    )
