"""The independent validator: one hand-made violating schedule per rule, plus valid ones."""

from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path

import pytest

from solver.problem import (
    Candidate,
    Employer,
    Event,
    Interview,
    Placement,
    Problem,
    Vacancy,
    parse_hhmm,
)
from solver.validate import Violation, check_schedule, employer_slots


def t(text: str) -> int:
    return parse_hhmm(text)


EVENT = Event(
    date="2027-03-12",
    start=t("09:00"),
    end=t("13:00"),
    candidate_buffer_minutes=5,
    max_interviews_per_candidate=2,
)

# E1: 15-minute slots on two tables, a break 11:00–11:30, at most 3 candidates.
E1 = Employer(
    id="E1",
    interview_minutes=15,
    tables=2,
    vacancies=(
        Vacancy("E1-V1", requires=("hygiene_passport",), languages=("fi", "en"), min_age=18),
        Vacancy("E1-V2"),
    ),
    breaks=((t("11:00"), t("11:30")),),
    max_candidates=3,
)
# E2: one table, 20-minute slots, available 10:00–12:00 only.
E2 = Employer(
    id="E2",
    interview_minutes=20,
    tables=1,
    vacancies=(Vacancy("E2-V1"),),
    available=((t("10:00"), t("12:00")),),
)
# E3: 10-minute slots from 09:05, so that its grid is offset from E1's.
E3 = Employer(
    id="E3",
    interview_minutes=10,
    tables=1,
    vacancies=(Vacancy("E3-V1"),),
    available=((t("09:05"), t("13:00")),),
)

C1 = Candidate(
    "C1",
    age=19,
    languages=("fi",),
    has=("hygiene_passport",),
    preferences=("E1-V1", "E2-V1", "E3-V1"),
)
C2 = Candidate(
    "C2",
    age=17,
    languages=("sv",),
    preferences=("E1-V2", "E1-V1"),
    available=((t("09:00"), t("10:00")),),
)
C3 = Candidate("C3", age=20, languages=("fi",), open_to_other=True)
C4 = Candidate("C4", age=22, languages=("en",), preferences=("E1-V2",))
C5 = Candidate("C5", age=22, languages=("en",), preferences=("E1-V2",))

PROBLEM = Problem(event=EVENT, employers=(E1, E2, E3), candidates=(C1, C2, C3, C4, C5))


def interview(candidate: str, vacancy: str, start: str, table: int = 1) -> Interview:
    employer = {"E1": E1, "E2": E2, "E3": E3}[vacancy.split("-")[0]]
    begin = t(start)
    return Interview(
        candidate, employer.id, vacancy, table, begin, begin + employer.interview_minutes
    )


VALID = [
    interview("C1", "E1-V1", "09:00", table=1),
    interview("C2", "E1-V2", "09:00", table=2),
    interview("C1", "E2-V1", "10:00"),
    interview("C3", "E2-V1", "10:20"),
    interview("C3", "E3-V1", "09:05"),
    interview("C4", "E1-V2", "09:15", table=1),
]


def only(violations: list[Violation]) -> Violation:
    """The single violation a hand-made schedule is meant to produce."""
    assert len(violations) == 1, violations
    return violations[0]


def test_valid_schedule_passes() -> None:
    assert check_schedule(PROBLEM, VALID) == []


def test_empty_schedule_passes() -> None:
    assert check_schedule(PROBLEM, []) == []


# --- the slot grid ----------------------------------------------------------------------------


def test_slot_grid_jumps_over_break_and_ends_inside_window() -> None:
    starts = employer_slots(EVENT, E1)
    assert t("10:45") in starts and t("11:30") in starts
    assert not any(t("11:00") <= s < t("11:30") for s in starts)
    assert starts[-1] == t("12:45")  # 12:45–13:00 ends exactly at the event's end
    assert len(starts) == 14


def test_slot_grid_restarts_after_break_that_cuts_a_slot() -> None:
    # 20-minute slots from 09:00 with a break 09:50–10:00: 09:40 would overlap the break,
    # so the next slot starts at 10:00 rather than 09:40.
    employer = replace(E2, available=(), breaks=((t("09:50"), t("10:00")),))
    starts = employer_slots(EVENT, employer)
    assert starts[:3] == (t("09:00"), t("09:20"), t("10:00"))


def test_slot_grid_per_window() -> None:
    employer = replace(E2, available=((t("09:00"), t("09:50")), (t("11:05"), t("11:45"))))
    assert employer_slots(EVENT, employer) == (t("09:00"), t("09:20"), t("11:05"), t("11:25"))


def test_interview_ending_exactly_at_break_start_is_fine() -> None:
    assert check_schedule(PROBLEM, [interview("C4", "E1-V2", "10:45")]) == []


def test_buffer_exactly_met_is_fine() -> None:
    problem = replace(PROBLEM, event=replace(EVENT, candidate_buffer_minutes=10))
    schedule = [interview("C1", "E1-V1", "09:00"), interview("C1", "E3-V1", "09:25")]
    assert check_schedule(problem, schedule) == []


# --- one violating schedule per rule ----------------------------------------------------------


def test_unknown_candidate() -> None:
    v = only(check_schedule(PROBLEM, [replace(VALID[0], candidate="C99")]))
    assert v.rule == "unknown_candidate" and "C99" in v.message and "09:00" in v.message


def test_unknown_employer() -> None:
    rules = {v.rule for v in check_schedule(PROBLEM, [replace(VALID[0], employer="E9")])}
    # The vacancy exists but belongs to E1, so that is reported too.
    assert rules == {"unknown_employer", "vacancy_not_of_employer"}


def test_unknown_vacancy() -> None:
    v = only(check_schedule(PROBLEM, [replace(VALID[0], vacancy="E1-V9")]))
    assert v.rule == "unknown_vacancy" and "E1-V9" in v.message and "C1" in v.message


def test_vacancy_of_another_employer() -> None:
    bad = Interview("C1", "E1", "E2-V1", 1, t("09:00"), t("09:15"))
    v = only(check_schedule(PROBLEM, [bad]))
    assert v.rule == "vacancy_not_of_employer"
    assert "E2-V1 belongs to E2, not E1" in v.message


def test_wrong_length() -> None:
    v = only(check_schedule(PROBLEM, [replace(VALID[0], end=t("09:20"))]))
    assert v.rule == "wrong_length"
    assert "15 min" in v.message and "20 min" in v.message and "C1" in v.message


def test_off_grid() -> None:
    v = only(check_schedule(PROBLEM, [interview("C4", "E1-V2", "09:05")]))
    assert v.rule == "off_grid" and "09:05" in v.message and "E1" in v.message


def test_outside_employer_availability() -> None:
    bad = Interview("C1", "E2", "E2-V1", 1, t("09:40"), t("10:00"))
    violations = check_schedule(PROBLEM, [bad])
    assert {v.rule for v in violations} == {"off_grid", "employer_unavailable"}
    v = next(v for v in violations if v.rule == "employer_unavailable")
    assert "E2 is available only 10:00–12:00" in v.message and "09:40" in v.message


def test_in_break() -> None:
    violations = check_schedule(PROBLEM, [interview("C4", "E1-V2", "10:50")])
    assert {v.rule for v in violations} == {"off_grid", "in_break"}
    v = next(v for v in violations if v.rule == "in_break")
    assert "11:00–11:30" in v.message and "C4" in v.message


def test_outside_candidate_availability() -> None:
    v = only(check_schedule(PROBLEM, [interview("C2", "E1-V2", "10:00")]))
    assert v.rule == "candidate_unavailable"
    assert "C2 is available only 09:00–10:00" in v.message and "10:00–10:15" in v.message


def test_table_out_of_range() -> None:
    v = only(check_schedule(PROBLEM, [interview("C4", "E1-V2", "09:00", table=3)]))
    assert v.rule == "table_out_of_range" and "table 3" in v.message and "1..2" in v.message


def test_two_interviews_on_one_table() -> None:
    schedule = [interview("C4", "E1-V2", "09:00", table=1), interview("C5", "E1-V2", "09:00", 1)]
    v = only(check_schedule(PROBLEM, schedule))
    assert v.rule == "table_overlap" and "C4" in v.message and "C5" in v.message


def test_more_interviews_at_once_than_tables() -> None:
    schedule = [
        interview("C1", "E1-V1", "09:30", table=1),
        interview("C4", "E1-V2", "09:30", table=2),
        interview("C5", "E1-V2", "09:30", table=2),
    ]
    violations = check_schedule(PROBLEM, schedule)
    assert {v.rule for v in violations} == {"table_overlap", "too_many_at_once"}
    v = next(v for v in violations if v.rule == "too_many_at_once")
    assert "3 interviews at 09:30" in v.message and "2 tables" in v.message
    assert all(c in v.message for c in ("C1", "C4", "C5"))


def test_candidate_overlap() -> None:
    schedule = [interview("C1", "E1-V1", "09:00"), interview("C1", "E3-V1", "09:05")]
    v = only(check_schedule(PROBLEM, schedule))
    assert v.rule == "candidate_overlap" and "C1" in v.message
    assert "09:00–09:15" in v.message and "09:05–09:15" in v.message


def test_candidate_buffer() -> None:
    # E1 ends 09:15 and E3 starts 09:15: no overlap, but no 5-minute gap either.
    schedule = [interview("C1", "E1-V1", "09:00"), interview("C1", "E3-V1", "09:15")]
    v = only(check_schedule(PROBLEM, schedule))
    assert v.rule == "candidate_buffer"
    assert "C1 has 0 min between" in v.message and "the buffer is 5 min" in v.message


def test_too_many_interviews_for_a_candidate() -> None:
    schedule = [
        interview("C1", "E1-V1", "09:00"),
        interview("C1", "E3-V1", "09:25"),
        interview("C1", "E2-V1", "10:00"),
    ]
    v = only(check_schedule(PROBLEM, schedule))
    assert v.rule == "too_many_interviews"
    assert v.message == "C1 has 3 interviews (E1 09:00, E3 09:25, E2 10:00); the maximum is 2"


def test_too_many_candidates_at_an_employer() -> None:
    schedule = [
        interview("C1", "E1-V1", "09:00", table=1),
        interview("C3", "E1-V2", "09:00", table=2),
        interview("C4", "E1-V2", "09:15", table=1),
        interview("C5", "E1-V2", "09:15", table=2),
    ]
    v = only(check_schedule(PROBLEM, schedule))
    assert v.rule == "employer_over_capacity"
    assert v.message == "E1 meets 4 candidates (C1, C3, C4, C5); its maximum is 3"


def test_two_interviews_for_one_pair() -> None:
    schedule = [interview("C4", "E1-V2", "09:00"), interview("C4", "E1-V2", "10:00")]
    v = only(check_schedule(PROBLEM, schedule))
    assert v.rule == "duplicate_pair"
    assert "C4 has two interviews with E1" in v.message
    assert "09:00" in v.message and "10:00" in v.message


def test_missing_card_named() -> None:
    v = only(check_schedule(PROBLEM, [interview("C3", "E1-V1", "09:00")]))
    assert v.rule == "missing_card"
    assert "E1-V1 requires hygiene_passport, which C3 does not have" in v.message


def test_language() -> None:
    candidate = replace(C1, languages=("sv",))
    problem = replace(PROBLEM, candidates=(candidate, C2, C3, C4, C5))
    v = only(check_schedule(problem, [interview("C1", "E1-V1", "09:00")]))
    assert v.rule == "language"
    assert "E1-V1 is held in fi, en; C1 speaks sv" in v.message


def test_vacancy_without_languages_accepts_any_language() -> None:
    assert check_schedule(PROBLEM, [interview("C2", "E1-V2", "09:30")]) == []


def test_too_young() -> None:
    # C2 is 17, lacks the card and speaks only Swedish: each gap is its own violation.
    violations = check_schedule(PROBLEM, [interview("C2", "E1-V1", "09:00")])
    assert sorted(v.rule for v in violations) == ["language", "missing_card", "too_young"]
    v = next(v for v in violations if v.rule == "too_young")
    assert "E1-V1 requires age 18, C2 is 17" in v.message


def test_not_wanted() -> None:
    v = only(check_schedule(PROBLEM, [interview("C4", "E3-V1", "09:05")]))
    assert v.rule == "not_wanted"
    assert "C4 did not rank E3-V1 and is not open to other vacancies" in v.message


def test_open_to_other_accepts_unranked_vacancy() -> None:
    assert check_schedule(PROBLEM, [interview("C3", "E1-V2", "09:00")]) == []


@pytest.mark.parametrize(
    ("schedule", "expected"),
    [
        ([], "no such interview"),
        ([interview("C4", "E1-V2", "09:15")], "scheduled E1-V2 at 09:15 instead"),
    ],
)
def test_lock_not_kept(schedule: list[Interview], expected: str) -> None:
    lock = Placement("C4", "E1", "E1-V2", t("09:30"))
    problem = replace(PROBLEM, locks=(lock,))
    v = only(check_schedule(problem, schedule))
    assert v.rule == "lock_not_kept"
    assert "lock C4 at E1 (E1-V2) 09:30 is not kept" in v.message and expected in v.message


def test_lock_kept_passes() -> None:
    problem = replace(PROBLEM, locks=(Placement("C4", "E1", "E1-V2", t("09:15")),))
    assert check_schedule(problem, VALID) == []


def test_published_interviews_are_not_hard() -> None:
    # Moving a published interview costs tier 1 but breaks no hard rule.
    problem = replace(PROBLEM, published=(Placement("C4", "E1", "E1-V2", t("10:00")),))
    assert check_schedule(problem, VALID) == []


def test_candidate_with_no_availability_listed_is_available_all_event() -> None:
    assert check_schedule(PROBLEM, [interview("C4", "E1-V2", "12:45")]) == []


def test_validator_shares_no_code_with_the_model() -> None:
    source = Path(__file__).parents[2] / "solver" / "validate.py"
    imported = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
    solver_modules = {name for name in imported if name.startswith("solver")}
    assert solver_modules == {"solver.problem"}


def test_touching_availability_windows_join() -> None:
    # Available 09:00–09:10 and 09:10–10:00 is available 09:00–10:00: the form may split a
    # morning in two, the candidate is still there the whole time.
    split = replace(C4, available=((t("09:00"), t("09:10")), (t("09:10"), t("10:00"))))
    problem = replace(PROBLEM, candidates=(C1, C2, C3, split, C5))
    assert check_schedule(problem, [interview("C4", "E1-V2", "09:00")]) == []
    late = only(check_schedule(problem, [interview("C4", "E1-V2", "10:00")]))
    assert late.rule == "candidate_unavailable"
