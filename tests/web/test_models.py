"""The data model: constraints that live in the database, and the double-booking guarantee."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, StatementError

from recruit.audit import record
from recruit.extensions import db
from recruit.models import (
    AuditEntry,
    Candidate,
    Event,
    Interview,
    InterviewCell,
    RequirementCard,
    ScheduleVersion,
    StaffUser,
    TableCell,
    Vacancy,
    seed_cards,
)


def _flush_fails(obj: object | None = None) -> None:
    if obj is not None:
        db.session.add(obj)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


# --- events ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {"start_minute": 600, "end_minute": 600},  # empty day
        {"grid_minutes": 7},  # does not divide the hour
        {"start_minute": 543},  # not on the grid
        {"end_minute": 24 * 60 + 5},  # past midnight
        {"candidate_buffer_minutes": -5},
        {"max_interviews_per_candidate": 0},
        {"default_min_candidates": 31, "default_max_candidates": 30},
        {"change_policy": "sometimes"},
        {"retention_days": 0},
    ],
)
def test_event_checks_refuse_impossible_settings(app, make_event, changes):
    event = make_event()
    for name, value in changes.items():
        setattr(event, name, value)
    _flush_fails()


def test_event_defaults_and_local_time(app, make_event):
    event = make_event(date=dt.date(2027, 3, 28))  # the night clocks go forward in Finland
    assert (event.default_min_candidates, event.default_max_candidates) == (20, 30)
    assert event.timezone == "Europe/Helsinki"
    assert event.local_datetime(9 * 60).utcoffset() == dt.timedelta(hours=3)
    assert event.local_datetime(9 * 60).astimezone(dt.UTC).hour == 6


def test_signup_numbers_rise_and_never_repeat(app, make_event, make_candidate):
    event, other = make_event(), make_event()
    first, second = make_candidate(event), make_candidate(event)
    elsewhere = make_candidate(other)
    assert (first.signup_seq, second.signup_seq, elsewhere.signup_seq) == (1, 2, 1)
    with pytest.raises(IntegrityError):
        make_candidate(event, signup_seq=2)
    db.session.rollback()


def test_timestamps_are_utc_aware_and_naive_ones_are_refused(app, make_event):
    event = make_event(signup_deadline=dt.datetime(2027, 3, 5, 23, 0, tzinfo=dt.UTC))
    db.session.expire_all()
    fetched = db.session.get(Event, event.id)
    assert fetched.signup_deadline == dt.datetime(2027, 3, 5, 23, 0, tzinfo=dt.UTC)
    assert fetched.created_at.tzinfo is not None
    fetched.signup_deadline = dt.datetime(2027, 3, 5, 23, 0)
    with pytest.raises(StatementError, match="naive datetime"):
        db.session.flush()
    db.session.rollback()


def test_deleting_an_event_deletes_everything_in_it(app, make_interview):
    interview = make_interview()
    event_id = interview.event_id
    db.session.delete(db.session.get(Event, event_id))
    db.session.commit()
    for model in (Interview, InterviewCell, TableCell, Candidate, Vacancy):
        assert db.session.scalar(sa.select(sa.func.count()).select_from(model)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RequirementCard)) > 0


# --- cards, employers, candidates ------------------------------------------------------------


def test_cards_are_seeded_once_with_three_languages(app):
    seed_cards()
    assert seed_cards() == 0
    card = db.session.scalar(
        sa.select(RequirementCard).where(RequirementCard.code == "hygiene_passport")
    )
    assert card.name_for("fi") == "Hygieniapassi"
    assert card.name_for("sv_FI") == "Hygienpass"
    assert card.name_for("en") == "Hygiene passport"
    assert card.name_for(None) == "Hygieniapassi"
    _flush_fails(RequirementCard(code="hygiene_passport", name_fi="a", name_sv="b", name_en="c"))


def test_card_in_use_cannot_be_deleted(app, make_employer, make_event, make_vacancy):
    vacancy = make_vacancy(make_employer(make_event(cards=[])), requires=["forklift_card"])
    db.session.delete(vacancy.requirements[0])
    _flush_fails()


def test_employer_checks(app, make_employer, make_event):
    event = make_event()
    for changes in (
        {"tables": 0},
        {"interview_minutes": 0},
        {"status": "maybe"},
        {"min_candidates": 10, "max_candidates": 5},
    ):
        employer = make_employer(event)
        for name, value in changes.items():
            setattr(employer, name, value)
        _flush_fails()


def test_one_signup_per_address_and_event(app, make_event, make_candidate):
    event = make_event()
    make_candidate(event, email="aino@example.org")
    make_candidate(make_event(), email="aino@example.org")  # another event is fine
    # The same address again, and in capitals: addresses are stored lower-case, so "AINO@"
    # cannot slip past the unique index either.
    for seq, email in ((99, "aino@example.org"), (100, "AINO@example.org")):
        _flush_fails(
            Candidate(
                event=event,
                first_name="A",
                last_name="B",
                email=email,
                birth_year=2005,
                signup_seq=seq,
            )
        )


def test_ranked_interests_are_unique_per_rank_and_vacancy(
    app, make_event, make_employer, make_vacancy, make_candidate
):
    event = make_event()
    employer = make_employer(event)
    first, second = make_vacancy(employer), make_vacancy(employer)
    candidate = make_candidate(event, interests=[first, second])
    assert [i.vacancy_id for i in candidate.interests] == [first.id, second.id]
    candidate.interests[1].rank = 1
    _flush_fails()
    candidate = db.session.get(Candidate, candidate.id)
    candidate.interests[1].vacancy = first
    _flush_fails()


def test_age_on_event_day_counts_from_birth_year(app, make_event, make_candidate):
    event = make_event(date=dt.date(2027, 3, 12))
    assert make_candidate(event, birth_year=2012).age_on(event.date) == 15
    assert make_candidate(event, birth_year=1998).age_on(event.date) == 29


# --- interviews: no double booking -----------------------------------------------------------


def test_occupied_cells_cover_the_interview_and_the_buffer(app, make_interview):
    interview = make_interview(start_minute=9 * 60)  # 09:00-09:15, 5-minute grid
    assert list(interview.occupied_cells(5, 5)) == [108, 109, 110, 111]
    assert list(interview.occupied_cells(5, 0)) == [108, 109, 110]
    # A 7-minute buffer rounds up to two cells: a 5-minute gap is too short, 10 is enough.
    assert list(interview.occupied_cells(5, 7)) == [108, 109, 110, 111, 112]
    assert list(interview.table_cell_range(5)) == [108, 109, 110]
    assert sorted(c.cell for c in interview.candidate_cells) == [108, 109, 110, 111]
    with pytest.raises(ValueError, match="not on a 10-minute grid"):
        Interview(start_minute=545, end_minute=560).occupied_cells(10, 0)


@pytest.mark.parametrize(
    ("second_start", "allowed"), [(555, False), (560, True), (520, True), (525, False)]
)
def test_candidate_buffer_is_enforced_by_the_database(
    app,
    make_event,
    make_employer,
    make_vacancy,
    make_candidate,
    make_interview,
    second_start,
    allowed,
):
    event = make_event(candidate_buffer_minutes=5)
    candidate = make_candidate(event)
    make_interview(candidate, make_vacancy(make_employer(event)), start_minute=540)  # 9:00-9:15
    other = make_vacancy(make_employer(event))
    if allowed:
        make_interview(candidate, other, start_minute=second_start)
    else:
        with pytest.raises(IntegrityError):
            make_interview(candidate, other, start_minute=second_start)
        db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Interview)) == (
        2 if allowed else 1
    )


def test_a_table_never_holds_two_interviews_at_once(
    app, make_event, make_employer, make_vacancy, make_candidate, make_interview
):
    event = make_event()
    employer = make_employer(event, tables=2)
    vacancy = make_vacancy(employer)
    make_interview(make_candidate(event), vacancy, start_minute=540, table_no=1)
    # Same table, overlapping but not the same start (a hand-moved interview of 20 minutes).
    with pytest.raises(IntegrityError):
        make_interview(make_candidate(event), vacancy, start_minute=550, end_minute=570, table_no=1)
    db.session.rollback()
    make_interview(make_candidate(event), vacancy, start_minute=540, table_no=2)
    make_interview(make_candidate(event), vacancy, start_minute=555, table_no=1)


def test_same_slot_twice_is_refused_even_without_cells(
    app, make_event, make_employer, make_vacancy, make_candidate, make_interview
):
    event = make_event()
    vacancy = make_vacancy(make_employer(event))
    make_interview(make_candidate(event), vacancy, start_minute=540)
    with pytest.raises(IntegrityError):
        make_interview(make_candidate(event), vacancy, start_minute=540, claim_cells=False)
    db.session.rollback()


def test_one_live_interview_per_candidate_and_employer(
    app, make_event, make_employer, make_vacancy, make_candidate, make_interview
):
    event = make_event()
    employer = make_employer(event, tables=2)
    candidate = make_candidate(event)
    first = make_interview(candidate, make_vacancy(employer), start_minute=540)
    with pytest.raises(IntegrityError):
        make_interview(candidate, make_vacancy(employer), start_minute=600, table_no=2)
    db.session.rollback()
    # Once the first is cancelled and its time released, the pair may meet again.
    first = db.session.get(Interview, first.id)
    first.cancelled_at = dt.datetime.now(dt.UTC)
    first.release_cells()
    db.session.commit()
    again = make_interview(candidate, first.vacancy, start_minute=540)
    assert again.uid != first.uid


def test_a_cell_cannot_belong_to_another_candidate_than_its_interview(
    app, make_interview, make_candidate
):
    interview = make_interview()
    stranger = make_candidate(interview.event)
    _flush_fails(InterviewCell(interview_id=interview.id, candidate_id=stranger.id, cell=1))


def test_moving_an_interview_reclaims_its_cells(
    app, make_event, make_employer, make_vacancy, make_candidate, make_interview
):
    event = make_event()
    candidate = make_candidate(event)
    interview = make_interview(candidate, make_vacancy(make_employer(event)), start_minute=540)
    interview.start_minute, interview.end_minute = 545, 560  # overlaps its own old cells
    interview.claim_cells(event.grid_minutes, event.candidate_buffer_minutes)
    db.session.commit()
    assert sorted(c.cell for c in interview.candidate_cells) == [109, 110, 111, 112]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(InterviewCell)) == 4


def test_vacancy_with_interviews_cannot_be_deleted_silently(app, make_interview):
    interview = make_interview()
    db.session.delete(interview.vacancy)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_interview_response_and_source_are_checked(app, make_interview):
    interview = make_interview()
    interview.response = "perhaps"
    _flush_fails()
    interview = db.session.get(Interview, interview.id)
    interview.source = "robot"
    _flush_fails()


# --- published versions, users, audit --------------------------------------------------------


def test_published_versions_are_numbered_and_immutable(app, make_event):
    event = make_event()
    version = ScheduleVersion(event_id=event.id, number=1, snapshot={"interviews": []})
    db.session.add(version)
    db.session.commit()
    _flush_fails(ScheduleVersion(event_id=event.id, number=1, snapshot={}))
    version = db.session.get(ScheduleVersion, version.id)
    version.snapshot = {"interviews": [1]}
    with pytest.raises(ValueError, match="cannot be changed"):
        db.session.flush()
    db.session.rollback()


def test_staff_passwords_are_argon2_and_emails_unique(app, make_staff_user):
    user = make_staff_user(email="tiina@example.org", password="a long passphrase")
    assert user.password_hash.startswith("$argon2id$")
    assert user.check_password("a long passphrase")
    assert not user.check_password("a long passphrasE")
    assert StaffUser.by_email("  TIINA@example.org ") == user
    _flush_fails(StaffUser(email="tiina@example.org", name="x", password_hash="x"))


def test_audit_entries_hold_ids_not_personal_data(app, make_candidate, make_event, staff_user):
    candidate = make_candidate(make_event(), first_name="Aino", email="aino.k@example.org")
    entry = record("candidate.update", candidate, staff_user)
    db.session.commit()
    stored = db.session.get(AuditEntry, entry.id)
    assert (stored.object_type, stored.object_id, stored.event_id) == (
        "candidate",
        candidate.id,
        candidate.event_id,
    )
    assert stored.staff_user_id == staff_user.id
    row = db.session.execute(sa.select(AuditEntry.__table__).where(AuditEntry.id == entry.id)).one()
    assert "Aino" not in repr(row) and "aino.k" not in repr(row)


@pytest.mark.parametrize("race", ["same_table_slot", "overlapping_table_slots", "one_candidate"])
def test_concurrent_bookings_leave_exactly_one_interview(
    app, make_event, make_employer, make_vacancy, make_candidate, race
):
    """Threads with their own connections race for one place: the database picks one winner."""
    racers = 12
    event = make_event()
    if race == "one_candidate":
        # One young person, booked by twelve employers at the same time.
        candidate_id = make_candidate(event).id
        bookings = [
            (candidate_id, vacancy.employer_id, vacancy.id, 600)
            for vacancy in (make_vacancy(make_employer(event)) for _ in range(racers))
        ]
    else:
        vacancy = make_vacancy(make_employer(event))
        starts = [600] * racers if race == "same_table_slot" else [600, 605, 610] * (racers // 3)
        bookings = [
            (make_candidate(event).id, vacancy.employer_id, vacancy.id, start) for start in starts
        ]
    event_id = event.id
    barrier = threading.Barrier(racers)
    outcomes: list[str] = []

    def book(candidate_id: int, employer_id: int, vacancy_id: int, start: int) -> None:
        with app.app_context():
            try:
                interview = Interview(
                    event_id=event_id,
                    employer_id=employer_id,
                    vacancy_id=vacancy_id,
                    candidate_id=candidate_id,
                    table_no=1,
                    start_minute=start,
                    end_minute=start + 15,
                )
                db.session.add(interview)
                barrier.wait(timeout=30)
                db.session.flush()
                interview.claim_cells(5, 5)
                db.session.commit()
                outcomes.append("booked")
            except IntegrityError:
                db.session.rollback()
                outcomes.append("taken")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=book, args=booking) for booking in bookings]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["booked"] + ["taken"] * (racers - 1)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Interview)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(InterviewCell)) == 4


def test_each_test_starts_with_an_empty_database(app):
    # Earlier tests wrote plenty; the fixtures must have removed every row of every table.
    for table in db.metadata.sorted_tables:
        count = db.session.scalar(sa.select(sa.func.count()).select_from(table))
        assert count == 0, f"{table.name} still holds {count} rows from an earlier test"
