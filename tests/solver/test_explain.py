"""Explanations: one tiny problem per reason code (random days: test_explain_random.py)."""

from __future__ import annotations

from collections.abc import Sequence

from solver.explain import explain
from solver.problem import (
    Candidate,
    CandidateNote,
    Employer,
    Event,
    Interview,
    Problem,
    Reason,
    Vacancy,
    parse_hhmm,
)


def t(text: str) -> int:
    return parse_hhmm(text)


def event(*, buffer: int = 0, max_interviews: int = 3) -> Event:
    return Event(
        "2027-03-12",
        t("09:00"),
        t("13:00"),
        candidate_buffer_minutes=buffer,
        max_interviews_per_candidate=max_interviews,
    )


def employer(
    employer_id: str,
    *,
    vacancies: Sequence[Vacancy] = (),
    tables: int = 1,
    available: Sequence[tuple[str, str]] = (),
    max_candidates: int = 30,
) -> Employer:
    return Employer(
        employer_id,
        15,
        tables,
        tuple(vacancies) or (Vacancy(f"{employer_id}-V1"),),
        available=tuple((t(a), t(b)) for a, b in available),
        max_candidates=max_candidates,
    )


def candidate(
    candidate_id: str,
    *preferences: str,
    age: int = 20,
    languages: Sequence[str] = ("fi",),
    has: Sequence[str] = (),
    available: Sequence[tuple[str, str]] = (),
    open_to_other: bool = False,
) -> Candidate:
    return Candidate(
        candidate_id,
        age,
        tuple(languages),
        tuple(has),
        tuple((t(a), t(b)) for a, b in available),
        tuple(preferences),
        open_to_other,
    )


def at(candidate_id: str, vacancy: str, start: str, table: int = 1) -> Interview:
    begin = t(start)
    return Interview(candidate_id, vacancy.split("-")[0], vacancy, table, begin, begin + 15)


def note_of(notes: Sequence[CandidateNote], candidate_id: str) -> tuple[Reason, ...]:
    found = [n for n in notes if n.candidate == candidate_id]
    assert len(found) == 1, notes
    return found[0].reasons


def codes(reasons: Sequence[Reason]) -> list[str]:
    return [r.code for r in reasons]


def detail(reason: Reason) -> dict[str, str]:
    return dict(reason.detail)


# --- unscheduled candidates -------------------------------------------------------------------


def test_no_preferences() -> None:
    problem = Problem(event(), (employer("E1"),), (candidate("C1"),))
    unscheduled, not_first = explain(problem, [])
    (reason,) = note_of(unscheduled, "C1")
    assert reason.code == "no_preferences"
    assert reason.text == "C1 ranked no vacancy and is not open to other vacancies."
    assert not_first == ()


def test_missing_card_is_named() -> None:
    e2 = employer("E2", vacancies=[Vacancy("E2-V1", requires=("hygiene_passport",))])
    problem = Problem(event(), (e2,), (candidate("C7", "E2-V1", has=("driving_licence_b",)),))
    reasons = note_of(explain(problem, [])[0], "C7")
    assert codes(reasons) == ["missing_card", "no_eligible_vacancy"]
    assert reasons[0].text == (
        "E2-V1 needs the hygiene passport (hygiene_passport), which C7 does not have."
    )
    assert detail(reasons[0]) == {
        "candidate": "C7",
        "vacancy": "E2-V1",
        "employer": "E2",
        "card": "hygiene_passport",
    }
    assert "C7 wants no vacancy they are eligible for" in reasons[1].text
    assert detail(reasons[1])["ranked"] == "1"


def test_card_without_an_english_name_is_named_by_its_code() -> None:
    e2 = employer("E2", vacancies=[Vacancy("E2-V1", requires=("boat_licence", "forklift_card"))])
    problem = Problem(event(), (e2,), (candidate("C7", "E2-V1"),))
    reasons = note_of(explain(problem, [])[0], "C7")
    assert [r.text for r in reasons[:2]] == [
        "E2-V1 needs the boat licence (boat_licence), which C7 does not have.",
        "E2-V1 needs the forklift licence (forklift_card), which C7 does not have.",
    ]
    assert reasons[2].text == (
        "C7 wants no vacancy they are eligible for: they do not meet the requirements of the "
        "one vacancy they ranked."
    )


def test_language() -> None:
    e1 = employer("E1", vacancies=[Vacancy("E1-V1", languages=("fi", "en"))])
    problem = Problem(event(), (e1,), (candidate("C2", "E1-V1", languages=("sv",)),))
    reasons = note_of(explain(problem, [])[0], "C2")
    assert codes(reasons) == ["language", "no_eligible_vacancy"]
    assert reasons[0].text == "E1-V1 is held in fi, en; C2 speaks sv."
    assert detail(reasons[0])["languages"] == "fi,en"
    assert detail(reasons[0])["candidate_languages"] == "sv"


def test_too_young() -> None:
    e1 = employer("E1", vacancies=[Vacancy("E1-V1", min_age=18)])
    problem = Problem(event(), (e1,), (candidate("C3", "E1-V1", age=16),))
    reasons = note_of(explain(problem, [])[0], "C3")
    assert codes(reasons) == ["too_young", "no_eligible_vacancy"]
    assert reasons[0].text == "E1-V1 requires age 18 or over; C3 is 16."
    assert detail(reasons[0])["min_age"] == "18" and detail(reasons[0])["age"] == "16"


def test_no_eligible_vacancy_when_open_to_other() -> None:
    e1 = employer("E1", vacancies=[Vacancy("E1-V1", min_age=18), Vacancy("E1-V2", min_age=20)])
    problem = Problem(event(), (e1,), (candidate("C1", age=16, open_to_other=True),))
    (reason,) = note_of(explain(problem, [])[0], "C1")
    assert reason.code == "no_eligible_vacancy"
    assert "none of the event's 2 vacancies" in reason.text
    assert detail(reason)["open_to_other"] == "true"


def test_no_common_time() -> None:
    e3 = employer("E3", available=[("12:00", "13:00")])
    problem = Problem(event(), (e3,), (candidate("C7", "E3-V1", available=[("10:00", "11:00")]),))
    (reason,) = note_of(explain(problem, [])[0], "C7")
    assert reason.code == "no_common_time"
    assert reason.text.startswith("C7's availability (10:00–11:00) meets no interview slot of E3")
    assert detail(reason)["available"] == "10:00–11:00"
    assert detail(reason)["employer_available"] == "12:00–13:00"


def test_no_common_time_when_availability_is_shorter_than_a_slot() -> None:
    # Slots are 09:00 and 09:15; 09:05–09:25 holds neither whole.
    problem = Problem(
        event(), (employer("E1"),), (candidate("C1", "E1-V1", available=[("09:05", "09:25")]),)
    )
    assert codes(note_of(explain(problem, [])[0], "C1")) == ["no_common_time"]


def test_employer_full_only_when_it_is() -> None:
    e3 = employer("E3", tables=2, max_candidates=2)
    problem = Problem(
        event(),
        (e3,),
        (candidate("C1", "E3-V1"), candidate("C2", "E3-V1"), candidate("C7", "E3-V1")),
    )
    schedule = [at("C1", "E3-V1", "09:00"), at("C2", "E3-V1", "09:15")]
    (reason,) = note_of(explain(problem, schedule)[0], "C7")
    assert reason.code == "employer_full"
    assert reason.text.startswith("E3 full: 2 of 2 candidates")
    assert detail(reason)["booked"] == "2" and detail(reason)["max_candidates"] == "2"


def test_tables_taken_in_the_candidates_time_is_not_called_full() -> None:
    # E1 has plenty of room later in the day, but both slots C7 can come to are taken.
    problem = Problem(
        event(),
        (employer("E1"),),
        (
            candidate("C1", "E1-V1"),
            candidate("C2", "E1-V1"),
            candidate("C7", "E1-V1", available=[("09:00", "09:30")]),
        ),
    )
    schedule = [at("C1", "E1-V1", "09:00"), at("C2", "E1-V1", "09:15")]
    (reason,) = note_of(explain(problem, schedule)[0], "C7")
    assert reason.code == "tables_taken"
    assert reason.text.startswith(
        "All E1 tables were taken (1 at once) in all 2 of its slots during C7's available "
        "time (09:00–09:30)"
    )
    assert detail(reason)["slots"] == "2"


def test_full_and_tables_taken_are_both_reported_when_both_hold() -> None:
    e1 = employer("E1", max_candidates=1)
    problem = Problem(
        event(),
        (e1,),
        (
            candidate("C1", "E1-V1"),
            candidate("C7", "E1-V1", available=[("09:00", "09:15")]),
        ),
    )
    reasons = note_of(explain(problem, [at("C1", "E1-V1", "09:00")])[0], "C7")
    assert codes(reasons) == ["employer_full", "tables_taken"]


def test_slot_left_free() -> None:
    problem = Problem(event(), (employer("E1"),), (candidate("C1", "E1-V1"),))
    (reason,) = note_of(explain(problem, [])[0], "C1")
    assert reason.code == "slot_left_free"
    assert detail(reason)["start"] == "09:00"
    assert "E1 still has a free slot at 09:00 that fits C1" in reason.text


def test_open_to_other_candidate_gets_a_reason_per_employer_they_fit() -> None:
    e1, e2 = employer("E1", max_candidates=1), employer("E2", available=[("12:00", "13:00")])
    problem = Problem(
        event(),
        (e1, e2),
        (
            candidate("C1", "E1-V1"),
            candidate("C7", available=[("09:00", "10:00")], open_to_other=True),
        ),
    )
    reasons = note_of(explain(problem, [at("C1", "E1-V1", "09:00")])[0], "C7")
    assert codes(reasons) == ["employer_full", "no_common_time"]
    assert [detail(r)["employer"] for r in reasons] == ["E1", "E2"]


def test_many_other_employers_are_summed_up() -> None:
    # C7 ranked nothing but is open to other vacancies; E1 and E2 are full, E3 interviews
    # only after C7 leaves, E4's one table is taken while C7 is there, E5 has a free slot.
    firms = (
        employer("E1", max_candidates=1),
        employer("E2", max_candidates=1),
        employer("E3", available=[("12:00", "13:00")]),
        employer("E4"),
        employer("E5"),
    )
    people = (
        candidate("C1", "E1-V1", "E4-V1"),
        candidate("C2", "E2-V1", "E4-V1"),
        candidate("C7", available=[("09:00", "09:30")], open_to_other=True),
    )
    schedule = [
        at("C1", "E1-V1", "09:00"),
        at("C1", "E4-V1", "09:15"),
        at("C2", "E2-V1", "09:15"),
        at("C2", "E4-V1", "09:00"),
    ]
    reasons = note_of(explain(Problem(event(), firms, people), schedule)[0], "C7")
    assert codes(reasons) == ["others_blocked", "slot_left_free"]
    summary = detail(reasons[0])
    assert summary["employers"] == "5"
    assert summary["full"] == "E1,E2" and summary["no_common_time"] == "E3"
    assert summary["tables_taken"] == "E4"
    assert reasons[0].text == (
        "Of the 5 other employers C7 fits (open to other vacancies), 1 has no slot in C7's "
        "available time 09:00–09:30 (E3), 2 were full (E1, E2) and 1 had every table taken "
        "during C7's available time 09:00–09:30 (E4)."
    )
    assert detail(reasons[1])["employer"] == "E5"


# --- scheduled, but not the first choice ------------------------------------------------------


def test_first_choice_given_or_nothing_ranked_gives_no_note() -> None:
    problem = Problem(
        event(),
        (employer("E1"), employer("E2")),
        (
            candidate("C1", "E1-V1", "E2-V1"),
            candidate("C2", open_to_other=True),
        ),
    )
    schedule = [at("C1", "E1-V1", "09:00"), at("C2", "E2-V1", "09:00")]
    assert explain(problem, schedule) == ((), ())


def test_max_reached() -> None:
    problem = Problem(
        event(max_interviews=1),
        (employer("E1"), employer("E2")),
        (candidate("C1", "E1-V1", "E2-V1"),),
    )
    unscheduled, not_first = explain(problem, [at("C1", "E2-V1", "09:00")])
    assert unscheduled == ()
    (reason,) = note_of(not_first, "C1")  # E1's free slots are no way in at the maximum
    assert reason.code == "max_reached"
    assert reason.text == "C1 reached the maximum of 1 interview (E2-V1)."


def test_first_choice_employer_full() -> None:
    problem = Problem(
        event(),
        (employer("E1", max_candidates=1), employer("E2")),
        (
            candidate("C1", "E1-V1", "E2-V1"),
            candidate("C2", "E1-V1"),
        ),
    )
    schedule = [at("C1", "E2-V1", "09:00"), at("C2", "E1-V1", "09:30")]
    (reason,) = note_of(explain(problem, schedule)[1], "C1")
    assert reason.code == "employer_full" and detail(reason)["vacancies"] == "E1-V1"


def test_same_employer() -> None:
    e1 = employer("E1", vacancies=[Vacancy("E1-V1"), Vacancy("E1-V2")])
    problem = Problem(event(), (e1,), (candidate("C1", "E1-V1", "E1-V2"),))
    (reason,) = note_of(explain(problem, [at("C1", "E1-V2", "09:00")])[1], "C1")
    assert reason.code == "same_employer"
    assert detail(reason)["scheduled_vacancy"] == "E1-V2"
    assert "already has an interview with E1 for E1-V2" in reason.text


def test_busy_with_own_interviews_and_buffer() -> None:
    # E1's slots in C1's time are 09:00 (overlaps E2) and 09:15 (inside the 5-minute buffer).
    problem = Problem(
        event(buffer=5),
        (employer("E1"), employer("E2")),
        (candidate("C1", "E1-V1", "E2-V1", available=[("09:00", "09:30")]),),
    )
    (reason,) = note_of(explain(problem, [at("C1", "E2-V1", "09:00")])[1], "C1")
    assert reason.code == "busy"
    assert detail(reason)["slots_clashing"] == "2" and detail(reason)["slots_taken"] == "0"
    assert detail(reason)["interviews"] == "E2 09:00–09:15"


def test_busy_counts_slots_taken_by_others() -> None:
    problem = Problem(
        event(buffer=5),
        (employer("E1"), employer("E2")),
        (
            candidate("C1", "E1-V1", "E2-V1", available=[("09:00", "09:30")]),
            candidate("C2", "E1-V1"),
        ),
    )
    schedule = [at("C1", "E2-V1", "09:15"), at("C2", "E1-V1", "09:00")]
    (reason,) = note_of(explain(problem, schedule)[1], "C1")
    assert reason.code == "busy"
    assert detail(reason)["slots_taken"] == "1" and detail(reason)["slots_clashing"] == "1"
    assert reason.text == (
        "Of E1's slots during C1's available time, 1 had every table taken and 1 clashes with "
        "C1's other interviews (E2 09:15–09:30) or the 5-minute gap kept between them; "
        "C1 wanted E1-V1."
    )


def test_out_of_time_an_open_candidate_gets_the_first_free_slot_only() -> None:
    from tests.solver.conftest import candidate as person
    from tests.solver.conftest import employer as firm
    from tests.solver.conftest import problem as make

    # Five employers C1 fits only through open_to_other, all free: in time, one summary plus
    # a free slot at each; out of time, the first free slot alone, still true of the day.
    prob = make([firm(f"E{i}") for i in range(1, 6)], [person("C1", open_to_other=True)])
    full, _ = explain(prob, [])
    brief, _ = explain(prob, [], should_stop=lambda: True)
    assert [r.code for r in full[0].reasons] == ["others_blocked"] + ["slot_left_free"] * 5
    assert brief[0].reasons == (full[0].reasons[1],)
    assert dict(brief[0].reasons[0].detail)["employer"] == "E1"
