"""Every validation rule of load_problem: each bad input gets its JSON path and its rule."""

from __future__ import annotations

import copy
from collections.abc import Callable

import pytest

from solver.problem import ProblemError
from solver.problem_io import load_problem


def valid_problem() -> dict:
    """Two employers, three candidates, one lock: valid as it stands."""
    return {
        "event": {
            "date": "2027-03-12",
            "start": "09:00",
            "end": "13:00",
            "grid_minutes": 5,
            "candidate_buffer_minutes": 5,
            "max_interviews_per_candidate": 2,
        },
        "employers": [
            {
                "id": "E1",
                "interview_minutes": 15,
                "tables": 1,
                "available": [["09:00", "13:00"]],
                "breaks": [["11:00", "11:30"]],
                "min_candidates": 1,
                "max_candidates": 3,
                "vacancies": [
                    {
                        "id": "E1-V1",
                        "requires": ["hygiene_passport"],
                        "languages": ["fi", "en"],
                        "min_age": 18,
                    },
                    {"id": "E1-V2"},
                ],
            },
            {
                "id": "E2",
                "interview_minutes": 20,
                "vacancies": [{"id": "E2-V1", "requires": ["forklift_card"]}],
            },
        ],
        "candidates": [
            {
                "id": "C1",
                "age": 19,
                "languages": ["fi"],
                "has": ["hygiene_passport"],
                "available": [["09:00", "11:00"]],
                "preferences": ["E1-V1"],
                "open_to_other": True,
                "priority": 1,
            },
            {"id": "C2", "age": 16, "languages": ["sv"], "preferences": ["E1-V2", "E2-V1"]},
            {"id": "C3", "age": 22, "languages": ["en"], "has": ["forklift_card"]},
        ],
        "locks": [{"candidate": "C1", "employer": "E1", "vacancy": "E1-V1", "start": "09:15"}],
        "published": [{"candidate": "C2", "employer": "E1", "vacancy": "E1-V2", "start": "09:30"}],
    }


def errors_of(change: Callable[[dict], object]) -> list[str]:
    data = valid_problem()
    change(data)
    with pytest.raises(ProblemError) as caught:
        load_problem(data)
    return caught.value.errors


def test_the_base_problem_is_valid() -> None:
    problem = load_problem(valid_problem())
    assert [e.id for e in problem.employers] == ["E1", "E2"]
    assert problem.locks[0].start == 9 * 60 + 15


def set_path(path: str, value: object) -> Callable[[dict], None]:
    """A change that sets one field, the path written like the error messages."""

    def change(data: dict) -> None:
        target = data
        parts = path.replace("[", ".").replace("]", "").split(".")
        for part in parts[:-1]:
            target = target[int(part)] if part.isdigit() else target[part]
        last = parts[-1]
        if last.isdigit():
            target[int(last)] = value
        else:
            target[last] = value

    return change


def delete(path: str, key: str) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        target = data
        for part in path.replace("[", ".").replace("]", "").split("."):
            target = target[int(part)] if part.isdigit() else target[part]
        del target[key]

    return change


CASES = [
    # shape and types
    (
        set_path("employers[0].tables", "2"),
        'employers[0].tables: expected an integer, got a string "2"',
    ),
    (
        set_path("employers[0].tables", True),
        "employers[0].tables: expected an integer, got a boolean true",
    ),
    (
        set_path("candidates[0].open_to_other", 1),
        "candidates[0].open_to_other: expected true or false, got an integer 1",
    ),
    (
        set_path("candidates[1].languages", "sv"),
        "candidates[1].languages: expected a list, got a string",
    ),
    (
        set_path("candidates[1].has", [3]),
        "candidates[1].has[0]: expected a string, got an integer 3",
    ),
    (set_path("employers[1]", "E2"), "employers[1]: expected an object, got a string"),
    (
        delete("employers[1]", "interview_minutes"),
        "employers[1].interview_minutes: required field is missing",
    ),
    (delete("candidates[2]", "age"), "candidates[2].age: required field is missing"),
    (lambda d: d.pop("event"), "event: required field is missing"),
    (set_path("event", None), "event: expected an object, got null"),
    (set_path("candidates[0].colour", "red"), "candidates[0].colour: unknown field"),
    # times
    (set_path("event.start", "9:00"), 'event.start: "9:00" is not a time of day in the form HH:MM'),
    (set_path("event.end", "25:00"), 'event.end: "25:00" is not a time of day in the form HH:MM'),
    (
        set_path("employers[0].available[0]", ["09:00"]),
        'employers[0].available[0]: expected a window ["HH:MM", "HH:MM"], got a list ["09:00"]',
    ),
    (
        set_path("employers[0].breaks[0][1]", 1130),
        'employers[0].breaks[0][1]: expected a time "HH:MM", got an integer 1130',
    ),
    (set_path("event.end", "08:00"), "event.end: 08:00 is not after the start 09:00"),
    (set_path("event.start", "09:02"), "event.start: 09:02 is not on the 5-minute grid"),
    (set_path("event.date", "12.3.2027"), 'event.date: "12.3.2027" is not a date YYYY-MM-DD'),
    (set_path("event.date", "2027-02-30"), 'event.date: "2027-02-30" is not a date YYYY-MM-DD'),
    (
        set_path("event.timezone", "Europe/Turku"),
        'event.timezone: unknown time zone "Europe/Turku"',
    ),
    (
        set_path("event.timezone", "x" * 300),
        'event.timezone: unknown time zone "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...',
    ),
    # event settings
    (set_path("event.grid_minutes", 0), "event.grid_minutes: 0 must be at least 1"),
    (
        set_path("event.candidate_buffer_minutes", 7),
        "event.candidate_buffer_minutes: 7 is not a multiple of grid_minutes (5)",
    ),
    (
        set_path("event.max_interviews_per_candidate", 0),
        "event.max_interviews_per_candidate: 0 must be at least 1",
    ),
    # employers
    (
        set_path("employers[1].interview_minutes", 17),
        "employers[1].interview_minutes: 17 is not a multiple of grid_minutes (5)",
    ),
    (
        set_path("employers[1].interview_minutes", 300),
        "employers[1].interview_minutes: 300 is longer than the event",
    ),
    (set_path("employers[0].tables", 0), "employers[0].tables: 0 must be at least 1"),
    (
        set_path("employers[0].min_candidates", 4),
        "employers[0].min_candidates: 4 is more than max_candidates (3)",
    ),
    (
        set_path("employers[0].max_candidates", 0),
        "employers[0].max_candidates: 0 must be at least 1",
    ),
    (
        set_path("employers[1].vacancies", []),
        "employers[1].vacancies: an employer needs at least one vacancy",
    ),
    (
        set_path("employers[1].id", "E1"),
        'employers[1].id: duplicate employer id "E1" (also employers[0].id)',
    ),
    (set_path("employers[1].id", " "), "employers[1].id: employer id must not be empty"),
    (
        set_path("employers[1].vacancies[0].id", "E1-V2"),
        (
            'employers[1].vacancies[0].id: duplicate vacancy id "E1-V2" (also'
            " employers[0].vacancies[1].id)"
        ),
    ),
    (
        set_path("employers[0].vacancies[0].min_age", 60),
        "employers[0].vacancies[0].min_age: 60 must be at most 35",
    ),
    (
        set_path("employers[0].vacancies[0].languages", ["fi", "fi"]),
        (
            'employers[0].vacancies[0].languages[1]: "fi" is listed twice (also'
            " employers[0].vacancies[0].languages[0])"
        ),
    ),
    (
        set_path("employers[0].vacancies[0].requires", [""]),
        "employers[0].vacancies[0].requires[0]: must not be empty",
    ),
    # employer windows and breaks
    (
        set_path("employers[0].available", [["09:00", "11:00"], ["10:30", "12:00"]]),
        "employers[0].available[1]: 10:30-12:00 overlaps available[0] 09:00-11:00",
    ),
    (
        set_path("employers[0].available", [["08:00", "10:00"]]),
        "employers[0].available[0]: 08:00-10:00 is outside the event 09:00-13:00",
    ),
    (
        set_path("employers[0].available", [["10:00", "10:00"]]),
        "employers[0].available[0]: end 10:00 is not after start 10:00",
    ),
    (
        set_path("employers[0].available", [["09:00", "10:03"]]),
        "employers[0].available[0]: 10:03 not on the 5-minute grid",
    ),
    (
        set_path("employers[0].breaks", [["12:50", "13:10"]]),
        "employers[0].breaks[0]: 12:50-13:10 is outside the event 09:00-13:00",
    ),
    (
        set_path("employers[0].available", [["09:00", "11:00"]]),
        "employers[0].breaks[0]: 11:00-11:30 is not inside one of the employer's available windows",
    ),
    (
        set_path("employers[0].available", [["11:00", "11:40"]]),
        "employers[0]: no 15-minute interview slot fits in the employer's availability",
    ),
    # candidates
    (set_path("candidates[1].age", 12), "candidates[1].age: 12 must be at least 14"),
    (set_path("candidates[1].age", 2005), "candidates[1].age: 2005 must be at most 35"),
    (
        set_path("candidates[1].languages", ["Finnish"]),
        (
            'candidates[1].languages[0]: "Finnish" is not a language code (2-3'
            " lower-case letters, ISO 639)"
        ),
    ),
    (
        set_path("candidates[2].id", "C1"),
        'candidates[2].id: duplicate candidate id "C1" (also candidates[0].id)',
    ),
    (
        set_path("candidates[1].preferences", ["E1-V2", "E9-V4"]),
        'candidates[1].preferences[1]: unknown vacancy "E9-V4"',
    ),
    (
        set_path("candidates[1].preferences", ["E1-V2", "E1-V2"]),
        'candidates[1].preferences[1]: "E1-V2" is ranked twice (also candidates[1].preferences[0])',
    ),
    (
        set_path("candidates[1].available", [["09:00", "10:00"], ["09:30", "09:45"]]),
        "candidates[1].available[1]: 09:30-09:45 overlaps available[0] 09:00-10:00",
    ),
    (set_path("candidates[1].priority", -1), "candidates[1].priority: -1 must be at least 0"),
    # references of locks and published interviews
    (set_path("locks[0].candidate", "C9"), 'locks[0].candidate: unknown candidate "C9"'),
    (set_path("locks[0].employer", "E9"), 'locks[0].employer: unknown employer "E9"'),
    (set_path("published[0].vacancy", "E9-V4"), 'published[0].vacancy: unknown vacancy "E9-V4"'),
    (
        set_path("published[0].employer", "E2"),
        'published[0].vacancy: "E1-V2" is a vacancy of E1, not of E2',
    ),
    (
        set_path("published[0].start", "9.30"),
        'published[0].start: "9.30" is not a time of day in the form HH:MM',
    ),
    # locks that break a hard rule
    (
        set_path("locks[0].start", "09:10"),
        "locks[0].start: 09:10 is not a slot start of E1 (nearest: 09:00 and 09:15)",
    ),
    (
        set_path("locks[0].start", "11:15"),
        "locks[0].start: 11:15 is not a slot start of E1 (nearest: 10:45 and 11:30)",
    ),
    (set_path("locks[0].start", "11:30"), "locks[0]: C1 is not available 11:30-11:45"),
    (set_path("candidates[0].has", []), "locks[0]: C1 lacks hygiene_passport required by E1-V1"),
    (
        set_path("candidates[0].languages", ["sv"]),
        "locks[0]: C1 speaks none of fi, en required by E1-V1",
    ),
    (set_path("candidates[0].age", 17), "locks[0]: C1 is 17, E1-V1 requires 18"),
]


def _lock(candidate: str, employer: str, vacancy: str, start: str) -> dict:
    return {"candidate": candidate, "employer": employer, "vacancy": vacancy, "start": start}


def add_locks(*locks: dict) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        data["locks"].extend(locks)
        for candidate in data["candidates"]:
            candidate["open_to_other"] = True

    return change


LOCK_CASES = [
    (
        add_locks(_lock("C1", "E2", "E2-V1", "09:20")),
        "locks[1]: C1 lacks forklift_card required by E2-V1",
    ),
    (
        lambda d: (
            d["candidates"][0]["has"].append("forklift_card"),
            add_locks(_lock("C1", "E2", "E2-V1", "09:20"))(d),
        ),
        (
            "locks[1]: C1's interview 09:20-09:40 at E2 overlaps (with the"
            " 5-minute buffer) locks[0] 09:15-09:30 at E1"
        ),
    ),
    (
        add_locks(_lock("C1", "E1", "E1-V2", "10:00")),
        (
            "locks[1]: C1 already has a lock at E1 (locks[0]); one interview per"
            " candidate and employer"
        ),
    ),
    (
        add_locks(_lock("C3", "E1", "E1-V2", "09:15")),
        "locks[1]: 2 locks at E1 09:15, more than its 1 table",
    ),
    (
        lambda d: (
            set_path("employers[0].max_candidates", 1)(d),
            set_path("employers[0].min_candidates", 0)(d),
            add_locks(_lock("C3", "E1", "E1-V2", "10:00"))(d),
        ),
        "locks[1]: E1 has 2 locks, more than max_candidates (1)",
    ),
    (
        lambda d: (
            set_path("event.max_interviews_per_candidate", 1)(d),
            d["candidates"][2]["has"].append("hygiene_passport"),
            add_locks(_lock("C3", "E1", "E1-V2", "10:00"), _lock("C3", "E2", "E2-V1", "11:00"))(d),
        ),
        "locks[2]: C3 has 2 locks, more than max_interviews_per_candidate (1)",
    ),
]


@pytest.mark.parametrize(("change", "expected"), CASES + LOCK_CASES)
def test_each_rule_names_its_path_and_rule(change: Callable[[dict], object], expected: str) -> None:
    assert expected in errors_of(change)


def test_lock_for_an_unwanted_vacancy_is_refused() -> None:
    def change(data: dict) -> None:
        data["candidates"][0]["preferences"] = []
        data["candidates"][0]["open_to_other"] = False

    assert errors_of(change) == ["locks[0]: C1 did not rank E1-V1 and is not open_to_other"]


def test_all_errors_are_collected_not_only_the_first() -> None:
    def change(data: dict) -> None:
        data["employers"][1]["interview_minutes"] = 17
        data["candidates"][1]["preferences"] = ["E9-V4"]
        data["candidates"][2]["age"] = "22"
        data["locks"][0]["employer"] = "E7"

    assert errors_of(change) == [
        "employers[1].interview_minutes: 17 is not a multiple of grid_minutes (5)",
        'candidates[1].preferences[0]: unknown vacancy "E9-V4"',
        'candidates[2].age: expected an integer, got a string "22"',
        'locks[0].employer: unknown employer "E7"',
    ]


def test_a_bad_field_gives_one_message_not_a_cascade() -> None:
    # The lock's own rules need C1's availability; an unreadable window must not also
    # produce "C1 is not available" or an overlap message.
    assert errors_of(set_path("candidates[0].available[0][0]", "nine")) == [
        'candidates[0].available[0][0]: "nine" is not a time of day in the form HH:MM'
    ]
    assert errors_of(set_path("employers[0].interview_minutes", "15")) == [
        'employers[0].interview_minutes: expected an integer, got a string "15"'
    ]


def test_lock_rules_are_quiet_while_the_employer_itself_is_broken() -> None:
    errors = errors_of(set_path("employers[0].interview_minutes", 17))
    assert errors == ["employers[0].interview_minutes: 17 is not a multiple of grid_minutes (5)"]


@pytest.mark.parametrize("data", [[], "problem", None, 3])
def test_a_document_that_is_not_an_object(data: object) -> None:
    with pytest.raises(ProblemError) as caught:
        load_problem(data)
    assert len(caught.value.errors) == 1
    assert caught.value.errors[0].startswith("problem: expected an object, got ")


def test_published_interviews_need_only_valid_references() -> None:
    # A published interview that no longer fits (here: off E1's grid) is not an error: tier 1
    # simply cannot keep it.
    data = valid_problem()
    data["published"][0]["start"] = "09:35"
    assert load_problem(data).published[0].start == 9 * 60 + 35


def test_break_shifts_the_slot_grid_for_locks() -> None:
    # 15-minute slots from 09:00; the 10:50 slot would overlap the 11:00-11:30 break.
    data = valid_problem()
    data["locks"][0]["start"] = "11:30"
    data["candidates"][0]["available"] = [["09:00", "13:00"]]
    assert load_problem(data).locks[0].start == 11 * 60 + 30
    data["employers"][0]["breaks"] = [["10:50", "11:20"]]
    data["locks"][0]["start"] = "11:20"
    assert load_problem(copy.deepcopy(data)).locks[0].start == 11 * 60 + 20


def test_a_lock_may_span_touching_availability_windows() -> None:
    # E1's 10:45-11:00 slot runs across the join of C1's 09:00-10:50 and 10:50-11:00.
    def lock_across(second_window: list[str]) -> Callable[[dict], None]:
        def change(data: dict) -> None:
            data["candidates"][0]["available"] = [["09:00", "10:50"], second_window]
            data["locks"][0]["start"] = "10:45"
        return change

    data = valid_problem()
    lock_across(["10:50", "11:00"])(data)
    assert load_problem(data).locks[0].start == 10 * 60 + 45
    assert errors_of(lock_across(["10:55", "11:00"])) == [
        "locks[0]: C1 is not available 10:45-11:00"]


def test_the_error_text_lists_every_error() -> None:
    data = valid_problem()
    data["event"]["grid_minutes"] = 0
    data["candidates"][0]["age"] = 99
    with pytest.raises(ProblemError) as caught:
        load_problem(data)
    assert str(caught.value).startswith("2 problems found:\n")
    assert "candidates[0].age: 99 must be at most 35" in str(caught.value)


def test_locks_on_a_duplicated_employer_id_are_not_judged_against_the_wrong_one() -> None:
    def change(data: dict) -> None:
        data["employers"][1]["id"] = "E1"
        data["employers"][1]["vacancies"][0]["id"] = "E1-V9"
        data["candidates"][0]["has"].append("forklift_card")
        data["candidates"][1]["preferences"] = ["E1-V2"]
        data["locks"][0].update(vacancy="E1-V9", start="09:20")

    assert errors_of(change) == [
        'employers[1].id: duplicate employer id "E1" (also employers[0].id)'
    ]
