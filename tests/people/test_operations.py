"""Unit tests of the operations on employers, vacancies and candidates, without HTTP."""

from __future__ import annotations

import threading
from typing import Any

import pytest
import sqlalchemy as sa

from recruit.extensions import db
from recruit.models import (
    AuditEntry,
    Candidate,
    CandidateInterest,
    Employer,
    Interview,
    OutboxMessage,
)
from recruit.people.operations import (
    CandidateData,
    EmployerData,
    OperationError,
    VacancyData,
    candidate_data_of,
    create_candidate,
    create_employer,
    create_vacancy,
    delete_candidate,
    delete_vacancy,
    employer_data_of,
    set_employer_status,
    update_candidate,
    update_employer,
)


def candidate_data(**overrides: Any) -> CandidateData:
    values: dict[str, Any] = {
        "first_name": " Aino ", "last_name": "Aalto", "email": " Aino@Example.FI ",
        "birth_year": 2006, "languages": ["fi"],
    }
    values.update(overrides)
    return CandidateData(**values)


def test_employer_round_trip(app: Any, make_event: Any, staff_user: Any) -> None:
    event = make_event()
    data = EmployerData(
        company_name="Oy Ab", business_id="1572860-0", contact_name="K", email="A@B.FI",
        available=[(540, 660), (720, 780)], breaks=[(600, 610)],
    )
    employer = create_employer(event, data, staff_user)
    db.session.commit()
    assert employer.email == "a@b.fi"
    assert employer_data_of(employer).available == [(540, 660), (720, 780)]
    data.breaks = []
    update_employer(employer, data, staff_user)
    db.session.commit()
    assert employer.breaks == []
    assert employer_data_of(employer).breaks == []


def test_unknown_employer_status_is_refused(app: Any, make_event: Any,
                                            make_employer: Any) -> None:
    employer = make_employer(make_event())
    with pytest.raises(OperationError):
        set_employer_status(employer, "archived")
    set_employer_status(employer, "rejected")
    assert employer.status == "rejected"


def test_two_staff_approving_at_once_queue_one_email(
    app: Any, make_event: Any, make_employer: Any
) -> None:
    """Both have the pending employer on screen and press "approve" at the same instant: the
    database lets one of them change the status, so one approval e-mail (one working link)."""
    employer_id = make_employer(make_event(), status="pending").id
    db.session.commit()
    both_loaded = threading.Barrier(2)
    changed: list[bool] = []
    errors: list[BaseException] = []

    def approve() -> None:
        try:
            with app.app_context():  # a session and connection of this thread's own
                employer = db.session.get(Employer, employer_id)
                assert employer.status == "pending"
                both_loaded.wait(timeout=30)
                changed.append(set_employer_status(employer, "approved"))
                db.session.commit()
        except BaseException as error:  # reported below, with its cause
            errors.append(error)

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    messages = db.session.scalars(sa.select(OutboxMessage)).all()
    assert [message.kind for message in messages] == ["employer_approved"]
    assert sorted(changed) == [False, True]
    assert db.session.get(Employer, employer_id).status == "approved"


def test_vacancy_cards_outside_the_event_list_are_ignored(
    app: Any, make_event: Any, make_employer: Any
) -> None:
    event = make_event(cards=["hygiene_passport"])
    other = make_event(cards=["taxi_licence"])
    employer = make_employer(event)
    vacancy = create_vacancy(employer, VacancyData(
        title="Kuski", card_ids=[other.cards[0].id, event.cards[0].id]))
    db.session.commit()
    assert [c.code for c in vacancy.requirements] == ["hygiene_passport"]


def test_create_candidate_takes_the_next_signup_number(
    app: Any, make_event: Any, make_candidate: Any, staff_user: Any
) -> None:
    event = make_event()
    make_candidate(event)
    candidate = create_candidate(event, candidate_data(), staff_user)
    db.session.commit()
    assert candidate.signup_seq == 2
    assert (candidate.first_name, candidate.email) == ("Aino", "aino@example.fi")
    assert candidate.signed_up_by_staff_id == staff_user.id
    entry = db.session.scalar(sa.select(AuditEntry).where(
        AuditEntry.action == "candidate.create"))
    assert (entry.object_id, entry.staff_user_id) == (candidate.id, staff_user.id)


def test_duplicate_email_is_refused_case_insensitively(
    app: Any, make_event: Any, make_candidate: Any
) -> None:
    event = make_event()
    make_candidate(event, email="aino@example.fi")
    with pytest.raises(OperationError) as raised:
        create_candidate(event, candidate_data(email="AINO@example.fi"))
    assert raised.value.field == "email"
    # The same address in another event is someone else's sign-up.
    create_candidate(make_event(), candidate_data(email="AINO@example.fi"))


def test_reordering_interests_swaps_ranks(
    app: Any, make_event: Any, make_employer: Any, make_vacancy: Any, make_candidate: Any
) -> None:
    event = make_event()
    a, b, c = (make_vacancy(make_employer(event)) for _ in range(3))
    candidate = make_candidate(event, interests=[a, b, c])
    data = candidate_data_of(candidate)
    data.interests = [c.id, a.id, b.id]
    update_candidate(candidate, data)
    db.session.commit()
    ranks = db.session.execute(
        sa.select(CandidateInterest.vacancy_id, CandidateInterest.rank)
        .where(CandidateInterest.candidate_id == candidate.id)
        .order_by(CandidateInterest.rank)
    ).all()
    assert ranks == [(c.id, 1), (a.id, 2), (b.id, 3)]


def test_interests_are_limited_and_scoped_to_the_event(
    app: Any, make_event: Any, make_employer: Any, make_vacancy: Any
) -> None:
    event = make_event(max_ranked_interests=2)
    own = [make_vacancy(make_employer(event)) for _ in range(3)]
    foreign = make_vacancy(make_employer(make_event()))
    with pytest.raises(OperationError) as raised:
        create_candidate(event, candidate_data(interests=[v.id for v in own]))
    assert raised.value.field == "interests"
    db.session.rollback()
    candidate = create_candidate(event, candidate_data(interests=[foreign.id, own[0].id]))
    assert [i.vacancy_id for i in candidate.interests] == [own[0].id]


def test_delete_vacancy_renumbers_interests(
    app: Any, make_event: Any, make_employer: Any, make_vacancy: Any, make_candidate: Any
) -> None:
    event = make_event()
    a, b, c = (make_vacancy(make_employer(event)) for _ in range(3))
    candidate = make_candidate(event, interests=[a, b, c])
    delete_vacancy(a)
    db.session.commit()
    db.session.refresh(candidate)
    assert [(i.vacancy_id, i.rank) for i in candidate.interests] == [(b.id, 1), (c.id, 2)]


def test_delete_vacancy_with_interviews_is_refused(app: Any, make_interview: Any) -> None:
    interview = make_interview()
    with pytest.raises(OperationError):
        delete_vacancy(interview.vacancy)


def test_delete_candidate_removes_everything_personal(
    app: Any, make_event: Any, make_employer: Any, make_vacancy: Any, make_candidate: Any,
    make_interview: Any,
) -> None:
    event = make_event()
    vacancy = make_vacancy(make_employer(event))
    candidate = make_candidate(event, interests=[vacancy], cards=["hygiene_passport"],
                               windows=[(540, 600)])
    make_interview(candidate, vacancy)
    candidate_id = candidate.id
    delete_candidate(candidate)
    db.session.commit()
    assert db.session.get(Candidate, candidate_id) is None
    for table in ("candidate_interest", "candidate_window", "candidate_card", "interview",
                  "interview_cell"):
        rows = db.session.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar()
        assert rows == 0, table
    assert db.session.scalar(sa.select(sa.func.count(Interview.id))) == 0
    assert db.session.scalar(sa.select(AuditEntry.object_id).where(
        AuditEntry.action == "candidate.delete")) == candidate_id


def test_lost_race_for_an_address_becomes_the_email_message(
    app: Any, make_event: Any, make_candidate: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The public sign-up committed between our check and our write: the database refuses.
    event = make_event()
    make_candidate(event, email="aino@example.fi")
    monkeypatch.setattr("recruit.people.operations.email_taken", lambda *a, **k: False)
    with pytest.raises(OperationError) as raised:
        create_candidate(event, candidate_data(email="aino@example.fi"))
    assert raised.value.field == "email"
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Candidate.id))) == 1
